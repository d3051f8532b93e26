"""The security log (ASVS 16.3.1, 16.3.2): sign-ins, failed sign-ins and authorisation
failures are logged with who and what, and the log never holds a password, a session or
CSRF token, a post's text or what the patient-information guard matched."""

import logging

import pytest

from .conftest import PASSWORD, Network
from .forum_helpers import start_thread

WRONG = "Wrong-Horse-Battery-417"
POST_TEXT = "Zymurgy-Sentinel bedside note"
PHONE = "312-555-0147"


def test_sign_ins_and_refusals_are_logged_without_secrets(
    network: Network, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="discussion_api")
    alice_person = network.add_member(name="Alice")
    mo = network.signed_in(network.add_member(role="moderator"))
    alice = network.signed_in(alice_person)
    assert network.client().sign_in(alice_person.email, WRONG).status_code == 401
    visitor = network.client()
    visitor.refresh()
    assert visitor.get("/categories").status_code == 401
    assert alice.get("/mod/flags").status_code == 403
    forged = alice.post("/threads/1/posts", {"body": POST_TEXT}, headers={"X-CSRF-Token": mo.csrf})
    assert forged.status_code == 403
    page = start_thread(alice, title="Sentinel title", body=POST_TEXT)
    phi = alice.post(f"/threads/{page['thread']['id']}/posts", {"body": f"Call the family on {PHONE}"})
    assert phi.status_code == 422
    bob_person = network.add_member(name="Bob")
    bob = network.signed_in(bob_person)
    assert bob.patch(f"/posts/{page['posts'][0]['id']}", {"body": "Bob's edit"}).status_code == 403
    hidden = mo.post(f"/mod/posts/{page['posts'][0]['id']}/hide", {"reason": "Testing the log"})
    assert hidden.status_code == 200

    lines = [record.getMessage() for record in caplog.records]
    expected = [
        f"member {alice_person.id} signed in",
        "failed sign-in from testclient",
        "refused GET /api/v1/categories to a visitor: sign_in_required",
        f"refused GET /api/v1/mod/flags to member {alice_person.id}: moderators_only",
        f"refused POST /api/v1/threads/1/posts to member {alice_person.id}: csrf_failed",
        f"refused PATCH /api/v1/posts/{page['posts'][0]['id']} to member {bob_person.id}: not_your_post",
    ]
    for line in expected:
        assert line in lines, lines

    secrets = [PASSWORD, WRONG, POST_TEXT, "Zymurgy", PHONE, "555-0147", alice.csrf, mo.csrf]
    secrets += [api.client.cookies["scn_session"] for api in (alice, mo, bob)]
    logged = caplog.text + "\n".join(lines)
    leaked = [secret for secret in secrets if secret in logged]
    assert leaked == []
