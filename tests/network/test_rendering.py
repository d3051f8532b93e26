"""Markdown rendering and sanitising: nothing executable survives."""

import re
from html.parser import HTMLParser

import pytest

from discussion_api.core.rendering import render
from discussion_api.storage.sqlite.search import safe_snippet

from .conftest import Network
from .xss import XSS_CORPUS

SAFE_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "mark",
}


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def assert_safe(html: str) -> None:
    assert not re.search(r"<\s*script", html, re.I), html
    parser = _Elements()
    parser.feed(html)
    for tag, attributes in parser.elements:
        assert tag in SAFE_TAGS, html
        for name, value in attributes.items():
            assert not name.startswith("on") and name != "style", html
            if name == "href":
                assert (value or "").split(":", 1)[0].lower() in ("http", "https", "mailto"), html


@pytest.mark.parametrize("text", XSS_CORPUS)
def test_corpus_renders_harmlessly(text: str) -> None:
    assert_safe(render(text))
    assert_safe(render(f"Intro\n\n> {text}\n\n* {text}\n\n**{text}**"))


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
