"""Forum categories."""

from ..interfaces import ForumScope, Row
from ..rows import with_groups
from .scope import CATEGORY_GROUP_IDS, CATEGORY_GROUPS_ALLOW, THREAD_JOINS, THREAD_VISIBLE, scope_params
from .sql import Sql


class PgCategories:
    """Forum categories."""

    def __init__(self, db: Sql):
        self.db = db

    def visible(self, scope: ForumScope) -> list[Row]:
        """The categories the scope sees, in order, each counting only the threads it sees."""
        rows = self.db.rows(
            f"""SELECT cat.*, {CATEGORY_GROUP_IDS.format(c="cat")} AS groups,
                       (SELECT count(*) FROM threads t {THREAD_JOINS}
                        WHERE t.category_id = cat.id AND {THREAD_VISIBLE}) AS thread_count
                FROM categories cat
                WHERE (%(archived)s OR cat.archived = 0) AND {CATEGORY_GROUPS_ALLOW.format(c="cat")}
                ORDER BY cat.position, cat.id""",
            scope_params(scope),
        )
        return [with_groups(row) for row in rows]

    def get(self, category_id: int) -> Row | None:
        row = self.db.row(
            f"SELECT cat.*, {CATEGORY_GROUP_IDS.format(c='cat')} AS groups FROM categories cat WHERE id = %s",
            [category_id],
        )
        return with_groups(row) if row else None

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

    def limit_to(self, category_id: int, group_ids: list[int]) -> None:
        """Limit the category to these groups (none: open to every member)."""
        self.db.execute("DELETE FROM category_groups WHERE category_id = %s", [category_id])
        for group_id in group_ids:
            self.db.execute(
                "INSERT INTO category_groups (category_id, group_id) VALUES (%s, %s)", [category_id, group_id]
            )
