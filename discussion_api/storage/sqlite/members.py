"""Members: accounts, applications, roles and suspension."""

from datetime import datetime
from typing import Any

from sqlite_utils import Database

from ...core.clock import iso
from ..interfaces import Member
from ..records import ERASE_MEMBER, VERIFICATION_ROWS
from ..rows import PROFILE_COLUMNS, VERIFICATION_COLUMNS, bed_band_conditions, escape_like, member
from .sql import insert, row, rows

# The ids of a member `m`'s groups, which rows.member reads.
GROUPS_OF_M = "(SELECT group_concat(g.group_id) FROM group_members g WHERE g.member_id = m.id)"
GROUP_IDS = f"{GROUPS_OF_M} AS group_ids"
_WITH_GROUPS = f"SELECT m.*, {GROUP_IDS} FROM members m"


class SqliteMembers:
    """Members: accounts, applications, roles and suspension."""

    def __init__(self, db: Database):
        self.db = db

    def create(
        self,
        fields: dict[str, Any],
        password_hash: str,
        now: datetime,
        status: str = "unverified",
        role: str = "member",
    ) -> int:
        row = {
            **fields,
            "password_hash": password_hash,
            "status": status,
            "role": role,
            "agreed_rules_at": iso(now),
            "created_at": iso(now),
        }
        return insert(self.db, "members", row)

    def get(self, member_id: int) -> Member | None:
        found = row(self.db, _WITH_GROUPS + " WHERE m.id = ?", [member_id])
        return member(found) if found else None

    def by_email(self, email: str) -> tuple[Member, str] | None:
        """The member with this email (case-insensitive) and their password hash."""
        found = row(self.db, _WITH_GROUPS + " WHERE m.email = ?", [email])
        return (member(found), found["password_hash"]) if found else None

    def email_taken(self, email: str) -> bool:
        return bool(rows(self.db, "SELECT 1 FROM members WHERE email = ?", [email]))

    def profile(self, member_id: int) -> dict[str, Any] | None:
        return row(
            self.db,
            "SELECT id, email, role, status, moderator_message, applicant_note, approved_at, "
            + ", ".join(VERIFICATION_COLUMNS)
            + ", "
            + ", ".join(PROFILE_COLUMNS)
            + ", EXISTS (SELECT 1 FROM posts WHERE posts.author_id = members.id) AS has_posted"
            + " FROM members WHERE id = ?",
            [member_id],
        )

    def update_profile(self, member_id: int, changes: dict[str, Any]) -> None:
        unknown = set(changes) - set(PROFILE_COLUMNS)
        if unknown:
            raise ValueError(f"not profile columns: {sorted(unknown)}")
        if changes:
            self.db["members"].update(member_id, changes)

    def set_status(
        self, member_id: int, status: str, now: datetime, moderator_message: str | None = None
    ) -> None:
        changes: dict[str, Any] = {"status": status, "moderator_message": moderator_message}
        if status == "approved":
            changes["approved_at"] = iso(now)
        self.db["members"].update(member_id, changes)

    def mark_verified(self, member_id: int, status: str, now: datetime) -> None:
        self.db["members"].update(member_id, {"status": status, "verified_at": iso(now)})

    def answer_info_request(self, member_id: int, note: str) -> None:
        self.db["members"].update(member_id, {"status": "pending", "applicant_note": note})

    def set_password_hash(self, member_id: int, password_hash: str) -> None:
        self.db["members"].update(member_id, {"password_hash": password_hash})

    def set_email(self, member_id: int, email: str) -> None:
        self.db["members"].update(member_id, {"email": email})

    def set_role(self, member_id: int, role: str) -> None:
        self.db["members"].update(member_id, {"role": role})

    def suspend(self, member_id: int, now: datetime, until: datetime | None) -> None:
        self.db["members"].update(
            member_id,
            {
                "suspended_at": iso(now),
                "suspended_until": iso(until) if until else None,
            },
        )

    def unsuspend(self, member_id: int) -> None:
        self.db["members"].update(member_id, {"suspended_at": None, "suspended_until": None})

    def applications(self, statuses: tuple[str, ...]) -> list[dict[str, Any]]:
        """Applications awaiting a moderator, oldest first."""
        marks = ", ".join("?" for _ in statuses)
        return rows(
            self.db,
            "SELECT id, email, created_at, verified_at, status, moderator_message, applicant_note,"
            " licence_number, licence_state, "
            + ", ".join(PROFILE_COLUMNS)
            + f" FROM members WHERE status IN ({marks}) ORDER BY id",
            list(statuses),
        )

    def directory(
        self, now: datetime, filters: dict[str, Any], limit: int, offset: int
    ) -> list[dict[str, Any]]:
        """Approved, unsuspended members matching every given filter, by name."""
        clauses = [
            "status = 'approved'",
            "(suspended_at IS NULL OR (suspended_until IS NOT NULL AND suspended_until <= ?))",
        ]
        args: list[Any] = [iso(now)]
        for column in ("name", "facility"):
            if filters.get(column):
                clauses.append(f"{column} LIKE ? ESCAPE '\\'")
                args.append("%" + escape_like(filters[column]) + "%")
        for column in ("state", "professional_role", "facility_type"):
            if filters.get(column):
                clauses.append(f"{column} = ?")
                args.append(filters[column])
        if filters.get("bed_band"):
            conditions, bounds = bed_band_conditions(filters["bed_band"], "?")
            clauses.extend(conditions)
            args.extend(bounds)
        if filters.get("is_coordinator") is not None:
            clauses.append("is_coordinator = ?")
            args.append(int(filters["is_coordinator"]))
        return rows(
            self.db,
            "SELECT id, email, verification_expires_at, "
            + ", ".join(PROFILE_COLUMNS)
            + " FROM members WHERE "
            + " AND ".join(clauses)
            + " ORDER BY name COLLATE NOCASE, id LIMIT ? OFFSET ?",
            [*args, limit, offset],
        )

    def erase(self, member_id: int, blank_profile: dict[str, Any], now: datetime) -> None:
        for statement in ERASE_MEMBER:
            self.db.execute(statement.format(p="?"), [member_id])
        self.db["members"].update(member_id, {**blank_profile, "deleted_at": iso(now)})

    def set_verification(self, member_id: int, changes: dict[str, Any]) -> None:
        unknown = set(changes) - set(VERIFICATION_COLUMNS)
        if unknown:
            raise ValueError(f"not verification columns: {sorted(unknown)}")
        if changes:
            self.db["members"].update(member_id, changes)

    def verification_rows(self) -> list[dict[str, Any]]:
        return list(self.db.query(VERIFICATION_ROWS))

    def network_members(self, now: datetime) -> list[dict[str, Any]]:
        """What network stats count of each active member (core/stats.py aggregates it)."""
        return list(
            self.db.query(
                "SELECT state, facility, cms_ccn, bed_count, is_coordinator FROM members"
                " WHERE status = 'approved' AND deleted_at IS NULL"
                " AND (suspended_at IS NULL OR (suspended_until IS NOT NULL AND suspended_until <= ?))",
                [iso(now)],
            )
        )

    def directory_entry(self, member_id: int, now: datetime) -> dict[str, Any] | None:
        return row(
            self.db,
            "SELECT id, email, verification_expires_at, "
            + ", ".join(PROFILE_COLUMNS)
            + " FROM members WHERE id = ? "
            "AND status = 'approved' "
            "AND (suspended_at IS NULL OR (suspended_until IS NOT NULL AND suspended_until <= ?))",
            [member_id, iso(now)],
        )
