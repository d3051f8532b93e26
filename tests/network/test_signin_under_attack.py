"""Strangers cannot lock a member out: failures are throttled per (account, address);
an account or address under attack needs an emailed single-use link instead of a
refusal; at most 100 failed guesses an hour are ever checked against a password."""

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from discussion_api.config import Settings

from .conftest import ORIGIN, Api, MovableClock, Network, link_token, test_settings

WRONG = "not the password at all"


@pytest.fixture
def settings(tmp_path: Path, database: dict[str, str]) -> Settings:
    # A low per-address ceiling keeps the NAT case short; the account limit is the real
    # default. 30/hour is also SCN_EMAIL_LIMIT_IP's rate: their counts must stay apart.
    return test_settings(tmp_path, **database, SCN_SIGNIN_LIMIT_IP="30/hour")


def from_address(network: Network, address: str) -> Api:
    """A browser whose requests come from `address` (as the server sees the peer)."""
    client = TestClient(network.app, base_url=ORIGIN, headers={"Origin": ORIGIN}, client=(address, 40000))
    client.portal = network._running.portal
    api = Api(client)
    api.refresh()
    return api


def count_password_checks(network: Network, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    checked: list[str] = []
    passwords = network.app.state.runtime.passwords
    verify = passwords.verify

    def counting_verify(stored_hash: str | None, password: str) -> bool:
        checked.append(password)
        return verify(stored_hash, password)

    monkeypatch.setattr(passwords, "verify", counting_verify)
    return checked


def test_strangers_guessing_from_many_addresses_cannot_lock_the_owner_out(
    network: Network, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = network.add_member()
    checked = count_password_checks(network, monkeypatch)
    guesses = [
        from_address(network, f"198.51.100.{n}").post("/session", {"email": owner.email, "password": WRONG})
        for n in range(1, 21)
        for _ in range(5)
    ]
    assert [g.status_code for g in guesses] == [401] * 100

    later = from_address(network, "198.51.100.99").post("/session", {"email": owner.email, "password": WRONG})
    assert later.status_code == 403 and later.json()["error"]["code"] == "signin_link_sent"
    assert len(checked) == 100  # the 101st guess was never tried against the password

    own = from_address(network, "192.0.2.7")
    refused = own.sign_in(owner.email)  # the right password, but the account is under attack
    assert refused.status_code == 403, refused.text
    assert refused.json() == later.json()
    assert len(checked) == 100
    mail = network.mails()[-1]  # the stranger's attempt mailed one too, now retired
    assert mail["To"] == owner.email and "sign-in link" in mail["Subject"]
    signed_in = own.post("/session/link", {"token": link_token(mail, "signin")})
    assert signed_in.status_code == 200, signed_in.text
    assert signed_in.json()["member"]["id"] == owner.id
    own.csrf = signed_in.json()["csrf_token"]
    assert own.get("/profile").status_code == 200


def test_the_answer_under_attack_does_not_say_whether_an_account_exists(network: Network) -> None:
    owner = network.add_member()
    stranger = from_address(network, "198.51.100.1")
    answers: list[tuple[int, object, list[str]]] = []
    for email_address in (owner.email, "nobody@hospital.example"):
        for n in range(100):
            stranger = from_address(network, f"198.51.{n // 10}.{n}") if n % 10 == 0 else stranger
            stranger.post("/session", {"email": email_address, "password": WRONG})
        fresh = from_address(network, "198.51.100.250")
        answer = fresh.post("/session", {"email": email_address, "password": WRONG})
        answers.append((answer.status_code, answer.json(), sorted(answer.headers)))
    assert answers[0] == answers[1]
    assert answers[0][0] == 403


def test_one_address_is_throttled_for_one_account_only(network: Network) -> None:
    owner = network.add_member()
    other = network.add_member()
    guesser = from_address(network, "198.51.100.1")
    statuses = [
        guesser.post("/session", {"email": owner.email, "password": WRONG}).status_code for _ in range(11)
    ]
    assert statuses == [401] * 10 + [429]
    throttled = guesser.post("/session", {"email": owner.email, "password": WRONG})
    assert throttled.json()["error"]["code"] == "too_many_requests"
    assert int(throttled.headers["Retry-After"]) > 0
    assert from_address(network, "192.0.2.7").sign_in(owner.email).status_code == 200
    assert guesser.sign_in(other.email).status_code == 200  # the same address, another account


def test_colleagues_behind_one_nat_are_not_locked_out(network: Network) -> None:
    colleagues = [network.add_member() for _ in range(40)]
    nat = "203.0.113.1"
    # A ward's worth of sign-ins through one address: successes never count, and each
    # colleague's typo counts once, so together they stay under the ceiling (30 here).
    for colleague in colleagues:
        assert from_address(network, nat).sign_in(colleague.email).status_code == 200
    for colleague in colleagues[:29]:
        typo = from_address(network, nat).sign_in(colleague.email, WRONG)
        assert typo.status_code == 401
    for colleague in colleagues:
        assert from_address(network, nat).sign_in(colleague.email).status_code == 200


def test_a_signin_link_works_once_for_15_minutes_and_mails_are_throttled(
    network: Network, clock: MovableClock
) -> None:
    owner = network.add_member()
    for n in range(100):
        from_address(network, f"198.51.100.{n}").post("/session", {"email": owner.email, "password": WRONG})
    own = from_address(network, "192.0.2.7")
    for _ in range(5):
        assert own.sign_in(owner.email).status_code == 403
    mails = network.mails()
    assert len(mails) == 3  # SCN_SIGNIN_LINK_LIMIT: no flood of the owner's inbox
    stale, fresh = link_token(mails[0], "signin"), link_token(mails[-1], "signin")
    assert own.post("/session/link", {"token": stale}).status_code == 400  # retired by the next one
    clock.advance(minutes=16)
    expired = own.post("/session/link", {"token": fresh})
    assert expired.status_code == 400 and expired.json()["error"]["code"] == "invalid_link"


def test_a_used_link_cannot_be_replayed(network: Network) -> None:
    owner = network.add_member()
    for n in range(100):
        from_address(network, f"198.51.100.{n}").post("/session", {"email": owner.email, "password": WRONG})
    own = from_address(network, "192.0.2.7")
    own.sign_in(owner.email)
    token = link_token(network.mails()[0], "signin")
    assert own.post("/session/link", {"token": token}).status_code == 200
    replay = from_address(network, "198.51.100.1")
    assert replay.post("/session/link", {"token": token}).status_code == 400


def test_limits_with_the_same_rate_keep_separate_counts(network: Network) -> None:
    # SCN_EMAIL_LIMIT_IP and SCN_SIGNIN_LIMIT_IP are both 30/hour here: using up the
    # address's email budget must not count as 30 failed sign-ins.
    member = network.add_member()
    desk = from_address(network, "203.0.113.9")
    for _ in range(30):
        assert desk.post("/password-reset", {"email": member.email}).status_code == 202
    assert desk.post("/password-reset", {"email": member.email}).status_code == 429
    assert desk.sign_in(member.email).status_code == 200
