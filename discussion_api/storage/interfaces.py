"""What the Network needs of storage, as `typing.Protocol`s: the core, HTTP and
real-time layers depend on these, never on a database engine.

`sqlite/` implements them (the embedded default), and `postgres/` for deployments
on several machines (SCN_DATABASE_URL; `engines.py` picks one). Rows are plain dicts keyed by
column name; what a viewer may see is the policy's `ForumScope`, which every
implementation applies in its queries (tests/network/test_policy.py checks it).
"""

from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

Row = dict[str, Any]


class StorageError(Exception):
    """The database refused or failed (a corrupt file, a backup that is not ours...)."""


TokenRow = Row


@dataclass(frozen=True)
class Member:
    """A member as the rules see them: identity, role, application status, suspension."""

    id: int
    email: str
    name: str
    role: str
    status: str
    suspended_until: str | None
    suspended_at: str | None

    def is_suspended(self, now: datetime) -> bool:
        if self.suspended_at is None:
            return False
        return self.suspended_until is None or datetime.fromisoformat(self.suspended_until) > now


@dataclass(frozen=True)
class ForumScope:
    """What of the forum a viewer's queries may return: decided by the policy
    (`core.policy.forum_scope`), applied by every implementation in its queries.

    `removed`: hidden and deleted posts, and threads whose first post is removed.
    `archived`: archived categories and their threads and posts.
    `held`: posts held for a moderator (patient information the author confirmed), and
    threads whose first post is held. Whatever `held` says, a viewer sees their own.
    `viewer_id` personalises counts (unread, helpful by me) and shows a viewer their own
    held posts; it widens nothing else.
    """

    viewer_id: int
    removed: bool
    archived: bool
    held: bool = False


class Audit(Protocol):
    """The audit log: who did what to which object, when and why."""

    def record(
        self,
        actor_id: int | None,
        action: str,
        target_type: str,
        target_id: int | str,
        reason: str,
        now: datetime,
    ) -> None: ...

    def entries(self, before_id: int | None, limit: int) -> list[Row]:
        """Newest first; page with `before_id`."""
        ...


class Categories(Protocol):
    """Forum categories."""

    def visible(self, scope: ForumScope) -> list[Row]:
        """The categories the scope sees, in order, each counting only the threads it sees."""
        ...

    def get(self, category_id: int) -> Row | None: ...

    def slug_taken(self, slug: str, other_than: int | None = None) -> bool: ...

    def create(self, fields: Row) -> int: ...

    def update(self, category_id: int, changes: Row) -> None: ...


class Domains(Protocol):
    """Email domains whose verified applicants are approved without waiting for a moderator."""

    def all_domains(self) -> list[Row]: ...

    def add(self, domain: str, added_by: int, now: datetime) -> bool:
        """False if the domain was already listed."""
        ...

    def remove(self, domain: str) -> bool: ...

    def is_listed(self, domain: str) -> bool: ...


class EmailTokens(Protocol):
    """Single-use, short-lived tokens sent in email links (verify, reset, email change)."""

    def create(
        self,
        token_hash: str,
        member_id: int,
        purpose: str,
        expires_at: datetime,
        new_email: str | None = None,
    ) -> None: ...

    def consume(self, token_hash: str, purpose: str, now: datetime) -> TokenRow | None:
        """Use the token once: returns its row if it was live, and marks it used."""
        ...


class EventFeed(Protocol):
    """Reading the whole events log in id order, for the follower that fans it out."""

    def latest_id(self) -> int: ...

    def after(self, after_id: int, limit: int) -> list[Row]:
        """Up to `limit` events with ids above `after_id`, oldest first (one primary-key range)."""
        ...


class EventNotices(Protocol):
    """Wake-ups when any process commits events (PostgreSQL's LISTEN/NOTIFY).

    A notice only says "look now": the events themselves are always read from the
    log, because notices sent while the listener was disconnected are lost.
    """

    def wait(self, timeout: float) -> bool:
        """Block up to `timeout` seconds. True when a notice came, or when listening
        (re)started, so anything may have been missed; False on a quiet timeout."""
        ...

    def close(self) -> None: ...


class Events(Protocol):
    """The events log: every forum write appends here in its own transaction."""

    def append(
        self, topics: list[str], event_type: str, payload: dict[str, int | None], now: datetime
    ) -> None: ...

    def post_changed(
        self, event_type: str, thread: Row, post_id: int, now: datetime, *, in_category: bool
    ) -> None:
        """An event about one post, on its thread's topic, and on its category's too when
        the category's listing changes with it (new, removed or restored posts)."""
        ...

    def since(self, topics: list[str], after_id: int, limit: int) -> list[Row]:
        """Events on `topics` after `after_id`, oldest first (for replay after a reconnect)."""
        ...


class Flags(Protocol):
    """Flags members raise on posts, and how moderators resolve them."""

    def create(self, post_id: int, reporter_id: int, reason: str, now: datetime) -> int: ...

    def open_by(self, post_id: int, reporter_id: int) -> bool: ...

    def open_flags(self) -> list[Row]:
        """Open flags, oldest first, with the flagged post and both people involved."""
        ...

    def get_open(self, flag_id: int) -> Row | None: ...

    def resolve(self, flag_id: int, status: str, moderator_id: int, now: datetime) -> None: ...

    def resolve_for_post(self, post_id: int, moderator_id: int, now: datetime) -> None: ...


class Idempotency(Protocol):
    """Idempotency keys: which post a member's keyed create produced, so a retry returns it."""

    def created_post(self, member_id: int, key: str) -> tuple[int, str] | None:
        """The post the member's key created, and the request it was used for."""
        ...

    def remember(self, member_id: int, key: str, request: str, post_id: int, now: datetime) -> None: ...


class Members(Protocol):
    """Members: accounts, applications, roles and suspension."""

    def create(
        self, fields: Row, password_hash: str, now: datetime, status: str = "unverified", role: str = "member"
    ) -> int: ...

    def get(self, member_id: int) -> Member | None: ...

    def by_email(self, email: str) -> tuple[Member, str] | None:
        """The member with this email (case-insensitive) and their password hash."""
        ...

    def email_taken(self, email: str) -> bool: ...

    def profile(self, member_id: int) -> Row | None: ...

    def update_profile(self, member_id: int, changes: Row) -> None: ...

    def set_status(
        self, member_id: int, status: str, now: datetime, moderator_message: str | None = None
    ) -> None: ...

    def mark_verified(self, member_id: int, status: str, now: datetime) -> None: ...

    def answer_info_request(self, member_id: int, note: str) -> None: ...

    def set_password_hash(self, member_id: int, password_hash: str) -> None: ...

    def set_email(self, member_id: int, email: str) -> None: ...

    def set_role(self, member_id: int, role: str) -> None: ...

    def suspend(self, member_id: int, now: datetime, until: datetime | None) -> None: ...

    def unsuspend(self, member_id: int) -> None: ...

    def applications(self, statuses: tuple[str, ...]) -> list[Row]:
        """Applications awaiting a moderator, oldest first."""
        ...

    def directory(self, now: datetime, filters: Row, limit: int, offset: int) -> list[Row]:
        """Approved, unsuspended members matching every given filter, by name."""
        ...

    def directory_entry(self, member_id: int, now: datetime) -> Row | None: ...


class Posts(Protocol):
    """Posts, their revisions and reactions. What a viewer sees of them is the policy's ForumScope (scope.py)."""

    def create(
        self,
        thread_id: int,
        author_id: int,
        body_md: str,
        body_html: str,
        quote_post_id: int | None,
        now: datetime,
        title: str = "",
        *,
        held: bool = False,
        anonymous: bool = False,
    ) -> int:
        """Store a post, its first revision and its search entry (`title` for a first post).

        `held`: waiting for a moderator (ForumScope.held). `anonymous`: shown as
        "Anonymous member" (core/authors.py); rows then carry author_anonymous and
        author_revealed (whether `Reveals` completed), as every author row does."""
        ...

    def get(self, post_id: int, scope: ForumScope) -> Row | None: ...

    def in_thread(self, thread_id: int, scope: ForumScope, after_id: int, limit: int) -> list[Row]: ...

    def edit(self, post_id: int, editor_id: int, body_md: str, body_html: str, now: datetime) -> None: ...

    def set_status(self, post_id: int, status: str) -> None: ...

    def set_held(self, post_id: int, held: bool) -> None: ...

    def held_posts(self, scope: ForumScope) -> list[Row]:
        """Posts waiting for a moderator (held, not removed) that the scope sees, oldest first."""
        ...

    def redact(
        self,
        post_id: int,
        body_md: str,
        body_html: str,
        revisions: dict[int, tuple[str, str]],
        title: str | None = None,
    ) -> None:
        """Overwrite a post's current text, the given revisions' (id -> (markdown, html)),
        with `title` its thread's title (for a first post), and its search entry, so the
        old text is left in no version and no index."""
        ...

    def revisions(self, post_id: int) -> list[Row]:
        """Every version, oldest first, with who wrote it (body_md, body_html)."""
        ...

    def add_reaction(self, post_id: int, member_id: int) -> None: ...

    def remove_reaction(self, post_id: int, member_id: int) -> None: ...


class Reveals(Protocol):
    """Revealing an anonymous post's author: one moderator asks, another completes."""

    def get(self, post_id: int) -> Row | None:
        """post_id, requested_by, request_reason, requested_at, revealed_by, reveal_reason, revealed_at."""
        ...

    def request(self, post_id: int, moderator_id: int, reason: str, now: datetime) -> None: ...

    def complete(self, post_id: int, moderator_id: int, reason: str, now: datetime) -> None: ...


class Requests(Protocol):
    """Members' requests for resources the Library lacks, and who asked for each."""

    def create(self, title: str, details: str, member_id: int, now: datetime) -> int:
        """A new open request, with its author as the first member asking."""
        ...

    def get(self, request_id: int, viewer_id: int) -> Row | None:
        """The request with asked_count and asked_by_me (for `viewer_id`)."""
        ...

    def all_requests(self, viewer_id: int) -> list[Row]:
        """Open and planned first, then the rest; newest first within each."""
        ...

    def add_asker(self, request_id: int, member_id: int, now: datetime) -> None: ...

    def remove_asker(self, request_id: int, member_id: int) -> None: ...

    def update(self, request_id: int, changes: Row, now: datetime) -> None:
        """Change status, public_title, public_summary or resource_slug."""
        ...

    def asker_emails(self, request_id: int) -> list[str]:
        """The addresses of the active members who asked, for telling them of a decision."""
        ...


# Search ranks the most recent matches only, this many: ranking every match of a word in
# most posts (bm25, ts_rank) took a third of a second over 100,000 posts, and such a
# word says little about relevance anyway. Fewer matches are all ranked.
RANKED_MATCHES = 2000


class Search(Protocol):
    """Full-text search (FTS5) over posts; rowid is the post id."""

    def index(self, post_id: int, title: str, body: str) -> None: ...

    def reindex_body(self, post_id: int, body: str) -> None: ...

    def search(self, words: str, scope: ForumScope, limit: int, category_id: int | None = None) -> list[Row]:
        """Posts matching every word (as a word prefix), best first among the newest
        RANKED_MATCHES matches, each with an HTML-safe snippet; only in one category when
        `category_id` is given."""
        ...


class Sessions(Protocol):
    """Server-side sessions: only the SHA-256 of each token is stored."""

    def create(self, member_id: int, token_hash: str, now: datetime) -> None: ...

    def find(self, token_hash: str) -> tuple[Row, Member] | None:
        """The session (id, member_id, created_at, last_seen_at) and its member, in one query."""
        ...

    def touch(self, session_id: int, now: datetime) -> None: ...

    def delete(self, session_id: int) -> None: ...

    def delete_for_member(self, member_id: int) -> None: ...

    def delete_all(self) -> int:
        """End every session; returns how many there were."""
        ...


class Status(Protocol):
    """Questions about the database as a whole."""

    def database_answers(self) -> None: ...

    def admin_exists(self) -> bool: ...


class Threads(Protocol):
    """Threads, and each member's relation to them (read position, following)."""

    def create(
        self, category_id: int, author_id: int, title: str, page_key: str | None, now: datetime
    ) -> int: ...

    def get(self, thread_id: int, scope: ForumScope) -> Row | None: ...

    def plain(self, thread_id: int, scope: ForumScope) -> Row | None:
        """The thread's own columns (id, category_id, author_id, title, pinned, locked,
        accepted_post_id, first_post_id, created_at, last_post_at) and what its visibility
        turns on (category_archived, first_post_status, first_post_held), if the scope sees
        it: what checks before a write and events' audiences need, without the author's
        name, the counts (which read every post of the thread) and the viewer's relation
        that `get` adds for showing it."""
        ...

    def by_page_key(self, page_key: str, scope: ForumScope) -> Row | None: ...

    def page_key_taken(self, page_key: str) -> bool:
        """Whether a thread holds the page (a hidden or deleted thread's released key does not)."""
        ...

    def release_page_key(self, thread_id: int) -> None:
        """Give the thread's page back, remembering the key for a restore."""
        ...

    def reclaim_page_key(self, thread_id: int) -> bool:
        """Take a released key back; False if another thread holds the page now."""
        ...

    def in_category(self, category_id: int, scope: ForumScope, limit: int, offset: int) -> list[Row]:
        """Pinned threads first, then the most recently active."""
        ...

    def across(self, kind: str, scope: ForumScope, limit: int, offset: int) -> list[Row]:
        """Threads of every category the scope shows, as one of LIST_KINDS: latest (most
        recently active), unanswered (no reply, no accepted answer; newest first), unread
        (posts after the viewer's read position) or following (threads the viewer follows)."""
        ...

    def update(self, thread_id: int, changes: Row) -> None:
        """Change first_post_id, pinned, locked, category_id or accepted_post_id."""
        ...

    def record_activity(self, thread_id: int, now: datetime) -> None: ...

    def follow(self, member_id: int, thread_id: int) -> None: ...

    def unfollow(self, member_id: int, thread_id: int) -> None: ...

    def mark_read(self, member_id: int, thread_id: int, post_id: int) -> None:
        """Move the read position forward (never back) to `post_id`."""
        ...


class Repositories(Protocol):
    """Every repository over one connection; inside `Store.write()`, one transaction."""

    audit: Audit
    categories: Categories
    domains: Domains
    email_tokens: EmailTokens
    event_feed: EventFeed
    events: Events
    flags: Flags
    idempotency: Idempotency
    members: Members
    posts: Posts
    reveals: Reveals
    requests: Requests
    search: Search
    sessions: Sessions
    status: Status
    threads: Threads


class Store(Protocol):
    """A database: repositories to read with, one write transaction at a time.

    Both block; callers run them on worker threads, never on the event loop.
    """

    def read(self) -> Repositories:
        """Repositories outside any transaction (each statement sees committed data)."""
        ...

    def write(self) -> AbstractContextManager[Repositories]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        ...

    def migrate(self) -> list[str]:
        """Apply pending schema migrations; returns their names."""
        ...

    def backup(self, destination: Path) -> None:
        """A consistent copy of the live database at `destination` (which must not exist)."""
        ...

    def restore(self, backup_file: Path) -> None:
        """Replace the database with a backup, after checking it is one of ours."""
        ...

    def close(self) -> None: ...
