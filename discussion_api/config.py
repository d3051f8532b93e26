"""Configuration from SCN_* environment variables, with safe localhost defaults.

`SETTINGS` is the complete list of variables (the README's configuration table is
checked against it); `load_settings` turns an environment into a `Settings`.
"""

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from limits import parse as parse_limit


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


# Threads for database work (http/endpoints.py runs handlers on them). On SQLite every
# statement gives up Python's interpreter lock and must win it back, so with dozens of
# threads on 2 cores a thread read waits for the lock at each of its rows (`make bench`:
# 40 threads read a 100-post thread about 3x slower than 4). PostgreSQL work waits on
# the network instead: more threads, and the pool opens a connection for each
# (storage/engines.open_store).
WORKER_THREADS_SQLITE = 4
WORKER_THREADS_POSTGRES = 10
# Threads of their own for writing requests on SQLite. A write mostly waits (for the
# writer's turn, then for its group's COMMIT: storage/sqlite/group_commit.py), and the
# more writers wait together, the more of them one COMMIT serves; reads keep their few
# threads. On PostgreSQL (0) writes share the request threads and their connections.
WRITE_THREADS_SQLITE = 8


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    description: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "SCN_ENV",
        "development",
        "`development` or `production`; production refuses to "
        "start without SCN_SECRET_KEY or with a non-https SCN_PUBLIC_URL.",
    ),
    Setting("SCN_HOST", "127.0.0.1", "Interface `scn serve` listens on."),
    Setting("SCN_PORT", "8000", "Port `scn serve` listens on."),
    Setting(
        "SCN_DATA_DIR",
        "./var",
        "Folder for the SQLite file, the local mail folder and the development secret key.",
    ),
    Setting("SCN_DATABASE", "$SCN_DATA_DIR/network.sqlite3", "SQLite database file."),
    Setting(
        "SCN_DATABASE_URL",
        "unset (SQLite)",
        "`postgresql://user:password@host:port/name`: use PostgreSQL instead of SQLite, so "
        "several `scn serve` on several machines share one database and live updates.",
    ),
    Setting(
        "SCN_PUBLIC_URL",
        "http://$SCN_HOST:$SCN_PORT",
        "Address members use; email links "
        "point here. https enables Secure, `__Host-` cookies and HSTS (on plain http to "
        "localhost browsers refuse both, so they are off).",
    ),
    Setting(
        "SCN_ALLOWED_ORIGINS",
        "origin of SCN_PUBLIC_URL",
        "Comma-separated exact origins allowed to call the API with credentials (CORS and the Origin check).",
    ),
    Setting(
        "SCN_SECRET_KEY",
        "random, kept in $SCN_DATA_DIR/secret.key",
        "Key for CSRF tokens; at least 32 characters; required in production.",
    ),
    Setting("SCN_SITE_DIR", "./build/site", "The built static Library served at `/`."),
    Setting("SCN_SITE_NAME", "Sepsis Coordinator Network", "Name used in emails."),
    Setting(
        "SCN_SMTP_HOST",
        "",
        "SMTP server; empty writes each email as a .eml file under $SCN_DATA_DIR/mail and logs where.",
    ),
    Setting("SCN_SMTP_PORT", "25", "SMTP port."),
    Setting("SCN_SMTP_USERNAME", "", "SMTP user name (empty: no authentication)."),
    Setting("SCN_SMTP_PASSWORD", "", "SMTP password."),
    Setting("SCN_SMTP_STARTTLS", "false", "`true` to require STARTTLS."),
    Setting("SCN_MAIL_FROM", "network@localhost", "Sender address of emails."),
    Setting("SCN_SESSION_IDLE_MINUTES", "2880", "A session unused this long ends."),
    Setting("SCN_SESSION_MAX_HOURS", "720", "A session ends this long after sign-in, used or not."),
    Setting("SCN_MAX_BODY_BYTES", "65536", "Largest request body accepted (larger: 413)."),
    Setting(
        "SCN_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses of the reverse proxies in front of the service; only their "
        "X-Forwarded-For and X-Forwarded-Proto headers are believed. Empty: none, the peer is the client.",
    ),
    Setting(
        "SCN_SIGNIN_LIMIT_PAIR",
        "10/15 minutes",
        "Failed sign-ins for one account from one client address (more: 429 for that pair only).",
    ),
    Setting(
        "SCN_SIGNIN_LIMIT_ACCOUNT",
        "100/hour",
        "Failed sign-ins per account checked against its password; past it, signing in to that "
        "account needs a link emailed to its address.",
    ),
    Setting(
        "SCN_SIGNIN_LIMIT_IP",
        "1000/hour",
        "Failed sign-ins per client address, any account (successes never count; more: 429). "
        "Far above what colleagues sharing one hospital NAT address produce.",
    ),
    Setting(
        "SCN_SIGNIN_LINK_LIMIT",
        "3/hour",
        "Sign-in link emails per account while its sign-ins need one.",
    ),
    Setting("SCN_POST_LIMIT_MEMBER", "30/minute", "New threads, replies and edits per member (more: 429)."),
    Setting("SCN_SEARCH_LIMIT_MEMBER", "60/minute", "Searches per member (more: 429)."),
    Setting(
        "SCN_EMAIL_LIMIT_IP",
        "30/hour",
        "Join, password-reset and email-change requests and sign-in link emails allowed per client "
        "address (each sends an email).",
    ),
    Setting(
        "SCN_STREAM_HEARTBEAT_SECONDS",
        "15",
        "Seconds between heartbeat comments on an "
        "idle event stream; the stream's session is checked again at each.",
    ),
    Setting(
        "SCN_STREAMS_PER_MEMBER",
        "5",
        "Live event streams one member may hold open in one server process (more: 429).",
    ),
    Setting(
        "SCN_EVENTS_POLL_MS",
        "50",
        "How often each server process reads new entries of the events log written by other processes.",
    ),
    Setting(
        "SCN_WORKER_THREADS",
        str(WORKER_THREADS_SQLITE),
        f"Threads each server process runs requests' database work on ({WORKER_THREADS_POSTGRES} "
        "with SCN_DATABASE_URL). On SQLite a few beat many: more threads than cores only "
        "queue for Python's interpreter lock, and thread reads slow down.",
    ),
    Setting(
        "SCN_WRITE_THREADS",
        str(WRITE_THREADS_SQLITE),
        "Threads of their own for requests that write (POST, PUT, PATCH, DELETE), beside "
        "SCN_WORKER_THREADS: on SQLite, writers waiting together share one commit. 0 (the "
        "default with SCN_DATABASE_URL): writes share the request threads.",
    ),
    Setting(
        "SCN_MAIL_WORKER",
        "true",
        "`false` to run no mail worker in this `scn serve` process (run `scn mail work` apart instead); the worker expands notifications and sends the outbox.",
    ),
    Setting(
        "SCN_MAIL_POLL_MS",
        "250",
        "How often the mail worker looks for new notification jobs and due mail.",
    ),
    Setting(
        "SCN_MAIL_BATCH_MINUTES",
        "5",
        'At most one "immediately" email per member and kind of mail this often; what happens meanwhile waits for the next one.',
    ),
    Setting(
        "SCN_MAIL_EXCERPT_CHARS",
        "0",
        "Notification emails are link-only; above 0, they quote up to this many characters of a post.",
    ),
    Setting(
        "SCN_MAIL_LEASE_SECONDS",
        "120",
        "A mail worker that claimed an email and died leaves it to be sent again after this long.",
    ),
    Setting(
        "SCN_VERIFICATION_MONTHS",
        "24",
        "How long a moderator's verification of a member's professional standing lasts (the verified badge).",
    ),
    Setting("SCN_ADMIN_PASSWORD", "", "Read only by `scn admin create` instead of prompting."),
    Setting(
        "SCN_OIDC_PROVIDERS",
        "",
        "Comma-separated names (lowercase letters and digits) of OpenID Connect providers for "
        "single sign-on, e.g. `mercy,okta`; each NAME needs the SCN_OIDC_<NAME>_* settings below. "
        "Empty: no single sign-on. Register `$SCN_PUBLIC_URL/api/v1/sso/<name>/callback` as the "
        "redirect URI at the provider.",
    ),
    Setting(
        "SCN_OIDC_<NAME>_DISCOVERY_URL",
        "",
        "The provider's discovery document, `https://.../.well-known/openid-configuration` "
        "(Microsoft Entra ID, Google Workspace, Okta or any compliant issuer).",
    ),
    Setting("SCN_OIDC_<NAME>_CLIENT_ID", "", "The client id the provider gave the Network."),
    Setting("SCN_OIDC_<NAME>_CLIENT_SECRET", "", "Its client secret."),
    Setting(
        "SCN_OIDC_<NAME>_LABEL",
        "Sign in with <NAME>",
        "Text of the provider's button on the sign-in form, e.g. `Sign in with Mercy Health`.",
    ),
)


@dataclass(frozen=True)
class OidcProvider:
    """A hospital's OpenID Connect identity provider (SCN_OIDC_<NAME>_*)."""

    name: str
    label: str
    discovery_url: str
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class Settings:
    env: str
    host: str
    port: int
    data_dir: Path
    database: Path
    database_url: str  # empty: SQLite at `database`
    public_url: str
    allowed_origins: tuple[str, ...]
    secret_key: bytes
    site_dir: Path
    site_name: str
    smtp_host: str
    smtp_port: int
    smtp_username: str
    smtp_password: str
    smtp_starttls: bool
    mail_from: str
    session_idle: timedelta
    session_absolute: timedelta
    max_body_bytes: int
    trusted_proxies: tuple[str, ...]
    signin_limit_pair: str
    signin_limit_account: str
    signin_limit_ip: str
    signin_link_limit: str
    post_limit_member: str
    search_limit_member: str
    email_limit_ip: str
    stream_heartbeat: float  # seconds
    streams_per_member: int
    events_poll: float  # seconds
    mail_worker: bool
    mail_poll: float  # seconds
    mail_batch: timedelta
    mail_excerpt_chars: int
    mail_lease: timedelta
    worker_threads: int
    write_threads: int  # 0: writes share the worker threads
    verification_months: int
    oidc_providers: tuple[OidcProvider, ...] = ()

    @property
    def secure(self) -> bool:
        """Served over https: cookies get Secure and the `__Host-` prefix, HSTS is sent."""
        return self.public_url.startswith("https://")

    @property
    def session_cookie(self) -> str:
        return "__Host-scn_session" if self.secure else "scn_session"

    @property
    def csrf_cookie(self) -> str:
        """Seed of the CSRF token for visitors who have not signed in yet."""
        return "__Host-scn_csrf" if self.secure else "scn_csrf"

    @property
    def link_cookie(self) -> str:
        """Binds an emailed sign-in link to the browser that asked for it."""
        return "__Host-scn_link" if self.secure else "scn_link"

    @property
    def sso_cookie(self) -> str:
        """Starlette's signed session: single sign-on state, nonce and PKCE verifier, passkey
        challenges, and claims awaiting a join request; minutes long."""
        return "__Host-scn_sso" if self.secure else "scn_sso"

    @property
    def mail_dir(self) -> Path:
        return self.data_dir / "mail"


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _int(env: Mapping[str, str], name: str, default: str, minimum: int) -> int:
    raw = env.get(name, default)
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def _flag(env: Mapping[str, str], name: str, default: str) -> bool:
    raw = env.get(name, default).lower()
    if raw not in ("true", "false"):
        raise ConfigError(f"{name} must be 'true' or 'false', got {raw!r}")
    return raw == "true"


def _limit(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, default)
    try:
        parse_limit(raw)
    except ValueError:
        raise ConfigError(f"{name} must look like '100/hour', got {raw!r}") from None
    return raw


def _url(name: str, raw: str) -> str:
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{name} must be an http(s) URL, got {raw!r}")
    return raw.rstrip("/")


def _database_url(raw: str) -> str:
    """A PostgreSQL URL or nothing; a typo must not silently fall back to SQLite."""
    if raw and (urlsplit(raw).scheme not in ("postgresql", "postgres") or not urlsplit(raw).path.strip("/")):
        # The value is not echoed: it may hold a password.
        raise ConfigError("SCN_DATABASE_URL must look like postgresql://[user[:password]@]host[:port]/name")
    return raw


def _secret_key(env: Mapping[str, str], data_dir: Path, production: bool) -> bytes:
    raw = env.get("SCN_SECRET_KEY", "")
    if raw:
        if len(raw) < 32:
            raise ConfigError("SCN_SECRET_KEY must be at least 32 characters")
        return raw.encode()
    if production:
        raise ConfigError("SCN_SECRET_KEY is required when SCN_ENV=production")
    # Kept in the data folder so every worker process and restart agrees on it.
    path = data_dir / "secret.key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip().encode()


def _oidc_providers(env: Mapping[str, str]) -> tuple[OidcProvider, ...]:
    providers = []
    for name in (item.strip() for item in env.get("SCN_OIDC_PROVIDERS", "").split(",")):
        if not name:
            continue
        if not re.fullmatch(r"[a-z0-9]{1,30}", name):
            raise ConfigError(f"SCN_OIDC_PROVIDERS names are lowercase letters and digits, got {name!r}")
        prefix = f"SCN_OIDC_{name.upper()}_"
        missing = [k for k in ("DISCOVERY_URL", "CLIENT_ID", "CLIENT_SECRET") if not env.get(prefix + k)]
        if missing:
            raise ConfigError(f"{prefix}{missing[0]} is required for single sign-on provider {name!r}")
        providers.append(
            OidcProvider(
                name=name,
                label=env.get(prefix + "LABEL") or f"Sign in with {name}",
                discovery_url=_url(prefix + "DISCOVERY_URL", env[prefix + "DISCOVERY_URL"]),
                client_id=env[prefix + "CLIENT_ID"],
                client_secret=env[prefix + "CLIENT_SECRET"],
            )
        )
    return tuple(providers)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and check every SCN_* variable; raise ConfigError naming the first bad one."""
    env = os.environ if env is None else env
    mode = env.get("SCN_ENV", "development")
    if mode not in ("development", "production"):
        raise ConfigError(f"SCN_ENV must be 'development' or 'production', got {mode!r}")
    production = mode == "production"
    host = env.get("SCN_HOST", "127.0.0.1")
    port = _int(env, "SCN_PORT", "8000", 1)
    data_dir = Path(env.get("SCN_DATA_DIR", "./var"))
    public_url = _url("SCN_PUBLIC_URL", env.get("SCN_PUBLIC_URL") or f"http://{host}:{port}")
    if production and not public_url.startswith("https://"):
        raise ConfigError("SCN_PUBLIC_URL must use https when SCN_ENV=production")
    origins_raw = env.get("SCN_ALLOWED_ORIGINS", "")
    origins = tuple(
        origin_of(_url("SCN_ALLOWED_ORIGINS", item.strip()))
        for item in origins_raw.split(",")
        if item.strip()
    ) or (origin_of(public_url),)
    starttls = _flag(env, "SCN_SMTP_STARTTLS", "false")
    database_url = _database_url(env.get("SCN_DATABASE_URL", ""))
    return Settings(
        env=mode,
        host=host,
        port=port,
        data_dir=data_dir,
        database=Path(env.get("SCN_DATABASE") or data_dir / "network.sqlite3"),
        database_url=database_url,
        public_url=public_url,
        allowed_origins=origins,
        secret_key=_secret_key(env, data_dir, production),
        site_dir=Path(env.get("SCN_SITE_DIR", "./build/site")),
        site_name=env.get("SCN_SITE_NAME", "Sepsis Coordinator Network"),
        smtp_host=env.get("SCN_SMTP_HOST", ""),
        smtp_port=_int(env, "SCN_SMTP_PORT", "25", 1),
        smtp_username=env.get("SCN_SMTP_USERNAME", ""),
        smtp_password=env.get("SCN_SMTP_PASSWORD", ""),
        smtp_starttls=starttls,
        mail_from=env.get("SCN_MAIL_FROM", "network@localhost"),
        session_idle=timedelta(minutes=_int(env, "SCN_SESSION_IDLE_MINUTES", "2880", 1)),
        session_absolute=timedelta(hours=_int(env, "SCN_SESSION_MAX_HOURS", "720", 1)),
        max_body_bytes=_int(env, "SCN_MAX_BODY_BYTES", "65536", 1024),
        trusted_proxies=tuple(
            item.strip() for item in env.get("SCN_TRUSTED_PROXIES", "").split(",") if item.strip()
        ),
        signin_limit_pair=_limit(env, "SCN_SIGNIN_LIMIT_PAIR", "10/15 minutes"),
        signin_limit_account=_limit(env, "SCN_SIGNIN_LIMIT_ACCOUNT", "100/hour"),
        signin_limit_ip=_limit(env, "SCN_SIGNIN_LIMIT_IP", "1000/hour"),
        signin_link_limit=_limit(env, "SCN_SIGNIN_LINK_LIMIT", "3/hour"),
        post_limit_member=_limit(env, "SCN_POST_LIMIT_MEMBER", "30/minute"),
        search_limit_member=_limit(env, "SCN_SEARCH_LIMIT_MEMBER", "60/minute"),
        email_limit_ip=_limit(env, "SCN_EMAIL_LIMIT_IP", "30/hour"),
        stream_heartbeat=float(_int(env, "SCN_STREAM_HEARTBEAT_SECONDS", "15", 1)),
        streams_per_member=_int(env, "SCN_STREAMS_PER_MEMBER", "5", 1),
        events_poll=_int(env, "SCN_EVENTS_POLL_MS", "50", 10) / 1000,
        mail_worker=_flag(env, "SCN_MAIL_WORKER", "true"),
        mail_poll=_int(env, "SCN_MAIL_POLL_MS", "250", 10) / 1000,
        mail_batch=timedelta(minutes=_int(env, "SCN_MAIL_BATCH_MINUTES", "5", 0)),
        mail_excerpt_chars=_int(env, "SCN_MAIL_EXCERPT_CHARS", "0", 0),
        mail_lease=timedelta(seconds=_int(env, "SCN_MAIL_LEASE_SECONDS", "120", 1)),
        worker_threads=_int(
            env,
            "SCN_WORKER_THREADS",
            str(WORKER_THREADS_POSTGRES if database_url else WORKER_THREADS_SQLITE),
            1,
        ),
        write_threads=_int(env, "SCN_WRITE_THREADS", "0" if database_url else str(WRITE_THREADS_SQLITE), 0),
        oidc_providers=_oidc_providers(env),
        verification_months=_int(env, "SCN_VERIFICATION_MONTHS", "24", 1),
    )
