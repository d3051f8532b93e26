"""Search snippets both engines build the same way: matches marked with private-use
characters, then everything escaped and only those marks turned into `<mark>`.

The marks are stripped from indexed text, so after escaping a snippet they are the
only places a `<mark>` can appear: no HTML from a post ever reaches a snippet raw.
"""

import html

OPEN, CLOSE = "\ue000", "\ue001"
# PostgreSQL's ts_headline drops what looks like an HTML tag or entity; the engine
# that uses it hands it text with these characters standing in for < > &, and
# `unshield` puts them back before escaping, so snippets keep the text as written.
SHIELDED, STAND_INS = "<>&", "\ue002\ue003\ue004"
_OURS = str.maketrans("", "", OPEN + CLOSE + STAND_INS)


def plain(text: str) -> str:
    """Text as it is indexed: without our private characters, so a post cannot forge one."""
    return text.translate(_OURS)


def unshield(text: str) -> str:
    return text.translate(str.maketrans(STAND_INS, SHIELDED))


def safe_snippet(raw: str) -> str:
    return html.escape(raw).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
