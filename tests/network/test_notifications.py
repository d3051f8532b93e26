"""Notifications and their email, read from a real SMTP server (aiosmtpd) on loopback:
mentions reach only members who see the thread, digests list threads and never post
text, unsubscribe links work without signing in for one member and one kind of mail,
and the moderators' daily summary counts what waits."""

import asyncio
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from email.message import EmailMessage

import pytest
from harness import Mailbox, free_port

from discussion_api.app import create_app
from discussion_api.core import notifications

from .conftest import FAST_HASHER, JOIN, Api, MovableClock, Network, Person, link_token, test_settings
from .forum_helpers import reply, start_thread


@dataclass
class Mailing:
    network: Network
    mailbox: Mailbox

    def run_worker(self) -> None:
        """One round of the mail worker: expand jobs, write due mail, send the outbox."""
        asyncio.run(self.network.app.state.runtime.mail_worker.run_once())

    def to(self, person: Person) -> list[EmailMessage]:
        return [m for m in self.mailbox.messages if m["To"] == person.email]


@contextmanager
def mailing_app(
    tmp_path, database, clock: MovableClock, port: int, mailbox: Mailbox, **env: str
) -> Iterator[Mailing]:
    settings = test_settings(tmp_path, SCN_SMTP_HOST="127.0.0.1", SCN_SMTP_PORT=str(port), **database, **env)
    app = create_app(settings, clock=clock, password_hasher=FAST_HASHER)
    with ExitStack() as stack:
        yield Mailing(Network(app, settings, stack), mailbox)


@pytest.fixture
def mailing(tmp_path, database, clock: MovableClock, smtp_server) -> Iterator[Mailing]:
    with mailing_app(tmp_path, database, clock, *smtp_server, SCN_MAIL_BATCH_MINUTES="0") as made:
        yield made


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content()


def test_a_mention_mails_only_members_who_can_see_the_thread(mailing: Mailing) -> None:
    network = mailing.network
    author = network.signed_in(network.add_member(name="Bea Author"))
    ann = network.add_member(name="Ann Reader")
    pending = network.add_member(name="Pat Pending", status="pending")
    moderator = network.add_member(name="Mo Derator", role="moderator")
    # A held thread (identifiers its author confirmed) is seen by its author and moderators only.
    held = start_thread(
        author,
        title="Held thread",
        body="@Ann Reader @Mo Derator call 312-555-0147 about bed 4",
        confirm_identifiers=True,
    )["thread"]
    visible = start_thread(author, title="Open thread", body="First post")["thread"]
    reply(author, visible["id"], "SECRET-REPLY-TEXT @Ann Reader and @Pat Pending, what do you think?")
    mailing.run_worker()

    ann_mail = mailing.to(ann)
    assert len(ann_mail) == 1, [m["Subject"] for m in ann_mail]
    assert "Bea Author mentioned you" in ann_mail[0]["Subject"]
    assert f"/forum/#/t/{visible['id']}/p/" in body(ann_mail[0])
    assert "SECRET-REPLY-TEXT" not in ann_mail[0].as_string()
    assert mailing.to(pending) == []
    # The moderator hears of the held thread as a post waiting for review, not as a
    # mention (held posts notify nobody but moderators); by email only in the daily summary.
    assert [m["Subject"] for m in mailing.to(moderator)] == [
        "Sepsis Coordinator Network: 2 waiting for a moderator"  # a held post, an application
    ]
    mod_api = network.signed_in(moderator)
    texts = [n["text"] for n in mod_api.get("/notifications").json()["notifications"]]
    assert texts == [f"A post in “{held['title']}” waits for a moderator"]
    ann_api = network.signed_in(ann)
    listed = ann_api.get("/notifications").json()
    assert [n["kind"] for n in listed["notifications"]] == ["mention"]
    assert listed["unread"] == 1


def test_a_category_limited_to_a_group_notifies_and_shows_only_its_members(mailing: Mailing) -> None:
    network = mailing.network
    admin = network.signed_in(network.add_member(name="Ada Admin", role="admin"))
    bea, cam = network.add_member(name="Bea Author"), network.add_member(name="Cam Grouped")
    ann = network.add_member(name="Ann Outside")
    group = admin.post("/admin/groups", {"slug": "pediatrics", "name": "Pediatrics"}).json()
    for person in (bea, cam):
        assert admin.put(f"/admin/groups/{group['id']}/members/{person.id}").status_code == 200
    category = admin.post("/categories", {"slug": "peds", "name": "Pediatric cases"}).json()
    assert admin.put(f"/categories/{category['id']}/groups", {"group_ids": [group["id"]]}).status_code == 200
    author = network.signed_in(bea)
    made = author.post(
        "/threads",
        {
            "category_id": category["id"],
            "title": "LIMITED-TITLE",
            "body": "@Cam Grouped @Ann Outside see this",
        },
    )
    assert made.status_code == 201, made.text
    mailing.run_worker()
    print(
        "DBG",
        network.signed_in(cam).get("/notifications").json(),
        [m["Subject"] for m in mailing.mailbox.messages],
    )
    assert [m["Subject"] for m in mailing.to(cam)] == [
        "Sepsis Coordinator Network: Bea Author mentioned you in “LIMITED-TITLE”"
    ]
    assert mailing.to(ann) == []
    outsider = network.signed_in(ann)
    assert outsider.get("/notifications").json() == {"notifications": [], "unread": 0}
    grouped = network.signed_in(cam)
    assert [n["kind"] for n in grouped.get("/notifications").json()["notifications"]] == ["mention"]
    # Out of the group, the bell shows it no more (checked again whenever it is shown).
    assert admin.delete(f"/admin/groups/{group['id']}/members/{cam.id}").status_code in (200, 204)
    again = network.signed_in(cam).get("/notifications").json()
    assert "LIMITED-TITLE" not in str(again) and again["notifications"] == []


def test_the_composer_suggests_only_members_who_can_see_the_thread(mailing: Mailing) -> None:
    network = mailing.network
    author = network.signed_in(network.add_member(name="Bea Author"))
    network.add_member(name="Anna Member")
    network.add_member(name="Anne Applicant", status="pending")
    network.add_member(name="Annette Moderator", role="moderator")
    open_thread = start_thread(author, title="Open thread", body="Hello")["thread"]
    held = start_thread(author, title="Held", body="Call 312-555-0147", confirm_identifiers=True)["thread"]

    def names(thread: dict) -> list[str]:
        answer = author.get(f"/threads/{thread['id']}/mentions", params={"q": "ann"})
        return [m["name"] for m in answer.json()["members"]]

    assert names(open_thread) == ["Anna Member", "Annette Moderator"]
    assert names(held) == ["Annette Moderator"]


def test_anonymous_replies_never_name_their_author(mailing: Mailing) -> None:
    network = mailing.network
    starter = network.add_member(name="Sam Starter")
    starter_api = network.signed_in(starter)
    thread = start_thread(starter_api, title="Lactate redraw", body="When?")["thread"]
    secret = network.signed_in(network.add_member(name="Hidden Person"))
    reply(secret, thread["id"], "At two hours", anonymous=True)
    mailing.run_worker()

    (mail,) = mailing.to(starter)
    assert "Hidden Person" not in mail.as_string()
    assert "Anonymous member replied to your thread" in mail["Subject"]
    texts = [n["text"] for n in starter_api.get("/notifications").json()["notifications"]]
    assert texts == ["Anonymous member replied to your thread “Lactate redraw”"]


def test_a_weekly_digest_lists_followed_threads_and_no_post_text(
    mailing: Mailing, clock: MovableClock
) -> None:
    network = mailing.network
    reader = network.add_member(name="Rita Reader")
    reader_api = network.signed_in(reader)
    writer = network.signed_in(network.add_member(name="Will Writer"))
    followed = start_thread(writer, title="Followed thread", body="Start")["thread"]
    other = start_thread(writer, title="Unfollowed thread", body="Start")["thread"]
    assert reader_api.put(f"/threads/{followed['id']}/follow").status_code == 200
    mailing.run_worker()  # this week's digest run finds nothing yet
    reply(writer, followed["id"], "DIGEST-SECRET-ONE")
    reply(writer, followed["id"], "DIGEST-SECRET-TWO")
    reply(writer, other["id"], "Not for Rita")
    mailing.run_worker()
    assert mailing.to(reader) == []  # followed threads default to the weekly digest

    clock.advance(days=7)
    mailing.run_worker()
    (digest,) = mailing.to(reader)
    text = body(digest)
    assert "weekly digest: 2 new notifications" in digest["Subject"]
    assert text.count("“Followed thread”") == 2
    assert "Unfollowed thread" not in text
    assert "DIGEST-SECRET" not in digest.as_string()
    clock.advance(days=7)
    mailing.run_worker()
    assert len(mailing.to(reader)) == 1  # nothing new: no second digest


def test_unsubscribe_works_without_signing_in_for_its_member_and_kind_only(mailing: Mailing) -> None:
    network = mailing.network
    ann = network.add_member(name="Ann Reader")
    bob = network.add_member(name="Bob Reader")
    author = network.signed_in(network.add_member(name="Bea Author"))
    thread = start_thread(author, title="Open thread", body="@Ann Reader @Bob Reader hello")["thread"]
    mailing.run_worker()
    (ann_mail,) = mailing.to(ann)
    assert ann_mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(.+)>", ann_mail["List-Unsubscribe"]).group(1)  # type: ignore[union-attr]
    assert f"Stop these emails: {url}" in body(ann_mail)

    stranger = network.client()  # no session, no CSRF token, no Origin: as a mail provider posts
    stranger.client.headers.pop("Origin")
    page = stranger.client.get(url)
    assert page.status_code == 200 and "<form" in page.text
    tampered = url.replace(f"member={ann.id}", f"member={bob.id}")
    assert stranger.client.post(tampered, data={"List-Unsubscribe": "One-Click"}).status_code == 400
    other_kind = url.replace("kind=mention", "kind=reply")
    assert stranger.client.post(other_kind, data={"List-Unsubscribe": "One-Click"}).status_code == 400
    done = stranger.client.post(url, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200, done.text

    reply(author, thread["id"], "@Ann Reader @Bob Reader again")
    mailing.run_worker()
    assert len(mailing.to(ann)) == 1  # Ann unsubscribed from mentions
    assert len(mailing.to(bob)) == 2  # Bob did not
    ann_api = network.signed_in(ann)
    prefs = {p["kind"]: p["mode"] for p in ann_api.get("/notifications/preferences").json()["preferences"]}
    assert prefs["mention"] == "none" and prefs["reply"] == "immediate"
    # Mentions still ring the bell; only the email stopped.
    assert ann_api.get("/notifications").json()["unread"] == 2


def test_the_moderators_daily_summary_counts_what_waits(mailing: Mailing, clock: MovableClock) -> None:
    network = mailing.network
    moderator = network.add_member(name="Mo Derator", role="moderator")
    member = network.add_member(name="Ann Member")
    mailing.run_worker()  # today's summary: nothing waits, so no mail
    visitor = network.client()
    visitor.refresh()
    for n in range(2):
        address = f"applicant{n}@hospital.example"
        assert visitor.post("/join", {**JOIN, "email": address}).status_code == 202
        token = link_token(mailing.mailbox.wait_for(address, ""), "verify")
        assert visitor.post("/join/verify", {"token": token}).status_code == 200
    member_api = network.signed_in(member)
    thread = start_thread(member_api, title="Flag me", body="Hello")["thread"]
    post_id = member_api.get(f"/threads/{thread['id']}").json()["posts"][0]["id"]
    flagger = network.signed_in(network.add_member(name="Fay Flagger"))
    assert flagger.post(f"/posts/{post_id}/flags", {"reason": "Off topic"}).status_code == 201
    reply(member_api, thread["id"], "Ring 312-555-0147", confirm_identifiers=True)
    mailing.run_worker()
    assert mailing.to(moderator) == []

    clock.advance(days=1)
    mailing.run_worker()
    (summary,) = mailing.to(moderator)
    text = body(summary)
    assert "4 waiting for a moderator" in summary["Subject"]
    assert "- 2 membership applications" in text
    assert "- 1 open flag" in text
    assert "- 1 held post" in text
    assert mailing.to(member) == []


def test_admins_see_queued_sent_and_failed_mail(mailing: Mailing) -> None:
    network = mailing.network
    admin = network.signed_in(network.add_member(role="admin"))
    ann = network.add_member(name="Ann Reader")
    author = network.signed_in(network.add_member(name="Bea Author"))
    start_thread(author, title="Open thread", body="@Ann Reader hello")
    mailing.run_worker()
    view = admin.get("/admin/outbox").json()
    assert view["counts"] == {"queued": 0, "sent": 1, "failed": 0}
    (mail,) = view["mail"]
    assert mail["recipient"] == ann.email and mail["status"] == "sent"
    assert mail["message_id"] == mailing.to(ann)[0]["Message-ID"]
    assert author.get("/admin/outbox").status_code == 403


def test_marking_read_one_and_all(mailing: Mailing) -> None:
    network = mailing.network
    ann = network.add_member(name="Ann Reader")
    ann_api = network.signed_in(ann)
    author = network.signed_in(network.add_member(name="Bea Author"))
    start_thread(author, title="One", body="@Ann Reader one")
    start_thread(author, title="Two", body="@Ann Reader two")
    start_thread(author, title="Three", body="@Ann Reader three")
    mailing.run_worker()
    listed = ann_api.get("/notifications").json()
    assert listed["unread"] == 3
    assert ann_api.post(f"/notifications/{listed['notifications'][0]['id']}/read").status_code == 204
    assert ann_api.get("/notifications").json()["unread"] == 2
    # Someone else's notification is not theirs to mark.
    assert author.post(f"/notifications/{listed['notifications'][1]['id']}/read").status_code == 404
    assert ann_api.get("/notifications").json()["unread"] == 2
    assert ann_api.post("/notifications/read").status_code == 204
    assert ann_api.get("/notifications").json()["unread"] == 0


def told(api: Api) -> list[str]:
    return [item["text"] for item in api.get("/notifications").json()["notifications"]]


def test_a_claimed_batch_is_left_to_its_worker_until_the_claim_ends(
    mailing: Mailing, clock: MovableClock
) -> None:
    """The mail workers of several processes share the jobs: a batch one has claimed is
    not expanded by another, and once the claim ends (its worker stopped half-way) the
    next round expands it, each notification once."""
    network = mailing.network
    ann = network.add_member(name="Ann Reader")
    ann_api = network.signed_in(ann)
    author = network.signed_in(network.add_member(name="Bea Author"))
    start_thread(author, title="One", body="@Ann Reader one")
    store = network.app.state.runtime.store
    with store.write() as db:  # another process's worker, which then stops
        (claimed,) = db.notifications.claim_jobs(20, clock(), clock() + notifications.CLAIM)
    start_thread(author, title="Two", body="@Ann Reader two")
    mailing.run_worker()
    assert told(ann_api) == ["Bea Author mentioned you in “Two”"]
    clock.advance(seconds=notifications.CLAIM.total_seconds() - 1)
    mailing.run_worker()
    assert ann_api.get("/notifications").json()["unread"] == 1
    clock.advance(seconds=1)
    mailing.run_worker()
    assert told(ann_api) == ["Bea Author mentioned you in “One”", "Bea Author mentioned you in “Two”"]
    with store.write() as db:
        assert db.notifications.claim_jobs(20, clock(), clock() + notifications.CLAIM) == []
        assert db.notifications.pending_jobs(20) == []
    assert claimed["post_id"] is not None


def test_a_hidden_post_tells_its_author_why_and_leaves_others_bells(mailing: Mailing) -> None:
    network = mailing.network
    starter = network.add_member(name="Sam Starter")
    starter_api = network.signed_in(starter)
    writer = network.add_member(name="Will Writer")
    writer_api = network.signed_in(writer)
    moderator = network.signed_in(network.add_member(role="moderator"))
    thread = start_thread(starter_api, title="A thread", body="Start")["thread"]
    post = reply(writer_api, thread["id"], "A reply")
    mailing.run_worker()
    assert [n["kind"] for n in starter_api.get("/notifications").json()["notifications"]] == ["reply"]
    assert moderator.post(f"/mod/posts/{post['id']}/hide", {"reason": "Off topic here"}).status_code == 200
    mailing.run_worker()
    # The starter's notification is of a post they can no longer see: gone from their list.
    assert starter_api.get("/notifications").json() == {"notifications": [], "unread": 0}
    (hidden,) = writer_api.get("/notifications").json()["notifications"]
    assert hidden["text"] == "A moderator hid your post in “A thread”. Reason: Off topic here"
    (mail,) = mailing.to(writer)
    assert "Reason: Off topic here" in body(mail)


def test_a_webinar_reminder_comes_a_day_and_an_hour_before_with_its_calendar(
    mailing: Mailing, clock: MovableClock
) -> None:
    network = mailing.network
    (network.settings.site_dir).mkdir(parents=True, exist_ok=True)
    (network.settings.site_dir / "webinars.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "SUMMARY:Screening on every shift\r\nDTSTART:20260305T170000Z\r\nDTEND:20260305T180000Z\r\n"
        "DTSTAMP:20260201T170000Z\r\nUID:webinar-screening@test\r\n"
        "URL:http://testserver/webinars/screening/\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    ann = network.add_member(name="Ann Reader")
    ann_api = network.signed_in(ann)
    assert ann_api.put("/webinars/nope/reminder").status_code == 404
    answer = ann_api.put("/webinars/screening/reminder")
    assert answer.status_code == 200, answer.text
    mailing.run_worker()
    assert mailing.to(ann) == []
    clock.now = clock.now.replace(day=4, hour=17, minute=5)
    mailing.run_worker()
    clock.now = clock.now.replace(day=5, hour=16, minute=10)
    mailing.run_worker()
    mailing.run_worker()
    day, hour = mailing.to(ann)
    assert "starts tomorrow" in day["Subject"] and "starts in an hour" in hour["Subject"]
    for message in (day, hour):
        (attachment,) = list(message.iter_attachments())
        assert attachment.get_filename() == "screening.ics"
        assert "UID:webinar-screening@test" in attachment.get_content()


def test_unsubscribe_links_that_are_not_genuine_change_nothing(mailing: Mailing) -> None:
    network = mailing.network
    ann = network.add_member(name="Ann Reader")
    url = f"/unsubscribe?member={ann.id}&kind=mention&token={'x' * 43}"
    stranger = network.client()
    assert stranger.client.get(url).status_code == 400
    assert stranger.client.post(url).status_code == 400
    # Anyone's input: a non-ASCII token and a digit int() cannot read are refused, not a 500.
    for bad in (
        f"member={ann.id}&kind=mention&token={'é' * 43}",
        f"member=%C2%B2&kind=mention&token={'x' * 43}",
    ):
        assert stranger.client.post(f"/unsubscribe?{bad}").status_code == 400, bad
    assert (
        network.signed_in(ann).get("/notifications/preferences").json()["preferences"][0]["mode"]
        == "immediate"
    )


def test_preferences_refuse_unknown_kinds_and_modes(mailing: Mailing) -> None:
    network = mailing.network
    member = network.signed_in(network.add_member())
    bad = member.patch("/notifications/preferences", {"moderator_summary": "daily"})
    assert bad.status_code == 403
    bad = member.patch("/notifications/preferences", {"webinar": "weekly"})
    assert bad.status_code == 422
    good = member.patch("/notifications/preferences", {"followed": "daily"})
    assert {p["kind"]: p["mode"] for p in good.json()["preferences"]}["followed"] == "daily"


def test_immediate_mail_comes_at_most_once_per_batch_window(
    tmp_path, database, clock: MovableClock, smtp_server
) -> None:
    with mailing_app(tmp_path, database, clock, *smtp_server, SCN_MAIL_BATCH_MINUTES="5") as mailing:
        network = mailing.network
        ann = network.add_member(name="Ann Reader")
        author = network.signed_in(network.add_member(name="Bea Author"))
        thread = start_thread(author, title="Batched", body="@Ann Reader first")["thread"]
        mailing.run_worker()
        assert len(mailing.to(ann)) == 1
        reply(author, thread["id"], "@Ann Reader second")
        reply(author, thread["id"], "@Ann Reader third")
        clock.advance(minutes=4)
        mailing.run_worker()
        assert len(mailing.to(ann)) == 1  # within five minutes of the last one: waits
        clock.advance(minutes=1, seconds=1)
        mailing.run_worker()
        _, batch = mailing.to(ann)
        assert "2 new notifications" in batch["Subject"]
        assert body(batch).count("Bea Author mentioned you in “Batched”") == 2


class RefusingMailbox(Mailbox):
    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        return "451 try again later"


def test_a_refused_mail_is_retried_with_backoff_then_marked_failed(
    tmp_path, database, clock: MovableClock
) -> None:
    from aiosmtpd.controller import Controller

    from discussion_api.mail_worker import MAX_ATTEMPTS, retry_delay

    mailbox = RefusingMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with mailing_app(
            tmp_path, database, clock, controller.port, mailbox, SCN_MAIL_BATCH_MINUTES="0"
        ) as mailing:
            network = mailing.network
            admin = network.signed_in(network.add_member(role="admin"))
            network.add_member(name="Ann Reader")
            author = network.signed_in(network.add_member(name="Bea Author"))
            start_thread(author, title="Refused", body="@Ann Reader hello")
            mailing.run_worker()
            (mail,) = admin.get("/admin/outbox").json()["mail"]
            assert (mail["status"], mail["attempts"]) == ("queued", 1)
            assert "451" in mail["last_error"]
            mailing.run_worker()  # not due yet: no new attempt
            assert admin.get("/admin/outbox").json()["mail"][0]["attempts"] == 1
            for attempt in range(2, MAX_ATTEMPTS + 1):
                clock.advance(seconds=retry_delay(attempt - 1).total_seconds())
                mailing.run_worker()
                assert admin.get("/admin/outbox").json()["mail"][0]["attempts"] == attempt
            view = admin.get("/admin/outbox").json()
            assert view["counts"] == {"queued": 0, "sent": 0, "failed": 1}
    finally:
        controller.stop()


def test_without_smtp_the_mail_is_a_readable_file_and_its_links_are_logged(
    network: Network, caplog: pytest.LogCaptureFixture
) -> None:
    ann = network.add_member(name="Ann Reader")
    author = network.signed_in(network.add_member(name="Bea Author"))
    thread = start_thread(author, title="Local mail", body="@Ann Reader hello")["thread"]
    with caplog.at_level("INFO", logger="discussion_api.mail"):
        asyncio.run(network.app.state.runtime.mail_worker.run_once())
    (mail,) = [m for m in network.mails() if m["To"] == ann.email]
    link = f"{network.settings.public_url}/forum/#/t/{thread['id']}/p/"
    assert link in body(mail)
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    logged = [
        r.getMessage() for r in caplog.records if r.getMessage().startswith(f"link in email to {ann.email}")
    ]
    assert any(link in line for line in logged), logged
    assert any("/unsubscribe?member=" in line for line in logged), logged


def test_a_held_reply_tells_followers_only_once_a_moderator_approves_it(mailing: Mailing) -> None:
    network = mailing.network
    starter_api = network.signed_in(network.add_member(name="Sam Starter"))
    writer = network.signed_in(network.add_member(name="Will Writer"))
    moderator = network.signed_in(network.add_member(name="Mo Derator", role="moderator"))
    thread = start_thread(starter_api, title="Call-backs", body="Who calls back?")["thread"]
    held = reply(writer, thread["id"], "@Sam Starter ring 312-555-0147", confirm_identifiers=True)
    mailing.run_worker()
    assert starter_api.get("/notifications").json()["notifications"] == []
    assert [n["kind"] for n in moderator.get("/notifications").json()["notifications"]] == ["held"]
    assert moderator.post(f"/mod/held/{held['id']}/approve", {"reason": "Fictional"}).status_code == 200
    mailing.run_worker()
    (told,) = starter_api.get("/notifications").json()["notifications"]
    assert told["kind"] == "mention" and told["post_id"] == held["id"]


def test_an_accepted_or_helpful_answer_tells_its_author(mailing: Mailing) -> None:
    network = mailing.network
    asker = network.signed_in(network.add_member(name="Asa Asker"))
    answerer = network.signed_in(network.add_member(name="Ada Answer"))
    thread = start_thread(asker, title="Lactate", body="When to redraw?")["thread"]
    answer = reply(answerer, thread["id"], "Within two hours")
    assert asker.put(f"/posts/{answer['id']}/helpful").status_code == 200
    assert asker.put(f"/threads/{thread['id']}/accepted", {"post_id": answer["id"]}).status_code == 200
    mailing.run_worker()
    texts = [n["text"] for n in answerer.get("/notifications").json()["notifications"]]
    assert texts == ["Your answer in “Lactate” was accepted", "Someone marked your post in “Lactate” helpful"]


class SwitchableMailbox(Mailbox):
    """Refuses mail (451) until `refusing` is turned off."""

    refusing = True

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        if self.refusing:
            return "451 try again later"
        return await super().handle_DATA(server, session, envelope)


def test_a_redaction_reaches_mail_not_sent_yet_and_sent_mail_keeps_no_text(
    tmp_path, database, clock: MovableClock
) -> None:
    """With excerpts allowed, a mention's mail quotes the post; a redaction while the mail
    waits to be retried takes the span out of it (even where the excerpt stops inside the
    span), and once sent the outbox keeps no copy of its text."""
    from aiosmtpd.controller import Controller
    from behind_the_app import tables_holding

    from discussion_api.mail_worker import retry_delay

    mailbox = SwitchableMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    secret = "falcon tattoo on the left forearm"
    try:
        with mailing_app(
            tmp_path,
            database,
            clock,
            controller.port,
            mailbox,
            SCN_MAIL_BATCH_MINUTES="0",
            SCN_MAIL_EXCERPT_CHARS="48",
        ) as mailing:
            network = mailing.network
            ann = network.add_member(name="Ann Reader")
            author = network.signed_in(network.add_member(name="Bea Author"))
            text = f"@Ann Reader the visitor with the {secret} is back"
            first = start_thread(author, title="A frequent visitor", body=text)["posts"][0]
            mailing.run_worker()  # refused: the mail waits, its excerpt cut inside the span
            assert "outbox" in tables_holding(network.settings.database, "falcon tat")

            at = text.index(secret)
            span = {"reason": "Recognisable", "start": at, "end": at + len(secret)}
            assert author.post(f"/posts/{first['id']}/redactions", span).status_code == 200
            assert tables_holding(network.settings.database, "falcon") == []

            mailbox.refusing = False
            clock.advance(seconds=retry_delay(1).total_seconds())
            mailing.run_worker()
            (mail,) = mailing.to(ann)
            assert "“@Ann Reader the visitor with the [redacted]" in body(mail)
            assert "falcon" not in mail.as_string()
            # Sent: the outbox keeps the subject and no copy of the text.
            assert "outbox" not in tables_holding(network.settings.database, "visitor with the")
    finally:
        controller.stop()
