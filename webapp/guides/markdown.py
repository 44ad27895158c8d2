"""Guide text is Markdown written by staff; it is rendered and then cleaned by nh3 (a
maintained sanitiser), so no raw HTML, script or event handler ever reaches a page."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# html=False: HTML typed into the Markdown is shown as text, never passed through.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "br", "blockquote"}


def render(text: str) -> Markup:
    """Markdown to clean HTML: headings, paragraphs, lists, emphasis and https links only."""
    html = _MARKDOWN.render(text)
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 - cleaned by nh3 on the line above


def plain(text: str) -> str:
    """The text without any markup, e.g. for measuring reading age."""
    return nh3.clean(_MARKDOWN.render(text), tags=set()).replace("&amp;", "&")
