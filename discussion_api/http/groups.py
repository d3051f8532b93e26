"""Groups (admins create them and add members) and limiting a category to groups.

Who then sees a limited category, its threads, posts, search hits and events is the
policy's rule (core/policy.py); these routes only change the groups.
"""

from pydantic import BaseModel, Field

from ..core import groups
from .categories import CategoryOut, category_view
from .endpoints import Access, Call, Endpoint
from .fields import STRICT_INPUT, Id, Name, ShortText


class GroupOut(BaseModel):
    id: int
    slug: str
    name: str
    description: str
    member_count: int


class GroupList(BaseModel):
    groups: list[GroupOut]


class NewGroup(BaseModel):
    model_config = STRICT_INPUT
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")
    name: Name
    description: ShortText = ""


class GroupMember(BaseModel):
    id: int
    name: str
    added_at: str


class GroupMembers(BaseModel):
    members: list[GroupMember]


class CategoryGroups(BaseModel):
    """The groups a category is limited to; an empty list opens it to every member."""

    model_config = STRICT_INPUT
    group_ids: list[Id] = Field(max_length=50)


def list_groups(call: Call) -> GroupList:
    return GroupList(groups=[GroupOut.model_validate(row) for row in call.read().groups.all_groups()])


def create_group(call: Call) -> GroupOut:
    body = call.body
    group_id = groups.create_group(
        call.runtime.store, call.viewer, body.slug, body.name, body.description, call.now
    )
    return GroupOut.model_validate({**call.read().groups.get(group_id), "member_count": 0})  # new: empty


def group_members(call: Call) -> GroupMembers:
    rows = groups.members_of(call.read(), call.id("group_id"))
    return GroupMembers(members=[GroupMember.model_validate(row) for row in rows])


def add_group_member(call: Call) -> GroupMembers:
    groups.add_member(call.runtime.store, call.viewer, call.id("group_id"), call.id("member_id"), call.now)
    return group_members(call)


def remove_group_member(call: Call) -> None:
    groups.remove_member(call.runtime.store, call.viewer, call.id("group_id"), call.id("member_id"), call.now)


def limit_category(call: Call) -> CategoryOut:
    category_id = call.id("category_id")
    groups.limit_category(call.runtime.store, call.viewer, category_id, call.body.group_ids, call.now)
    return category_view(call, category_id)


routes = (
    Endpoint("GET", "/admin/groups", list_groups, Access.ADMIN, "Every group, by name.", response=GroupList),
    Endpoint(
        "POST",
        "/admin/groups",
        create_group,
        Access.ADMIN,
        "Create a group (moderators, verified clinicians, a state chapter...).",
        body=NewGroup,
        response=GroupOut,
        status=201,
        errors=(409,),
    ),
    Endpoint(
        "GET",
        "/admin/groups/{group_id:int}/members",
        group_members,
        Access.ADMIN,
        "The group's members, by name.",
        response=GroupMembers,
        errors=(404,),
    ),
    Endpoint(
        "PUT",
        "/admin/groups/{group_id:int}/members/{member_id:int}",
        add_group_member,
        Access.ADMIN,
        "Add an approved member to the group.",
        response=GroupMembers,
        errors=(404,),
    ),
    Endpoint(
        "DELETE",
        "/admin/groups/{group_id:int}/members/{member_id:int}",
        remove_group_member,
        Access.ADMIN,
        "Take a member out of the group (their live streams end and reconnect).",
        status=204,
        errors=(404,),
    ),
    Endpoint(
        "PUT",
        "/categories/{category_id:int}/groups",
        limit_category,
        Access.ADMIN,
        "Limit a category to groups: only their members (and moderators) see it, its threads, "
        "posts, search hits and events. An empty list opens it to every member.",
        body=CategoryGroups,
        response=CategoryOut,
        errors=(404, 422),
    ),
)
