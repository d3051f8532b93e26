"""A real OpenID provider for tests, built from authlib's server components and served
over HTTP by uvicorn on 127.0.0.1: discovery, JWKS, the authorization endpoint (which
"signs in" whoever the test says, with no login page) and the token endpoint, doing
the authorization-code grant with PKCE and OpenID Connect ID tokens (RS256).

Tests turn knobs to make it misbehave as real providers can: sign ID tokens for
another audience, put another nonce in them, or let time pass so codes expire.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlencode

import uvicorn
from authlib.common.security import generate_token
from authlib.oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import OAuth2Payload, OAuth2Request, grants
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from harness import free_port
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

CLIENT_ID = "scn-network"
CLIENT_SECRET = "s3cret-for-tests-only"
CODE_SECONDS = 60


@dataclass
class Person:
    """Who signs in at the provider."""

    sub: str
    email: str
    name: str
    email_verified: bool = True
    amr: list[str] = field(default_factory=lambda: ["pwd"])


@dataclass
class Client:
    client_id: str
    client_secret: str

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri.endswith("/callback")

    def check_client_secret(self, client_secret: str) -> bool:
        return client_secret == self.client_secret

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    person: Person
    issued_at: float

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return int(self.issued_at)

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> list[str]:
        return self.person.amr


class Payload(OAuth2Payload):
    def __init__(self, data: dict[str, list[str]]):
        self._datalist = data

    @property
    def data(self) -> dict[str, str]:
        return {key: values[0] for key, values in self._datalist.items()}

    @property
    def datalist(self) -> dict[str, list[str]]:
        return self._datalist


class ProviderRequest(OAuth2Request):
    """A Starlette request as authlib's server sees it (query and form read beforehand)."""

    def __init__(self, request: Request, form: dict[str, list[str]]):
        super().__init__(request.method, str(request.url), headers=request.headers)
        merged: dict[str, list[str]] = defaultdict(list)
        for key, value in request.query_params.multi_items():
            merged[key].append(value)
        for key, values in form.items():
            merged[key].extend(values)
        self.payload = Payload(dict(merged))
        self._form = {key: values[0] for key, values in form.items()}

    @property
    def args(self) -> dict[str, str]:
        return dict(self.payload.data)

    @property
    def form(self) -> dict[str, str]:
        return self._form


class OidcProvider:
    """The provider, its knobs and its server; `issuer` is its base URL."""

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.clients = {CLIENT_ID: Client(CLIENT_ID, CLIENT_SECRET)}
        self.reset()
        self.server = self._authorization_server()

    def reset(self) -> None:
        self.person = Person("nurse-0001", "dana@stmary.example", "Dana Reyes")
        self.codes: dict[str, Code] = {}
        self.audience: str | None = None  # None: the client id, as it should be
        self.nonce: str | None = None  # None: the nonce the client sent
        self.clock_skew = 0.0  # seconds the provider's clock runs ahead
        self.authorize_requests: list[dict[str, str]] = []

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def now(self) -> float:
        return time.time() + self.clock_skew

    def _authorization_server(self) -> AuthorizationServer:
        provider = self

        class Server(AuthorizationServer):
            def query_client(self, client_id: str) -> Client | None:
                return provider.clients.get(client_id)

            def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
                pass

            def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
                return request

            def handle_response(self, status: int, body: Any, headers: Any) -> Response:
                if isinstance(body, dict):
                    return JSONResponse(body, status_code=status, headers=dict(headers))
                return Response(body, status_code=status, headers=dict(headers))

            def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
                pass

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
                data = request.payload.data
                provider.codes[code] = Code(
                    code=code,
                    client_id=request.client.get_client_id(),
                    redirect_uri=data.get("redirect_uri", ""),
                    scope=request.scope,
                    nonce=provider.nonce or data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                    person=request.user,
                    issued_at=provider.now(),
                )

            def query_authorization_code(self, code: str, client: Client) -> Code | None:
                found = provider.codes.get(code)
                live = found and provider.now() - found.issued_at <= CODE_SECONDS
                return found if live and found.client_id == client.get_client_id() else None

            def delete_authorization_code(self, authorization_code: Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: Code) -> Person:
                return authorization_code.person

        class OpenID(OpenIDCode):
            def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
                return False

            def resolve_client_private_key(self, client: Client) -> RSAKey:
                return provider.key

            def get_client_algorithm(self, client: Client) -> str:
                return "RS256"

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                now = int(provider.now())
                return {
                    "iss": provider.issuer,
                    "aud": [provider.audience or client.get_client_id()],
                    "iat": now,
                    "exp": now + 300,
                }

            def generate_user_info(self, user: Person, scope: str) -> UserInfo:
                return UserInfo(
                    sub=user.sub, name=user.name, email=user.email, email_verified=user.email_verified
                )

        server = Server()
        server.register_token_generator(
            "default", BearerTokenGenerator(lambda *args, **kwargs: generate_token(42))
        )
        server.register_grant(CodeGrant, [OpenID(require_nonce=True), CodeChallenge(required=True)])
        return server

    def app(self) -> Starlette:
        async def discovery(request: Request) -> Response:
            return JSONResponse(
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/authorize",
                    "token_endpoint": f"{self.issuer}/token",
                    "jwks_uri": f"{self.issuer}/jwks",
                    "response_types_supported": ["code"],
                    "subject_types_supported": ["public"],
                    "id_token_signing_alg_values_supported": ["RS256"],
                    "code_challenge_methods_supported": ["S256"],
                    "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                }
            )

        async def jwks(request: Request) -> Response:
            return JSONResponse(KeySet([self.key]).as_dict(private=False))

        async def authorize(request: Request) -> Response:
            self.authorize_requests.append(dict(request.query_params))
            return self.server.create_authorization_response(
                ProviderRequest(request, {}), grant_user=self.person
            )

        async def token(request: Request) -> Response:
            fields = parse_qs((await request.body()).decode(), keep_blank_values=True)
            return self.server.create_token_response(ProviderRequest(request, fields))

        return Starlette(
            routes=[
                Route("/.well-known/openid-configuration", discovery),
                Route("/jwks", jwks),
                Route("/authorize", authorize),
                Route("/token", token, methods=["POST"]),
            ]
        )

    def authorize_url(self, **params: str) -> str:
        return f"{self.issuer}/authorize?{urlencode(params)}"


@contextmanager
def running_provider() -> Iterator[OidcProvider]:
    """The provider served by uvicorn on 127.0.0.1 in a thread, for as long as the block runs."""
    provider = OidcProvider()
    server = uvicorn.Server(
        uvicorn.Config(
            provider.app(), host="127.0.0.1", port=provider.port, log_level="warning", lifespan="off"
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test OpenID provider did not start")
        time.sleep(0.02)
    try:
        yield provider
    finally:
        server.should_exit = True
        thread.join(timeout=10)
