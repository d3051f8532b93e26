"""The widget puts member text into the page as text (ASVS 3.2.2): HTML enters in one
audited place, `trusted()`, and only from the fields the server rendered and sanitised
(`html`, `snippet`); names, titles and everything else go in as text nodes.

The first test reads widget.js; the second shows it in Debian's Chromium against the
real service: markup in a member's name, a thread title and a post stays text."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

WIDGET = Path(__file__).resolve().parents[2] / "discussion_api" / "static" / "widget.js"
# Ways script can put a string into the page as markup; only innerHTML, once, in trusted().
HTML_SINKS = re.compile(
    r"\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|DOMParser|"
    r"createContextualFragment|srcdoc|\.setHTML\b|\beval\(|new Function\("
)
# Fields of API answers the server produced from Markdown and cleaned with nh3.
SANITISED_FIELDS = re.compile(r"^[\w.]+\.(html|snippet)$")
HOSTILE = '<img src=x onerror="window.scnInjected=1">'


def call_arguments(source: str, name: str) -> list[list[str]]:
    """The top-level arguments of every call `name(...)` in `source` (not its definition)."""
    calls = []
    for match in re.finditer(rf"(?<![\w.]){name}\(", source):
        if source[: match.start()].endswith("function "):
            continue
        depth, start, arguments = 0, match.end(), []
        for index in range(match.end(), len(source)):
            char = source[index]
            if char in "([{":
                depth += 1
            elif char in ")]}" and depth:
                depth -= 1
            elif char == "," and depth == 0:
                arguments.append(source[start:index].strip())
                start = index + 1
            elif char == ")":
                arguments.append(source[start:index].strip())
                break
        calls.append(arguments)
    return calls


def test_html_enters_the_widget_in_one_place_and_only_from_the_server() -> None:
    source = WIDGET.read_text()
    sinks = [(source.count("\n", 0, m.start()) + 1, m.group(0)) for m in HTML_SINKS.finditer(source)]
    assert [sink for _, sink in sinks] == [".innerHTML"], sinks
    trusted = re.search(r"function trusted\(el, html\) \{\s*el\.innerHTML = html;\s*return el;\s*\}", source)
    assert trusted, "innerHTML is set outside trusted(el, html), or trusted() does more than set it"

    calls = call_arguments(source, "trusted")
    assert len(calls) >= 5
    unsanitised = [arguments for arguments in calls if not SANITISED_FIELDS.match(arguments[-1])]
    assert unsanitised == [], "trusted() given something other than a server-sanitised field"


def test_hostile_names_and_titles_show_as_text(service: Any, member_api: Any, open_page: Any) -> None:
    email = service.add_member("Alice Adams")
    alice = member_api(email)
    renamed = alice.client.patch("/profile", json={"name": f"Alice {HOSTILE}"})
    assert renamed.status_code == 200, renamed.text
    thread = alice.start_thread(f"Title {HOSTILE}", f"Body {HOSTILE}", page_key="resource/hour-1-bundle")
    alice.reply(thread["id"], f"Reply <script>window.scnInjected=2</script> {HOSTILE}")

    page = open_page(email)
    page.goto("/resources/hour-1-bundle/")
    widget = page.locator('[data-scn="thread"]')
    expect(widget.get_by_text(f"Title {HOSTILE}")).to_be_visible()
    expect(widget.get_by_text(f"Alice {HOSTILE}").first).to_be_visible()
    expect(widget.get_by_text("Reply <script>window.scnInjected=2</script>", exact=False)).to_be_visible()
    assert widget.locator("img[src=x], script").count() == 0
    assert page.evaluate("window.scnInjected") is None
    assert page.errors == []
