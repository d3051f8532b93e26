"""Search finds what the member may see, with safe highlighted snippets."""

import pytest

from discussion_api.storage.postgres import search as postgres_search
from discussion_api.storage.sqlite import search as sqlite_search

from .conftest import Network
from .forum_helpers import reply, start_thread


def test_search_finds_visible_posts_with_marked_snippets(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    moderator = network.signed_in(network.add_member(role="moderator"))
    page = start_thread(alice, title="Procalcitonin", body="Anyone using procalcitonin?")
    thread, first = page["thread"], page["posts"][0]
    post = reply(alice, thread["id"], "We stopped <script>x</script> procalcitonin in 2024.")
    reply(alice, thread["id"], "Unrelated lactate note")
    results = alice.get("/search", params={"q": "procalcitonin"}).json()["results"]
    assert {r["post_id"] for r in results} == {first["id"], post["id"]}
    hit = next(r for r in results if r["post_id"] == post["id"])
    assert "<mark>procalcitonin</mark>" in hit["snippet"]
    assert "&lt;script&gt;" in hit["snippet"] and "<script" not in hit["snippet"]

    alice.delete(f"/posts/{post['id']}")
    assert post["id"] not in {
        r["post_id"] for r in alice.get("/search", params={"q": "stopped"}).json()["results"]
    }
    assert post["id"] in {
        r["post_id"] for r in moderator.get("/search", params={"q": "stopped"}).json()["results"]
    }


def test_search_input_is_never_fts_syntax(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    start_thread(alice, body="NEAR the bedside")
    for query in ('"', "NEAR(", "a OR", "*", "body:x", "-x", "'); DROP TABLE posts; --"):
        response = alice.get("/search", params={"q": query})
        assert response.status_code == 200, (query, response.text)
    assert alice.get("/search", params={"q": ""}).status_code == 422


def test_search_matches_word_prefixes_and_filters_by_category(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    categories = alice.get("/categories").json()["categories"]
    other = categories[1]["id"]
    page = start_thread(alice, title="Audits", body="Our monthly audit of time zero")
    alice.post("/threads", {"category_id": other, "title": "Elsewhere", "body": "An auditor visited"})
    found = alice.get("/search", params={"q": "audi"}).json()["results"]
    assert len(found) == 2
    only = alice.get("/search", params={"q": "audi", "category_id": page["thread"]["category_id"]}).json()
    assert [r["thread_id"] for r in only["results"]] == [page["thread"]["id"]]


def test_search_ranks_the_newest_matches_only(network: Network, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ranking every match of a word in most posts is too slow, so search ranks the newest
    RANKED_MATCHES matches: with two, the oldest of three matching posts is left out."""
    monkeypatch.setattr(sqlite_search, "RANKED_MATCHES", 2)
    monkeypatch.setattr(postgres_search, "RANKED_MATCHES", 2)
    alice = network.signed_in(network.add_member())
    page = start_thread(alice, title="Bundles", body="Vasopressin vasopressin vasopressin")
    thread = page["thread"]["id"]
    newer = [reply(alice, thread, f"Vasopressin note {n}")["id"] for n in range(2)]
    found = alice.get("/search", params={"q": "vasopressin"}).json()["results"]
    assert sorted(r["post_id"] for r in found) == newer
