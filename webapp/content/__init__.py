"""Signposting content: the YAML schema, import and export, revisions, and the queries the
chat uses to pick service cards."""
