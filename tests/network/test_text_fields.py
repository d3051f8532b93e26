"""Short text fields refuse what lets one name pass for another or hides text (NUL,
controls, bidirectional overrides, zero-width characters): 422 naming the field,
nothing written. What they accept is stored NFC-normalised."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import JOIN, Api, Network
from .forum_helpers import SCREENING, start_thread

HIDING = ("Cc", "Cf", "Zl", "Zp")
# Unicode's White_Space, which the models strip from both ends (Python's str.strip()
# also strips U+001C..U+001F, which are controls here and refused).
WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
SAMPLES = [
    "Dana\u202eseyeR",  # right-to-left override
    "Dana\u2066Reyes\u2069",  # isolate
    "Dana\u200bReyes",  # zero-width space
    "Dana\u200dReyes",  # zero-width joiner
    "\ufeffDana",  # byte order mark
    "Dana\x00Reyes",  # NUL
    "Dana\x1bReyes",  # escape
    "Dana\x85Reyes",  # C1 next line
    "Dana\u2028Reyes",  # line separator
    "Dana\U000e0041",  # tag character (invisible)
]


def assert_refused(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field


@pytest.mark.parametrize("name", SAMPLES)
def test_display_names_refuse_hiding_characters(network: Network, visitor: Api, name: str) -> None:
    member = network.signed_in(network.add_member(name="Dana Reyes"))
    before = network.row_counts()
    assert_refused(member.patch("/profile", {"name": name}), "name")
    assert_refused(member.patch("/profile", {"facility": name}), "facility")
    assert_refused(visitor.post("/join", {**JOIN, "name": name}), "name")
    assert network.row_counts() == before
    assert member.get("/profile").json()["name"] == "Dana Reyes"


def test_titles_reasons_and_bodies_refuse_hiding_characters(network: Network) -> None:
    member = network.signed_in(network.add_member())
    thread = {"category_id": SCREENING, "title": "Lactate timing", "body": "When?"}
    assert_refused(member.post("/threads", {**thread, "title": "Lactate\u200b timing"}), "title")
    assert_refused(member.post("/threads", {**thread, "body": "Give \u202eslobus\u202c now"}), "body")
    assert_refused(member.post("/threads", {**thread, "body": "a\x00b"}), "body")
    post_id = start_thread(member, body="Line one\nline two\twith a tab \U0001f469\u200d\u2695\ufe0f")[
        "posts"
    ][0]["id"]
    assert_refused(member.post(f"/posts/{post_id}/flags", {"reason": "spam\u202e"}), "reason")


def test_accepted_names_are_stored_nfc(network: Network) -> None:
    member = network.signed_in(network.add_member())
    changed = member.patch("/profile", {"name": "Rene\u0301e Lo\u0308w"})
    assert changed.status_code == 200
    assert changed.json()["name"] == "Ren\u00e9e L\u00f6w"


def test_any_name_is_refused_naming_the_field_or_stored_clean(network: Network) -> None:
    member = network.signed_in(network.add_member())

    @settings(max_examples=80, deadline=None)
    @given(name=st.text(min_size=1, max_size=130))
    def check(name: str) -> None:
        response = member.patch("/profile", {"name": name})
        trimmed = name.strip(WHITE_SPACE)
        clean = unicodedata.normalize("NFC", trimmed)
        if any(unicodedata.category(char) in HIDING for char in clean) or not 1 <= len(trimmed) <= 120:
            assert_refused(response, "name")
        else:
            assert response.status_code == 200, response.text
            assert response.json()["name"] == clean

    check()


def test_a_profile_text_field_is_emptied_with_an_empty_string_not_null(network: Network) -> None:
    # null here used to reach the database's NOT NULL column: a 500 the fuzzer found.
    member = network.signed_in(network.add_member())
    for field in ("credentials", "job_title", "facility", "city"):
        assert_refused(member.patch("/profile", {field: None}), field)
        emptied = member.patch("/profile", {field: ""})
        assert emptied.status_code == 200 and emptied.json()[field] == ""
