"""Forum categories."""

from typing import Any

from sqlite_utils import Database


def all_categories(db: Database, include_archived: bool) -> list[dict[str, Any]]:
    return list(
        db.query(
            "SELECT c.*, (SELECT count(*) FROM threads t WHERE t.category_id = c.id) AS thread_count"
            " FROM categories c WHERE ? OR NOT c.archived ORDER BY c.position, c.id",
            [int(include_archived)],
        )
    )


def get(db: Database, category_id: int) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM categories WHERE id = ?", [category_id]))
    return rows[0] if rows else None


def slug_taken(db: Database, slug: str, other_than: int | None = None) -> bool:
    return bool(list(db.query("SELECT 1 FROM categories WHERE slug = ? AND id IS NOT ?", [slug, other_than])))


def create(db: Database, fields: dict[str, Any]) -> int:
    return int(db["categories"].insert(fields).last_pk)


def update(db: Database, category_id: int, changes: dict[str, Any]) -> None:
    if changes:
        db["categories"].update(category_id, changes)
