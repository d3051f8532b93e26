"""Joining: apply, verify by the emailed link, then a moderator decides."""

from .conftest import JOIN, PASSWORD, Api, Network, link_token


def join_and_verify(network: Network, visitor: Api, **changes: object) -> str:
    assert visitor.post("/join", {**JOIN, **changes}).status_code == 202
    token = link_token(network.mails()[-1], "verify")
    response = visitor.post("/join/verify", {"token": token})
    assert response.status_code == 200
    return response.json()["status"]


def test_join_verify_approve_then_sign_in(network: Network, visitor: Api) -> None:
    response = visitor.post("/join", JOIN)
    assert response.status_code == 202
    assert response.json() == {"status": "check_your_email"}
    (mail,) = network.mails()
    assert mail["To"] == JOIN["email"]
    token = link_token(mail, "verify")
    assert visitor.post("/join/verify", {"token": token}).json() == {"status": "pending"}
    # single use
    reused = visitor.post("/join/verify", {"token": token})
    assert reused.status_code == 400
    assert reused.json()["error"]["code"] == "invalid_link"

    applicant = network.client()
    applicant.sign_in(JOIN["email"])
    assert applicant.get("/session").json()["member"]["status"] == "pending"
    assert applicant.get("/mod/applications").status_code == 403

    moderator = network.signed_in(network.add_member(role="moderator"))
    (application,) = moderator.get("/mod/applications").json()["applications"]
    assert application["facility"] == "St Mary's"
    approved = moderator.post(f"/mod/applications/{application['id']}/approve", {})
    assert approved.json() == {"status": "approved"}
    notice = network.mails()[-1]
    assert notice["To"] == JOIN["email"]
    assert "is approved" in notice["Subject"]  # the outcome; the rest is read after sign-in
    assert applicant.get("/session").json()["member"]["status"] == "approved"
    again = moderator.post(f"/mod/applications/{application['id']}/approve", {})
    assert again.status_code == 409


def test_reject_and_request_info(network: Network, visitor: Api) -> None:
    moderator = network.signed_in(network.add_member(role="moderator"))
    first = network.add_member(status="pending")
    second = network.add_member(status="pending")
    response = moderator.post(
        f"/mod/applications/{first.id}/reject", {"reason": "Not a healthcare professional"}
    )
    assert response.json() == {"status": "rejected"}
    question = moderator.post(
        f"/mod/applications/{second.id}/request-info", {"reason": "Which unit do you work on?"}
    )
    assert question.json() == {"status": "info_requested"}

    rejected = network.signed_in(first)
    me = rejected.get("/session").json()["member"]
    assert (me["status"], me["moderator_message"]) == ("rejected", "Not a healthcare professional")
    assert rejected.post("/join/answer", {"note": "please"}).status_code == 409

    asked = network.signed_in(second)
    assert asked.post("/join/answer", {"note": "The ED"}).json() == {"status": "pending"}
    queue = moderator.get("/mod/applications").json()["applications"]
    assert [(a["id"], a["applicant_note"]) for a in queue] == [(second.id, "The ED")]
    assert moderator.post(f"/mod/applications/{first.id}/reject", {"reason": ""}).status_code == 422
    assert moderator.post("/mod/applications/99999/approve", {}).status_code == 404


def test_auto_approved_domain(network: Network, visitor: Api) -> None:
    admin = network.signed_in(network.add_member(role="admin"))
    listed = admin.post("/admin/domains", {"domain": "StMary.example"})
    assert listed.json()["domains"][0]["domain"] == "stmary.example"
    assert join_and_verify(network, visitor) == "approved"
    assert admin.delete("/admin/domains/stmary.example").status_code == 204
    assert admin.delete("/admin/domains/stmary.example").status_code == 404
    second_visitor = network.client()
    second_visitor.refresh()
    assert join_and_verify(network, second_visitor, email="other@stmary.example") == "pending"


def test_join_with_a_taken_email_gives_the_same_answer(network: Network, visitor: Api) -> None:
    member = network.add_member()
    before = network.row_counts()
    response = visitor.post("/join", {**JOIN, "email": member.email.upper()})
    assert response.status_code == 202
    assert response.json() == {"status": "check_your_email"}
    assert network.row_counts() == before
    assert "#verify=" not in network.mails()[-1].get_content()


def test_join_refuses_weak_passwords_and_missing_agreement(visitor: Api, network: Network) -> None:
    before = network.row_counts()
    for password, code in (
        ("short", "password_too_short"),
        ("password123", "password_too_common"),
        ("x" * 129, "password_too_long"),
    ):
        response = visitor.post("/join", {**JOIN, "password": password})
        assert response.status_code == 422
        assert response.json()["error"] == {
            "code": code,
            "message": response.json()["error"]["message"],
            "field": "password",
        }
    refused = visitor.post("/join", {**JOIN, "agrees_to_community_rules": False})
    assert refused.json()["error"]["field"] == "agrees_to_community_rules"
    assert visitor.post("/join", {**JOIN, "state": "ZZ"}).json()["error"]["field"] == "state"
    assert network.row_counts() == before


def test_sign_in_failures_are_throttled_per_account(tmp_path, clock) -> None:
    from contextlib import ExitStack

    from discussion_api.app import create_app

    from .conftest import FAST_HASHER, test_settings

    settings = test_settings(tmp_path, SCN_SIGNIN_LIMIT_ACCOUNT="3/hour")
    app = create_app(settings, clock=clock, password_hasher=FAST_HASHER)
    with ExitStack() as stack:
        network = Network(app, settings, stack)
        member = network.add_member()
        api = network.client()
        for _ in range(3):
            assert api.sign_in(member.email, "wrong password!").status_code == 401
        # Past the limit the password alone is not enough, but the owner is not locked
        # out: a sign-in link goes to the account's address (test_signin_under_attack.py).
        throttled = api.sign_in(member.email, PASSWORD)
        assert throttled.status_code == 403
        assert throttled.json()["error"]["code"] == "signin_link_sent"
        # unknown accounts answer like known ones
        assert api.sign_in("nobody@nowhere.example").status_code == 401


def test_an_applicant_whose_link_expired_asks_for_a_new_one(network: Network, visitor: Api) -> None:
    assert visitor.post("/join", JOIN).status_code == 202
    applicant = network.client()
    assert applicant.sign_in(JOIN["email"]).status_code == 200
    network_clock = network.app.state.runtime.clock
    network_clock.advance(hours=25)  # the first link lived a day
    expired = link_token(network.mails()[-1], "verify")
    assert visitor.post("/join/verify", {"token": expired}).json()["error"]["code"] == "invalid_link"

    applicant.sign_in(JOIN["email"])
    resent = applicant.post("/join/resend")
    assert resent.status_code == 202
    fresh = link_token(network.mails()[-1], "verify")
    assert visitor.post("/join/verify", {"token": fresh}).json() == {"status": "pending"}
    again = applicant.post("/join/resend")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_verified"
