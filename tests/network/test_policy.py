"""The one policy and the SQL that applies it agree, for every kind of viewer and object.

Every combination of a category open, archived, limited to a group the member viewer
is in, or limited to a group they are not in, a first post and a reply each
visible, hidden or deleted, neither or one of them held for a moderator, written by
the viewing member or by someone else, is stored in a real database (SQLite, and PostgreSQL through the
`backend` parameter); then every query
that takes a ForumScope (thread, post, listing, search, category counts) must
return exactly what the policy's predicates allow for that viewer.
"""

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from itertools import product
from pathlib import Path

import pytest
from harness import TEST_HASH, member_fields
from postgres_server import database_env

from discussion_api.core import policy
from discussion_api.core.errors import Conflict, Forbidden, Invalid, NotFound, Refusal
from discussion_api.core.policy import Audience, Rank, Viewer, forum_scope
from discussion_api.realtime.audience import Audiences, audience
from discussion_api.storage.interfaces import ForumScope, Member, Repositories, Row, Store
from discussion_api.storage.postgres.database import PgStore
from discussion_api.storage.sqlite.database import SqliteStore

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
STATUSES = ("visible", "hidden", "deleted")
HELD = ("none", "first", "reply")  # which post of a thread waits for a moderator
EVERYTHING = ForumScope(viewer_id=0, removed=True, archived=True, held=True, all_groups=True)
MEMBER_ID = 50  # the member viewer's id: some threads are theirs
# The member viewer is in group 1; group 2 holds someone else. Category kinds:
CATEGORY_KINDS = ("open", "archived", "their_group", "other_group")
THEIR_GROUP, OTHER_GROUP = 1, 2


@pytest.fixture
def forum(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Iterator[Repositories]:
    """One thread per combination of category kind, first-post and reply status,
    which post is held, and whose thread it is (categories 1 and 2 are the seeded ones,
    left empty)."""
    url = database_env(backend, request).get("SCN_DATABASE_URL")
    store: Store = PgStore(url) if url else SqliteStore(tmp_path / "policy.sqlite3")
    store.migrate()
    with store.write() as db:
        other = db.members.create(member_fields("Author"), TEST_HASH, NOW, status="approved")
        mine = db.members.create(member_fields("Viewer", id=MEMBER_ID), TEST_HASH, NOW, status="approved")
        categories = {
            "open": db.categories.create({"slug": "open", "name": "Open"}),
            "archived": db.categories.create({"slug": "old", "name": "Old", "archived": True}),
            "their_group": db.categories.create({"slug": "peds", "name": "Pediatrics"}),
            "other_group": db.categories.create({"slug": "ohio", "name": "Ohio chapter"}),
        }
        assert db.groups.create("pediatrics", "Pediatrics", "", NOW) == THEIR_GROUP
        assert db.groups.create("ohio", "Ohio chapter", "", NOW) == OTHER_GROUP
        db.groups.add_member(THEIR_GROUP, mine, other, NOW)
        db.groups.add_member(OTHER_GROUP, other, other, NOW)
        db.categories.limit_to(categories["their_group"], [THEIR_GROUP])
        db.categories.limit_to(categories["other_group"], [OTHER_GROUP])
        combinations = product(CATEGORY_KINDS, STATUSES, STATUSES, HELD, (other, mine))
        for kind, first_status, reply_status, held, author in combinations:
            category = categories[kind]
            title = f"{kind} {first_status} {reply_status} {held} {author} lactate"
            thread = db.threads.create(category, author, title, None, NOW)
            first = db.posts.create(
                thread,
                author,
                f"lactate first {title}",
                "<p>x</p>",
                None,
                NOW,
                title=title,
                held=held == "first",
            )
            db.threads.update(thread, {"first_post_id": first})
            reply = db.posts.create(
                thread, author, f"lactate reply {title}", "<p>x</p>", None, NOW, held=held == "reply"
            )
            db.posts.set_status(first, first_status)
            db.posts.set_status(reply, reply_status)
    yield store.read()
    store.close()


def person(member_id: int, role: str, groups: frozenset[int] = frozenset()) -> Member:
    return Member(member_id, f"{role}@example.org", role, role, "approved", None, None, groups)


def viewers() -> list[Viewer]:
    return [
        Viewer(person(MEMBER_ID, "member", frozenset({THEIR_GROUP})), Rank.MEMBER),
        Viewer(person(51, "moderator"), Rank.MODERATOR),
        Viewer(person(52, "admin"), Rank.ADMIN),
    ]


# A member in no group, whose own threads include none (someone else's view of the forum).
OUTSIDER = Viewer(person(53, "member"), Rank.MEMBER)


def all_threads(db: Repositories) -> list[Row]:
    """Every thread, read without a scope (ids are handed out from 1)."""
    return [row for thread_id in range(1, 400) if (row := db.threads.get(thread_id, EVERYTHING)) is not None]


@pytest.mark.parametrize("viewer", [*viewers(), OUTSIDER], ids=["member", "moderator", "admin", "outsider"])
def test_queries_return_exactly_what_the_policy_allows(forum: Repositories, viewer: Viewer) -> None:
    scope = forum_scope(viewer)
    threads = all_threads(forum)
    assert len(threads) == 216
    for thread in threads:
        assert (forum.threads.get(thread["id"], scope) is not None) == policy.thread_visible(scope, thread)
        # The thread's own columns (checks before writes, events' audiences): the same rule,
        # and the same visibility columns as the full row.
        plain = forum.threads.plain(thread["id"], scope)
        assert (plain is not None) == policy.thread_visible(scope, thread)
        assert plain is None or plain == {key: thread[key] for key in plain}
        everything = forum.posts.in_thread(thread["id"], EVERYTHING, 0, 100)
        seen = {row["id"] for row in forum.posts.in_thread(thread["id"], scope, 0, 100)}
        allowed = {post["id"] for post in everything if policy.post_visible(scope, post, thread)}
        assert seen == allowed, thread["title"]
        for post in everything:
            assert (forum.posts.get(post["id"], scope) is not None) == (post["id"] in allowed)

    category_ids = {t["category_id"] for t in threads}
    listed = {row["id"] for c in category_ids for row in forum.threads.in_category(c, scope, 100, 0)}
    assert listed == {t["id"] for t in threads if policy.thread_visible(scope, t)}

    hits = {row["post_id"] for row in forum.search.search("lactate", scope, 500)}
    assert hits == {
        post["id"]
        for thread in threads
        for post in forum.posts.in_thread(thread["id"], EVERYTHING, 0, 100)
        if policy.post_visible(scope, post, thread)
    }

    categories = forum.categories.visible(scope)
    every_category = forum.categories.visible(EVERYTHING)
    assert {c["id"] for c in categories} == {
        c["id"] for c in every_category if policy.category_visible(scope, c)
    }
    for category in categories:
        expected = sum(
            1 for t in threads if t["category_id"] == category["id"] and policy.thread_visible(scope, t)
        )
        assert category["thread_count"] == expected


def test_members_see_less_than_moderators_and_nobody_sees_less_than_members(forum: Repositories) -> None:
    """The scopes are ordered: what a member sees, a moderator sees too."""
    member, moderator, _ = viewers()
    assert forum_scope(member) == ForumScope(
        viewer_id=50, removed=False, archived=False, held=False, groups=frozenset({THEIR_GROUP})
    )
    assert forum_scope(moderator) == ForumScope(
        viewer_id=51, removed=True, archived=True, held=True, all_groups=True
    )
    assert forum_scope(policy.NOBODY).removed is False
    assert forum_scope(policy.NOBODY).all_groups is False


def test_a_category_limited_to_groups_shows_only_to_their_members_and_moderators() -> None:
    member, moderator, admin = viewers()
    limited = {"archived": False, "groups": [THEIR_GROUP, 7]}
    assert policy.category_visible(forum_scope(member), limited)
    assert not policy.category_visible(forum_scope(OUTSIDER), limited)
    assert not policy.category_visible(forum_scope(policy.NOBODY), limited)
    assert policy.category_visible(forum_scope(moderator), limited)
    assert policy.category_visible(forum_scope(admin), limited)
    assert policy.category_visible(forum_scope(OUTSIDER), {"archived": False, "groups": []})
    assert refusal(lambda: policy.check_may_start_thread_in(member, limited)) is None
    assert refusal(lambda: policy.check_may_start_thread_in(OUTSIDER, limited)) == (
        Invalid,
        "invalid",
        "category_id",
    )


def test_events_of_a_limited_category_reach_its_groups_and_moderators_only() -> None:
    member, moderator, admin = viewers()
    category = {"archived": False, "groups": [THEIR_GROUP]}
    thread = {
        "category_archived": False,
        "category_groups": [THEIR_GROUP],
        "first_post_status": "visible",
        "first_post_held": False,
        "author_id": 50,
    }
    post = {"status": "visible", "held": False}
    heard = policy.event_audience("post.created", category, thread, post)
    assert heard == Audience(Rank.MEMBER, frozenset({THEIR_GROUP}))
    assert [policy.may_receive(v, heard) for v in (member, OUTSIDER, moderator, admin)] == [
        True,
        False,
        True,
        True,
    ]
    assert not policy.may_receive(Viewer(member.member, Rank.ACCOUNT), heard)
    hidden = policy.event_audience("post.created", category, thread, {"status": "hidden", "held": False})
    assert hidden is Audience.MODERATORS


@pytest.mark.parametrize(
    ("archived", "first_status", "post_status", "held", "event_type", "audience"),
    [
        (False, "visible", "visible", "none", "post.created", Audience.MEMBERS),
        (False, "visible", "hidden", "none", "post.created", Audience.MODERATORS),
        (False, "visible", "hidden", "none", "post.hidden", Audience.MEMBERS),
        (False, "visible", "deleted", "none", "post.deleted", Audience.MEMBERS),
        (False, "hidden", "visible", "none", "post.created", Audience.MODERATORS),
        (False, "hidden", "hidden", "none", "post.hidden", Audience.MODERATORS),
        (True, "visible", "visible", "none", "post.created", Audience.MODERATORS),
        # Held posts: their events reach moderators only (even the author's edits), except
        # the "post.held" that takes an edited post members had seen off their screens.
        (False, "visible", "visible", "reply", "post.created", Audience.MODERATORS),
        (False, "visible", "visible", "reply", "post.edited", Audience.MODERATORS),
        (False, "visible", "visible", "reply", "post.rejected", Audience.MODERATORS),
        (False, "visible", "visible", "reply", "post.held", Audience.MEMBERS),
        (False, "visible", "visible", "first", "thread.created", Audience.MODERATORS),
        (False, "visible", "visible", "first", "post.created", Audience.MODERATORS),
    ],
)
def test_event_audiences(
    archived: bool, first_status: str, post_status: str, held: str, event_type: str, audience: Audience
) -> None:
    category = {"archived": archived, "groups": []}
    thread = {
        "category_archived": archived,
        "category_groups": [],
        "first_post_status": first_status,
        "first_post_held": held == "first",
        "author_id": 50,
    }
    post = {"status": post_status, "held": held == "reply"}
    assert policy.event_audience(event_type, category, thread, post) is audience


def test_only_members_and_above_receive_and_only_moderators_receive_theirs() -> None:
    member, moderator, admin = viewers()
    account = Viewer(member.member, Rank.ACCOUNT)
    assert [policy.may_receive(v, Audience.MEMBERS) for v in (account, member, moderator, admin)] == [
        False,
        True,
        True,
        True,
    ]
    assert [policy.may_receive(v, Audience.MODERATORS) for v in (account, member, moderator, admin)] == [
        False,
        False,
        True,
        True,
    ]


@pytest.mark.parametrize(
    ("status", "suspended", "role", "rank"),
    [
        ("approved", False, "member", Rank.MEMBER),
        ("approved", False, "moderator", Rank.MODERATOR),
        ("approved", False, "admin", Rank.ADMIN),
        ("approved", True, "admin", Rank.ACCOUNT),
        ("pending", False, "member", Rank.ACCOUNT),
        ("unverified", False, "moderator", Rank.ACCOUNT),
        ("rejected", False, "member", Rank.ACCOUNT),
    ],
)
def test_ranks(status: str, suspended: bool, role: str, rank: Rank) -> None:
    member = Member(
        1, "a@example.org", "A", role, status, None, "2026-01-01T00:00:00+00:00" if suspended else None
    )
    assert policy.viewer_of(member, NOW, two_factor=True).rank is rank
    assert policy.viewer_of(None, NOW).rank is Rank.VISITOR


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_moderators_and_admins_without_a_second_factor_are_members(role: str) -> None:
    member = Member(1, "a@example.org", "A", role, "approved", None, None)
    held = policy.viewer_of(member, NOW, two_factor=False)
    assert held.rank is Rank.MEMBER and held.needs_two_factor
    assert not policy.viewer_of(member, NOW, two_factor=True).needs_two_factor
    plain = Member(1, "a@example.org", "A", "member", "approved", None, None)
    assert not policy.viewer_of(plain, NOW, two_factor=False).needs_two_factor


def test_a_suspension_that_has_ended_restores_the_rank() -> None:
    ended = Member(
        1,
        "a@example.org",
        "A",
        "member",
        "approved",
        "2026-02-01T00:00:00+00:00",
        "2026-01-01T00:00:00+00:00",
    )
    assert policy.viewer_of(ended, NOW).rank is Rank.MEMBER
    ongoing = Member(
        1,
        "a@example.org",
        "A",
        "member",
        "approved",
        "2026-04-01T00:00:00+00:00",
        "2026-01-01T00:00:00+00:00",
    )
    assert policy.viewer_of(ongoing, NOW).rank is Rank.ACCOUNT


OPEN_THREAD = {"locked": False, "author_id": 50}
LOCKED_THREAD = {"locked": True, "author_id": 50}


def refusal(check: Callable[[], object]) -> tuple[type, str, str | None] | None:
    """What a check raises, as (kind, code, field); None when it allows the action.

    Every refusal's message must be a sentence a person can act on.
    """
    try:
        check()
    except Refusal as refused:
        message = refused.message
        # A sentence a person can act on: capitalised, ended, and not shouted.
        assert message[:1].isupper() and message.endswith(".") and not message.isupper(), message
        if isinstance(refused, NotFound):
            assert message == "No such member.", message
        return type(refused), refused.code, refused.field
    return None


def test_action_checks() -> None:
    member, moderator, _ = viewers()
    other = Viewer(Member(60, "o@example.org", "O", "member", "approved", None, None), Rank.MEMBER)
    own = {"author_id": 50, "status": "visible"}
    removed = {"author_id": 50, "status": "hidden"}
    locked_out = (Conflict, "thread_locked", None)

    assert refusal(lambda: policy.check_may_post(member, OPEN_THREAD)) is None
    assert refusal(lambda: policy.check_may_post(member, LOCKED_THREAD)) == locked_out
    assert refusal(lambda: policy.check_may_post(moderator, LOCKED_THREAD)) is None

    assert refusal(lambda: policy.check_may_edit(member, own, OPEN_THREAD)) is None
    assert refusal(lambda: policy.check_may_edit(other, own, OPEN_THREAD)) == (
        Forbidden,
        "not_your_post",
        None,
    )
    assert refusal(lambda: policy.check_may_edit(moderator, own, OPEN_THREAD)) == (
        Forbidden,
        "not_your_post",
        None,
    )
    assert refusal(lambda: policy.check_may_edit(member, removed, OPEN_THREAD)) == (
        Conflict,
        "post_removed",
        None,
    )
    assert refusal(lambda: policy.check_may_edit(member, own, LOCKED_THREAD)) == locked_out

    assert refusal(lambda: policy.check_may_delete(member, own)) is None
    assert refusal(lambda: policy.check_may_delete(moderator, own)) is None
    assert refusal(lambda: policy.check_may_delete(other, own)) == (Forbidden, "not_your_post", None)
    assert refusal(lambda: policy.check_may_delete(member, removed)) == (Conflict, "post_removed", None)

    assert refusal(lambda: policy.check_may_mark_helpful(other, own)) is None
    assert refusal(lambda: policy.check_may_mark_helpful(member, own)) == (Conflict, "own_post", None)

    assert refusal(lambda: policy.check_may_accept(member, OPEN_THREAD)) is None
    assert refusal(lambda: policy.check_may_accept(moderator, OPEN_THREAD)) is None
    assert refusal(lambda: policy.check_may_accept(other, OPEN_THREAD)) == (
        Forbidden,
        "not_your_thread",
        None,
    )

    assert (
        refusal(lambda: policy.check_may_start_thread_in(member, {"archived": False, "groups": []})) is None
    )
    for closed in (None, {"archived": True, "groups": []}):
        assert refusal(lambda closed=closed: policy.check_may_start_thread_in(member, closed)) == (
            Invalid,
            "invalid",
            "category_id",
        )

    assert policy.may_read_revisions(member, own) and policy.may_read_revisions(moderator, own)
    assert not policy.may_read_revisions(other, own)


def test_who_may_act_on_whom() -> None:
    member, moderator, admin = viewers()
    assert moderator.member is not None and admin.member is not None and member.member is not None
    assert refusal(lambda: policy.check_may_act_on(moderator, member.member)) is None
    assert policy.check_may_act_on(admin, moderator.member) is moderator.member
    not_permitted = (Forbidden, "not_permitted", None)
    assert refusal(lambda: policy.check_may_act_on(moderator, moderator.member)) == not_permitted
    assert refusal(lambda: policy.check_may_act_on(moderator, admin.member)) == not_permitted
    peer = Member(53, "p@example.org", "P", "moderator", "approved", None, None)
    assert refusal(lambda: policy.check_may_act_on(moderator, peer)) == not_permitted
    assert refusal(lambda: policy.check_may_act_on(moderator, None)) == (NotFound, "not_found", None)

    assert policy.check_may_change_role(admin, moderator.member) is moderator.member
    assert refusal(lambda: policy.check_may_change_role(admin, admin.member)) == not_permitted
    assert refusal(lambda: policy.check_may_change_role(admin, None)) == (NotFound, "not_found", None)


def test_issue_12_action_checks() -> None:
    """Redaction (author or moderator), releasing held posts, the two-moderator reveal."""
    member, moderator, admin = viewers()
    other = Viewer(Member(60, "o@example.org", "O", "member", "approved", None, None), Rank.MEMBER)
    own = {"author_id": 50, "status": "visible", "held": False, "author_anonymous": True}

    assert refusal(lambda: policy.check_may_redact(member, own)) is None
    assert refusal(lambda: policy.check_may_redact(moderator, own)) is None
    assert refusal(lambda: policy.check_may_redact(other, own)) == (Forbidden, "not_your_post", None)

    held = {**own, "held": True}
    assert refusal(lambda: policy.check_may_release(held)) is None
    for not_waiting in (own, {**held, "status": "hidden"}):
        assert refusal(lambda post=not_waiting: policy.check_may_release(post)) == (
            Conflict,
            "not_held",
            None,
        )

    asked = {"requested_by": 51, "revealed_at": None}
    assert refusal(lambda: policy.check_may_reveal(moderator, own, None)) is None
    assert refusal(lambda: policy.check_may_reveal(admin, own, asked)) is None
    assert refusal(lambda: policy.check_may_reveal(moderator, own, asked)) == (
        Forbidden,
        "second_moderator_needed",
        None,
    )
    done = {**asked, "revealed_at": "2026-03-01T09:00:00+00:00"}
    assert refusal(lambda: policy.check_may_reveal(admin, own, done)) == (Conflict, "already_revealed", None)
    signed = {**own, "author_anonymous": False}
    assert refusal(lambda: policy.check_may_reveal(moderator, signed, None)) == (
        Conflict,
        "not_anonymous",
        None,
    )


def test_event_audiences_read_what_each_event_names(forum: Repositories) -> None:
    """realtime.audience loads the category, thread and post an event names and asks the policy."""
    for thread in all_threads(forum):
        first, reply = forum.posts.in_thread(thread["id"], EVERYTHING, 0, 100)
        open_thread = (
            not thread["category_archived"] and first["status"] == "visible" and not thread["first_post_held"]
        )
        # Members, or in a limited category the members of its group.
        members = (
            Audience(Rank.MEMBER, frozenset(thread["category_groups"]))
            if thread["category_groups"]
            else Audience.MEMBERS
        )
        created = audience(forum, "post.created", {"thread_id": thread["id"], "post_id": reply["id"]})
        assert created == (
            members
            if open_thread and reply["status"] == "visible" and not reply["held"]
            else Audience.MODERATORS
        )
        # The thread's category decides even when the payload names only the post.
        by_post = audience(forum, "post.created", {"post_id": reply["id"]})
        assert by_post == created
        hidden = audience(forum, "post.hidden", {"thread_id": thread["id"], "post_id": reply["id"]})
        assert hidden == (members if open_thread else Audience.MODERATORS)
        updated = audience(forum, "thread.updated", {"thread_id": thread["id"]})
        assert updated == (members if open_thread else Audience.MODERATORS)
        category = forum.categories.get(thread["category_id"])
        assert category is not None
        changed = audience(forum, "category.changed", {"category_id": category["id"]})
        assert changed == (Audience.MODERATORS if category["archived"] else members)
    for gone in ({"post_id": 10_000}, {"thread_id": 10_000}, {"category_id": 10_000}):
        assert audience(forum, "post.created", gone) is Audience.MODERATORS


def test_one_batch_of_events_gets_each_events_own_audience(forum: Repositories) -> None:
    """Audiences reads an object once per batch, yet every event keeps its own audience:
    events of one type about different posts, threads or categories never share one."""
    batch = Audiences(forum)
    payloads = [
        payload
        for thread in all_threads(forum)
        for post in forum.posts.in_thread(thread["id"], EVERYTHING, 0, 100)
        for payload in (
            {"thread_id": thread["id"], "post_id": post["id"]},
            {"post_id": post["id"]},
            {"thread_id": thread["id"]},
            {"category_id": thread["category_id"]},
        )
    ]
    kinds = ("post.created", "post.hidden", "thread.updated", "category.changed")
    heard = {
        (kind, n): batch.event(
            {
                "id": n,
                "topic": "t",
                "type": kind,
                "payload": payload,
                "created_at": "2026-01-01T00:00:00+00:00",
            }
        ).audience
        for kind in kinds
        for n, payload in enumerate(payloads)
    }
    assert len(set(heard.values())) > 1  # the forum's threads are heard by different audiences
    assert heard == {
        (kind, n): audience(forum, kind, payload) for kind in kinds for n, payload in enumerate(payloads)
    }
