"""Self-help guides: content, safe Markdown, public pages, PDF leaflets, and the chat's
guided exercises."""
