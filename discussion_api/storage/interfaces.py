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
    # The groups the member belongs to (admins add them; see `Groups`).
    groups: frozenset[int] = frozenset()

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
    `groups`: a category limited to groups is seen only by members of one of them;
    `all_groups` sees every limited category (moderators).
    """

    viewer_id: int
    removed: bool
    archived: bool
    held: bool = False
    groups: frozenset[int] = frozenset()
    all_groups: bool = False


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
        """The categories the scope sees, in order, each counting only the threads it sees.

        Category rows carry `groups`: the ids of the groups they are limited to (thread
        rows carry the same as `category_groups`)."""
        ...

    def get(self, category_id: int) -> Row | None: ...

    def slug_taken(self, slug: str, other_than: int | None = None) -> bool: ...

    def create(self, fields: Row) -> int: ...

    def update(self, category_id: int, changes: Row) -> None: ...

    def limit_to(self, category_id: int, group_ids: list[int]) -> None:
        """Limit the category to these groups (an empty list opens it to every member)."""
        ...


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
        browser_hash: str | None = None,
    ) -> None: ...

    def consume(
        self, token_hash: str, purpose: str, now: datetime, browser_hash: str | None = None
    ) -> TokenRow | None:
        """Use the token once: returns its row if it was live, and marks it used. A token
        bound to a browser (created with `browser_hash`) is live only for that browser."""
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


class RateCounts(Protocol):
    """Moving-window rate counts that every process on the database shares.

    The two methods of the `limits` library's moving-window storages
    (`limits.storage.MovingWindowSupport`); `key` is the library's, naming the rate
    and who is counted."""

    def acquire_entry(self, key: str, limit: int, expiry: int, amount: int = 1) -> bool:
        """Count `amount` uses now unless that would make more than `limit` in the last
        `expiry` seconds; False (and nothing counted) then."""
        ...

    def get_moving_window(self, key: str, limit: int, expiry: int) -> tuple[float, int]:
        """(time of the oldest use in the window, uses in the window), times in epoch seconds."""
        ...


class StreamLeases(Protocol):
    """Which event streams are open, counted across every process on the database, so
    the per-member cap holds whichever process a browser reaches.

    A process renews its leases while it runs; a process that dies without releasing
    them stops renewing, and its leases stop counting after a while."""

    def claim(self, member_id: int, cap: int) -> int | None:
        """A lease on one more stream for the member (its id), or None at `cap`."""
        ...

    def release(self, lease_id: int) -> None: ...

    def renew(self) -> None:
        """Keep this process's leases alive and drop those of processes gone quiet."""
        ...

    def close(self) -> None:
        """Release every lease of this process (it is shutting down)."""
        ...


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


class Identities(Protocol):
    """Identities at OpenID providers linked to accounts, keyed by (issuer, subject)."""

    def member_for(self, issuer: str, subject: str) -> int | None: ...

    def link(
        self, issuer: str, subject: str, member_id: int, provider: str, email: str, now: datetime
    ) -> None: ...

    def for_member(self, member_id: int) -> list[Row]:
        """provider, email and created_at of each identity, oldest first."""
        ...


class Passkeys(Protocol):
    """WebAuthn credentials (passkeys): several per account, named and removable."""

    def add(
        self, member_id: int, credential_id: str, public_key: str, sign_count: int, name: str, now: datetime
    ) -> int: ...

    def by_credential(self, credential_id: str) -> Row | None: ...

    def for_member(self, member_id: int) -> list[Row]:
        """id, credential_id, name, created_at and last_used_at of each, oldest first."""
        ...

    def used(self, passkey_id: int, sign_count: int, now: datetime) -> None: ...

    def remove(self, member_id: int, passkey_id: int) -> bool:
        """False if the member has no such passkey."""
        ...


class SecondFactors(Protocol):
    """TOTP secrets and one-time recovery codes."""

    def totp(self, member_id: int) -> Row | None:
        """secret, created_at, confirmed_at (None while only set up)."""
        ...

    def start_totp(self, member_id: int, secret: str, now: datetime) -> None:
        """Replace any unconfirmed set-up with this secret."""
        ...

    def confirm_totp(self, member_id: int, now: datetime) -> None: ...

    def remove_totp(self, member_id: int) -> None:
        """The TOTP secret and every recovery code go."""
        ...

    def replace_recovery_codes(self, member_id: int, code_hashes: list[str]) -> None: ...

    def use_recovery_code(self, member_id: int, code_hash: str, now: datetime) -> bool:
        """Mark an unused code used; False if there was none."""
        ...

    def recovery_codes_left(self, member_id: int) -> int: ...


class Groups(Protocol):
    """Groups of members (moderators, verified clinicians, a state's chapter...): admins
    fill them, and a category limited to groups shows only to their members."""

    def all_groups(self) -> list[Row]:
        """Every group by name, with member_count."""
        ...

    def get(self, group_id: int) -> Row | None: ...

    def slug_taken(self, slug: str) -> bool: ...

    def create(self, slug: str, name: str, description: str, now: datetime) -> int: ...

    def members_of(self, group_id: int) -> list[Row]:
        """id, name and added_at of each member, by name."""
        ...

    def add_member(self, group_id: int, member_id: int, added_by: int, now: datetime) -> bool:
        """False if the member was in the group already."""
        ...

    def remove_member(self, group_id: int, member_id: int) -> bool: ...


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

    def profile(self, member_id: int) -> Row | None:
        """The member's own fields, and `has_posted`: whether they have written any post."""
        ...

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
        """Approved, unsuspended members matching every given filter, by name: name and
        facility (contain), state, professional_role and facility_type (equal), bed_band
        (a core.vocabulary.BedBand: the bed count within its range), is_coordinator."""
        ...

    def directory_entry(self, member_id: int, now: datetime) -> Row | None: ...

    def erase(self, member_id: int, blank_profile: Row, now: datetime) -> None:
        """Account deletion: delete the rows only about the member (sessions, tokens,
        groups, follows, reads, reactions, requests asked, idempotency keys) and overwrite
        the member's row with `blank_profile`, marking it deleted at `now`."""
        ...

    def set_verification(self, member_id: int, changes: Row) -> None:
        """Change licence and verification columns (rows.VERIFICATION_COLUMNS) only."""
        ...

    def verification_rows(self) -> list[Row]:
        """Approved members with their licence, verification and facility-confirmation dates."""
        ...

    def network_members(self, now: datetime) -> list[Row]:
        """state, facility, cms_ccn, bed_count and is_coordinator of every active member
        (approved, not suspended, not deleted), for the public network stats."""
        ...


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


class Records(Protocol):
    """Data-rights exports (storage/records.py says which columns): never a password
    hash or token, and a member's export holds only rows that are theirs."""

    def of_member(self, member_id: int) -> dict[str, list[Row]]:
        """profile, groups, sessions, threads_started, posts, post_versions, follows,
        helpful_marks, flags_raised, resource_requests, resource_requests_asked."""
        ...

    def forum(self) -> dict[str, list[Row]]:
        """Every table of the forum, members (without secrets) included, in key order."""
        ...


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

    def create(
        self, member_id: int, token_hash: str, now: datetime, two_factor: bool = False, device: str = ""
    ) -> None: ...

    def for_member(self, member_id: int) -> list[Row]:
        """id, created_at, last_seen_at, device and two_factor of each, latest seen first."""
        ...

    def find(self, token_hash: str) -> tuple[Row, Member] | None:
        """The session (id, member_id, created_at, last_seen_at, two_factor: 1 if it was
        opened with a second factor, device) and its member, in one query."""
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


class Notifications(Protocol):
    """Notification jobs (one per write that should tell someone), the notifications the
    mail worker expands them into, members' email choices, and which digests have run."""

    def enqueue(
        self,
        kind: str,
        now: datetime,
        *,
        actor_id: int | None = None,
        member_id: int | None = None,
        thread_id: int | None = None,
        post_id: int | None = None,
        reason: str = "",
    ) -> None:
        """One job, inside the transaction of the write that causes it."""
        ...

    def pending_jobs(self, limit: int) -> list[Row]:
        """Jobs not expanded yet, oldest first."""
        ...

    def claim_jobs(self, limit: int, now: datetime, until: datetime) -> list[Row]:
        """Up to `limit` jobs not expanded yet that no worker holds (or whose hold ended by
        `now`), oldest first, held until `until`; inside a write transaction."""
        ...

    def finish_jobs(self, job_ids: list[int], now: datetime) -> None: ...

    def add(self, notifications: list[Row], now: datetime) -> list[int]:
        """Store notifications (job_id, member_id, kind, email, thread_id, post_id, reason);
        one per job and member, so expanding a job twice adds nothing. Returns the
        members that got a new one."""
        ...

    def for_member(self, member_id: int, before_id: int | None, limit: int) -> list[Row]:
        """The member's notifications, newest first; page with `before_id`."""
        ...

    def unread_count(self, member_id: int) -> int: ...

    def mark_read(self, member_id: int, notification_id: int | None, now: datetime) -> int:
        """Mark one of the member's notifications read (all of them with None); returns how many changed."""
        ...

    def unmailed(self, email: str) -> list[Row]:
        """Notifications waiting for an email of this kind (immediate, daily, weekly), by
        member then id, with the member's row (member_email, member_name, member_role,
        member_status, member_suspended_at, member_suspended_until) and that member as
        `recipient`."""
        ...

    def mark_mailed(self, notification_ids: list[int], now: datetime) -> list[int]:
        """Mark them mailed; returns those that were not yet (another worker may have been first)."""
        ...

    def preferences(self, member_id: int) -> dict[str, str]:
        """The member's choices that differ from the defaults, kind -> mode."""
        ...

    def preferences_for(self, member_ids: list[int], kind: str) -> dict[int, str]: ...

    def set_preference(self, member_id: int, kind: str, mode: str) -> None: ...

    def claim_run(self, name: str, now: datetime) -> bool:
        """Record that the periodic mail `name` ran; False if it already had."""
        ...

    def has_run(self, name: str) -> bool:
        """Whether the periodic mail `name` has run: a read, so the mail worker's every
        tick does not take the writer (and an fsync) to learn that today's mail is done."""
        ...

    def followers(self, thread_id: int) -> list[Member]: ...

    def named(self, names: list[str]) -> list[Member]:
        """Approved members whose name (case-insensitive) is one of `names`."""
        ...

    def moderators(self) -> list[Member]:
        """Approved moderators and admins."""
        ...

    def names_starting(self, prefix: str, limit: int) -> list[Member]:
        """Approved members whose name starts with `prefix` (case-insensitive), by name."""
        ...


class Outbox(Protocol):
    """Every email, written before it is sent and marked once it is."""

    def add(self, mail: Row, now: datetime) -> int:
        """message_id, member_id, kind, recipient, subject, body, unsubscribe_url,
        attachment_name, attachment; queued, due now."""
        ...

    def any_due(self, now: datetime) -> bool:
        """Whether `claim_due` would find mail (read first, so an idle round takes no write turn)."""
        ...

    def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Row]:
        """Queued mail due by `now` that no live claim holds, oldest first, claimed until
        `lease_until` (a sender that dies leaves it to be claimed again then)."""
        ...

    def mark_sent(self, mail_id: int, now: datetime) -> None:
        """Sent: its body is dropped (it reached its reader; the outbox keeps no copy)."""
        ...

    def replace_text(self, old: str, new: str) -> None:
        """`old` becomes `new` in every kept subject and body (a redaction)."""
        ...

    def holding(self, fragment: str) -> list[Row]:
        """The mail (id, body) whose kept body contains `fragment`."""
        ...

    def set_body(self, mail_id: int, body: str) -> None: ...

    def retry_later(self, mail_id: int, error: str, next_attempt_at: datetime) -> None: ...

    def mark_failed(self, mail_id: int, error: str) -> None: ...

    def last_created(self, member_id: int, kind: str) -> str | None:
        """When the latest mail of this kind to this member was written."""
        ...

    def listing(self, status: str | None, limit: int) -> list[Row]:
        """Newest first, without bodies."""
        ...

    def counts(self) -> dict[str, int]: ...


class WebinarReminders(Protocol):
    """Members' requests to be emailed before a webinar starts."""

    def add(self, member_id: int, webinar: str, starts_at: datetime, now: datetime) -> None: ...

    def remove(self, member_id: int, webinar: str) -> bool: ...

    def of_member(self, member_id: int) -> list[Row]: ...

    def unsent(self, now: datetime) -> list[Row]:
        """Reminders of webinars not started yet with a mail still to send, with the
        member's row (as `Notifications.unmailed`)."""
        ...

    def mark_sent(self, member_id: int, webinar: str, which: str, now: datetime) -> bool:
        """`which`: "day" or "hour"; False if it was already marked (another worker was first)."""
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
    identities: Identities
    groups: Groups
    idempotency: Idempotency
    members: Members
    notifications: Notifications
    outbox: Outbox
    passkeys: Passkeys
    posts: Posts
    records: Records
    reveals: Reveals
    requests: Requests
    search: Search
    second_factors: SecondFactors
    sessions: Sessions
    status: Status
    threads: Threads
    webinar_reminders: WebinarReminders


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
