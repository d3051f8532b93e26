"""Forum categories: everyone reads them; admins create, rename, reorder and archive."""

from typing import Any

from pydantic import BaseModel, Field

from ..storage.interfaces import Repositories
from .endpoints import Access, Call, Endpoint
from .errors import ApiError, not_found
from .fields import STRICT_INPUT, Name, Position, ShortText


class CategoryOut(BaseModel):
    id: int
    slug: str
    name: str
    description: str
    position: int
    archived: bool
    thread_count: int
    groups: list[int] = Field(description="The groups the category is limited to (none: every member).")


class CategoryList(BaseModel):
    categories: list[CategoryOut]


class NewCategory(BaseModel):
    model_config = STRICT_INPUT
    slug: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,59}$")
    name: Name
    description: ShortText = ""
    position: Position = 100


class CategoryChanges(BaseModel):
    """Omit a field to leave it as it is (none of them can be emptied)."""

    model_config = STRICT_INPUT
    name: Name = Field(default=None)
    description: ShortText = Field(default=None)
    position: Position = Field(default=None)
    archived: bool = Field(default=None)


def category_view(call: Call, category_id: int) -> CategoryOut:
    rows = call.read().categories.visible(call.scope)
    return CategoryOut.model_validate(next(row for row in rows if row["id"] == category_id))


def list_categories(call: Call) -> CategoryList:
    rows = call.read().categories.visible(call.scope)
    return CategoryList(categories=[CategoryOut.model_validate(row) for row in rows])


def _record(db: Repositories, call: Call, category_id: int, action: str) -> None:
    db.audit.record(call.member.id, action, "category", category_id, "", call.now)
    db.events.append([f"category:{category_id}"], "category.changed", {"category_id": category_id}, call.now)


def create_category(call: Call) -> CategoryOut:
    with call.runtime.store.write() as db:
        if db.categories.slug_taken(call.body.slug):
            raise ApiError(409, "slug_taken", "Another category uses this slug.", "slug")
        category_id = db.categories.create(call.body.model_dump())
        _record(db, call, category_id, "create_category")
    return category_view(call, category_id)


def update_category(call: Call) -> CategoryOut:
    changes: dict[str, Any] = call.body.model_dump(exclude_unset=True)
    with call.runtime.store.write() as db:
        category = db.categories.get(call.id("category_id"))
        if category is None:
            raise not_found("category")
        db.categories.update(category["id"], changes)
        _record(db, call, category["id"], "update_category")
    return category_view(call, category["id"])


routes = (
    Endpoint(
        "GET",
        "/categories",
        list_categories,
        Access.MEMBER,
        "Forum categories in order (moderators also see archived ones).",
        response=CategoryList,
    ),
    Endpoint(
        "POST",
        "/categories",
        create_category,
        Access.ADMIN,
        "Create a category.",
        body=NewCategory,
        response=CategoryOut,
        status=201,
        errors=(409,),
    ),
    Endpoint(
        "PATCH",
        "/categories/{category_id:int}",
        update_category,
        Access.ADMIN,
        "Rename, describe, reorder or archive a category.",
        body=CategoryChanges,
        response=CategoryOut,
    ),
)
