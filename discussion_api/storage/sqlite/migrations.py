"""Versioned schema changes (sqlite-utils Migrations). Append new steps; never edit old ones."""

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from ..default_categories import DEFAULT_CATEGORIES
from ..sign_in_schema import SIGN_IN_METHODS_SCHEMA

migrations = Migrations("discussion_api")

_INITIAL_SCHEMA = (
    """CREATE TABLE members (
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        password_hash TEXT NOT NULL,
        name TEXT NOT NULL,
        professional_role TEXT NOT NULL,
        credentials TEXT NOT NULL DEFAULT '',
        job_title TEXT NOT NULL DEFAULT '',
        facility TEXT NOT NULL DEFAULT '',
        city TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL,
        bed_count INTEGER,
        is_coordinator INTEGER NOT NULL DEFAULT 0,
        show_email INTEGER NOT NULL DEFAULT 0,
        role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'admin')),
        status TEXT NOT NULL CHECK (status IN
            ('unverified', 'pending', 'info_requested', 'approved', 'rejected')),
        moderator_message TEXT,
        applicant_note TEXT,
        suspended_at TEXT,
        suspended_until TEXT,
        agreed_rules_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        verified_at TEXT,
        approved_at TEXT
    )""",
    "CREATE INDEX members_status ON members(status)",
    """CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL
    )""",
    "CREATE INDEX sessions_member ON sessions(member_id)",
    """CREATE TABLE email_tokens (
        token_hash TEXT PRIMARY KEY,
        member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
        purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'email_change')),
        new_email TEXT,
        expires_at TEXT NOT NULL,
        used_at TEXT
    )""",
    """CREATE TABLE auto_approve_domains (
        domain TEXT PRIMARY KEY COLLATE NOCASE,
        added_by INTEGER REFERENCES members(id),
        added_at TEXT NOT NULL
    )""",
    """CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        actor_id INTEGER REFERENCES members(id),
        action TEXT NOT NULL,
        target_type TEXT NOT NULL,
        target_id TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE categories (
        id INTEGER PRIMARY KEY,
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL DEFAULT 0,
        archived INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE threads (
        id INTEGER PRIMARY KEY,
        category_id INTEGER NOT NULL REFERENCES categories(id),
        author_id INTEGER NOT NULL REFERENCES members(id),
        title TEXT NOT NULL,
        page_key TEXT UNIQUE,
        pinned INTEGER NOT NULL DEFAULT 0,
        locked INTEGER NOT NULL DEFAULT 0,
        accepted_post_id INTEGER,
        created_at TEXT NOT NULL,
        last_post_at TEXT NOT NULL
    )""",
    "CREATE INDEX threads_category ON threads(category_id, pinned, last_post_at)",
    """CREATE TABLE posts (
        id INTEGER PRIMARY KEY,
        thread_id INTEGER NOT NULL REFERENCES threads(id),
        author_id INTEGER NOT NULL REFERENCES members(id),
        quote_post_id INTEGER REFERENCES posts(id),
        body_md TEXT NOT NULL,
        body_html TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'deleted', 'hidden')),
        created_at TEXT NOT NULL,
        edited_at TEXT
    )""",
    "CREATE INDEX posts_thread ON posts(thread_id, id)",
    """CREATE TABLE post_revisions (
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL REFERENCES posts(id),
        body_md TEXT NOT NULL,
        body_html TEXT NOT NULL,
        written_by INTEGER NOT NULL REFERENCES members(id),
        written_at TEXT NOT NULL
    )""",
    "CREATE INDEX post_revisions_post ON post_revisions(post_id, id)",
    """CREATE TABLE reactions (
        post_id INTEGER NOT NULL REFERENCES posts(id),
        member_id INTEGER NOT NULL REFERENCES members(id),
        kind TEXT NOT NULL DEFAULT 'helpful',
        PRIMARY KEY (post_id, member_id, kind)
    )""",
    """CREATE TABLE thread_reads (
        member_id INTEGER NOT NULL REFERENCES members(id),
        thread_id INTEGER NOT NULL REFERENCES threads(id),
        last_read_post_id INTEGER NOT NULL,
        PRIMARY KEY (member_id, thread_id)
    )""",
    """CREATE TABLE follows (
        member_id INTEGER NOT NULL REFERENCES members(id),
        thread_id INTEGER NOT NULL REFERENCES threads(id),
        PRIMARY KEY (member_id, thread_id)
    )""",
    """CREATE TABLE flags (
        id INTEGER PRIMARY KEY,
        post_id INTEGER NOT NULL REFERENCES posts(id),
        reporter_id INTEGER NOT NULL REFERENCES members(id),
        reason TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'actioned')),
        created_at TEXT NOT NULL,
        resolved_by INTEGER REFERENCES members(id),
        resolved_at TEXT
    )""",
    "CREATE INDEX flags_open ON flags(status, id)",
    # The events log issue 4's SSE replays: ids only ever grow (AUTOINCREMENT never reuses).
    """CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        topic TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX events_topic ON events(topic, id)",
    # rowid = posts.id; kept in step by storage/posts.py in the same transaction.
    "CREATE VIRTUAL TABLE post_search USING fts5(title, body, tokenize='porter unicode61')",
)


@migrations()
def m001_initial_schema(db: Database) -> None:
    for statement in _INITIAL_SCHEMA:
        db.execute(statement)


@migrations()
def m002_seed_categories(db: Database) -> None:
    db["categories"].insert_all(
        {"slug": slug, "name": name, "description": description, "position": position}
        for position, (slug, name, description) in enumerate(DEFAULT_CATEGORIES)
    )


@migrations()
def m003_thread_first_post(db: Database) -> None:
    # A thread stands or falls with its first post: hidden or deleted, the thread is too.
    db.execute("ALTER TABLE threads ADD COLUMN first_post_id INTEGER REFERENCES posts(id)")


@migrations()
def m004_idempotency_keys(db: Database) -> None:
    # A retried create (the widget resends a draft after a lost answer) finds its first result.
    db.execute("""
        CREATE TABLE idempotency_keys (
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            key TEXT NOT NULL,
            post_id INTEGER NOT NULL REFERENCES posts(id),
            created_at TEXT NOT NULL,
            PRIMARY KEY (member_id, key)
        )""")


@migrations()
def m005_idempotency_requests(db: Database) -> None:
    # A key names one request: reused for a different one, it is refused, not answered
    # with the first request's result.
    db.execute("ALTER TABLE idempotency_keys ADD COLUMN request TEXT NOT NULL DEFAULT ''")


@migrations()
def m006_resource_requests(db: Database) -> None:
    # Members ask for resources the Library lacks; staff plan, publish or decline them.
    db.execute("""
        CREATE TABLE resource_requests (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            details TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'planned', 'published', 'declined')),
            public_title TEXT,
            public_summary TEXT,
            resource_slug TEXT,
            created_by INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE resource_request_askers (
            request_id INTEGER NOT NULL REFERENCES resource_requests(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            asked_at TEXT NOT NULL,
            PRIMARY KEY (request_id, member_id)
        )""")


@migrations()
def m007_held_and_anonymous_posts(db: Database) -> None:
    # Issue 12. A post the author confirmed despite the patient-information guard waits,
    # held, for a moderator (its author and moderators see it meanwhile). An anonymous
    # post keeps its author for moderators' two-person reveal; members never learn it.
    db.execute("ALTER TABLE posts ADD COLUMN held INTEGER NOT NULL DEFAULT 0")
    db.execute("ALTER TABLE posts ADD COLUMN anonymous INTEGER NOT NULL DEFAULT 0")
    db.execute("CREATE INDEX posts_held ON posts(held) WHERE held")
    # One row per post whose author a moderator asked to reveal; a second, different
    # moderator completes it. Reasons are kept; the audit log records both steps too.
    db.execute("""
        CREATE TABLE author_reveals (
            post_id INTEGER PRIMARY KEY REFERENCES posts(id),
            requested_by INTEGER NOT NULL REFERENCES members(id),
            request_reason TEXT NOT NULL,
            requested_at TEXT NOT NULL,
            revealed_by INTEGER REFERENCES members(id),
            reveal_reason TEXT,
            revealed_at TEXT
        )""")


@migrations()
def m008_signin_links(db: Database) -> None:
    # Emailed sign-in links (http/signin.py): the CHECK on purpose changes, which in
    # SQLite means a new table. Nothing references email_tokens, so it can be swapped.
    db.execute("""
        CREATE TABLE email_tokens_new (
            token_hash TEXT PRIMARY KEY,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            purpose TEXT NOT NULL CHECK (purpose IN ('verify', 'reset', 'email_change', 'signin')),
            new_email TEXT,
            expires_at TEXT NOT NULL,
            used_at TEXT
        )""")
    db.execute("INSERT INTO email_tokens_new SELECT * FROM email_tokens")
    db.execute("DROP TABLE email_tokens")
    db.execute("ALTER TABLE email_tokens_new RENAME TO email_tokens")


@migrations()
def m009_released_page_keys(db: Database) -> None:
    # A hidden or deleted thread gives its Library page back (core/posting.py says why),
    # keeping the key here so a restore can take it back if nobody else has.
    db.execute("ALTER TABLE threads ADD COLUMN released_page_key TEXT")
    db.execute("""
        UPDATE threads SET released_page_key = page_key, page_key = NULL
        WHERE page_key IS NOT NULL
          AND first_post_id IN (SELECT id FROM posts WHERE status != 'visible')""")


@migrations()
def m010_notifications(db: Database) -> None:
    # Issue 10. A write that should notify someone enqueues one job in its own
    # transaction; the mail worker expands it (followers, mentions, moderators) into
    # notifications, so fan-out stays off the request path and is never lost.
    db.execute("""
        CREATE TABLE notification_jobs (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            actor_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
            member_id INTEGER REFERENCES members(id) ON DELETE CASCADE,
            thread_id INTEGER,
            post_id INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            expanded_at TEXT
        )""")
    db.execute("CREATE INDEX notification_jobs_pending ON notification_jobs(id) WHERE expanded_at IS NULL")
    # `email` is the member's choice for this kind when the notification was made.
    db.execute("""
        CREATE TABLE notifications (
            id INTEGER PRIMARY KEY,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            job_id INTEGER NOT NULL REFERENCES notification_jobs(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            thread_id INTEGER,
            post_id INTEGER,
            reason TEXT NOT NULL DEFAULT '',
            email TEXT NOT NULL CHECK (email IN ('immediate', 'daily', 'weekly', 'none')),
            created_at TEXT NOT NULL,
            read_at TEXT,
            mailed_at TEXT,
            UNIQUE (job_id, member_id)
        )""")
    db.execute("CREATE INDEX notifications_member ON notifications(member_id, id)")
    db.execute(
        "CREATE INDEX notifications_unmailed ON notifications(email, member_id)"
        " WHERE mailed_at IS NULL AND email != 'none'"
    )
    db.execute("""
        CREATE TABLE notification_preferences (
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            mode TEXT NOT NULL CHECK (mode IN ('immediate', 'daily', 'weekly', 'none')),
            PRIMARY KEY (member_id, kind)
        )""")
    # Every email the Network sends, written before it is sent; the Message-ID is fixed
    # here, so a resend after a crash is recognisably the same message.
    db.execute("""
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            message_id TEXT NOT NULL UNIQUE,
            member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
            kind TEXT NOT NULL,
            recipient TEXT NOT NULL,
            subject TEXT NOT NULL,
            body TEXT NOT NULL,
            unsubscribe_url TEXT,
            attachment_name TEXT,
            attachment TEXT,
            status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            claimed_until TEXT,
            last_error TEXT,
            created_at TEXT NOT NULL,
            sent_at TEXT
        )""")
    db.execute("CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE status = 'queued'")
    db.execute("CREATE INDEX outbox_member_kind ON outbox(member_id, kind, created_at)")
    # Digests and summaries done for a period ("daily:2026-03-02"), so each runs once.
    db.execute("CREATE TABLE mail_runs (name TEXT PRIMARY KEY, ran_at TEXT NOT NULL)")
    db.execute("""
        CREATE TABLE webinar_reminders (
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            webinar TEXT NOT NULL,
            starts_at TEXT NOT NULL,
            created_at TEXT NOT NULL,
            day_sent_at TEXT,
            hour_sent_at TEXT,
            PRIMARY KEY (member_id, webinar)
        )""")


@migrations()
def m011_sign_in_methods(db: Database) -> None:
    for statement in SIGN_IN_METHODS_SCHEMA:
        db.execute(statement.format(id="INTEGER", serial="INTEGER"))


@migrations()
def m012_groups_verification_and_data_rights(db: Database) -> None:
    # Issue 13. Groups (admins add members) and categories limited to groups: the policy
    # (core/policy.py) shows a limited category only to members of one of its groups.
    db.execute("""
        CREATE TABLE member_groups (
            id INTEGER PRIMARY KEY,
            slug TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""")
    db.execute("""
        CREATE TABLE group_members (
            group_id INTEGER NOT NULL REFERENCES member_groups(id) ON DELETE CASCADE,
            member_id INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
            added_by INTEGER REFERENCES members(id),
            added_at TEXT NOT NULL,
            PRIMARY KEY (group_id, member_id)
        )""")
    db.execute("CREATE INDEX group_members_member ON group_members(member_id)")
    db.execute("""
        CREATE TABLE category_groups (
            category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
            group_id INTEGER NOT NULL REFERENCES member_groups(id) ON DELETE CASCADE,
            PRIMARY KEY (category_id, group_id)
        )""")
    # Professional verification that expires, the yearly facility confirmation, a
    # facility's CMS Certification Number (network stats count facilities by it), and
    # account deletion (the row stays, erased, so kept posts show "Former member").
    for column in (
        "licence_number TEXT",
        "licence_state TEXT",
        "cms_ccn TEXT",
        "verification_method TEXT",
        "verification_note TEXT",
        "verified_by INTEGER REFERENCES members(id)",
        "professional_verified_at TEXT",
        "verification_expires_at TEXT",
        "verification_reminded_at TEXT",
        "facility_confirmed_at TEXT",
        "deleted_at TEXT",
    ):
        db.execute(f"ALTER TABLE members ADD COLUMN {column}")


@migrations()
def m013_posts_by_author(db: Database) -> None:
    # Issue 12: the session says whether a member has posted yet (the composer reminds a
    # first-time poster of the community rules); without this, every page load scans posts.
    db.execute("CREATE INDEX IF NOT EXISTS posts_by_author ON posts(author_id)")


# m014 is PostgreSQL's alone (shared rate counts and stream leases): the numbers stay
# the same step on both engines.
@migrations()
def m015_facility_type(db: Database) -> None:
    # Issue 8: the directory finds peers in similar hospitals by facility type
    # (core/vocabulary.FacilityType); NULL until the member says.
    db.execute("ALTER TABLE members ADD COLUMN facility_type TEXT")


@migrations()
def m016_notification_job_claims(db: Database) -> None:
    # The mail worker claims a batch of jobs, chooses their recipients outside any write
    # transaction and stores them in a second one (core/notifications.expand_pending);
    # the claim keeps the other processes' workers off those jobs until it ends.
    db.execute("ALTER TABLE notification_jobs ADD COLUMN claimed_until TEXT")


def migrate(db: Database) -> list[str]:
    """Apply pending migrations; the caller holds the write transaction, so two
    starting workers take turns."""
    pending = [migration.name for migration in migrations.pending(db)]
    migrations.apply(db)
    return pending
