"""Groups of members and the categories limited to them: admins' decisions, each
recorded in the audit log. Who sees a limited category is the policy's rule
(`policy.category_visible`); this module only changes who is in which group.
"""

from datetime import datetime

from ..storage.interfaces import Repositories, Row, Store
from .cutoff import end_member_streams
from .errors import Conflict, Invalid, NotFound
from .policy import Viewer


def _group(db: Repositories, group_id: int) -> Row:
    group = db.groups.get(group_id)
    if group is None:
        raise NotFound("group")
    return group


def create_group(store: Store, admin: Viewer, slug: str, name: str, description: str, now: datetime) -> int:
    with store.write() as db:
        if db.groups.slug_taken(slug):
            raise Conflict("slug_taken", "Another group uses this slug.", "slug")
        group_id = db.groups.create(slug, name, description, now)
        db.audit.record(admin.id, "create_group", "group", group_id, "", now)
    return group_id


def members_of(db: Repositories, group_id: int) -> list[Row]:
    return db.groups.members_of(_group(db, group_id)["id"])


def add_member(store: Store, admin: Viewer, group_id: int, member_id: int, now: datetime) -> None:
    """Add an approved member (adding one twice changes nothing)."""
    with store.write() as db:
        group = _group(db, group_id)
        member = db.members.get(member_id)
        if member is None or member.status != "approved":
            raise NotFound("member")
        if db.groups.add_member(group["id"], member.id, admin.id, now):
            db.audit.record(admin.id, f"add_to_group:{group['slug']}", "member", member.id, "", now)


def remove_member(store: Store, admin: Viewer, group_id: int, member_id: int, now: datetime) -> None:
    """Take a member out of a group; their open streams end, so they reconnect seeing
    only what they still may (events are judged per viewer, but a stream subscribed to
    a limited category's topic should not stay open)."""
    with store.write() as db:
        group = _group(db, group_id)
        if not db.groups.remove_member(group["id"], member_id):
            raise NotFound("member")
        end_member_streams(db, member_id, now)
        db.audit.record(admin.id, f"remove_from_group:{group['slug']}", "member", member_id, "", now)


def limit_category(
    store: Store, admin: Viewer, category_id: int, group_ids: list[int], now: datetime
) -> None:
    """Limit a category to groups (an empty list opens it to every member again)."""
    with store.write() as db:
        if db.categories.get(category_id) is None:
            raise NotFound("category")
        if any(db.groups.get(group_id) is None for group_id in group_ids):
            raise Invalid("invalid", "No such group.", "group_ids")
        db.categories.limit_to(category_id, sorted(set(group_ids)))
        label = ",".join(str(group_id) for group_id in sorted(set(group_ids))) or "everyone"
        db.audit.record(admin.id, f"limit_category:{label}", "category", category_id, "", now)
        db.events.append([f"category:{category_id}"], "category.changed", {"category_id": category_id}, now)
