"""Data rights: a member downloads everything about them and may delete their account;
an admin exports the whole forum for the organisation's records (core/data_rights.py)."""

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..core import data_rights
from .endpoints import Access, Call, Endpoint
from .errors import ApiError
from .fields import STRICT_INPUT, Password


class MemberExport(BaseModel):
    """Everything stored about you that is yours: your profile, groups, sessions (when
    and how recently, never their keys), threads you started, posts and the versions you
    wrote, what you follow, marked helpful, flagged and asked for. Nothing of anyone else."""

    model_config = ConfigDict(extra="forbid")
    format: str
    exported_at: str
    profile: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    sessions: list[dict[str, Any]]
    threads_started: list[dict[str, Any]]
    posts: list[dict[str, Any]]
    post_versions: list[dict[str, Any]]
    follows: list[dict[str, Any]]
    helpful_marks: list[dict[str, Any]]
    flags_raised: list[dict[str, Any]]
    resource_requests: list[dict[str, Any]]
    resource_requests_asked: list[dict[str, Any]]


class ForumExport(BaseModel):
    """Every table of the forum, by name (members without password hashes or tokens)."""

    model_config = ConfigDict(extra="allow")
    format: str
    exported_at: str


class PostsChoice(StrEnum):
    KEEP = "keep"
    DELETE = "delete"


class AccountDeletion(BaseModel):
    model_config = STRICT_INPUT
    password: Password
    posts: PostsChoice = Field(
        description='"keep": your posts stay, shown as by "Former member"; "delete": they go, '
        "with their text removed from every version and from search."
    )


class AccountDeleted(BaseModel):
    deleted_posts: int


def export_mine(call: Call) -> MemberExport:
    return MemberExport.model_validate(data_rights.member_export(call.read(), call.viewer, call.now))


def delete_account(call: Call) -> AccountDeleted:
    """Check the password (throttled like signing in), then erase the account."""
    runtime, body = call.runtime, call.body
    limits, email = runtime.limits, call.member.email
    limits.check(limits.signin_account, email)
    found = runtime.store.read().members.by_email(email)
    if not runtime.passwords.verify(found[1] if found else None, body.password):
        limits.hit(limits.signin_account, email)
        raise ApiError(403, "wrong_password", "The password is wrong.", "password")
    deleted = data_rights.delete_account(runtime.store, call.viewer, body.posts is PostsChoice.KEEP, call.now)
    call.response.delete_cookie(
        runtime.settings.session_cookie,
        path="/",
        httponly=True,
        samesite="lax",
        secure=runtime.settings.secure,
    )
    return AccountDeleted(deleted_posts=deleted)


def export_forum(call: Call) -> ForumExport:
    return ForumExport.model_validate(data_rights.forum_export(call.read(), call.now))


routes = (
    Endpoint(
        "GET",
        "/account/export",
        export_mine,
        Access.ACCOUNT,
        "Everything about you, as JSON (nothing of anyone else).",
        response=MemberExport,
    ),
    Endpoint(
        "DELETE",
        "/account",
        delete_account,
        Access.ACCOUNT,
        "Delete your account: your profile is erased and you are signed out everywhere; your "
        'posts are kept as "Former member" or deleted, as you choose.',
        body=AccountDeletion,
        response=AccountDeleted,
        errors=(403, 429),
    ),
    Endpoint(
        "GET",
        "/admin/export",
        export_forum,
        Access.ADMIN,
        "The whole forum as JSON, for the organisation's records.",
        response=ForumExport,
    ),
)
