"""Changing your password while signed in."""

from .conftest import PASSWORD, Network


def test_a_member_changes_their_password_and_other_sessions_end(network: Network) -> None:
    person = network.add_member()
    here, elsewhere = network.signed_in(person), network.signed_in(person)
    wrong = here.post("/account/password", {"current_password": "not my password!", "new_password": "x" * 20})
    assert wrong.status_code == 403
    assert wrong.json()["error"]["field"] == "current_password"
    weak = here.post("/account/password", {"current_password": PASSWORD, "new_password": "short"})
    assert weak.status_code == 422
    changed = here.post(
        "/account/password", {"current_password": PASSWORD, "new_password": "a brand new passphrase"}
    )
    assert changed.status_code == 200, changed.text
    here.client.headers["X-CSRF-Token"] = changed.json()["csrf_token"]
    assert here.get("/session").json()["member"]["email"] == person.email
    assert elsewhere.get("/session").json()["member"] is None
    assert network.client().sign_in(person.email, "a brand new passphrase").status_code == 200
    assert network.client().sign_in(person.email).status_code == 401
