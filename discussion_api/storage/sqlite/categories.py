"""Forum categories."""

from typing import Any

from sqlite_utils import Database

from ..interfaces import ForumScope
from .scope import THREAD_JOINS, THREAD_VISIBLE, scope_params
from .sql import insert, row, rows


class SqliteCategories:
    """Forum categories."""

    def __init__(self, db: Database):
        self.db = db

    def visible(self, scope: ForumScope) -> list[dict[str, Any]]:
        """The categories the scope sees, in order, each counting only the threads it sees."""
        return rows(
            self.db,
            f"""SELECT cat.*, (SELECT count(*) FROM threads t {THREAD_JOINS}
                                   WHERE t.category_id = cat.id AND {THREAD_VISIBLE}) AS thread_count
                    FROM categories cat
                    WHERE :archived OR NOT cat.archived ORDER BY cat.position, cat.id""",
            scope_params(scope),
        )

    def get(self, category_id: int) -> dict[str, Any] | None:
        return row(self.db, "SELECT * FROM categories WHERE id = ?", [category_id])

    def slug_taken(self, slug: str, other_than: int | None = None) -> bool:
        return bool(
            rows(self.db, "SELECT 1 FROM categories WHERE slug = ? AND id IS NOT ?", [slug, other_than])
        )

    def create(self, fields: dict[str, Any]) -> int:
        return insert(self.db, "categories", fields)

    def update(self, category_id: int, changes: dict[str, Any]) -> None:
        if changes:
            self.db["categories"].update(category_id, changes)
