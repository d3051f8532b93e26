"""Password reset and email change by single-use, short-lived email links."""

from .conftest import PASSWORD, Api, MovableClock, Network, link_token


def test_password_reset(network: Network, visitor: Api, clock: MovableClock) -> None:
    member = network.add_member()
    old_session = network.signed_in(member)
    unknown = visitor.post("/password-reset", {"email": "nobody@nowhere.example"})
    response = visitor.post("/password-reset", {"email": member.email.upper()})
    assert unknown.json() == response.json() == {"status": "check_your_email"}
    (mail,) = network.mails()
    token = link_token(mail, "reset")

    weak = visitor.post("/password-reset/confirm", {"token": token, "password": "password1"})
    assert weak.json()["error"]["code"] == "password_too_common"
    new_password = "a brand new passphrase"
    assert (
        visitor.post("/password-reset/confirm", {"token": token, "password": new_password}).status_code == 204
    )
    assert (
        visitor.post("/password-reset/confirm", {"token": token, "password": new_password}).status_code == 400
    )
    assert old_session.get("/profile").status_code == 401
    assert network.client().sign_in(member.email, PASSWORD).status_code == 401
    assert network.client().sign_in(member.email, new_password).status_code == 200

    visitor.post("/password-reset", {"email": member.email})
    late = link_token(network.mails()[-1], "reset")
    clock.advance(hours=1, seconds=1)
    expired = visitor.post("/password-reset/confirm", {"token": late, "password": new_password})
    assert expired.json()["error"]["code"] == "invalid_link"


def test_email_change(network: Network) -> None:
    member = network.add_member()
    api = network.signed_in(member)
    wrong = api.post("/account/email", {"new_email": "new@clinic.example", "password": "nope!!!!"})
    assert wrong.status_code == 403
    assert (
        api.post("/account/email", {"new_email": "new@clinic.example", "password": PASSWORD}).status_code
        == 202
    )
    to_new, to_old = network.mails()[-2:]
    assert (to_new["To"], to_old["To"]) == ("new@clinic.example", member.email)
    assert "#email_change=" not in to_old.get_content()
    token = link_token(to_new, "email_change")
    assert api.post("/account/email/confirm", {"token": token}).status_code == 204
    assert api.get("/profile").json()["email"] == "new@clinic.example"
    assert network.client().sign_in("new@clinic.example").status_code == 200
