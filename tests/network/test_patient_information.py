"""Issue 12 over the API: the patient-information guard, held posts, anonymous posts
with a two-moderator reveal, and redaction from every version and the index."""

import subprocess
from pathlib import Path
from typing import Any

import pytest

from discussion_api.storage.postgres.tools import program

from .conftest import Api, Network, Person
from .forum_helpers import SCREENING, reply, start_thread

PHONE = "312-555-0147"
WITH_PHONE = f"Her daughter asked us to call {PHONE} after rounds."


@pytest.fixture
def people(network: Network) -> dict[str, Any]:
    persons = {
        "alice": network.add_member(name="Alice Author"),
        "bob": network.add_member(name="Bob Reader"),
        "mo": network.add_member(name="Mo Moderator", role="moderator"),
        "max": network.add_member(name="Max Moderator", role="moderator"),
    }
    return {"persons": persons, **{key: network.signed_in(person) for key, person in persons.items()}}


def thread_of(api: Api) -> int:
    return start_thread(api)["thread"]["id"]


# --- The guard ------------------------------------------------------------------


def test_a_reply_with_identifiers_is_refused_with_kinds_and_spans(
    network: Network, people: dict[str, Any]
) -> None:
    thread = thread_of(people["alice"])
    before = network.row_counts()
    response = people["alice"].post(f"/threads/{thread}/posts", {"body": WITH_PHONE})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("patient_information", "body")
    start = WITH_PHONE.index(PHONE)
    assert error["findings"] == [
        {"field": "body", "kind": "phone", "start": start, "end": start + len(PHONE)}
    ]
    assert PHONE not in response.text  # kinds and places, never the text itself
    assert network.row_counts() == before


def test_a_thread_title_is_checked_too(people: dict[str, Any]) -> None:
    response = people["alice"].post(
        "/threads", {"category_id": SCREENING, "title": "Mr. Hollister again", "body": "Lactate timing"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["findings"][0] == {
        "field": "title",
        "kind": "name",
        "start": 4,
        "end": 13,
    }


def test_an_edit_adding_identifiers_is_refused(people: dict[str, Any]) -> None:
    post = reply(people["alice"], thread_of(people["alice"]), "Lactate at 2 hours.")
    response = people["alice"].patch(f"/posts/{post['id']}", {"body": WITH_PHONE})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "patient_information"


def test_clinical_shorthand_passes(people: dict[str, Any]) -> None:
    body = "SEP-1: 30 mL/kg, MAP >= 65, lactate 4 mmol/L, qSOFA >= 2, Hour-1, NQF #0500."
    assert reply(people["alice"], thread_of(people["alice"]), body)["status"] == "visible"


def test_confirm_identifiers_must_be_a_boolean(people: dict[str, Any]) -> None:
    thread = thread_of(people["alice"])
    response = people["alice"].post(f"/threads/{thread}/posts", {"body": "x", "confirm_identifiers": "yes"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "confirm_identifiers"


# --- Held posts ------------------------------------------------------------------


def test_a_confirmed_reply_is_held_for_its_author_and_moderators_only(people: dict[str, Any]) -> None:
    alice, bob, mo = people["alice"], people["bob"], people["mo"]
    thread = thread_of(alice)
    held = reply(alice, thread, WITH_PHONE, confirm_identifiers=True)
    assert held["status"] == "held"

    assert PHONE in alice.get(f"/threads/{thread}").text
    assert PHONE in mo.get(f"/threads/{thread}").text
    page = bob.get(f"/threads/{thread}")
    assert PHONE not in page.text and page.json()["thread"]["post_count"] == 1
    assert bob.get("/search", params={"q": "daughter"}).json()["results"] == []
    assert bob.get(f"/posts/{held['id']}/revisions").status_code == 404
    assert bob.post(f"/posts/{held['id']}/flags", {"reason": "x"}).status_code == 404
    assert bob.put(f"/threads/{thread}/read", {"post_id": held["id"]}).status_code == 404
    assert [p["id"] for p in mo.get("/mod/held").json()["posts"]] == [held["id"]]

    approved = mo.post(f"/mod/held/{held['id']}/approve", {"reason": "Fictional number"})
    assert approved.json()["status"] == "visible"
    assert PHONE in bob.get(f"/threads/{thread}").text
    assert mo.get("/mod/held").json()["posts"] == []
    assert mo.post(f"/mod/held/{held['id']}/approve", {"reason": "again"}).status_code == 409


def test_a_rejected_post_never_reaches_members(people: dict[str, Any]) -> None:
    alice, bob, mo = people["alice"], people["bob"], people["mo"]
    thread = thread_of(alice)
    held = reply(alice, thread, WITH_PHONE, confirm_identifiers=True)
    rejected = mo.post(f"/mod/held/{held['id']}/reject", {"reason": "A real number"})
    assert rejected.json()["status"] == "hidden"
    assert PHONE not in bob.get(f"/threads/{thread}").text
    actions = [e["action"] for e in mo.get("/mod/audit").json()["entries"]]
    assert actions[0] == "reject_held_post"


def test_a_held_first_post_holds_the_whole_thread(people: dict[str, Any]) -> None:
    alice, bob = people["alice"], people["bob"]
    page = start_thread(alice, title="A case", body=WITH_PHONE, confirm_identifiers=True)
    thread = page["thread"]["id"]
    assert alice.get(f"/threads/{thread}").status_code == 200
    assert bob.get(f"/threads/{thread}").status_code == 404
    assert bob.get(f"/categories/{SCREENING}/threads").json()["threads"] == []
    counts = {c["id"]: c["thread_count"] for c in bob.get("/categories").json()["categories"]}
    assert counts[SCREENING] == 0


def test_a_confirmed_edit_takes_the_post_off_members_screens(people: dict[str, Any]) -> None:
    alice, bob = people["alice"], people["bob"]
    thread = thread_of(alice)
    post = reply(alice, thread, "Lactate at 2 hours.")
    edited = alice.patch(f"/posts/{post['id']}", {"body": WITH_PHONE, "confirm_identifiers": True})
    assert edited.json()["status"] == "held"
    assert all(p["id"] != post["id"] for p in bob.get(f"/threads/{thread}").json()["posts"])


# --- Anonymous posts --------------------------------------------------------------


def leaks(text: str, person: Person) -> list[str]:
    """Whichever of the person's name, email or id as an author id appears in `text`."""
    found = [value for value in (person.name, person.email) if value in text]
    if f'"id":{person.id},"name"' in text.replace(" ", ""):
        found.append("author id")
    return found


def test_an_anonymous_post_names_nobody_to_members_anywhere(people: dict[str, Any]) -> None:
    alice, bob, mo = people["alice"], people["bob"], people["mo"]
    author: Person = people["persons"]["alice"]
    page = start_thread(
        alice, title="Night-shift staffing", body="Our falcon unit is short again", anonymous=True
    )
    thread = page["thread"]["id"]
    post = reply(alice, thread, "And the falcon float pool too", anonymous=True)
    quote = reply(bob, thread, "Same here", quote_post_id=post["id"])
    assert bob.post(f"/posts/{post['id']}/flags", {"reason": "Check"}).status_code == 201

    seen_by_members = [
        bob.get(f"/threads/{thread}").text,
        bob.get(f"/categories/{SCREENING}/threads").text,
        bob.get("/search", params={"q": "falcon"}).text,
        bob.get(f"/threads/{thread}", params={"after": quote["id"] - 1}).text,
    ]
    for text in seen_by_members:
        assert leaks(text, author) == [], text
    # The directory lists the author as a member, with nothing about what they wrote.
    entries = bob.get("/members").json()["members"]
    assert all("post" not in key and "thread" not in key for entry in entries for key in entry)
    anonymous = bob.get(f"/threads/{thread}").json()
    assert anonymous["thread"]["author"] == {
        "id": 0,
        "name": "Anonymous member",
        "role": "member",
        "anonymous": True,
    }
    assert anonymous["posts"][2]["quote"]["author"]["name"] == "Anonymous member"

    # Moderators, too, until two of them reveal it: the thread, revisions and the flag queue.
    for text in (
        mo.get(f"/threads/{thread}").text,
        mo.get(f"/posts/{post['id']}/revisions").text,
        mo.get("/mod/flags").text,
    ):
        assert leaks(text, author) == [], text
    # The author sees their own post as theirs.
    own = alice.get(f"/threads/{thread}").json()["thread"]["author"]
    assert (own["id"], own["anonymous"]) == (author.id, True)


def test_a_reveal_needs_two_moderators_and_each_step_is_logged(
    network: Network, people: dict[str, Any]
) -> None:
    alice, bob, mo, max_ = people["alice"], people["bob"], people["mo"], people["max"]
    author: Person = people["persons"]["alice"]
    thread = thread_of(bob)
    post = reply(alice, thread, "Anonymous remark", anonymous=True)

    first = mo.post(f"/mod/posts/{post['id']}/reveal", {"reason": "Harassment report #1"})
    assert first.json() == {"status": "requested", "author": None}
    again = mo.post(f"/mod/posts/{post['id']}/reveal", {"reason": "Please"})
    assert (again.status_code, again.json()["error"]["code"]) == (403, "second_moderator_needed")
    assert leaks(mo.get(f"/threads/{thread}").text, author) == []
    assert network.mails() == [] or all(m["To"] != author.email for m in network.mails())

    second = max_.post(f"/mod/posts/{post['id']}/reveal", {"reason": "Confirmed: report #1"})
    assert second.json()["status"] == "revealed"
    assert second.json()["author"]["id"] == author.id
    entries = mo.get("/mod/audit").json()["entries"]
    assert [(e["action"], e["actor_name"], e["target_id"]) for e in entries[:2]] == [
        ("reveal_author", "Max Moderator", str(post["id"])),
        ("request_author_reveal", "Mo Moderator", str(post["id"])),
    ]
    told = [m for m in network.mails() if m["To"] == author.email]
    assert len(told) == 1 and "Anonymous remark" not in told[0].get_content()
    # Moderators now see who wrote it; members still do not.
    assert author.name in mo.get(f"/threads/{thread}").text
    assert leaks(bob.get(f"/threads/{thread}").text, author) == []
    assert max_.post(f"/mod/posts/{post['id']}/reveal", {"reason": "x"}).status_code == 409


def test_only_anonymous_posts_can_be_revealed(people: dict[str, Any]) -> None:
    post = reply(people["alice"], thread_of(people["bob"]), "Signed remark")
    response = people["mo"].post(f"/mod/posts/{post['id']}/reveal", {"reason": "x"})
    assert (response.status_code, response.json()["error"]["code"]) == (409, "not_anonymous")


# --- Redaction ----------------------------------------------------------------------

SECRET = "falcon tattoo"


def backup_text(network: Network, destination: Path) -> str:
    """`scn db backup`'s file, as text: SQLite's as it is, a pg_dump archive restored to SQL."""
    network.app.state.runtime.store.backup(destination)
    if not network.settings.database_url:
        return destination.read_bytes().decode("latin-1")
    restored = subprocess.run(
        [program("pg_restore"), "--file=-", str(destination)], capture_output=True, text=True, check=True
    )
    return restored.stdout


def test_a_redacted_span_is_gone_from_every_version_search_and_later_backups(
    network: Network, people: dict[str, Any], tmp_path: Path
) -> None:
    alice, bob, mo = people["alice"], people["bob"], people["mo"]
    thread = thread_of(alice)
    post = reply(alice, thread, f"The frequent visitor with the {SECRET} is back.")
    alice.patch(f"/posts/{post['id']}", {"body": f"The visitor with the {SECRET} came back septic."})
    assert bob.get("/search", params={"q": "falcon"}).json()["results"] != []
    # A backup taken before the redaction keeps the text (the README says for how long).
    assert SECRET in backup_text(network, tmp_path / "before")
    current = alice.get(f"/threads/{thread}").json()["posts"][1]["markdown"]
    start = current.index(SECRET)

    response = alice.post(
        f"/posts/{post['id']}/redactions",
        {"reason": "Too recognisable", "start": start, "end": start + len(SECRET)},
    )
    assert response.status_code == 200
    assert response.json()["markdown"] == "The visitor with the [redacted] came back septic."
    for reader in (alice, mo):
        versions = reader.get(f"/posts/{post['id']}/revisions").text
        assert "falcon" not in versions and versions.count("[redacted]") == 2
    for reader in (alice, bob, mo):
        assert "falcon" not in reader.get(f"/threads/{thread}").text
        assert reader.get("/search", params={"q": "falcon"}).json()["results"] == []
    entry = mo.get("/mod/audit").json()["entries"][0]
    assert (entry["action"], entry["actor_name"], entry["reason"]) == (
        "redact_span",
        "Alice Author",
        "Too recognisable",
    )
    assert "falcon" not in mo.get("/mod/audit").text
    assert "falcon" not in backup_text(network, tmp_path / "after")


def test_a_moderator_redacts_a_whole_post(people: dict[str, Any]) -> None:
    alice, mo = people["alice"], people["mo"]
    thread = thread_of(alice)
    post = reply(alice, thread, f"The {SECRET} again")
    redacted = mo.post(f"/posts/{post['id']}/redactions", {"reason": "Identifying"})
    assert redacted.json()["markdown"] == "[redacted]"
    assert "falcon" not in mo.get(f"/posts/{post['id']}/revisions").text


def test_redacting_a_first_post_redacts_its_thread_title_too(people: dict[str, Any]) -> None:
    alice, bob = people["alice"], people["bob"]
    page = start_thread(alice, title=f"The {SECRET} case", body=f"Back again: the {SECRET}.")
    post, thread = page["posts"][0], page["thread"]["id"]
    start = post["markdown"].index(SECRET)
    span = {"reason": "Recognisable", "start": start, "end": start + len(SECRET)}
    assert alice.post(f"/posts/{post['id']}/redactions", span).status_code == 200
    assert bob.get(f"/threads/{thread}").json()["thread"]["title"] == "The [redacted] case"
    assert bob.get("/search", params={"q": "falcon"}).json()["results"] == []


def test_only_the_author_or_a_moderator_redacts_and_spans_must_fit(people: dict[str, Any]) -> None:
    alice, bob = people["alice"], people["bob"]
    post = reply(alice, thread_of(alice), "Short post")
    assert bob.post(f"/posts/{post['id']}/redactions", {"reason": "mine?"}).status_code == 403
    for span in ({"start": 5, "end": 500}, {"start": 3, "end": 3}, {"start": 2}):
        response = alice.post(f"/posts/{post['id']}/redactions", {"reason": "x", **span})
        assert response.status_code == 422, span
    refused = alice.post(f"/posts/{post['id']}/redactions", {"reason": f"It had {PHONE}"})
    assert refused.json()["error"]["code"] == "patient_information"


# --- Case discussions ----------------------------------------------------------------

CASE = {
    "age_band": "90 or older",
    "setting": "general ward",
    "minutes": {"antibiotics": 95, "lactate": -20, "blood_cultures": 50},
    "obstacles": "Cultures waited for the phlebotomist; antibiotics waited for pharmacy.",
    "question": "Would you count time zero from the screen or the lactate?",
}


def test_a_case_discussion_is_built_from_its_fields(people: dict[str, Any]) -> None:
    page = start_thread(people["alice"], title="Time zero on the ward", body="Thoughts welcome.", case=CASE)
    markdown = page["posts"][0]["markdown"]
    assert page["posts"][0]["status"] == "visible"  # "90 or older" is Safe Harbor's own band
    for value in ("90 or older", "general ward", CASE["obstacles"], CASE["question"], "Thoughts welcome."):
        assert value in markdown
    # Bundle order, whatever order the fields came in; elements not done are left out.
    timeline = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert timeline == [
        "- Lactate measured: T-20 min",
        "- Blood cultures drawn: T+50 min",
        "- Antibiotics given: T+95 min",
    ]
    assert markdown.index("T+95") < markdown.index("phlebotomist") < markdown.index("Would you")


def test_a_case_field_with_identifiers_is_named_in_the_findings(people: dict[str, Any]) -> None:
    case = {**CASE, "obstacles": "Admitted 3/14, and pharmacy was closed."}
    response = people["alice"].post(
        "/threads", {"category_id": SCREENING, "title": "Time zero", "body": "See case.", "case": case}
    )
    assert response.status_code == 422
    finding = response.json()["error"]["findings"][0]
    assert (finding["field"], finding["kind"]) == ("case.obstacles", "date")
    assert case["obstacles"][finding["start"] : finding["end"]] == "3/14"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("age_band", "93"),
        ("setting", "4 West"),
        ("minutes", {"antibiotics": "14:05"}),  # a clock time, not minutes
        ("minutes", {"antibiotics": 10000}),
        ("minutes", {"discharge": 30}),  # not a bundle element
    ],
)
def test_case_bands_settings_and_minutes_come_from_their_lists(
    people: dict[str, Any], field: str, value: Any
) -> None:
    response = people["alice"].post(
        "/threads",
        {"category_id": SCREENING, "title": "Time zero", "body": "See case.", "case": {**CASE, field: value}},
    )
    assert response.status_code == 422
    assert response.json()["error"]["field"].startswith(f"case.{field}")


def test_a_resource_request_with_identifiers_is_refused(network: Network, people: dict[str, Any]) -> None:
    before = network.row_counts()
    response = people["alice"].post("/requests", {"title": "Handout for Mrs. Garcia", "details": "Room 12"})
    assert response.status_code == 422
    assert response.json()["error"]["findings"][0]["field"] == "title"
    assert network.row_counts() == before


# --- Community rules ----------------------------------------------------------------


def test_the_session_says_whether_a_member_has_posted_yet(people: dict[str, Any]) -> None:
    """The composer reminds a first-time poster of the rules: an anonymous post counts
    too, and only the author's own session says so."""
    alice, bob = people["alice"], people["bob"]
    thread = thread_of(bob)
    assert alice.get("/session").json()["member"]["has_posted"] is False
    reply(alice, thread, "My first post, signed by nobody.", anonymous=True)
    assert alice.get("/session").json()["member"]["has_posted"] is True
    assert alice.get("/profile").json()["has_posted"] is True
