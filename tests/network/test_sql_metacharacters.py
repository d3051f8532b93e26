"""SQL is parameterised (ASVS 1.2.4), seen from outside: text full of SQL's quoting and
comment characters, in every place a member writes or searches, is stored, shown and
matched as the text it is. Had a query pasted a value into its SQL, these would break
the statement (a 500), widen a filter, or change what was stored."""

from .conftest import Network
from .forum_helpers import reply, start_thread

HOSTILE = (
    "O'Brien",
    "'; DROP TABLE posts; --",
    '" OR "1"="1',
    "' OR '1'='1",
    "x' UNION SELECT email, password_hash FROM members --",
    "Robert'); DELETE FROM members; --",
    "100% sure_of it\\",
)


def test_sql_metacharacters_are_stored_and_found_as_text(network: Network) -> None:
    alice = network.signed_in(network.add_member(name="Alice"))
    before = network.row_counts()
    for n, text in enumerate(HOSTILE):
        page = start_thread(alice, title=f"Title {text}", body=f"Body marker{n} {text}")
        posted = reply(alice, page["thread"]["id"], f"Reply {text}")
        shown = alice.get(f"/threads/{page['thread']['id']}").json()
        assert shown["thread"]["title"] == f"Title {text}"
        assert [post["markdown"] for post in shown["posts"]] == [f"Body marker{n} {text}", f"Reply {text}"]
        assert posted["markdown"] == f"Reply {text}"

        searched = alice.get("/search", params={"q": text})
        assert searched.status_code == 200, (text, searched.text)
        found = alice.get("/search", params={"q": f"marker{n}"}).json()["results"]
        assert [hit["post_id"] for hit in found] == [page["posts"][0]["id"]], text

        assert alice.patch("/profile", {"facility": text}).status_code == 200
        assert alice.get("/profile").json()["facility"] == text
        directory = alice.get("/members", params={"facility": text})
        assert directory.status_code == 200, (text, directory.text)
        assert [entry["name"] for entry in directory.json()["members"]] == ["Alice"], text
        widened = alice.get("/members", params={"name": text})
        assert widened.status_code == 200 and widened.json()["members"] == [], text

    after = network.row_counts()
    assert after["members"] == before["members"]
    assert after["posts"] == before["posts"] + 2 * len(HOSTILE)
