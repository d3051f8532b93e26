"""Per-address throttles: failed sign-ins (SCN_SIGNIN_LIMIT_IP) and requests that send
email, joining among them (SCN_EMAIL_LIMIT_IP).

Past the limit the answer is 429 too_many_requests in the usual error shape, with a
Retry-After in seconds, and nothing is done; every client address has its own count.
"""

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from discussion_api.app import create_app

from .conftest import FAST_HASHER, JOIN, PASSWORD, Api, MovableClock, Network, test_settings

ATTACKER = ("10.0.0.5", 40001)
NEIGHBOUR = ("10.0.0.6", 40002)
HOUR = 3600


@pytest.fixture
def network(tmp_path: Path, clock: MovableClock, database: dict[str, str]) -> Iterator[Network]:
    """Small per-address limits; the per-account sign-in limit stays out of the way."""
    settings = test_settings(
        tmp_path,
        **database,
        SCN_SIGNIN_LIMIT_IP="3/hour",
        SCN_SIGNIN_LIMIT_ACCOUNT="1000/hour",
        SCN_EMAIL_LIMIT_IP="2/hour",
    )
    app = create_app(settings, clock=clock, password_hasher=FAST_HASHER)
    with ExitStack() as stack:
        yield Network(app, settings, stack)


def browser_at(network: Network, address: tuple[str, int]) -> Api:
    api = network.client(address)
    api.refresh()
    return api


def assert_throttled(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.json() == {
        "error": {"code": "too_many_requests", "message": response.json()["error"]["message"], "field": None}
    }
    assert 0 < int(response.headers["Retry-After"]) <= HOUR


def sign_in(api: Api, email: str, password: str = PASSWORD) -> httpx.Response:
    return api.post("/session", {"email": email, "password": password})


def test_failed_sign_ins_from_one_address_are_limited_across_accounts(network: Network) -> None:
    accounts = [network.add_member() for _ in range(4)]
    attacker = browser_at(network, ATTACKER)
    for account in accounts[:3]:  # one guess per account: the per-account limit never trips
        assert sign_in(attacker, account.email, "wrong password!").status_code == 401
    before = network.row_counts()

    assert_throttled(sign_in(attacker, accounts[3].email))  # even the right password
    assert_throttled(sign_in(attacker, "nobody@nowhere.example", "wrong password!"))
    assert network.row_counts() == before  # no session was started

    neighbour = browser_at(network, NEIGHBOUR)
    assert sign_in(neighbour, accounts[0].email, "wrong password!").status_code == 401
    assert sign_in(neighbour, accounts[3].email).status_code == 200


def test_successful_sign_ins_do_not_count(network: Network) -> None:
    member = network.add_member()
    api = browser_at(network, ATTACKER)
    for _ in range(5):
        response = sign_in(api, member.email)
        assert response.status_code == 200
        api.csrf = response.json()["csrf_token"]


def test_join_requests_from_one_address_are_limited(network: Network) -> None:
    attacker = browser_at(network, ATTACKER)
    for n in range(2):
        assert attacker.post("/join", {**JOIN, "email": f"applicant{n}@clinic.example"}).status_code == 202
    before, mails = network.row_counts(), len(network.mails())

    assert_throttled(attacker.post("/join", {**JOIN, "email": "applicant2@clinic.example"}))
    assert network.row_counts() == before
    assert len(network.mails()) == mails

    neighbour = browser_at(network, NEIGHBOUR)
    assert neighbour.post("/join", {**JOIN, "email": "applicant3@clinic.example"}).status_code == 202
