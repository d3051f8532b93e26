"""A crawler that uses the widget as a person does: signed in as a member, a moderator
and an admin, on a desktop and a phone, it clicks every link and button the widget
shows (a bounded number), and after each click checks that the view changed (or the
action's visible effect happened) and that the console shows no error, no warning and
no unhandled rejection. Pages are reached by clicking only; the first load is "/"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from harness import TEST_PASSWORD
from playwright.sync_api import expect

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
MAX_CLICKS = 70
# Lists of like links (every category, every thread): a few of each are enough.
PER_LIST = 2

# Everything clickable the widget shows, each tagged so Playwright can find it again.
CLICKABLES = """() => {
  const found = [];
  let n = 0;
  for (const el of document.querySelectorAll('[data-scn] a[href], [data-scn] button, [data-scn] summary')) {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden' || el.closest('[hidden]') || el.disabled) continue;
    if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY') continue;
    el.dataset.crawl = String(++n);
    const href = el.tagName === 'A' ? el.getAttribute('href') : '';
    const list = !el.closest('.scn-thread') && el.closest('ul[aria-label], ol[aria-label]');
    found.push({ id: el.dataset.crawl, tag: el.tagName, inThread: !!el.closest('.scn-thread'), list: list ? list.getAttribute('aria-label') : '', text: el.textContent.trim().replace(/\\s+/g, ' ').replace(/\\(\\d+\\)/, ''),
                 href, submit: el.tagName === 'BUTTON' && el.type === 'submit' && !!el.form,
                 sameAddress: el.tagName === 'A' && el.href.replace(/#\\/?$/, '') === location.href.replace(/#\\/?$/, '') });
  }
  return found;
}"""

# What a person sees of the widget: the address and every mount's text.
# What a person sees of the widget: the address, every mount's text, and where the focus is
# (a link to a quoted post, or "jump to the first unread", moves the focus to a post).
VIEW = """() => location.href + '\\n' + [...document.querySelectorAll('[data-scn]')].map((el) => el.innerText).join('\\n')
  + '\\n' + (document.activeElement ? document.activeElement.id : '')"""

HUBS = ("Go to the forum", "Member directory", "Moderation")
# Like signing out, changing the password ends the member's other sessions and cuts every
# open event stream by design; a crawl that clicks on meets the stream's reconnect racing
# the new session cookie (a 401 in the console). test_member_flows.py changes a password.
# Adding a passkey needs an authenticator and turning an authenticator app on needs its
# code, neither of which a crawler has: test_passkeys.py and tests/network/test_two_factor.py.
SKIP = re.compile(r"^(Sign out|Sign in|Join the Network|Change password|Add a passkey|Turn on)$|^mailto:")


def fill_form(page: Any, element: Any, n: int) -> None:
    """Fill a form's empty text fields with values the server accepts, by their labels."""
    for field in element.locator("xpath=ancestor::form[1]").locator("input, textarea").all():
        kind = field.get_attribute("type") or "text"
        if kind in ("checkbox", "date", "hidden", "submit") or not field.is_visible() or field.input_value():
            continue
        label = field.evaluate("el => (el.labels && el.labels[0] ? el.labels[0].textContent : '')").lower()
        if "password" in label:
            value = TEST_PASSWORD
        elif "domain" in label:
            value = f"crawler{n}.example.org"
        elif "email" in label:
            value = f"crawler{n}@hospital.example"
        elif "short name" in label:
            value = f"crawler-{n}"
        elif kind == "number":
            value = "5"
        else:
            value = f"Crawler note {n}"
        field.fill(value)


def settle(page: Any) -> None:
    """Wait until the widget stops changing (Material swaps a page in after the address
    changes; a view renders after its data arrives)."""
    previous = None
    for _ in range(40):
        page.wait_for_function("() => !document.querySelector('[data-scn][aria-busy]')")
        current = page.evaluate(VIEW)
        if current == previous:
            return
        previous = current
        page.wait_for_timeout(150)


def signature(path: str, clickable: dict[str, Any], lists: dict[str, int]) -> str:
    """What makes a clickable new: a button by its words (the same control on any page);
    a link by page and words; a link in a list of like links by its list, a few times."""
    if clickable["list"] and clickable["tag"] != "A":  # "Archive X", "Archive Y": one of a kind
        return f"{path}|{clickable['list']}|{clickable['text'].split(' ')[0]}"
    if clickable["list"]:
        return f"{path}|list|{clickable['list']}|{clickable['text']}"
    if clickable["tag"] == "A":
        return f"{path}|A|{clickable['text']}|{clickable['href']}"
    if clickable["inThread"]:  # a thread's controls are the same on any page
        return f"thread|{clickable['tag']}|{clickable['text']}"
    return f"{path}|{clickable['tag']}|{clickable['text']}"


def crawl(person: Any, page: Any) -> list[str]:
    """Click every unvisited clickable (bounded); returns what each click did, for the report."""
    visited: set[str] = set()
    lists: dict[str, int] = {}
    hubs = list(HUBS)
    log: list[str] = []
    stuck = 0
    page.on("dialog", lambda dialog: dialog.accept())
    step = 0
    while step < MAX_CLICKS:
        step += 1
        settle(page)
        path = page.evaluate("location.pathname")
        options = [
            c
            for c in page.evaluate(CLICKABLES)
            if signature(path, c, lists) not in visited
            and not (c["list"] and c["tag"] == "A" and lists.get(c["list"], 0) >= PER_LIST)
            and not SKIP.search(c["text"])
            and not SKIP.search(c["href"] or "")
            and not c["sameAddress"]
        ]
        if not options:
            # Nothing new here: to the account page by the header's link, then on to
            # each page it links to (the forum, the directory, moderation), in turn.
            stuck += 1
            if stuck > 3 * len(HUBS):
                break
            if path != "/account/":
                page.locator(".scn-who").click()
                page.wait_for_url("**/account/")
                continue
            if not hubs:
                break
            link = page.locator('[data-scn="account"]').get_by_role("link", name=hubs.pop(0), exact=True)
            if link.count():
                link.click()
            continue
        stuck = 0
        choice = options[0]
        visited.add(signature(path, choice, lists))
        if choice["list"] and choice["tag"] == "A":
            lists[choice["list"]] = lists.get(choice["list"], 0) + 1
        target = page.locator(f'[data-crawl="{choice["id"]}"]')
        if choice["submit"]:
            fill_form(page, target, step)
        before = page.evaluate(VIEW)
        try:
            target.click(timeout=5000)
        except Exception as exc:
            raise AssertionError(f"could not click {choice} on {path} after {log}") from exc
        try:
            page.wait_for_function(f"() => ({VIEW})() !== {before!r}", timeout=5000)
        except Exception as exc:
            raise AssertionError(
                f"clicking {choice['tag']} {choice['text']!r} on {path} changed nothing"
            ) from exc
        if choice["tag"] == "A" and not choice["href"].startswith("#scn-post-"):
            # A link to a view: the view, not only the address, must follow.
            settle(page)
            after = page.evaluate(VIEW)
            assert after.split("\n", 1)[1] != before.split("\n", 1)[1], (
                f"{choice['text']!r} changed only the address"
            )
        log.append(f"{path} {choice['tag']} {choice['text']}")
        assert person.problems == [], (log[-3:], person.problems, page.evaluate(VIEW)[-1500:])
    return log


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("role", ["member", "moderator", "admin"])
def test_every_link_and_button_does_something_and_nothing_errs(
    instant_service: Any, member_api: Any, person: Any, role: str, viewport: dict[str, int]
) -> None:
    email = instant_service.add_member("Casey Crawler", role=role)
    alice = member_api(instant_service.add_member("Alice Adams"))
    thread = alice.start_thread("Screening audit", "Who audits screening?", page_key="resource/hour-1-bundle")
    reply = alice.reply(thread["id"], "We audit **monthly**.")
    member_api(email).reply(thread["id"], "Quarterly here.")
    alice.start_thread("Lactate timing", "Redraw within 6 hours?")
    instant_service.add_member("Pending Person", status="pending")
    alice.call("POST", f"/posts/{reply['id']}/flags", {"reason": "Check this"}) if role != "member" else None

    casey = person(email, viewport=viewport)
    page = casey.open("/")
    page.get_by_role("link", name="Hour-1 bundle").first.click()
    page.wait_for_url("**/resources/hour-1-bundle/")
    expect(page.locator('[data-scn="thread"]').get_by_text("Who audits screening?")).to_be_visible()
    log = crawl(casey, page)
    print(f"{role} {viewport}: {len(log)} clicks", *log, sep="\n  ")
    assert len(log) >= 15, log
    assert casey.still_same_document(), "a click reloaded the page instead of navigating instantly"
    assert casey.problems == []
