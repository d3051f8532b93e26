"""Nothing a member writes can run in another member's browser.

A post goes through two layers: Markdown (raw HTML off, dangerous link schemes refused)
and then the sanitiser's allow-lists (tags, attributes, URL schemes). Each layer is
tested on its own as well as together, so weakening either one fails a test: hostile
Markdown through `render`, hostile HTML straight into `sanitise`, the corpus of xss.py
and generated text heavy in the characters markup is made of.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from discussion_api.core.rendering import render, sanitise

from .xss import XSS_CORPUS, assert_safe, elements

LAYERS = {"render": render, "sanitise": sanitise}

# Pieces markup and attacks are made of, and slices of the corpus, glued at random.
FRAGMENTS = (
    "<",
    ">",
    "</",
    "/>",
    '"',
    "'",
    "`",
    "=",
    ":",
    "/",
    "&",
    ";",
    "&#",
    "&#x",
    "&colon;",
    "&#9;",
    "&#x0A;",
    "\t",
    "\n",
    "\n\n",
    " ",
    "(",
    ")",
    "[",
    "]",
    "![",
    "](",
    "<a href=",
    "<a ",
    "<p ",
    "<img src=x ",
    "<svg ",
    "<script>",
    "</script>",
    "<iframe ",
    "<form ",
    "<style>",
    "onerror=",
    "onclick=",
    "onload=",
    "style=",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "jav&#x09;ascript:",
    "data:",
    "data:text/html,",
    "data:image/png;base64,",
    "vbscript:",
    "https://ok.example/",
    "mailto:a@b.example",
    "alert(1)",
)
# Generated input: elements, links and autolinks whose attributes and URLs are built from
# hostile pieces (so an allow-list that lets one through is found within a few hundred
# examples), glued to fragments, markup noise and slices of the corpus.
MARKUP_ALPHABET = st.sampled_from("<>\"'=:/&;#()[]! \t\nxjavscript")
markup_noise = st.text(MARKUP_ALPHABET, max_size=6)
SCHEMES = (
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "jav&#x09;ascript:",
    "&#106;avascript:",
    "javascript&colon;",
    "data:text/html,",
    "data:image/png;base64,",
    "vbscript:",
    "https://ok.example/",
    "mailto:a@b.example",
    "",
)
url = st.builds(
    "".join,
    st.tuples(st.sampled_from(["", " ", "\t", "&#9;", "\x01"]), st.sampled_from(SCHEMES), markup_noise),
)
attribute = st.builds(
    "{0}={1}{2}{1}".format,
    st.sampled_from(
        ["href", "src", "style", "onclick", "onerror", "onload", "title", "action", "formaction"]
    ),
    st.sampled_from(['"', "'", ""]),
    st.one_of(url, markup_noise),
)
html_element = st.builds(
    lambda name, separator, attributes, content: (
        f"<{name}{''.join(separator + a for a in attributes)}>{content}</{name}>"
    ),
    st.sampled_from(["a", "p", "img", "svg", "iframe", "form", "ol", "math"]),
    st.sampled_from([" ", "/", "\t", "\n"]),
    st.lists(attribute, min_size=1, max_size=3),
    markup_noise,
)
anchor = st.builds(
    "<a{0}href={1}{2}{1}{3}>x</a>".format,
    st.sampled_from([" ", "/", "\t", "\n"]),
    st.sampled_from(['"', "'", ""]),
    url,
    st.lists(attribute, max_size=2).map(lambda attributes: "".join(" " + a for a in attributes)),
)
markdown_link = st.builds(
    "{0}[{1}]({2}{3})".format,
    st.sampled_from(["", "!"]),
    markup_noise,
    st.one_of(url, url.map("<{}>".format)),
    st.sampled_from(["", ' "title"', ' "x" onclick=alert(1)']),
)
autolink = url.map("<{}>".format)
corpus_slices = st.sampled_from(XSS_CORPUS).flatmap(
    lambda text: st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(
        lambda bounds: text[min(bounds) : max(bounds)]
    )
)
hostile_text = st.lists(
    st.one_of(
        anchor,
        html_element,
        markdown_link,
        autolink,
        st.sampled_from(FRAGMENTS),
        markup_noise,
        corpus_slices,
    ),
    min_size=1,
    max_size=8,
).map("".join)


@pytest.mark.parametrize("layer", LAYERS)
@pytest.mark.parametrize("text", XSS_CORPUS)
def test_the_corpus_comes_out_harmless(layer: str, text: str) -> None:
    """Every hostile sample, alone and nested in quotes, lists and emphasis."""
    clean = LAYERS[layer]
    assert_safe(clean(text))
    assert_safe(clean(f"Intro\n\n> {text}\n\n* {text}\n\n**{text}**\n\n[{text}](https://ok.example)"))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=hostile_text)
def test_generated_markup_comes_out_harmless(text: str) -> None:
    """No <script>, no on*= handler, no style=, no link but http, https, mailto (or relative)."""
    assert_safe(render(text))
    assert_safe(sanitise(text))


def hrefs(html: str) -> list[str | None]:
    return [value for tag, attributes in elements(html) for name, value in attributes if name == "href"]


@pytest.mark.parametrize(
    "dangerous",
    [
        '<a href="javascript:alert(1)">x</a>',
        '<a href="java&#x09;script:alert(1)">x</a>',
        '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        '<a href="vbscript:msgbox(1)">x</a>',
        '<a href="ftp://files.example/x">x</a>',
    ],
)
def test_the_sanitiser_drops_links_to_other_schemes(dangerous: str) -> None:
    assert hrefs(sanitise(dangerous)) == []


def test_the_sanitiser_keeps_http_https_and_mailto_links_marked_as_member_content() -> None:
    html = sanitise(
        '<a href="http://a.example/">a</a> <a href="https://b.example/?q=1">b</a>'
        ' <a href="mailto:c@c.example">c</a>'
    )
    assert hrefs(html) == ["http://a.example/", "https://b.example/?q=1", "mailto:c@c.example"]
    rels = [dict(attributes).get("rel") for tag, attributes in elements(html) if tag == "a"]
    assert rels == ["nofollow ugc noopener"] * 3


@pytest.mark.parametrize(
    "markdown",
    [
        "[x](javascript:alert(1))",
        "[x](data:image/png;base64,iVBORw0KGgo=)",
        "[x](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
    ],
)
def test_markdown_links_to_other_schemes_lose_their_target(markdown: str) -> None:
    assert hrefs(render(markdown)) == []


def test_the_sanitiser_strips_handlers_and_styles_but_keeps_the_link() -> None:
    html = sanitise('<a href="https://ok.example" onclick="alert(1)" style="position:fixed" title="t">ok</a>')
    assert elements(html) == [
        ("a", [("href", "https://ok.example"), ("title", "t"), ("rel", "nofollow ugc noopener")])
    ]


def test_the_sanitiser_removes_scripts_and_styles_with_their_content() -> None:
    html = sanitise("<p>before</p><script>alert(1)</script><style>p{display:none}</style><p>after</p>")
    assert html == "<p>before</p><p>after</p>"


def test_only_the_allow_listed_attributes_survive() -> None:
    """Links keep href and title, ordered lists their start; nothing else keeps any
    attribute (nh3's own defaults would keep more, e.g. a cell's colspan and align)."""
    html = sanitise(
        '<a href="https://example.org" title="t" class="c" id="i" target="_blank">x</a>'
        '<ol start="3" reversed><li>y</li></ol><table><tr><td colspan="2" align="left">z</td></tr></table>'
    )
    assert html == (
        '<a href="https://example.org" title="t" rel="nofollow ugc noopener">x</a>'
        '<ol start="3"><li>y</li></ol><table><tbody><tr><td>z</td></tr></tbody></table>'
    )
