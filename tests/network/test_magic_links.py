"""Magic links: a sign-in link by email that works once, for 15 minutes, and only in the
browser that asked for it."""

import pyotp
from harness import TEST_TOTP_SECRET

from .conftest import Api, MovableClock, Network, link_token


def ask(network: Network, email: str) -> Api:
    browser = network.client()
    browser.refresh()
    asked = browser.post("/session/link/request", {"email": email})
    assert asked.status_code == 202 and asked.json() == {"status": "check_your_email"}
    return browser


def latest_token(network: Network, email: str) -> str:
    mail = [m for m in network.mails() if m["To"] == email][-1]
    assert mail["Subject"].endswith("Your sign-in link")
    return link_token(mail, "signin")


def test_a_link_signs_in_once(network: Network) -> None:
    person = network.add_member()
    browser = ask(network, person.email)
    token = latest_token(network, person.email)
    signed = browser.post("/session/link", {"token": token})
    assert signed.status_code == 200, signed.text
    assert signed.json()["member"]["id"] == person.id
    browser.csrf = signed.json()["csrf_token"]
    assert browser.get("/profile").status_code == 200

    again = browser.post("/session/link", {"token": token})
    assert again.status_code == 400 and again.json()["error"]["code"] == "invalid_link"


def test_a_link_fails_after_15_minutes(network: Network, clock: MovableClock) -> None:
    person = network.add_member()
    browser = ask(network, person.email)
    token = latest_token(network, person.email)
    clock.advance(minutes=15, seconds=1)
    late = browser.post("/session/link", {"token": token})
    assert late.status_code == 400 and late.json()["error"]["code"] == "invalid_link"
    assert browser.get("/session").json()["member"] is None


def test_a_link_works_only_in_the_browser_that_asked(network: Network) -> None:
    person = network.add_member()
    asker = ask(network, person.email)
    token = latest_token(network, person.email)
    other = network.client()
    other.refresh()
    refused = other.post("/session/link", {"token": token})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_link"
    assert other.get("/session").json()["member"] is None
    # The other browser's attempt did not use the link up: its owner's browser still can.
    assert asker.post("/session/link", {"token": token}).status_code == 200


def test_asking_tells_nobody_whether_an_address_has_an_account(network: Network) -> None:
    before = len(network.mails())
    ask(network, "nobody@nowhere.example")
    assert len(network.mails()) == before


def test_an_account_with_two_factor_needs_its_code_after_the_link(
    network: Network, clock: MovableClock
) -> None:
    person = network.add_member(role="moderator")  # seeded with the test authenticator app
    browser = ask(network, person.email)
    token = latest_token(network, person.email)
    first = browser.post("/session/link", {"token": token})
    assert first.status_code == 401 and first.json()["error"]["code"] == "two_factor_required"
    # The link is still good for the second try, with the code.
    code = pyotp.TOTP(TEST_TOTP_SECRET).at(clock.now)
    signed = browser.post("/session/link", {"token": token, "code": code})
    assert signed.status_code == 200, signed.text
    browser.csrf = signed.json()["csrf_token"]
    assert browser.get("/mod/applications").status_code == 200
