"""Passkeys in Debian's Chromium with its virtual authenticator (the DevTools WebAuthn
domain): a member adds a passkey in the account view's Security section, signs out,
and signs in with the passkey alone. Everything is reached by clicking."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import TEST_PASSWORD, Mailbox, Service, free_port, running_service
from playwright.sync_api import expect


@pytest.fixture
def localhost_service(site: Path, tmp_path: Path, smtp_server: tuple[int, Mailbox]) -> Iterator[Service]:
    """The Network at http://localhost:PORT: WebAuthn takes a domain name as the relying
    party, never a bare IP address, so this service is browsed by name."""
    port = free_port()
    url = f"http://localhost:{port}"
    smtp_port, mailbox = smtp_server
    env = {
        "SCN_PUBLIC_URL": url,
        "SCN_ALLOWED_ORIGINS": url,
        "SCN_SMTP_HOST": "127.0.0.1",
        "SCN_SMTP_PORT": str(smtp_port),
    }
    with running_service(
        site, tmp_path / "var", mailbox, relay_port=free_port(), port=port, **env
    ) as service:
        service.url = url
        yield service


def virtual_authenticator(context: Any, page: Any) -> tuple[Any, str]:
    """A platform authenticator that holds discoverable credentials and verifies its user
    (as a laptop's fingerprint reader does), answering without a person's touch."""
    devtools = context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


def test_a_member_registers_a_passkey_and_signs_in_with_it(browser: Any, localhost_service: Service) -> None:
    email = localhost_service.add_member("Pat Keys")
    context = browser.new_context(base_url=localhost_service.url)
    page = context.new_page()
    devtools, authenticator = virtual_authenticator(context, page)

    page.goto("/")
    page.get_by_role("link", name="Sign in to the Network").click()
    page.wait_for_url("**/account/")
    signin = page.get_by_role("form", name="Sign in")
    signin.get_by_label("Email").fill(email)
    signin.get_by_label("Password").fill(TEST_PASSWORD)
    signin.get_by_role("button", name="Sign in").click()
    expect(page.locator(".scn-account-status")).to_contain_text("Pat Keys")

    security = page.get_by_role("region", name="Security")
    add = security.get_by_role("form", name="Add a passkey")
    add.get_by_label("A name for it").fill("Work laptop")
    add.get_by_role("button", name="Add a passkey").click()
    expect(security.get_by_role("list", name="Your passkeys")).to_contain_text("Work laptop")
    stored = devtools.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(stored) == 1 and stored[0]["isResidentCredential"]

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("form", name="Sign in")).to_be_visible()
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.locator(".scn-account-status")).to_contain_text("Pat Keys")
    expect(
        page.get_by_role("region", name="Security").get_by_role("list", name="Your passkeys")
    ).to_contain_text("last used")

    # Removed, the passkey signs nobody in any more.
    security = page.get_by_role("region", name="Security")
    security.get_by_role("button", name="Remove Work laptop").click()
    expect(security.get_by_text("No passkeys yet.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in with a passkey").click()
    expect(page.get_by_text("This passkey is not registered here")).to_be_visible()
    context.close()
