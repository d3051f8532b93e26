"""Members: accounts, applications, roles and suspension.

Emails are unique and found case-insensitively through an index on lower(email)
(SQLite: COLLATE NOCASE); names sort by lower(name) and filters use ILIKE, as
SQLite's NOCASE and LIKE do.
"""

from datetime import datetime
from typing import Any

from ...core.clock import iso
from ..interfaces import Member, Row
from ..records import ERASE_MEMBER, VERIFICATION_ROWS
from ..rows import PROFILE_COLUMNS, VERIFICATION_COLUMNS, bed_band_conditions, escape_like, member
from .sql import Sql

_LISTED = "status = 'approved' AND (suspended_at IS NULL OR (suspended_until IS NOT NULL AND suspended_until <= %s))"

# The ids of a member `m`'s groups, which rows.member reads.
GROUPS_OF_M = "(SELECT string_agg(g.group_id::text, ',') FROM group_members g WHERE g.member_id = m.id)"
GROUP_IDS = f"{GROUPS_OF_M} AS group_ids"
_WITH_GROUPS = f"SELECT m.*, {GROUP_IDS} FROM members m"


class PgMembers:
    """Members: accounts, applications, roles and suspension."""

    def __init__(self, db: Sql):
        self.db = db

    def create(
        self, fields: Row, password_hash: str, now: datetime, status: str = "unverified", role: str = "member"
    ) -> int:
        row = {
            **fields,
            "password_hash": password_hash,
            "status": status,
            "role": role,
            "agreed_rules_at": iso(now),
            "created_at": iso(now),
        }
        return int(self.db.insert("members", row))

    def get(self, member_id: int) -> Member | None:
        row = self.db.row(_WITH_GROUPS + " WHERE m.id = %s", [member_id])
        return member(row) if row else None

    def by_email(self, email: str) -> tuple[Member, str] | None:
        """The member with this email (case-insensitive) and their password hash."""
        row = self.db.row(_WITH_GROUPS + " WHERE lower(m.email) = lower(%s)", [email])
        return (member(row), row["password_hash"]) if row else None

    def email_taken(self, email: str) -> bool:
        return self.db.row("SELECT 1 FROM members WHERE lower(email) = lower(%s)", [email]) is not None

    def profile(self, member_id: int) -> Row | None:
        return self.db.row(
            "SELECT id, email, role, status, moderator_message, applicant_note, approved_at, "
            + ", ".join(VERIFICATION_COLUMNS)
            + ", "
            + ", ".join(PROFILE_COLUMNS)
            + ", EXISTS (SELECT 1 FROM posts WHERE posts.author_id = members.id) AS has_posted"
            + " FROM members WHERE id = %s",
            [member_id],
        )

    def update_profile(self, member_id: int, changes: Row) -> None:
        unknown = set(changes) - set(PROFILE_COLUMNS)
        if unknown:
            raise ValueError(f"not profile columns: {sorted(unknown)}")
        self.db.update("members", member_id, changes)

    def set_status(
        self, member_id: int, status: str, now: datetime, moderator_message: str | None = None
    ) -> None:
        changes: Row = {"status": status, "moderator_message": moderator_message}
        if status == "approved":
            changes["approved_at"] = iso(now)
        self.db.update("members", member_id, changes)

    def mark_verified(self, member_id: int, status: str, now: datetime) -> None:
        self.db.update("members", member_id, {"status": status, "verified_at": iso(now)})

    def answer_info_request(self, member_id: int, note: str) -> None:
        self.db.update("members", member_id, {"status": "pending", "applicant_note": note})

    def set_password_hash(self, member_id: int, password_hash: str) -> None:
        self.db.update("members", member_id, {"password_hash": password_hash})

    def set_email(self, member_id: int, email: str) -> None:
        self.db.update("members", member_id, {"email": email})

    def set_role(self, member_id: int, role: str) -> None:
        self.db.update("members", member_id, {"role": role})

    def suspend(self, member_id: int, now: datetime, until: datetime | None) -> None:
        self.db.update(
            "members", member_id, {"suspended_at": iso(now), "suspended_until": iso(until) if until else None}
        )

    def unsuspend(self, member_id: int) -> None:
        self.db.update("members", member_id, {"suspended_at": None, "suspended_until": None})

    def applications(self, statuses: tuple[str, ...]) -> list[Row]:
        """Applications awaiting a moderator, oldest first."""
        return self.db.rows(
            "SELECT id, email, created_at, verified_at, status, moderator_message, applicant_note,"
            " licence_number, licence_state, "
            + ", ".join(PROFILE_COLUMNS)
            + " FROM members WHERE status = ANY(%s) ORDER BY id",
            [list(statuses)],
        )

    def directory(self, now: datetime, filters: Row, limit: int, offset: int) -> list[Row]:
        """Approved, unsuspended members matching every given filter, by name."""
        clauses = [_LISTED]
        args: list[Any] = [iso(now)]
        for column in ("name", "facility"):
            if filters.get(column):
                clauses.append(f"{column} ILIKE %s ESCAPE '\\'")
                args.append("%" + escape_like(filters[column]) + "%")
        for column in ("state", "professional_role", "facility_type"):
            if filters.get(column):
                clauses.append(f"{column} = %s")
                args.append(filters[column])
        if filters.get("bed_band"):
            conditions, bounds = bed_band_conditions(filters["bed_band"], "%s")
            clauses.extend(conditions)
            args.extend(bounds)
        if filters.get("is_coordinator") is not None:
            clauses.append("is_coordinator = %s")
            args.append(int(filters["is_coordinator"]))
        return self.db.rows(
            "SELECT id, email, verification_expires_at, "
            + ", ".join(PROFILE_COLUMNS)
            + " FROM members WHERE "
            + " AND ".join(clauses)
            + " ORDER BY lower(name), id LIMIT %s OFFSET %s",
            [*args, limit, offset],
        )

    def erase(self, member_id: int, blank_profile: Row, now: datetime) -> None:
        for statement in ERASE_MEMBER:
            self.db.execute(statement.format(p="%s"), [member_id])
        self.db.update("members", member_id, {**blank_profile, "deleted_at": iso(now)})

    def set_verification(self, member_id: int, changes: Row) -> None:
        unknown = set(changes) - set(VERIFICATION_COLUMNS)
        if unknown:
            raise ValueError(f"not verification columns: {sorted(unknown)}")
        self.db.update("members", member_id, changes)

    def verification_rows(self) -> list[Row]:
        return self.db.rows(VERIFICATION_ROWS)

    def network_members(self, now: datetime) -> list[Row]:
        """What network stats count of each active member (core/stats.py aggregates it)."""
        return self.db.rows(
            "SELECT state, facility, cms_ccn, bed_count, is_coordinator FROM members"
            f" WHERE {_LISTED} AND deleted_at IS NULL",
            [iso(now)],
        )

    def directory_entry(self, member_id: int, now: datetime) -> Row | None:
        return self.db.row(
            "SELECT id, email, verification_expires_at, "
            + ", ".join(PROFILE_COLUMNS)
            + f" FROM members WHERE id = %s AND {_LISTED}",
            [member_id, iso(now)],
        )
