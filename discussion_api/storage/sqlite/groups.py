"""Groups of members (moderators, verified clinicians, a state's chapter...), which
admins fill and which forum categories can be limited to (core/policy.py)."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso


class SqliteGroups:
    """Groups of members, and who is in each."""

    def __init__(self, db: Database):
        self.db = db

    def all_groups(self) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT g.*, (SELECT count(*) FROM group_members gm WHERE gm.group_id = g.id) AS member_count"
                " FROM member_groups g ORDER BY g.name, g.id"
            )
        )

    def get(self, group_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("SELECT * FROM member_groups WHERE id = ?", [group_id]))
        return rows[0] if rows else None

    def slug_taken(self, slug: str) -> bool:
        return bool(list(self.db.query("SELECT 1 FROM member_groups WHERE slug = ?", [slug])))

    def create(self, slug: str, name: str, description: str, now: datetime) -> int:
        return int(
            self.db["member_groups"]
            .insert({"slug": slug, "name": name, "description": description, "created_at": iso(now)})
            .last_pk
        )

    def members_of(self, group_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "SELECT m.id, m.name, gm.added_at FROM group_members gm JOIN members m ON m.id = gm.member_id"
                " WHERE gm.group_id = ? ORDER BY m.name COLLATE NOCASE, m.id",
                [group_id],
            )
        )

    def add_member(self, group_id: int, member_id: int, added_by: int, now: datetime) -> bool:
        """False if the member was in the group already."""
        cursor = self.db.execute(
            "INSERT OR IGNORE INTO group_members (group_id, member_id, added_by, added_at) VALUES (?, ?, ?, ?)",
            [group_id, member_id, added_by, iso(now)],
        )
        return cursor.rowcount == 1

    def remove_member(self, group_id: int, member_id: int) -> bool:
        cursor = self.db.execute(
            "DELETE FROM group_members WHERE group_id = ? AND member_id = ?", [group_id, member_id]
        )
        return cursor.rowcount == 1
