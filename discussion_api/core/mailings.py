"""What the Network emails, and when: batched notifications, digests, the moderators'
daily summary and webinar reminders, each written to the outbox in the same
transaction that marks what it covers, so nothing is mailed twice or never.

Emails are link-only: what happened and where, never a post's text, unless the
operator allows short excerpts (SCN_MAIL_EXCERPT_CHARS). Each names the one
category of mail it belongs to, with a one-click unsubscribe link for that member
and that category (RFC 8058; the mail worker adds the headers).
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from ..storage.interfaces import Repositories, Row, Store
from . import policy
from .clock import parse
from .membership import AWAITING_REVIEW
from .notifications import CATEGORIES, CATEGORY_OF, Item, unsubscribe_token, visible_items
from .policy import Rank, Viewer
from .webinars import Webinar


@dataclass(frozen=True)
class MailSettings:
    public_url: str
    site_name: str
    secret: bytes
    sender_domain: str
    batch_window: timedelta  # at most one "immediately" mail per member and category this often
    excerpt_chars: int = 0


_WHEN = {
    "immediate": "as things happen (at most one email every few minutes)",
    "daily": "once a day",
    "weekly": "once a week",
}


def schedule(store: Store, settings: MailSettings, now: datetime, webinars: dict[str, Webinar]) -> int:
    """Write every email that is due now to the outbox; returns how many.

    Each period's digest runs once (`mail_runs`); one interrupted after its claim leaves
    its notifications unmailed, and the next period's digest includes them."""
    written = _notification_mail(store, settings, now, "immediate")
    day = now.date().isoformat()
    year, week, _ = now.isocalendar()
    if _claim(store, f"daily:{day}", now):
        written += _notification_mail(store, settings, now, "daily")
    if _claim(store, f"weekly:{year}-W{week:02d}", now):
        written += _notification_mail(store, settings, now, "weekly")
    written += moderator_summary(store, settings, now, f"moderator-summary:{day}")
    return written + webinar_reminders(store, settings, now, webinars)


def _claim(store: Store, name: str, now: datetime) -> bool:
    if store.read().notifications.has_run(name):
        return False
    with store.write() as db:
        return db.notifications.claim_run(name, now)


def _active(row: Row, now: datetime) -> Viewer:
    """The recipient as the policy sees them now (storage hands them over as `recipient`)."""
    return policy.recipient(row["recipient"], now)


def _notification_mail(store: Store, settings: MailSettings, now: datetime, mode: str) -> int:
    """One email per member and category, listing what waits in that mode."""
    written = 0

    def member_and_category(row: Row) -> tuple[int, str]:
        return row["member_id"], CATEGORY_OF[row["kind"]]

    reader = store.read()
    rows = sorted(reader.notifications.unmailed(mode), key=lambda r: (*member_and_category(r), r["id"]))
    for (member_id, category), group in groupby(rows, key=member_and_category):
        waiting = list(group)
        # Mail still inside its batch window waits without taking the one writer; the check
        # is made again inside the transaction, where two workers cannot both pass it.
        if mode == "immediate" and _batched_recently(reader, member_id, category, settings, now):
            continue
        with store.write() as db:
            if mode == "immediate" and _batched_recently(db, member_id, category, settings, now):
                continue
            # Only what this transaction marks: another worker may have mailed the rest.
            marked = set(db.notifications.mark_mailed([row["id"] for row in waiting], now))
            waiting = [row for row in waiting if row["id"] in marked]
            viewer = _active(waiting[0], now) if waiting else None
            if viewer is None or viewer.rank < Rank.MEMBER:
                continue
            items = visible_items(db, viewer, waiting, settings.excerpt_chars)
            if items:
                _write(
                    db,
                    settings,
                    now,
                    viewer,
                    category,
                    _subject(items, mode),
                    _body(settings, items, mode, category),
                )
                written += 1
    return written


def _batched_recently(
    db: Repositories, member_id: int, category: str, settings: MailSettings, now: datetime
) -> bool:
    last = db.outbox.last_created(member_id, category)
    return last is not None and parse(last) > now - settings.batch_window


def _subject(items: list[Item], mode: str) -> str:
    if len(items) == 1 and mode == "immediate":
        return items[0].text
    period = {"daily": "Your daily digest: ", "weekly": "Your weekly digest: "}.get(mode, "")
    return f"{period}{len(items)} new notification{'s' if len(items) != 1 else ''}"


def _body(settings: MailSettings, items: list[Item], mode: str, category: str) -> str:
    lines = []
    for item in items:
        lines.append(f"- {item.text}\n  {settings.public_url}/{item.path}")
        if item.excerpt:
            lines.append(f"  “{item.excerpt}”")
    return (
        "\n".join(lines)
        + f"\n\nYou get emails about “{CATEGORIES[category].label.lower()}” {_WHEN[mode]}."
        + f"\nChoose what you get: {settings.public_url}/account/\n"
    )


def _write(
    db: Repositories,
    settings: MailSettings,
    now: datetime,
    viewer: Viewer,
    category: str,
    subject: str,
    body: str,
    attachment: tuple[str, str] | None = None,
) -> None:
    assert viewer.member is not None
    token = unsubscribe_token(settings.secret, viewer.id, category)
    unsubscribe_url = f"{settings.public_url}/unsubscribe?member={viewer.id}&kind={category}&token={token}"
    db.outbox.add(
        {
            # Fixed now: a resend after a crash carries the same Message-ID.
            "message_id": f"<{uuid.uuid4().hex}@{settings.sender_domain}>",
            "member_id": viewer.id,
            "kind": category,
            "recipient": viewer.member.email,
            "subject": subject,
            "body": body + f"Stop these emails: {unsubscribe_url}\n",
            "unsubscribe_url": unsubscribe_url,
            "attachment_name": attachment[0] if attachment else None,
            "attachment": attachment[1] if attachment else None,
        },
        now,
    )


def moderator_summary(store: Store, settings: MailSettings, now: datetime, run: str) -> int:
    """Each moderator's daily "waiting for you": how many applications, flags and held posts.
    Claiming the day's `run` and writing the mail are one transaction: sent once, never lost."""
    written = 0
    if store.read().notifications.has_run(run):
        return 0
    with store.write() as db:
        if not db.notifications.claim_run(run, now):
            return 0
        applications = len(db.members.applications(AWAITING_REVIEW))
        flags = len(db.flags.open_flags())
        held = len(db.posts.held_posts(policy.EVERYTHING))
        if applications + flags + held == 0:
            return 0
        moderators = db.notifications.moderators()
        chosen = db.notifications.preferences_for([m.id for m in moderators], "moderator_summary")
        for moderator in moderators:
            viewer = policy.recipient(moderator, now)
            if not viewer.is_moderator or chosen.get(moderator.id, "daily") == "none":
                continue
            body = (
                "Waiting for a moderator today:\n"
                f"- {applications} membership application{'s' if applications != 1 else ''}\n"
                f"- {flags} open flag{'s' if flags != 1 else ''}\n"
                f"- {held} held post{'s' if held != 1 else ''}\n"
                f"\nReview them: {settings.public_url}/moderation/\n\n"
            )
            total = applications + flags + held
            _write(db, settings, now, viewer, "moderator_summary", f"{total} waiting for a moderator", body)
            written += 1
    return written


REMINDERS = (("day", timedelta(days=1), "tomorrow"), ("hour", timedelta(hours=1), "in an hour"))


def webinar_reminders(
    store: Store, settings: MailSettings, now: datetime, webinars: dict[str, Webinar]
) -> int:
    """A day and an hour before a webinar a member asked about: an email with its .ics.

    A reminder that comes due late (the service was down) is sent once, the nearest one."""
    written = 0
    for row in store.read().webinar_reminders.unsent(now):
        webinar = webinars.get(row["webinar"])
        starts = parse(row["starts_at"])
        due = [
            (which, words)
            for which, before, words in REMINDERS
            if now >= starts - before and row[f"{which}_sent_at"] is None
        ]
        if not due or webinar is None:
            continue
        words = due[-1][1]
        with store.write() as db:
            marked = [
                db.webinar_reminders.mark_sent(row["member_id"], row["webinar"], done, now) for done, _ in due
            ]
            if not marked[-1]:
                continue  # another worker sent this one
            viewer = _active(row, now)
            chosen = db.notifications.preferences_for([viewer.id], "webinar").get(viewer.id, "immediate")
            if viewer.rank < Rank.MEMBER or chosen == "none":
                continue
            body = (
                f"“{webinar.title}” starts {words}, at {webinar.start:%H:%M} UTC on {webinar.start:%A %d %B %Y}.\n"
                f"{webinar.url}\n\nThe attached calendar file adds it to your calendar.\n\n"
            )
            _write(
                db,
                settings,
                now,
                viewer,
                "webinar",
                f"Reminder: {webinar.title} starts {words}",
                body,
                (f"{webinar.slug}.ics", webinar.ics),
            )
            written += 1
    return written
