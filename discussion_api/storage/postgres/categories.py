"""Forum categories."""

from ..interfaces import ForumScope, Row
from .scope import THREAD_JOINS, THREAD_VISIBLE, scope_params
from .sql import Sql


class PgCategories:
    """Forum categories."""

    def __init__(self, db: Sql):
        self.db = db

    def visible(self, scope: ForumScope) -> list[Row]:
        """The categories the scope sees, in order, each counting only the threads it sees."""
        return self.db.rows(
            f"""SELECT cat.*, (SELECT count(*) FROM threads t {THREAD_JOINS}
                               WHERE t.category_id = cat.id AND {THREAD_VISIBLE}) AS thread_count
                FROM categories cat
                WHERE %(archived)s OR cat.archived = 0 ORDER BY cat.position, cat.id""",
            scope_params(scope),
        )

    def get(self, category_id: int) -> Row | None:
        return self.db.row("SELECT * FROM categories WHERE id = %s", [category_id])

    def slug_taken(self, slug: str, other_than: int | None = None) -> bool:
        return (
            self.db.row(
                "SELECT 1 FROM categories WHERE slug = %s AND id IS DISTINCT FROM %s", [slug, other_than]
            )
            is not None
        )

    def create(self, fields: Row) -> int:
        return int(self.db.insert("categories", fields))

    def update(self, category_id: int, changes: Row) -> None:
        self.db.update("categories", category_id, changes)
