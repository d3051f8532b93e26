"""Forum categories."""

from typing import Any

from sqlite_utils import Database

from ..interfaces import ForumScope
from ..rows import with_groups
from .scope import CATEGORY_GROUP_IDS, CATEGORY_GROUPS_ALLOW, THREAD_JOINS, THREAD_VISIBLE, scope_params
from .sql import insert, row, rows


class SqliteCategories:
    """Forum categories."""

    def __init__(self, db: Database):
        self.db = db

    def visible(self, scope: ForumScope) -> list[dict[str, Any]]:
        """The categories the scope sees, in order, each counting only the threads it sees."""
        return [
            with_groups(found)
            for found in rows(
                self.db,
                f"""SELECT cat.*, {CATEGORY_GROUP_IDS.format(c="cat")} AS groups,
                           (SELECT count(*) FROM threads t {THREAD_JOINS}
                            WHERE t.category_id = cat.id AND {THREAD_VISIBLE}) AS thread_count
                    FROM categories cat
                    WHERE (:archived OR NOT cat.archived) AND {CATEGORY_GROUPS_ALLOW.format(c="cat")}
                    ORDER BY cat.position, cat.id""",
                scope_params(scope),
            )
        ]

    def get(self, category_id: int) -> dict[str, Any] | None:
        found = row(
            self.db,
            f"SELECT cat.*, {CATEGORY_GROUP_IDS.format(c='cat')} AS groups FROM categories cat WHERE id = ?",
            [category_id],
        )
        return with_groups(found) if found else None

    def slug_taken(self, slug: str, other_than: int | None = None) -> bool:
        return bool(
            rows(self.db, "SELECT 1 FROM categories WHERE slug = ? AND id IS NOT ?", [slug, other_than])
        )

    def create(self, fields: dict[str, Any]) -> int:
        return insert(self.db, "categories", fields)

    def update(self, category_id: int, changes: dict[str, Any]) -> None:
        if changes:
            self.db["categories"].update(category_id, changes)

    def limit_to(self, category_id: int, group_ids: list[int]) -> None:
        """Limit the category to these groups (none: open to every member)."""
        self.db.execute("DELETE FROM category_groups WHERE category_id = ?", [category_id])
        for group_id in group_ids:
            self.db.execute(
                "INSERT INTO category_groups (category_id, group_id) VALUES (?, ?)", [category_id, group_id]
            )
