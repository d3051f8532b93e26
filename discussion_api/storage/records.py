"""What the data-rights exports read, as SQL both engines run (with their own placeholder
for `{p}`): a member's own records, and the whole forum for the organisation's records.

Columns are named where a table holds secrets or other people's data: no password hash,
token or session token ever leaves, and a member's export holds only rows that are theirs.
"""

# A member's export, table by table (`{p}`: the member's id). Post revisions are only the
# versions the member wrote; flags and requests only those they raised or asked.
MEMBER_RECORDS: dict[str, str] = {
    "profile": (
        "SELECT id, email, name, professional_role, credentials, job_title, facility, facility_type, city,"
        " state, bed_count, cms_ccn, is_coordinator, show_email, licence_number, licence_state, role, status,"
        " created_at, verified_at, approved_at, professional_verified_at, verification_expires_at,"
        " facility_confirmed_at FROM members WHERE id = {p}"
    ),
    "groups": (
        "SELECT g.id, g.name, gm.added_at FROM group_members gm JOIN member_groups g ON g.id = gm.group_id"
        " WHERE gm.member_id = {p} ORDER BY g.id"
    ),
    "sessions": "SELECT id, created_at, last_seen_at FROM sessions WHERE member_id = {p} ORDER BY id",
    "threads_started": (
        "SELECT id, category_id, title, page_key, created_at FROM threads WHERE author_id = {p} ORDER BY id"
    ),
    "posts": (
        "SELECT id, thread_id, quote_post_id, body_md, status, held, anonymous, created_at, edited_at"
        " FROM posts WHERE author_id = {p} ORDER BY id"
    ),
    "post_versions": (
        "SELECT id, post_id, body_md, written_at FROM post_revisions WHERE written_by = {p} ORDER BY id"
    ),
    "follows": "SELECT thread_id FROM follows WHERE member_id = {p} ORDER BY thread_id",
    "helpful_marks": "SELECT post_id, kind FROM reactions WHERE member_id = {p} ORDER BY post_id",
    "flags_raised": (
        "SELECT id, post_id, reason, status, created_at FROM flags WHERE reporter_id = {p} ORDER BY id"
    ),
    "resource_requests": (
        "SELECT id, title, details, status, created_at FROM resource_requests WHERE created_by = {p} ORDER BY id"
    ),
    "resource_requests_asked": (
        "SELECT request_id, asked_at FROM resource_request_askers WHERE member_id = {p} ORDER BY request_id"
    ),
}

# The whole forum, for the organisation's records (admins only).
FORUM_RECORDS: dict[str, str] = {
    "members": (
        "SELECT id, email, name, professional_role, credentials, job_title, facility, facility_type, city,"
        " state, bed_count, cms_ccn, is_coordinator, role, status, licence_number, licence_state,"
        " verification_method, verification_note, verified_by, professional_verified_at,"
        " verification_expires_at, facility_confirmed_at, suspended_at, suspended_until,"
        " created_at, approved_at, deleted_at FROM members ORDER BY id"
    ),
    "groups": "SELECT * FROM member_groups ORDER BY id",
    "group_members": "SELECT group_id, member_id, added_by, added_at FROM group_members ORDER BY group_id, member_id",
    "categories": "SELECT * FROM categories ORDER BY id",
    "category_groups": "SELECT * FROM category_groups ORDER BY category_id, group_id",
    "threads": "SELECT * FROM threads ORDER BY id",
    "posts": "SELECT * FROM posts ORDER BY id",
    "post_revisions": "SELECT * FROM post_revisions ORDER BY id",
    "reactions": "SELECT * FROM reactions ORDER BY post_id, member_id, kind",
    "flags": "SELECT * FROM flags ORDER BY id",
    "author_reveals": "SELECT * FROM author_reveals ORDER BY post_id",
    "resource_requests": "SELECT * FROM resource_requests ORDER BY id",
    "resource_request_askers": "SELECT * FROM resource_request_askers ORDER BY request_id, member_id",
    "audit_log": "SELECT * FROM audit_log ORDER BY id",
}

# Erasing a member (account deletion): the rows that are only about them; the caller
# blanks the profile. Posts are the core's business (kept as "Former member", or deleted).
ERASE_MEMBER: tuple[str, ...] = (
    "DELETE FROM sessions WHERE member_id = {p}",
    "DELETE FROM email_tokens WHERE member_id = {p}",
    "DELETE FROM group_members WHERE member_id = {p}",
    "DELETE FROM follows WHERE member_id = {p}",
    "DELETE FROM thread_reads WHERE member_id = {p}",
    "DELETE FROM reactions WHERE member_id = {p}",
    "DELETE FROM resource_request_askers WHERE member_id = {p}",
    "DELETE FROM idempotency_keys WHERE member_id = {p}",
    # Mail to them, queued or kept, and what would have made more.
    "DELETE FROM outbox WHERE member_id = {p}",
    "DELETE FROM notifications WHERE member_id = {p}",
    "DELETE FROM notification_preferences WHERE member_id = {p}",
    "DELETE FROM webinar_reminders WHERE member_id = {p}",
)

# Who verification concerns: approved members, with what it decides by.
VERIFICATION_ROWS = (
    "SELECT id, name, email, status, approved_at, licence_number, licence_state, verification_method,"
    " professional_verified_at, verification_expires_at, verification_reminded_at, facility_confirmed_at"
    " FROM members WHERE status = 'approved' AND deleted_at IS NULL ORDER BY id"
)
