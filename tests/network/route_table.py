"""Every route of the app: a valid sample request and the status each role must get.

Roles, in column order: anonymous, unverified, pending, member, suspended, moderator,
admin (see world.py). A route of the app without a row here fails the matrix test.
`{name}` in paths and bodies is filled from World.ids.
"""

from dataclasses import dataclass, field
from typing import Any

from .conftest import JOIN

EVERYONE = "200 200 200 200 200 200 200"
SIGNED_IN = "401 200 200 200 401 200 200"
MEMBERS = "401 403 403 200 401 200 200"
MODERATORS = "401 403 403 403 401 200 200"
ADMINS = "401 403 403 403 401 403 200"
# The suspended role holds a live session (world.py suspends it behind the app's back).
# Suspension ends sessions, so the app ends it at the member's first request and answers
# as to a visitor: 401 where sign-in is needed, and on unsafe methods 403 csrf_failed,
# because the ended session's CSRF token no longer matches.
PUBLIC_WRITE = "{0} {0} {0} {0} 403 {0} {0}"
MEMBER_WRITE = "401 403 403 {0} 403 {0} {0}"
MODERATOR_WRITE = "401 403 403 403 403 {0} {0}"
ADMIN_WRITE = "401 403 403 403 403 403 {0}"
LINK_TOKEN = "t" * 43


@dataclass(frozen=True)
class Case:
    path: str  # under /api/v1 unless the route is outside it
    expect: str
    body: dict[str, Any] | None = None
    query: dict[str, str] = field(default_factory=dict)

    def statuses(self) -> tuple[int | None, ...]:
        """None: checked by another test (see LIMITED)."""
        return tuple(None if status == "-" else int(status) for status in self.expect.split())


A = "/api/v1"
TABLE: dict[tuple[str, str], Case] = {
    ("GET", "/"): Case("/", EVERYONE),
    ("GET", "/widget.js"): Case("/widget.js", EVERYONE),
    ("GET", "/widget.css"): Case("/widget.css", EVERYONE),
    ("GET", "/widget/{name}"): Case("/widget/core.js", EVERYONE),
    ("GET", f"{A}/health"): Case("/health", EVERYONE),
    ("GET", f"{A}/stats"): Case("/stats", EVERYONE),
    ("GET", f"{A}/vocabulary"): Case("/vocabulary", EVERYONE),
    ("GET", f"{A}/openapi.json"): Case("/openapi.json", EVERYONE),
    ("GET", f"{A}/session"): Case("/session", EVERYONE),
    ("POST", f"{A}/session"): Case(
        "/session", PUBLIC_WRITE.format(200), {"email": "{member_email}", "password": "{password}"}
    ),
    ("POST", f"{A}/session/link"): Case("/session/link", PUBLIC_WRITE.format(400), {"token": LINK_TOKEN}),
    ("DELETE", f"{A}/session"): Case("/session", "401 204 204 204 403 204 204"),
    ("POST", f"{A}/session/link/request"): Case(
        "/session/link/request", PUBLIC_WRITE.format(202), {"email": "{member_email}"}
    ),
    # No ceremony was started in these browsers, so no challenge waits: 409 passkey_expired.
    ("POST", f"{A}/session/passkey/options"): Case("/session/passkey/options", PUBLIC_WRITE.format(200)),
    ("POST", f"{A}/session/passkey"): Case("/session/passkey", PUBLIC_WRITE.format(409), {"credential": {}}),
    # The world's provider "mercy" is a real OpenID provider on loopback (oidc_provider.py).
    ("GET", f"{A}/sso/providers"): Case("/sso/providers", EVERYONE),
    ("GET", f"{A}/sso/{{provider}}/start"): Case("/sso/mercy/start", "302 302 302 302 302 302 302"),
    ("GET", f"{A}/sso/{{provider}}/link"): Case("/sso/mercy/link", "401 302 302 302 401 302 302"),
    # A callback without a flow started in this browser: 303 to the account page's error.
    ("GET", f"{A}/sso/{{provider}}/callback"): Case(
        "/sso/mercy/callback", "303 303 303 303 303 303 303", query={"code": "c" * 20, "state": "s" * 20}
    ),
    ("GET", f"{A}/sso/join"): Case("/sso/join", "404 404 404 404 404 404 404"),
    ("POST", f"{A}/sso/join"): Case(
        "/sso/join",
        PUBLIC_WRITE.format(404),
        {k: v for k, v in JOIN.items() if k not in ("email", "password")},
    ),
    ("GET", f"{A}/account/security"): Case("/account/security", SIGNED_IN),
    ("GET", f"{A}/account/sessions"): Case("/account/sessions", SIGNED_IN),
    ("DELETE", f"{A}/account/sessions"): Case("/account/sessions", "401 204 204 204 403 204 204"),
    ("DELETE", f"{A}/account/sessions/{{session_id:int}}"): Case(
        "/account/sessions/999999", "401 404 404 404 403 404 404"
    ),
    # Seeded moderators and admins already have an authenticator app (and two-factor sessions).
    ("POST", f"{A}/account/totp"): Case("/account/totp", "401 200 200 200 403 409 409"),
    ("POST", f"{A}/account/totp/confirm"): Case(
        "/account/totp/confirm", "401 409 409 409 403 409 409", {"code": "123456"}
    ),
    ("DELETE", f"{A}/account/totp"): Case("/account/totp", "401 403 403 403 403 204 204"),
    ("POST", f"{A}/account/recovery-codes"): Case("/account/recovery-codes", "401 403 403 403 403 200 200"),
    ("POST", f"{A}/account/passkeys/options"): Case(
        "/account/passkeys/options", "401 200 200 200 403 200 200"
    ),
    ("POST", f"{A}/account/passkeys"): Case(
        "/account/passkeys", "401 409 409 409 403 409 409", {"name": "Work laptop", "credential": {}}
    ),
    ("GET", f"{A}/account/passkeys"): Case("/account/passkeys", SIGNED_IN),
    ("DELETE", f"{A}/account/passkeys/{{passkey_id:int}}"): Case(
        "/account/passkeys/999", "401 404 404 404 403 404 404"
    ),
    ("GET", f"{A}/profile"): Case("/profile", SIGNED_IN),
    ("PATCH", f"{A}/profile"): Case("/profile", "401 200 200 200 403 200 200", {"city": "Dayton"}),
    ("GET", f"{A}/account/export"): Case("/account/export", SIGNED_IN),
    ("DELETE", f"{A}/account"): Case(
        "/account", "401 200 200 200 403 200 200", {"password": "{password}", "posts": "keep"}
    ),
    ("GET", f"{A}/admin/export"): Case("/admin/export", ADMINS),
    # Nobody in the world is a sepsis coordinator: every member past access gets 409.
    ("POST", f"{A}/account/handover"): Case(
        "/account/handover", MEMBER_WRITE.format(409), {"successor_id": "{target}"}
    ),
    ("POST", f"{A}/password-reset"): Case(
        "/password-reset", PUBLIC_WRITE.format(202), {"email": "{member_email}"}
    ),
    ("POST", f"{A}/password-reset/confirm"): Case(
        "/password-reset/confirm",
        PUBLIC_WRITE.format(400),
        {"token": LINK_TOKEN, "password": "another long passphrase"},
    ),
    ("POST", f"{A}/account/password"): Case(
        "/account/password",
        "401 200 200 200 403 200 200",
        {"current_password": "{password}", "new_password": "another long passphrase"},
    ),
    ("POST", f"{A}/account/email"): Case(
        "/account/email",
        "401 202 202 202 403 202 202",
        {"new_email": "new@clinic.example", "password": "{password}"},
    ),
    ("POST", f"{A}/account/email/confirm"): Case(
        "/account/email/confirm", PUBLIC_WRITE.format(400), {"token": LINK_TOKEN}
    ),
    ("POST", f"{A}/join"): Case("/join", PUBLIC_WRITE.format(202), dict(JOIN)),
    ("POST", f"{A}/join/verify"): Case("/join/verify", PUBLIC_WRITE.format(400), {"token": LINK_TOKEN}),
    ("POST", f"{A}/join/resend"): Case("/join/resend", "401 202 409 409 403 409 409"),
    ("POST", f"{A}/join/answer"): Case(
        "/join/answer", "401 409 409 409 403 409 409", {"note": "I work in the ED"}
    ),
    ("GET", f"{A}/mod/applications"): Case("/mod/applications", MODERATORS),
    ("POST", f"{A}/mod/applications/{{member_id:int}}/approve"): Case(
        "/mod/applications/{applicant}/approve", MODERATOR_WRITE.format(200), {}
    ),
    ("POST", f"{A}/mod/applications/{{member_id:int}}/reject"): Case(
        "/mod/applications/{applicant}/reject", MODERATOR_WRITE.format(200), {"reason": "Not eligible"}
    ),
    ("POST", f"{A}/mod/applications/{{member_id:int}}/request-info"): Case(
        "/mod/applications/{applicant}/request-info", MODERATOR_WRITE.format(200), {"reason": "Which unit?"}
    ),
    ("GET", f"{A}/admin/domains"): Case("/admin/domains", ADMINS),
    ("POST", f"{A}/admin/domains"): Case(
        "/admin/domains", ADMIN_WRITE.format(200), {"domain": "mercy.example"}
    ),
    ("DELETE", f"{A}/admin/domains/{{domain}}"): Case(
        "/admin/domains/sentinel-mail.example", ADMIN_WRITE.format(204)
    ),
    ("GET", f"{A}/members"): Case("/members", MEMBERS),
    ("GET", f"{A}/members/{{member_id:int}}"): Case("/members/{target}", MEMBERS),
    ("GET", f"{A}/categories"): Case("/categories", MEMBERS),
    ("POST", f"{A}/categories"): Case("/categories", ADMIN_WRITE.format(201), {"slug": "ems", "name": "EMS"}),
    ("PATCH", f"{A}/categories/{{category_id:int}}"): Case(
        "/categories/1", ADMIN_WRITE.format(200), {"description": "Screening tools"}
    ),
    ("PUT", f"{A}/categories/{{category_id:int}}/groups"): Case(
        "/categories/1/groups", ADMIN_WRITE.format(200), {"group_ids": ["{limited_group}"]}
    ),
    ("GET", f"{A}/admin/groups"): Case("/admin/groups", ADMINS),
    ("POST", f"{A}/admin/groups"): Case(
        "/admin/groups", ADMIN_WRITE.format(201), {"slug": "ohio", "name": "Ohio chapter"}
    ),
    ("GET", f"{A}/admin/groups/{{group_id:int}}/members"): Case(
        "/admin/groups/{limited_group}/members", ADMINS
    ),
    ("PUT", f"{A}/admin/groups/{{group_id:int}}/members/{{member_id:int}}"): Case(
        "/admin/groups/{limited_group}/members/{target}", ADMIN_WRITE.format(200)
    ),
    ("DELETE", f"{A}/admin/groups/{{group_id:int}}/members/{{member_id:int}}"): Case(
        "/admin/groups/{limited_group}/members/{grouped}", ADMIN_WRITE.format(204)
    ),
    ("GET", f"{A}/categories/{{category_id:int}}/threads"): Case("/categories/1/threads", MEMBERS),
    ("POST", f"{A}/threads"): Case(
        "/threads", MEMBER_WRITE.format(201), {"category_id": 1, "title": "New thread", "body": "Hello"}
    ),
    ("GET", f"{A}/threads/{{thread_id:int}}"): Case("/threads/{thread}", MEMBERS),
    ("GET", f"{A}/lists/{{kind:str}}"): Case("/lists/latest", MEMBERS),
    ("GET", f"{A}/pages/thread"): Case("/pages/thread", MEMBERS, query={"key": "resource/sentinel"}),
    ("PUT", f"{A}/threads/{{thread_id:int}}/accepted"): Case(
        "/threads/{thread}/accepted", MEMBER_WRITE.format(200), {"post_id": "{post}"}
    ),
    ("DELETE", f"{A}/threads/{{thread_id:int}}/accepted"): Case(
        "/threads/{thread}/accepted", MEMBER_WRITE.format(200)
    ),
    ("PUT", f"{A}/threads/{{thread_id:int}}/follow"): Case(
        "/threads/{thread}/follow", MEMBER_WRITE.format(200)
    ),
    ("DELETE", f"{A}/threads/{{thread_id:int}}/follow"): Case(
        "/threads/{thread}/follow", MEMBER_WRITE.format(200)
    ),
    ("PUT", f"{A}/threads/{{thread_id:int}}/read"): Case(
        "/threads/{thread}/read", MEMBER_WRITE.format(200), {"post_id": "{post}"}
    ),
    ("POST", f"{A}/threads/{{thread_id:int}}/posts"): Case(
        "/threads/{thread}/posts", MEMBER_WRITE.format(201), {"body": "A reply"}
    ),
    ("PATCH", f"{A}/posts/{{post_id:int}}"): Case(
        "/posts/{post}", "401 403 403 200 403 403 403", {"body": "Edited"}
    ),
    ("DELETE", f"{A}/posts/{{post_id:int}}"): Case("/posts/{post}", MEMBER_WRITE.format(204)),
    ("GET", f"{A}/posts/{{post_id:int}}/revisions"): Case("/posts/{post}/revisions", MEMBERS),
    # The member is the post's author; moderators redact any post.
    ("POST", f"{A}/posts/{{post_id:int}}/redactions"): Case(
        "/posts/{post}/redactions", MEMBER_WRITE.format(200), {"reason": "Too specific", "start": 0, "end": 8}
    ),
    ("PUT", f"{A}/posts/{{post_id:int}}/helpful"): Case(
        "/posts/{post}/helpful", "401 403 403 409 403 200 200"
    ),
    ("DELETE", f"{A}/posts/{{post_id:int}}/helpful"): Case("/posts/{post}/helpful", MEMBER_WRITE.format(200)),
    ("POST", f"{A}/preview"): Case("/preview", MEMBER_WRITE.format(200), {"body": "**Hello**"}),
    ("GET", f"{A}/search"): Case("/search", MEMBERS, query={"q": "sentinel"}),
    ("GET", f"{A}/requests"): Case("/requests", MEMBERS),
    ("POST", f"{A}/requests"): Case(
        "/requests", MEMBER_WRITE.format(201), {"title": "A sepsis poster", "details": "For the ED"}
    ),
    ("PUT", f"{A}/requests/{{request_id:int}}/asking"): Case(
        "/requests/{request}/asking", MEMBER_WRITE.format(200)
    ),
    ("DELETE", f"{A}/requests/{{request_id:int}}/asking"): Case(
        "/requests/{request}/asking", MEMBER_WRITE.format(200)
    ),
    ("PATCH", f"{A}/mod/requests/{{request_id:int}}"): Case(
        "/mod/requests/{request}", MODERATOR_WRITE.format(200), {"status": "declined"}
    ),
    ("GET", f"{A}/requests/{{request_id:int}}/public"): Case("/requests/{request}/public", EVERYONE),
    ("POST", f"{A}/posts/{{post_id:int}}/flags"): Case(
        "/posts/{post}/flags", MEMBER_WRITE.format(201), {"reason": "Off topic"}
    ),
    ("GET", f"{A}/mod/flags"): Case("/mod/flags", MODERATORS),
    ("POST", f"{A}/mod/flags/{{flag_id:int}}/dismiss"): Case(
        "/mod/flags/{flag}/dismiss", MODERATOR_WRITE.format(200), {"reason": "Fine"}
    ),
    ("POST", f"{A}/mod/posts/{{post_id:int}}/hide"): Case(
        "/mod/posts/{post}/hide", MODERATOR_WRITE.format(200), {"reason": "Off topic"}
    ),
    ("POST", f"{A}/mod/posts/{{post_id:int}}/restore"): Case(
        "/mod/posts/{hidden_post}/restore", MODERATOR_WRITE.format(200), {"reason": "OK now"}
    ),
    ("GET", f"{A}/mod/held"): Case("/mod/held", MODERATORS),
    ("POST", f"{A}/mod/held/{{post_id:int}}/approve"): Case(
        "/mod/held/{held_post}/approve", MODERATOR_WRITE.format(200), {"reason": "Fictional example"}
    ),
    ("POST", f"{A}/mod/held/{{post_id:int}}/reject"): Case(
        "/mod/held/{held_post}/reject", MODERATOR_WRITE.format(200), {"reason": "Real phone number"}
    ),
    # The first moderator's call records the request (200 "requested"); a second reveals.
    ("POST", f"{A}/mod/posts/{{post_id:int}}/reveal"): Case(
        "/mod/posts/{anonymous_post}/reveal", MODERATOR_WRITE.format(200), {"reason": "Harassment report"}
    ),
    ("PATCH", f"{A}/mod/threads/{{thread_id:int}}"): Case(
        "/mod/threads/{thread}", MODERATOR_WRITE.format(200), {"locked": True, "reason": "Settled"}
    ),
    ("POST", f"{A}/mod/members/{{member_id:int}}/suspend"): Case(
        "/mod/members/{target}/suspend", MODERATOR_WRITE.format(200), {"reason": "Spam"}
    ),
    ("POST", f"{A}/mod/members/{{member_id:int}}/unsuspend"): Case(
        "/mod/members/{target}/unsuspend", MODERATOR_WRITE.format(200), {"reason": "Appeal"}
    ),
    ("PUT", f"{A}/admin/members/{{member_id:int}}/role"): Case(
        "/admin/members/{target}/role", ADMIN_WRITE.format(200), {"role": "moderator", "reason": "Trusted"}
    ),
    ("GET", f"{A}/mod/audit"): Case("/mod/audit", MODERATORS),
    ("GET", f"{A}/notifications"): Case("/notifications", MEMBERS),
    ("POST", f"{A}/notifications/read"): Case("/notifications/read", MEMBER_WRITE.format(204)),
    # The world's notifications are not expanded (no mail worker runs): past the access check, 404.
    ("POST", f"{A}/notifications/{{notification_id:int}}/read"): Case(
        "/notifications/1/read", "401 403 403 404 403 404 404"
    ),
    ("GET", f"{A}/notifications/preferences"): Case("/notifications/preferences", MEMBERS),
    ("PATCH", f"{A}/notifications/preferences"): Case(
        "/notifications/preferences", MEMBER_WRITE.format(200), {"followed": "daily"}
    ),
    ("GET", f"{A}/threads/{{thread_id:int}}/mentions"): Case(
        "/threads/{thread}/mentions", MEMBERS, query={"q": "Member"}
    ),
    ("GET", f"{A}/webinars/reminders"): Case("/webinars/reminders", MEMBERS),
    # The world's site lists no webinars: past the access check, 404.
    ("PUT", f"{A}/webinars/{{slug:str}}/reminder"): Case(
        "/webinars/sentinel-webinar/reminder", "401 403 403 404 403 404 404"
    ),
    ("DELETE", f"{A}/webinars/{{slug:str}}/reminder"): Case(
        "/webinars/sentinel-webinar/reminder", "401 403 403 404 403 404 404"
    ),
    ("GET", f"{A}/admin/outbox"): Case("/admin/outbox", ADMINS),
    # One-click unsubscribe needs no session: the link's token is the authority (a forged one: 400).
    ("GET", "/unsubscribe"): Case(
        f"/unsubscribe?member=1&kind=mention&token={LINK_TOKEN}", "400 400 400 400 400 400 400"
    ),
    ("POST", "/unsubscribe"): Case(
        f"/unsubscribe?member=1&kind=mention&token={LINK_TOKEN}", "400 400 400 400 400 400 400"
    ),
    ("GET", f"{A}/mod/verifications"): Case("/mod/verifications", MODERATORS),
    ("POST", f"{A}/mod/members/{{member_id:int}}/verification"): Case(
        "/mod/members/{target}/verification", MODERATOR_WRITE.format(200), {"method": "state_board"}
    ),
    ("PUT", f"{A}/account/licence"): Case(
        "/account/licence", MEMBER_WRITE.format(200), {"licence_number": "RN-1234", "licence_state": "OH"}
    ),
    ("POST", f"{A}/account/facility-confirmation"): Case(
        "/account/facility-confirmation", MEMBER_WRITE.format(200)
    ),
    # A TestClient cannot read an endless stream, so the topic names no thread: roles past
    # the access check get 404. Streams that open (200) are tested in tests/realtime.
    ("GET", f"{A}/events"): Case("/events", "401 403 403 404 401 404 404", query={"topics": "thread:999999"}),
}


# --- Group-limited categories -------------------------------------------------------
# The same routes aimed at a category limited to a group, its thread, posts and flag
# (world.seed_limited_category), for LIMITED_ROLES: the seven above, then "grouped", a
# member of the group ("member" is not). `shows`: the answer of a role that may see the
# category holds its sentinel (and no other role's answer ever does). The admin
# raised the seeded flag on "grouped"'s post. "-" marks a status
# another test checks: an event stream that opens cannot be read by a TestClient, so
# tests/realtime/test_group_streams.py opens them for real.
L_MEMBERS = "401 403 403 200 401 200 200 200"
L_INSIDE = "401 403 403 404 401 200 200 200"  # a limited object: outsiders are told it is missing
L_INSIDE_WRITE = "401 403 403 404 403 {0} {0} {0}"
L_MODERATOR_WRITE = "401 403 403 403 403 {0} {0} 403"
L_ADMIN_WRITE = "401 403 403 403 403 403 {0} 403"


@dataclass(frozen=True)
class LimitedCase(Case):
    shows: bool = False


LIMITED: dict[tuple[str, str], LimitedCase] = {
    ("GET", f"{A}/categories"): LimitedCase("/categories", L_MEMBERS, shows=True),
    ("PATCH", f"{A}/categories/{{category_id:int}}"): LimitedCase(
        "/categories/{limited_category}", L_ADMIN_WRITE.format(200), {"description": "Children"}, shows=True
    ),
    ("PUT", f"{A}/categories/{{category_id:int}}/groups"): LimitedCase(
        "/categories/{limited_category}/groups", L_ADMIN_WRITE.format(200), {"group_ids": []}, shows=True
    ),
    ("GET", f"{A}/categories/{{category_id:int}}/threads"): LimitedCase(
        "/categories/{limited_category}/threads", L_INSIDE, shows=True
    ),
    # Outsiders are told the category does not exist, as for any they cannot see.
    ("POST", f"{A}/threads"): LimitedCase(
        "/threads",
        "401 403 403 422 403 201 201 201",
        {"category_id": "{limited_category}", "title": "New thread", "body": "Hello"},
    ),
    ("GET", f"{A}/threads/{{thread_id:int}}"): LimitedCase("/threads/{limited_thread}", L_INSIDE, shows=True),
    ("GET", f"{A}/lists/{{kind:str}}"): LimitedCase("/lists/latest", L_MEMBERS, shows=True),
    # A page without a thread visible to the viewer answers {"thread": null}.
    ("GET", f"{A}/pages/thread"): LimitedCase(
        "/pages/thread", L_MEMBERS, query={"key": "resource/limited"}, shows=True
    ),
    ("PUT", f"{A}/threads/{{thread_id:int}}/accepted"): LimitedCase(
        "/threads/{limited_thread}/accepted", L_INSIDE_WRITE.format(200), {"post_id": "{limited_post}"}
    ),
    ("DELETE", f"{A}/threads/{{thread_id:int}}/accepted"): LimitedCase(
        "/threads/{limited_thread}/accepted", L_INSIDE_WRITE.format(200)
    ),
    ("PUT", f"{A}/threads/{{thread_id:int}}/follow"): LimitedCase(
        "/threads/{limited_thread}/follow", L_INSIDE_WRITE.format(200)
    ),
    ("DELETE", f"{A}/threads/{{thread_id:int}}/follow"): LimitedCase(
        "/threads/{limited_thread}/follow", L_INSIDE_WRITE.format(200)
    ),
    ("PUT", f"{A}/threads/{{thread_id:int}}/read"): LimitedCase(
        "/threads/{limited_thread}/read", L_INSIDE_WRITE.format(200), {"post_id": "{limited_post}"}
    ),
    ("POST", f"{A}/threads/{{thread_id:int}}/posts"): LimitedCase(
        "/threads/{limited_thread}/posts", L_INSIDE_WRITE.format(201), {"body": "A reply"}
    ),
    # "grouped" wrote the post; only its author edits it.
    ("PATCH", f"{A}/posts/{{post_id:int}}"): LimitedCase(
        "/posts/{limited_post}", "401 403 403 404 403 403 403 200", {"body": "Edited"}
    ),
    ("DELETE", f"{A}/posts/{{post_id:int}}"): LimitedCase(
        "/posts/{limited_post}", L_INSIDE_WRITE.format(204)
    ),
    ("GET", f"{A}/posts/{{post_id:int}}/revisions"): LimitedCase(
        "/posts/{limited_post}/revisions", L_INSIDE, shows=True
    ),
    ("POST", f"{A}/posts/{{post_id:int}}/redactions"): LimitedCase(
        "/posts/{limited_post}/redactions",
        L_INSIDE_WRITE.format(200),
        {"reason": "Too specific", "start": 0, "end": 8},
    ),
    ("PUT", f"{A}/posts/{{post_id:int}}/helpful"): LimitedCase(
        "/posts/{limited_post}/helpful", "401 403 403 404 403 200 200 409"
    ),
    ("DELETE", f"{A}/posts/{{post_id:int}}/helpful"): LimitedCase(
        "/posts/{limited_post}/helpful", L_INSIDE_WRITE.format(200)
    ),
    ("GET", f"{A}/search"): LimitedCase("/search", L_MEMBERS, query={"q": "sentinel"}, shows=True),
    ("POST", f"{A}/posts/{{post_id:int}}/flags"): LimitedCase(
        "/posts/{limited_post}/flags", "401 403 403 404 403 201 409 201", {"reason": "Off topic"}
    ),
    ("GET", f"{A}/mod/flags"): LimitedCase("/mod/flags", "401 403 403 403 401 200 200 403", shows=True),
    ("POST", f"{A}/mod/flags/{{flag_id:int}}/dismiss"): LimitedCase(
        "/mod/flags/{limited_flag}/dismiss", L_MODERATOR_WRITE.format(200), {"reason": "Fine"}
    ),
    ("GET", f"{A}/mod/held"): LimitedCase("/mod/held", "401 403 403 403 401 200 200 403", shows=True),
    ("POST", f"{A}/mod/held/{{post_id:int}}/approve"): LimitedCase(
        "/mod/held/{limited_held_post}/approve", L_MODERATOR_WRITE.format(200), {"reason": "Fictional"}
    ),
    ("POST", f"{A}/mod/held/{{post_id:int}}/reject"): LimitedCase(
        "/mod/held/{limited_held_post}/reject", L_MODERATOR_WRITE.format(200), {"reason": "Real number"}
    ),
    ("POST", f"{A}/mod/posts/{{post_id:int}}/hide"): LimitedCase(
        "/mod/posts/{limited_post}/hide", L_MODERATOR_WRITE.format(200), {"reason": "Off topic"}
    ),
    ("POST", f"{A}/mod/posts/{{post_id:int}}/restore"): LimitedCase(
        "/mod/posts/{limited_post}/restore", L_MODERATOR_WRITE.format(409), {"reason": "OK now"}
    ),
    ("POST", f"{A}/mod/posts/{{post_id:int}}/reveal"): LimitedCase(
        "/mod/posts/{limited_post}/reveal", L_MODERATOR_WRITE.format(409), {"reason": "Report"}
    ),
    ("PATCH", f"{A}/mod/threads/{{thread_id:int}}"): LimitedCase(
        "/mod/threads/{limited_thread}", L_MODERATOR_WRITE.format(200), {"locked": True, "reason": "Settled"}
    ),
    # Moving an open thread into the limited category: moderators see every category.
    ("PATCH", f"{A}/mod/threads/{{thread_id:int}}#move"): LimitedCase(
        "/mod/threads/{thread}",
        L_MODERATOR_WRITE.format(200),
        {"category_id": "{limited_category}", "reason": "Peds"},
    ),
    ("GET", f"{A}/mod/audit"): LimitedCase("/mod/audit", "401 403 403 403 401 200 200 403"),
    ("GET", f"{A}/admin/groups"): LimitedCase("/admin/groups", "401 403 403 403 401 403 200 403"),
    ("GET", f"{A}/admin/groups/{{group_id:int}}/members"): LimitedCase(
        "/admin/groups/{limited_group}/members", "401 403 403 403 401 403 200 403"
    ),
    ("PUT", f"{A}/admin/groups/{{group_id:int}}/members/{{member_id:int}}"): LimitedCase(
        "/admin/groups/{limited_group}/members/{target}", L_ADMIN_WRITE.format(200)
    ),
    ("DELETE", f"{A}/admin/groups/{{group_id:int}}/members/{{member_id:int}}"): LimitedCase(
        "/admin/groups/{limited_group}/members/{grouped}", L_ADMIN_WRITE.format(204)
    ),
    # A member's export holds their own posts: "grouped"'s hold the limited ones.
    ("GET", f"{A}/account/export"): LimitedCase("/account/export", "401 200 200 200 401 200 200 200"),
    ("DELETE", f"{A}/account"): LimitedCase(
        "/account", "401 200 200 200 403 200 200 200", {"password": "{password}", "posts": "delete"}
    ),
    ("GET", f"{A}/admin/export"): LimitedCase("/admin/export", "401 403 403 403 401 403 200 403", shows=True),
    # What a handover passes is checked against the successor's groups (test_handover.py).
    ("POST", f"{A}/account/handover"): LimitedCase(
        "/account/handover", "401 403 403 409 403 409 409 409", {"successor_id": "{grouped}"}
    ),
    ("GET", f"{A}/notifications"): LimitedCase("/notifications", L_MEMBERS),
    ("GET", f"{A}/threads/{{thread_id:int}}/mentions"): LimitedCase(
        "/threads/{limited_thread}/mentions", L_INSIDE, query={"q": "Grouped"}
    ),
    # Mail bodies may quote the forum: admins only, who see every category.
    ("GET", f"{A}/admin/outbox"): LimitedCase("/admin/outbox", "401 403 403 403 401 403 200 403"),
    ("GET", f"{A}/events"): LimitedCase(
        "/events", "401 403 403 404 401 - - -", query={"topics": "category:{limited_category}"}
    ),
}

# Routes that name no forum object and list none, so what they answer cannot depend on a
# category's groups. Every route is here or in LIMITED (test_limited_categories.py checks).
NO_FORUM_CONTENT = frozenset(
    {
        ("GET", "/"),
        ("GET", "/widget.js"),
        ("GET", "/widget.css"),
        ("GET", "/widget/{name}"),
        *(
            (method, A + path)
            for method, path in (
                ("GET", "/health"),
                ("GET", "/stats"),
                ("GET", "/vocabulary"),
                ("GET", "/openapi.json"),
                ("GET", "/session"),
                ("POST", "/session"),
                ("POST", "/session/link"),
                ("DELETE", "/session"),
                ("GET", "/profile"),
                ("PATCH", "/profile"),
                ("POST", "/password-reset"),
                ("POST", "/password-reset/confirm"),
                ("POST", "/account/password"),
                ("POST", "/account/email"),
                ("POST", "/account/email/confirm"),
                ("POST", "/join"),
                ("POST", "/join/verify"),
                ("POST", "/join/resend"),
                ("POST", "/join/answer"),
                ("GET", "/mod/applications"),
                ("POST", "/mod/applications/{member_id:int}/approve"),
                ("POST", "/mod/applications/{member_id:int}/reject"),
                ("POST", "/mod/applications/{member_id:int}/request-info"),
                ("GET", "/admin/domains"),
                ("POST", "/admin/domains"),
                ("DELETE", "/admin/domains/{domain}"),
                ("GET", "/members"),
                ("GET", "/members/{member_id:int}"),
                ("POST", "/categories"),
                ("POST", "/admin/groups"),
                ("POST", "/preview"),
                ("GET", "/requests"),
                ("POST", "/requests"),
                ("PUT", "/requests/{request_id:int}/asking"),
                ("DELETE", "/requests/{request_id:int}/asking"),
                ("PATCH", "/mod/requests/{request_id:int}"),
                ("GET", "/requests/{request_id:int}/public"),
                ("POST", "/mod/members/{member_id:int}/suspend"),
                ("POST", "/mod/members/{member_id:int}/unsuspend"),
                ("PUT", "/admin/members/{member_id:int}/role"),
                ("GET", "/mod/verifications"),
                ("POST", "/mod/members/{member_id:int}/verification"),
                ("PUT", "/account/licence"),
                ("POST", "/account/facility-confirmation"),
                # Sign-in, account security, notification settings and webinar reminders.
                ("GET", "/account/passkeys"),
                ("POST", "/account/passkeys"),
                ("POST", "/account/passkeys/options"),
                ("DELETE", "/account/passkeys/{passkey_id:int}"),
                ("POST", "/account/recovery-codes"),
                ("GET", "/account/security"),
                ("DELETE", "/account/sessions"),
                ("GET", "/account/sessions"),
                ("DELETE", "/account/sessions/{session_id:int}"),
                ("DELETE", "/account/totp"),
                ("POST", "/account/totp"),
                ("POST", "/account/totp/confirm"),
                ("GET", "/notifications/preferences"),
                ("PATCH", "/notifications/preferences"),
                ("POST", "/notifications/read"),
                ("POST", "/notifications/{notification_id:int}/read"),
                ("POST", "/session/link/request"),
                ("POST", "/session/passkey"),
                ("POST", "/session/passkey/options"),
                ("GET", "/sso/join"),
                ("POST", "/sso/join"),
                ("GET", "/sso/providers"),
                ("GET", "/sso/{provider}/callback"),
                ("GET", "/sso/{provider}/link"),
                ("GET", "/sso/{provider}/start"),
                ("GET", "/webinars/reminders"),
                ("DELETE", "/webinars/{slug:str}/reminder"),
                ("PUT", "/webinars/{slug:str}/reminder"),
            )
        ),
        ("GET", "/unsubscribe"),
        ("POST", "/unsubscribe"),
    }
)


def case_for(method: str, path: str) -> Case | None:
    """HEAD is answered like GET."""
    return TABLE.get(("GET" if method == "HEAD" else method, path))


def fill(value: Any, ids: dict[str, Any]) -> Any:
    """Replace "{name}" placeholders (whole values keep their type: ids stay ints)."""
    if isinstance(value, str):
        if value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
            return ids[value[1:-1]]
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        return {key: fill(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, ids) for item in value]
    return value
