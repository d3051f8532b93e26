"""Groups of members, which admins fill and which forum categories can be limited to
(the twin of ../sqlite/groups.py)."""

from datetime import datetime

from ...core.clock import iso
from ..interfaces import Row
from .sql import Sql


class PgGroups:
    """Groups of members, and who is in each."""

    def __init__(self, db: Sql):
        self.db = db

    def all_groups(self) -> list[Row]:
        return self.db.rows(
            "SELECT g.*, (SELECT count(*) FROM group_members gm WHERE gm.group_id = g.id) AS member_count"
            " FROM member_groups g ORDER BY g.name, g.id"
        )

    def get(self, group_id: int) -> Row | None:
        return self.db.row("SELECT * FROM member_groups WHERE id = %s", [group_id])

    def slug_taken(self, slug: str) -> bool:
        return self.db.row("SELECT 1 FROM member_groups WHERE slug = %s", [slug]) is not None

    def create(self, slug: str, name: str, description: str, now: datetime) -> int:
        return int(
            self.db.insert(
                "member_groups",
                {"slug": slug, "name": name, "description": description, "created_at": iso(now)},
            )
        )

    def members_of(self, group_id: int) -> list[Row]:
        return self.db.rows(
            "SELECT m.id, m.name, gm.added_at FROM group_members gm JOIN members m ON m.id = gm.member_id"
            " WHERE gm.group_id = %s ORDER BY lower(m.name), m.id",
            [group_id],
        )

    def add_member(self, group_id: int, member_id: int, added_by: int, now: datetime) -> bool:
        """False if the member was in the group already."""
        changed = self.db.execute(
            "INSERT INTO group_members (group_id, member_id, added_by, added_at) VALUES (%s, %s, %s, %s)"
            " ON CONFLICT DO NOTHING",
            [group_id, member_id, added_by, iso(now)],
        )
        return changed == 1

    def remove_member(self, group_id: int, member_id: int) -> bool:
        changed = self.db.execute(
            "DELETE FROM group_members WHERE group_id = %s AND member_id = %s", [group_id, member_id]
        )
        return changed == 1
