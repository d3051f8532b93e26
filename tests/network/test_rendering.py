"""Markdown rendering: what members may write survives (hostile input: test_sanitiser.py)."""

import re

from discussion_api.core.rendering import render
from discussion_api.storage.sqlite.search import safe_snippet

from .conftest import Network
from .xss import assert_safe


def test_markdown_features_survive() -> None:
    html = render(
        "# Title\n\n**bold** _em_ `code`\n\n> quote\n\n1. one\n2. two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~"
    )
    for tag in (
        "<h1>",
        "<strong>bold</strong>",
        "<em>em</em>",
        "<code>code</code>",
        "<blockquote>",
        "<ol>",
        "<table>",
        "<s>gone</s>",
    ):
        assert tag in html, html


def test_links_are_limited_and_marked() -> None:
    html = render("[site](https://sepsis.example/a?b=1) and [mail](mailto:a@b.example)")
    assert html.count('rel="nofollow ugc noopener"') == 2
    assert 'href="https://sepsis.example/a?b=1"' in html
    assert 'href="mailto:a@b.example"' in html
    ftp = render("[files](ftp://files.example/x)")
    assert "ftp:" not in ftp.split(">", 1)[0] and "href" not in ftp


def test_raw_html_is_text_not_markup() -> None:
    assert render("<b>bold?</b>") == "<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n"


def test_search_snippets_escape_everything_but_marks() -> None:
    raw = "before \ue000<script>alert(1)</script>\ue001 after <img src=x onerror=y>"
    snippet = safe_snippet(raw)
    assert snippet.startswith("before <mark>&lt;script&gt;")
    assert_safe(snippet)
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_a_preview_renders_and_sanitises_as_a_post_would_and_stores_nothing(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    before = network.row_counts()
    answer = alice.post("/preview", {"body": "**Bold** <script>alert(1)</script>"})
    assert answer.status_code == 200
    assert "<strong>Bold</strong>" in answer.json()["html"]
    assert "<script" not in answer.json()["html"]
    assert network.row_counts() == before
