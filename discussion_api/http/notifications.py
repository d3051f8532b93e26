"""Notifications: the bell's list, marking read, email choices, @mention suggestions,
webinar reminders, one-click unsubscribe (RFC 8058) and the admins' view of the outbox.

The live bell needs no route of its own: the mail worker appends
`notification.created` to the member's own topic (`member:<id>` on GET /events).
"""

import html
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, create_model
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..core import forum, notifications
from ..core.errors import Conflict, NotFound
from .endpoints import LARGEST_ID, Access, Call, Endpoint
from .fields import STRICT_INPUT
from .runtime import Runtime


class NotificationOut(BaseModel):
    id: int
    kind: str
    text: str = Field(description="What happened and where; never a post's text.")
    url: str
    path: str = Field(description="The same place under the site's root, for the widget (forum/#/t/3/p/9).")
    thread_id: int | None
    post_id: int | None
    created_at: str
    read: bool


class NotificationList(BaseModel):
    notifications: list[NotificationOut]
    unread: int = Field(description=f"Unread notifications (at most {notifications.UNREAD_SHOWN + 1}).")


class NotificationQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    before: int | None = Field(default=None, ge=1, le=LARGEST_ID)
    limit: int = Field(default=20, ge=1, le=50)


def list_notifications(call: Call) -> NotificationList:
    db = call.read()
    rows = db.notifications.for_member(call.viewer.id, call.query.before, call.query.limit)
    base = call.runtime.settings.public_url
    items = notifications.visible_items(db, call.viewer, rows)
    return NotificationList(
        notifications=[
            NotificationOut(
                id=item.id,
                kind=item.kind,
                text=item.text,
                url=f"{base}/{item.path}",
                path=item.path,
                thread_id=item.thread_id,
                post_id=item.post_id,
                created_at=item.created_at,
                read=item.read,
            )
            for item in items
        ],
        unread=notifications.unread_count(db, call.viewer),
    )


def mark_one_read(call: Call) -> None:
    """404 for a notification that is not the member's (already read: nothing to do)."""
    notifications.mark_read(call.runtime.store, call.viewer, call.id("notification_id"), call.now)


def mark_all_read(call: Call) -> None:
    notifications.mark_read(call.runtime.store, call.viewer, None, call.now)


class Preference(BaseModel):
    kind: str
    label: str
    mode: str
    modes: list[str]


class Preferences(BaseModel):
    preferences: list[Preference]


# One optional field per email category, each taking that category's modes only.
PreferenceChanges = create_model(  # type: ignore[call-overload]
    "PreferenceChanges",
    __config__=STRICT_INPUT,
    **{
        name: (Literal[category.modes] | None, Field(default=None, description=category.label))  # type: ignore[valid-type]
        for name, category in notifications.CATEGORIES.items()
    },
)


def get_preferences(call: Call) -> Preferences:
    chosen = notifications.preferences(call.read(), call.viewer)
    categories = notifications.categories_for(call.viewer)
    return Preferences(
        preferences=[
            Preference(kind=name, label=category.label, mode=chosen[name], modes=list(category.modes))
            for name, category in categories.items()
        ]
    )


def set_preferences(call: Call) -> Preferences:
    notifications.set_preferences(call.runtime.store, call.viewer, call.body.model_dump(exclude_none=True))
    return get_preferences(call)


class MentionQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    q: str = Field(min_length=1, max_length=60, description="The start of a member's name.")


class MentionOut(BaseModel):
    id: int
    name: str


class MentionList(BaseModel):
    members: list[MentionOut]


def mention_suggestions(call: Call) -> MentionList:
    db = call.read()
    thread = forum.visible_thread(db, call.viewer, call.id("thread_id"))
    found = notifications.mention_suggestions(db, call.viewer, thread, call.query.q, call.now)
    return MentionList(members=[MentionOut(id=m.id, name=m.name) for m in found])


class ReminderOut(BaseModel):
    webinar: str
    starts_at: str


class ReminderList(BaseModel):
    reminders: list[ReminderOut]


def _reminders(call: Call) -> ReminderList:
    rows = call.read().webinar_reminders.of_member(call.viewer.id)
    return ReminderList(reminders=[ReminderOut(webinar=r["webinar"], starts_at=r["starts_at"]) for r in rows])


def list_reminders(call: Call) -> ReminderList:
    return _reminders(call)


def add_reminder(call: Call) -> ReminderList:
    slug = call.request.path_params["slug"]
    webinar = call.runtime.mail_worker.webinars.webinars().get(slug)
    if webinar is None:
        raise NotFound("webinar")
    if webinar.start <= call.now:
        raise Conflict("webinar_started", "This webinar has already started.")
    with call.runtime.store.write() as db:
        db.webinar_reminders.add(call.viewer.id, slug, webinar.start, call.now)
    return _reminders(call)


def remove_reminder(call: Call) -> ReminderList:
    with call.runtime.store.write() as db:
        if not db.webinar_reminders.remove(call.viewer.id, call.request.path_params["slug"]):
            raise NotFound("reminder")
    return _reminders(call)


class OutboxQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: Literal["queued", "sent", "failed"] | None = None
    limit: int = Field(default=50, ge=1, le=200)


class OutboxMail(BaseModel):
    id: int
    message_id: str
    kind: str
    recipient: str
    subject: str
    status: str
    attempts: int
    next_attempt_at: str
    last_error: str | None
    created_at: str
    sent_at: str | None


class OutboxView(BaseModel):
    counts: dict[str, int] = Field(description="How many emails are queued, sent and failed.")
    mail: list[OutboxMail]


def outbox(call: Call) -> OutboxView:
    db = call.read()
    counts = {"queued": 0, "sent": 0, "failed": 0, **db.outbox.counts()}
    rows = db.outbox.listing(call.query.status, call.query.limit)
    return OutboxView(counts=counts, mail=[OutboxMail.model_validate(row) for row in rows])


# --- One-click unsubscribe: outside the API, since mail providers POST without an
# Origin or a session (RFC 8058); the token alone is the authority, for one member and
# one category of mail. A GET only shows the button, so a link scanner changes nothing.

_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body><main><h1>{title}</h1>{content}</main></body></html>"""


def _page(title: str, content: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        _PAGE.format(title=html.escape(title), content=content),
        status_code=status,
        headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"},
    )


def _link_parts(request: Request) -> tuple[int, str, str] | None:
    query = request.query_params
    member, kind, token = query.get("member", ""), query.get("kind", ""), query.get("token", "")
    if (
        not (member.isascii() and member.isdigit())  # "²" is a digit to str.isdigit, not to int()
        or len(member) > 18
        or kind not in notifications.CATEGORIES
        or not 20 <= len(token) <= 100
    ):
        return None
    return int(member), kind, token


_INVALID = "<p>This unsubscribe link is not valid. Choose which emails you get on your account page.</p>"


async def unsubscribe_page(request: Request) -> Response:
    parts = _link_parts(request)
    runtime: Runtime = request.app.state.runtime
    if parts is None or not notifications.genuine_unsubscribe(runtime.settings.secret_key, *parts):
        return _page("Unsubscribe", _INVALID, 400)
    label = html.escape(notifications.CATEGORIES[parts[1]].label.lower())
    return _page(
        "Unsubscribe",
        f"<p>Stop emails about “{label}”? Other emails are not affected.</p>"
        '<form method="post"><button type="submit">Unsubscribe</button></form>',
    )


async def unsubscribe_now(request: Request) -> Response:
    parts = _link_parts(request)
    runtime: Runtime = request.app.state.runtime
    done = parts is not None and await run_in_threadpool(
        notifications.unsubscribe, runtime.store, runtime.settings.secret_key, *parts
    )
    if not done:
        return _page("Unsubscribe", _INVALID, 400)
    assert parts is not None
    label = html.escape(notifications.CATEGORIES[parts[1]].label.lower())
    return _page("Unsubscribed", f"<p>You will get no more emails about “{label}”.</p>")


unsubscribe_routes = [
    Route("/unsubscribe", unsubscribe_page, methods=["GET", "HEAD"], name="unsubscribe_page"),
    Route("/unsubscribe", unsubscribe_now, methods=["POST"], name="unsubscribe"),
]

routes = (
    Endpoint(
        "GET",
        "/notifications",
        list_notifications,
        Access.MEMBER,
        "Your notifications, newest first (page with `before`), and how many are unread.",
        query=NotificationQuery,
        response=NotificationList,
    ),
    Endpoint(
        "POST",
        "/notifications/read",
        mark_all_read,
        Access.MEMBER,
        "Mark all your notifications read.",
        status=204,
    ),
    Endpoint(
        "POST",
        "/notifications/{notification_id:int}/read",
        mark_one_read,
        Access.MEMBER,
        "Mark one of your notifications read.",
        status=204,
        errors=(404,),
    ),
    Endpoint(
        "GET",
        "/notifications/preferences",
        get_preferences,
        Access.MEMBER,
        "How you get email for each kind of notification.",
        response=Preferences,
    ),
    Endpoint(
        "PATCH",
        "/notifications/preferences",
        set_preferences,
        Access.MEMBER,
        "Choose immediately (batched), daily, weekly or none for kinds of email; kinds left out stay as they are.",
        body=PreferenceChanges,
        response=Preferences,
        errors=(403,),
    ),
    Endpoint(
        "GET",
        "/threads/{thread_id:int}/mentions",
        mention_suggestions,
        Access.MEMBER,
        "Members whose name starts with `q` and who can see this thread: whom an @mention here reaches.",
        query=MentionQuery,
        response=MentionList,
        errors=(404,),
    ),
    Endpoint(
        "GET",
        "/webinars/reminders",
        list_reminders,
        Access.MEMBER,
        "The webinars you asked to be reminded of.",
        response=ReminderList,
    ),
    Endpoint(
        "PUT",
        "/webinars/{slug:str}/reminder",
        add_reminder,
        Access.MEMBER,
        "Email me a day and an hour before this webinar, with its calendar file.",
        response=ReminderList,
        errors=(404, 409),
    ),
    Endpoint(
        "DELETE",
        "/webinars/{slug:str}/reminder",
        remove_reminder,
        Access.MEMBER,
        "No reminder for this webinar after all.",
        response=ReminderList,
        errors=(404,),
    ),
    Endpoint(
        "GET",
        "/admin/outbox",
        outbox,
        Access.ADMIN,
        "Emails queued, sent and failed, newest first (bodies are not shown).",
        query=OutboxQuery,
        response=OutboxView,
    ),
)
