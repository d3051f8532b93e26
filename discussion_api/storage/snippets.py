"""Search snippets both engines build the same way: matches marked with private-use
characters, then everything escaped and only those marks turned into `<mark>`.

The marks are stripped from indexed text, so after escaping a snippet they are the
only places a `<mark>` can appear: no HTML from a post ever reaches a snippet raw.
"""

import html

OPEN, CLOSE = "\ue000", "\ue001"


def plain(text: str) -> str:
    """Text as it is indexed: without our marks, so a post cannot forge one."""
    return text.replace(OPEN, "").replace(CLOSE, "")


def safe_snippet(raw: str) -> str:
    return html.escape(raw).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
