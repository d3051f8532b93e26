"""Password policy and argon2id hashing."""

import pytest

from discussion_api.core.errors import Refusal
from discussion_api.core.passwords import Passwords, check_policy, common_passwords

from .conftest import FAST_HASHER


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("seven77", "password_too_short"),
        ("x" * 129, "password_too_long"),
        ("Password123", "password_too_common"),
        ("qwertyuiop", "password_too_common"),
    ],
)
def test_policy_refuses(password: str, code: str) -> None:
    with pytest.raises(Refusal) as refused:
        check_policy(password)
    assert refused.value.code == code
    assert refused.value.field == "password"


def test_policy_accepts_long_uncommon_passwords() -> None:
    check_policy("eight ch")
    check_policy("x" * 128)
    assert len(common_passwords()) >= 300


def test_hash_is_argon2id_and_verifies() -> None:
    passwords = Passwords(FAST_HASHER)
    stored = passwords.hash("correct horse battery")
    assert stored.startswith("$argon2id$")
    assert passwords.verify(stored, "correct horse battery")
    assert not passwords.verify(stored, "wrong horse battery")
    assert not passwords.verify("not a hash", "anything")
    assert not passwords.verify(None, "anything")


def test_default_hasher_meets_the_floor() -> None:
    params = Passwords()._hasher
    assert params.time_cost >= 2 and params.memory_cost >= 19 * 1024
