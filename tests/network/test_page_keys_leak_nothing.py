"""A Library page's thread, hidden or deleted, gives the page back: starting the page's
thread never tells a member (409) that a thread they cannot see exists. A restore
takes the page back, or says it cannot while another thread holds it."""

from .conftest import Api, Network
from .forum_helpers import SCREENING, start_thread

PAGE = "resource/qsofa-card"


def start_for_page(api: Api, title: str) -> tuple[int, int]:
    """The new thread's id and its first post's."""
    started = start_thread(api, title=title, body="Discuss the card.", page_key=PAGE)
    return started["thread"]["id"], started["posts"][0]["id"]


def test_a_hidden_thread_releases_its_page_and_a_restore_says_if_it_collides(network: Network) -> None:
    author = network.signed_in(network.add_member())
    other = network.signed_in(network.add_member())
    moderator = network.signed_in(network.add_member(role="moderator"))
    hidden_thread, hidden_post = start_for_page(author, "About the qSOFA card")
    assert moderator.post(f"/mod/posts/{hidden_post}/hide", {"reason": "off topic"}).status_code == 200

    # Nothing tells the member the hidden thread exists: their thread simply starts.
    assert other.get("/pages/thread", params={"key": PAGE}).json() == {"thread": None}
    new_thread, new_post = start_for_page(other, "The qSOFA card again")
    assert other.get("/pages/thread", params={"key": PAGE}).json()["thread"]["id"] == new_thread

    # The moderator still sees which page the hidden thread was for...
    assert moderator.get(f"/threads/{hidden_thread}").json()["thread"]["page_key"] == PAGE
    # ...and restoring it cannot give a page two threads.
    collision = moderator.post(f"/mod/posts/{hidden_post}/restore", {"reason": "mistake"})
    assert collision.status_code == 409, collision.text
    assert collision.json()["error"]["code"] == "page_key_taken"
    posts = moderator.get(f"/threads/{hidden_thread}").json()["posts"]
    assert posts[0]["status"] == "hidden"  # nothing changed

    # Once the page is free again, the restore takes it back.
    assert moderator.post(f"/mod/posts/{new_post}/hide", {"reason": "duplicate"}).status_code == 200
    assert moderator.post(f"/mod/posts/{hidden_post}/restore", {"reason": "mistake"}).status_code == 200
    assert other.get("/pages/thread", params={"key": PAGE}).json()["thread"]["id"] == hidden_thread


def test_a_deleted_thread_releases_its_page(network: Network) -> None:
    author = network.signed_in(network.add_member())
    other = network.signed_in(network.add_member())
    _, post_id = start_for_page(author, "About the qSOFA card")
    assert author.delete(f"/posts/{post_id}").status_code == 204
    start_for_page(other, "The qSOFA card again")


def test_a_visible_thread_keeps_its_page(network: Network) -> None:
    author = network.signed_in(network.add_member())
    other = network.signed_in(network.add_member())
    start_for_page(author, "About the qSOFA card")
    taken = other.post(
        "/threads",
        {"category_id": SCREENING, "title": "Again", "body": "Discuss.", "page_key": PAGE},
    )
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "thread_exists"
