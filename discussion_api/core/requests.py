"""Resource requests: members ask the Library for what it lacks ("Request a resource"),
others add "I need this too", staff (moderators) plan, publish or decline, and the
members who asked are told when the resource is published or the request declined.

Planning a request gives it a staff-written public title and summary: the draft an
editor turns into a resource file (`sitegen new-resource --from-request N`). What
members wrote stays among members (policy.request_is_public).
"""

from datetime import datetime

from ..storage.interfaces import Repositories, Row, Store
from .errors import Conflict, Invalid, NotFound
from .policy import Viewer, request_is_public
from .posting import guard

STATUSES = ("open", "planned", "published", "declined")


def ask(store: Store, viewer: Viewer, title: str, details: str, now: datetime) -> int:
    """A member's request, refused with the patient-information guard's findings if it
    has any: a request is no place for a case, and has no moderator's hold to wait in."""
    guard({"title": title, "details": details}, confirmed=False)
    with store.write() as db:
        return db.requests.create(title, details, viewer.id, now)


def _request(db: Repositories, viewer: Viewer, request_id: int) -> Row:
    request = db.requests.get(request_id, viewer.id)
    if request is None:
        raise NotFound("request")
    return request


def set_asking(store: Store, viewer: Viewer, request_id: int, asking: bool, now: datetime) -> None:
    """Add or withdraw the viewer's "I need this too" on a request still being decided."""
    with store.write() as db:
        request = _request(db, viewer, request_id)
        if request["status"] in ("published", "declined"):
            raise Conflict("request_closed", f"This request is already {request['status']}.")
        if asking:
            db.requests.add_asker(request_id, viewer.id, now)
        else:
            db.requests.remove_asker(request_id, viewer.id)


def decide(
    store: Store,
    staff: Viewer,
    request_id: int,
    status: str,
    now: datetime,
    *,
    public_title: str | None = None,
    public_summary: str | None = None,
    resource_slug: str | None = None,
) -> list[str]:
    """Plan, publish or decline a request; returns the addresses to tell (on publish or decline).

    Planning needs the public title and summary editors will start from; publishing
    needs the slug of the resource page that answers the request.
    """
    with store.write() as db:
        request = _request(db, staff, request_id)
        changes: Row = {"status": status}
        if status == "planned":
            if not public_title or not public_summary:
                raise Invalid(
                    "invalid",
                    "A planned request needs the public title and summary editors start from.",
                    "public_title",
                )
            changes |= {"public_title": public_title, "public_summary": public_summary}
        if status == "published":
            if not resource_slug:
                raise Invalid(
                    "invalid", "Name the resource page (its slug) that answers this request.", "resource_slug"
                )
            changes["resource_slug"] = resource_slug
        if request["status"] == status and all(request[key] == value for key, value in changes.items()):
            raise Conflict("no_change", f"This request is already {status}.")
        db.requests.update(request_id, changes, now)
        db.audit.record(staff.id, f"request_{status}", "request", request_id, "", now)
        return db.requests.asker_emails(request_id) if status in ("published", "declined") else []


def public_request(db: Repositories, request_id: int) -> Row:
    """The public face of a planned or published request; NotFound for any other."""
    request = db.requests.get(request_id, 0)
    if request is None or not request_is_public(request):
        raise NotFound("request")
    return request
