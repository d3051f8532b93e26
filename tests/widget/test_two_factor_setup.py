"""A moderator without two-factor is kept out of moderation, sets up an authenticator app
in the account view's Security section (its key shown as text, no QR code), and then
moderates; and the sign-in form asks for the code next time. Reached by clicking."""

from typing import Any

import pyotp
from harness import TEST_PASSWORD, Service
from playwright.sync_api import expect


def sign_in_by_clicking(page: Any, email: str, code: str | None = None) -> None:
    page.goto("/")
    page.get_by_role("link", name="Sign in to the Network").click()
    page.wait_for_url("**/account/")
    signin = page.get_by_role("form", name="Sign in")
    signin.get_by_label("Email").fill(email)
    signin.get_by_label("Password").fill(TEST_PASSWORD)
    signin.get_by_role("button", name="Sign in").click()
    if code is not None:
        asked = signin.get_by_label("Code from your authenticator app, or a recovery code")
        expect(asked).to_be_visible()
        asked.fill(code)
        signin.get_by_role("button", name="Sign in").click()


def test_a_moderator_sets_up_two_factor_before_moderating(service: Service, open_page: Any) -> None:
    email = service.add_member("Mo Derator", role="moderator", second_factor=False)
    page = open_page()
    sign_in_by_clicking(page, email)
    expect(page.locator(".scn-account-status")).to_contain_text("Mo Derator")

    page.locator('[data-scn="account"]').get_by_role("link", name="Moderation").click()
    expect(page.get_by_text("Moderation needs two-factor sign-in")).to_be_visible()
    expect(page.get_by_role("heading", name="Applications")).to_have_count(0)

    page.locator(".scn-who").click()
    page.wait_for_url("**/account/")
    security = page.get_by_role("region", name="Security")
    security.get_by_role("button", name="Set up an authenticator app").click()
    secret = security.locator(".scn-totp-secret").inner_text()
    expect(security.locator(".scn-totp-uri")).to_contain_text("otpauth://totp/")
    confirm = security.get_by_role("form", name="Confirm the authenticator app")
    confirm.get_by_label("The six-digit code the app shows").fill(pyotp.TOTP(secret).now())
    confirm.get_by_role("button", name="Turn on").click()
    expect(
        page.get_by_role("region", name="Security").get_by_text("The authenticator app is on.")
    ).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(10)

    page.locator('[data-scn="account"]').get_by_role("link", name="Moderation").click()
    expect(page.get_by_role("heading", name="Applications (0)")).to_be_visible()

    # Next time, the sign-in form asks for the app's code after the password.
    later = open_page()
    sign_in_by_clicking(later, email, code=pyotp.TOTP(secret).now())
    expect(later.locator(".scn-account-status")).to_contain_text("Mo Derator")
