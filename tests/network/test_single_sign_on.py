"""Single sign-on against a real OpenID provider on loopback (oidc_provider.py), driven
over HTTP through the authorization-code flow: the browser goes to the provider, the
provider sends it back with a code, the Network redeems the code at the provider's
token endpoint and checks the ID token."""

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from starlette.applications import Starlette

from discussion_api.app import create_app
from discussion_api.config import ConfigError, load_settings

from .conftest import FAST_HASHER, JOIN, Api, MovableClock, Network, row_counts, test_settings
from .oidc_provider import CLIENT_ID, CLIENT_SECRET, CODE_SECONDS, OidcProvider, running_provider


@pytest.fixture(scope="module")
def provider() -> Iterator[OidcProvider]:
    with running_provider() as running:
        yield running


@pytest.fixture
def sso(
    tmp_path: Path, database: dict[str, str], clock: MovableClock, provider: OidcProvider
) -> Iterator[Network]:
    provider.reset()
    settings = test_settings(
        tmp_path,
        SCN_OIDC_PROVIDERS="mercy",
        SCN_OIDC_MERCY_DISCOVERY_URL=provider.discovery_url,
        SCN_OIDC_MERCY_CLIENT_ID=CLIENT_ID,
        SCN_OIDC_MERCY_CLIENT_SECRET=CLIENT_SECRET,
        SCN_OIDC_MERCY_LABEL="Sign in with Mercy Health",
        **database,
    )
    app: Starlette = create_app(settings, clock=clock, password_hasher=FAST_HASHER)
    with ExitStack() as stack:
        yield Network(app, settings, stack)


def to_provider(api: Api, path: str = "/sso/mercy/start") -> str:
    """Start at the Network; returns the provider's answer: the callback URL with its code."""
    start = api.get(path, follow_redirects=False)
    assert start.status_code == 302, start.text
    authorize = httpx.get(start.headers["location"], follow_redirects=False)
    assert authorize.status_code == 302, authorize.text
    return authorize.headers["location"]


def back_at_network(api: Api, callback_url: str) -> str:
    """Follow the provider's redirect back; returns the fragment the account page gets."""
    parts = urlsplit(callback_url)
    arrived = api.client.get(f"{parts.path}?{parts.query}", follow_redirects=False)
    assert arrived.status_code == 303, arrived.text
    location = arrived.headers["location"]
    assert location.startswith("http://testserver/account/#"), location
    return location.split("#", 1)[1]


def sign_on(api: Api) -> str:
    return back_at_network(api, to_provider(api))


def signed_in_member(api: Api) -> dict | None:
    return api.get("/session").json()["member"]


def applicant_form() -> dict:
    return {k: v for k, v in JOIN.items() if k not in ("email", "password")}


def test_the_sign_in_form_lists_providers_with_their_labels(sso: Network) -> None:
    answer = sso.client().get("/sso/providers").json()
    assert answer == {"providers": [{"name": "mercy", "label": "Sign in with Mercy Health"}]}


def test_the_flow_uses_state_nonce_and_pkce(sso: Network, provider: OidcProvider) -> None:
    to_provider(sso.client())
    sent = provider.authorize_requests[-1]
    assert sent["state"] and sent["nonce"] and sent["code_challenge"]
    assert sent["code_challenge_method"] == "S256"
    assert set(sent["scope"].split()) == {"openid", "email", "profile"}


def test_a_new_identity_opens_a_join_request_and_then_signs_in(sso: Network, provider: OidcProvider) -> None:
    nurse = sso.client()
    assert sign_on(nurse) == "sso=join"
    assert signed_in_member(nurse) is None  # nothing yet but a prefilled form
    assert nurse.get("/sso/join").json() == {
        "provider": "Sign in with Mercy Health",
        "email": "dana@stmary.example",
        "name": "Dana Reyes",
    }
    nurse.refresh()
    joined = nurse.post("/sso/join", applicant_form())
    assert joined.status_code == 200, joined.text
    assert joined.json()["member"]["email"] == "dana@stmary.example"
    # The provider verified the address, so the application waits for a moderator.
    assert joined.json()["member"]["status"] == "pending"
    assert nurse.get("/sso/join").status_code == 404  # the waiting claims are used up

    # The same identity, from another browser, signs in to the same account.
    again = sso.client()
    assert sign_on(again) == "sso=signed_in"
    assert signed_in_member(again)["id"] == joined.json()["member"]["id"]


def test_a_join_at_an_auto_approved_domain_is_approved(sso: Network) -> None:
    admin = sso.add_member(role="admin")
    with sso.app.state.runtime.store.write() as db:
        db.domains.add("stmary.example", admin.id, sso.app.state.runtime.clock())
    nurse = sso.client()
    assert sign_on(nurse) == "sso=join"
    nurse.refresh()
    assert nurse.post("/sso/join", applicant_form()).json()["member"]["status"] == "approved"


def test_an_address_with_an_account_is_not_taken_over_by_a_new_identity(sso: Network, provider) -> None:
    owner = sso.add_member()
    provider.person.email = owner.email
    stranger = sso.client()
    assert sign_on(stranger) == "sso=join"
    stranger.refresh()
    refused = stranger.post("/sso/join", applicant_form())
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "email_taken"
    assert signed_in_member(stranger) is None


def test_linking_needs_the_account_signed_in_and_then_signs_it_in(sso: Network) -> None:
    assert sso.client().get("/sso/mercy/link", follow_redirects=False).status_code == 401
    person = sso.add_member()
    owner = sso.signed_in(person)
    assert back_at_network(owner, to_provider(owner, "/sso/mercy/link")) == "sso=linked"
    listed = owner.get("/account/security").json()["identities"]
    assert [(i["provider"], i["email"]) for i in listed] == [("mercy", "dana@stmary.example")]

    elsewhere = sso.client()
    assert sign_on(elsewhere) == "sso=signed_in"
    assert signed_in_member(elsewhere)["id"] == person.id


def refused_without_session(sso: Network, api: Api, fragment: str, code: str) -> None:
    assert fragment == f"sso_error={code}"
    assert signed_in_member(api) is None
    assert row_counts(sso.settings.database)["sessions"] == 0


def test_a_bad_state_is_refused(sso: Network) -> None:
    nurse = sso.client()
    callback = to_provider(nurse)
    forged = callback.replace("state=", "state=forged")
    refused_without_session(sso, nurse, back_at_network(nurse, forged), "state_mismatch")


def test_a_callback_in_another_browser_is_refused(sso: Network) -> None:
    """The state lives in the signed cookie of the browser that started: a code sent to
    another browser (login CSRF, a leaked URL) is refused."""
    callback = to_provider(sso.client())
    other = sso.client()
    refused_without_session(sso, other, back_at_network(other, callback), "state_mismatch")


def test_a_wrong_nonce_is_refused(sso: Network, provider: OidcProvider) -> None:
    provider.nonce = "a-nonce-from-another-sign-in"
    nurse = sso.client()
    refused_without_session(sso, nurse, sign_on(nurse), "token_rejected")


def test_a_token_for_another_audience_is_refused(sso: Network, provider: OidcProvider) -> None:
    provider.audience = "some-other-application"
    nurse = sso.client()
    refused_without_session(sso, nurse, sign_on(nurse), "token_rejected")


def test_an_expired_code_is_refused(sso: Network, provider: OidcProvider) -> None:
    nurse = sso.client()
    callback = to_provider(nurse)
    provider.clock_skew = CODE_SECONDS + 1  # the provider's minute passes before the code is used
    refused_without_session(sso, nurse, back_at_network(nurse, callback), "code_rejected")


def test_a_reused_code_is_refused(sso: Network) -> None:
    person = sso.add_member()
    owner = sso.signed_in(person)
    back_at_network(owner, to_provider(owner, "/sso/mercy/link"))
    first = sso.client()
    callback = to_provider(first)
    assert back_at_network(first, callback) == "sso=signed_in"

    # Another browser with a state of its own, carrying the code already redeemed.
    second = sso.client()
    own_state = parse_qs(urlsplit(to_provider(second)).query)["state"][0]
    used_code = parse_qs(urlsplit(callback).query)["code"][0]
    replay = f"http://testserver/api/v1/sso/mercy/callback?code={used_code}&state={own_state}"
    assert back_at_network(second, replay) == "sso_error=code_rejected"
    assert signed_in_member(second) is None


def test_a_provider_error_becomes_a_plain_refusal(sso: Network) -> None:
    nurse = sso.client()
    to_provider(nurse)
    state = "x"
    fragment = back_at_network(
        nurse, f"http://testserver/api/v1/sso/mercy/callback?error=access_denied&state={state}"
    )
    assert fragment == "sso_error=provider_refused"
    assert signed_in_member(nurse) is None


def test_an_unknown_provider_is_not_found(sso: Network) -> None:
    assert sso.client().get("/sso/nope/start", follow_redirects=False).status_code == 404


def test_moderators_signing_on_with_mfa_may_moderate(sso: Network, provider: OidcProvider) -> None:
    person = sso.add_member(role="moderator")
    moderator = sso.signed_in(person)
    back_at_network(moderator, to_provider(moderator, "/sso/mercy/link"))

    provider.person.amr = ["pwd"]
    single = sso.client()
    assert sign_on(single) == "sso=signed_in"
    assert single.get("/mod/applications").json()["error"]["code"] == "two_factor_required"

    provider.person.amr = ["pwd", "mfa"]
    multi = sso.client()
    assert sign_on(multi) == "sso=signed_in"
    assert multi.get("/mod/applications").status_code == 200


def test_several_providers_are_configured_and_a_missing_setting_is_named(tmp_path: Path) -> None:
    okta = {
        "SCN_OIDC_OKTA_DISCOVERY_URL": "https://example.okta.com/.well-known/openid-configuration",
        "SCN_OIDC_OKTA_CLIENT_ID": "okta-client",
        "SCN_OIDC_OKTA_CLIENT_SECRET": "okta-secret",
    }
    mercy = {
        "SCN_OIDC_MERCY_DISCOVERY_URL": "https://login.example/v2.0/.well-known/openid-configuration",
        "SCN_OIDC_MERCY_CLIENT_ID": "mercy-client",
        "SCN_OIDC_MERCY_LABEL": "Sign in with Mercy Health",
    }
    base = {"SCN_DATA_DIR": str(tmp_path), "SCN_SECRET_KEY": "k" * 40, "SCN_OIDC_PROVIDERS": "mercy, okta"}
    with pytest.raises(ConfigError, match="SCN_OIDC_MERCY_CLIENT_SECRET"):
        load_settings({**base, **okta, **mercy})
    settings = load_settings({**base, **okta, **mercy, "SCN_OIDC_MERCY_CLIENT_SECRET": "mercy-secret"})
    assert [(p.name, p.label) for p in settings.oidc_providers] == [
        ("mercy", "Sign in with Mercy Health"),
        ("okta", "Sign in with okta"),
    ]
    with pytest.raises(ConfigError, match="lowercase letters and digits"):
        load_settings({**base, "SCN_OIDC_PROVIDERS": "Mercy Health"})
