"""Hostile inputs shared by the rendering, sanitiser and bad-input tests, and the check that
HTML is harmless: what a browser would build from it, not what the text looks like."""

import re
from html.parser import HTMLParser

XSS_CORPUS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">leading space</a>',
    '<a href="java\tscript:alert(1)">tab</a>',
    '<a href="java&#x09;script:alert(1)">tab entity</a>',
    '<a href="java&#10;script:alert(1)">newline entity</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">hex</a>',
    '<a href="javascript&colon;alert(1)">named entity</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">padded</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](javascript&colon;alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](data:image/png;base64,iVBORw0KGgo=)",
    "[click](vbscript:msgbox(1))",
    "[click]: javascript:alert(1)\n\n[reference][click]",
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![img](data:image/png;base64,iVBORw0KGgo=)",
    "![tracker](https://evil.example/pixel.png)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<https://ok.example/<script>>",
    '<https://ok.example/"onmouseover="alert(1)>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<a href="https://ok.example" style="position:fixed;inset:0">overlay</a>',
    '<div onmouseover="alert(1)">hover</div>',
    '<a href="https://ok.example" onclick="alert(1)">ok</a>',
    '<a href="https://ok.example" ONCLICK="alert(1)">upper</a>',
    '<a href="https://ok.example"/onclick="alert(1)">slash</a>',
    '[x](https://ok.example "title" onclick=alert(1))',
    '[x](https://ok.example "a\\" onclick=\\"alert(1)")',
    "<iframe src=https://evil.example></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=x></object><embed src=x>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<form><input name="password" type="password"></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<<script>script>alert(1)<</script>/script>",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<base href=javascript:alert(1)//>",
    "<meta http-equiv=refresh content=0;url=javascript:alert(1)>",
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<style>body{display:none}</style>",
    '"><script>alert(1)</script>',
    "<!--<script>alert(1)//--><script>alert(1)</script>",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<ol start="1" onfocus="alert(1)" autofocus><li>x</li></ol>',
)

# What member posts may contain: rendering.py's tags, plus the <mark> of search snippets.
SAFE_TAGS = frozenset(
    {
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
)
# nh3 keeps lang and title on every element (its generic attributes); both are inert text.
SAFE_ATTRIBUTES = {"*": {"lang", "title"}, "a": {"href", "rel"}, "ol": {"start"}}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads from an attribute value (None: a relative URL).

    As the URL standard does: leading and trailing control characters and spaces are
    dropped and tabs and newlines anywhere are removed, so "java\\tscript:" is javascript.
    """
    cleaned = re.sub(r"[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


class _Elements(HTMLParser):
    """Every element and attribute a browser would build from the HTML (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_safe(html: str) -> None:
    """No script, no event handler, no style, no URL but http, https, mailto or relative."""
    assert not re.search(r"<\s*script", html, re.I), html
    for tag, attributes in elements(html):
        assert tag in SAFE_TAGS, f"<{tag}> in {html!r}"
        for name, value in attributes:
            assert not name.startswith("on"), f"{name}= in {html!r}"
            assert name != "style", f"style= in {html!r}"
            allowed = SAFE_ATTRIBUTES["*"] | SAFE_ATTRIBUTES.get(tag, set())
            assert name in allowed, f"<{tag} {name}=> in {html!r}"
            if name == "href":
                scheme = url_scheme(value or "")
                assert scheme is None or scheme in SAFE_SCHEMES, f"{scheme}: link in {html!r}"
