"""The application, assembled in plain sight: every API module, middleware and mount."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from argon2 import PasswordHasher
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from .config import Settings, load_settings
from .core.clock import Clock, system_clock
from .core.passwords import Passwords
from .http import (
    account,
    account_security,
    categories,
    data_rights,
    directory,
    groups,
    handover,
    health,
    lists,
    membership,
    moderation,
    notifications,
    passkeys,
    passwords,
    posts,
    preview,
    requests,
    search,
    signin,
    sso,
    stats,
    streams,
    threads,
    verification,
    vocabulary,
    widget,
)
from .http.compression import GZipMiddleware
from .http.endpoints import Endpoint, api_routes
from .http.errors import EXCEPTION_HANDLERS, ServerErrorMiddleware
from .http.nudge import NudgeFollowerMiddleware
from .http.openapi import API_ROOT, openapi_endpoint
from .http.ratelimit import RateLimits
from .http.runtime import Runtime
from .http.security import SecurityMiddleware
from .mail import Mailer
from .mail_worker import MailWorker
from .realtime.broker import Broker
from .realtime.follower import EventFollower, PgEventFollower, PollingEventFollower
from .realtime.shutdown import end_streams_on_exit
from .realtime.stream_cap import StreamCap
from .storage.engines import open_store, shared_rate_counts, shared_stream_leases
from .storage.interfaces import Store
from .storage.postgres.notices import PgEventNotices

log = logging.getLogger("discussion_api")

ENDPOINTS: tuple[Endpoint, ...] = (
    *health.routes,
    *vocabulary.routes,
    *signin.routes,
    *account.routes,
    *account_security.routes,
    *passkeys.routes,
    *sso.routes,
    *data_rights.routes,
    *handover.routes,
    *passwords.routes,
    *membership.routes,
    *directory.routes,
    *categories.routes,
    *groups.routes,
    *threads.routes,
    *lists.routes,
    *posts.routes,
    *preview.routes,
    *search.routes,
    *stats.routes,
    *requests.routes,
    *moderation.routes,
    *notifications.routes,
    *verification.routes,
    *streams.routes,
)


def _follower(settings: Settings, store: Store, broker: Broker) -> EventFollower:
    """SQLite: poll the file every SCN_EVENTS_POLL_MS. PostgreSQL: LISTEN for commits on
    any machine (polling then only as a safety net)."""
    if settings.database_url:
        return PgEventFollower(store, broker, PgEventNotices(settings.database_url))
    return PollingEventFollower(store, broker, settings.events_poll)


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    password_hasher: PasswordHasher | None = None,
) -> Starlette:
    """Build the service; migrations run when it starts (lifespan)."""
    settings = settings or load_settings()
    store = open_store(settings)
    broker = Broker(settings.streams_per_member)
    mailer = Mailer(settings)
    runtime = Runtime(
        settings=settings,
        store=store,
        clock=clock,
        mailer=mailer,
        passwords=Passwords(password_hasher),
        limits=RateLimits(settings, shared_rate_counts(store)),
        broker=broker,
        follower=_follower(settings, store, broker),
        mail_worker=MailWorker(settings, store, mailer, clock),
        stream_cap=StreamCap(shared_stream_leases(store), settings.streams_per_member),
        oidc=sso.single_sign_on(settings),
    )
    endpoints = (*ENDPOINTS, openapi_endpoint(ENDPOINTS))
    routes: list[BaseRoute] = [
        Mount(API_ROOT, routes=api_routes(endpoints)),
        *widget.routes,
        *notifications.unsubscribe_routes,
    ]
    if settings.site_dir.is_dir():
        routes.append(Mount("/", app=StaticFiles(directory=settings.site_dir, html=True)))
    else:
        log.warning("no built site at %s: run `make site`; serving the API only", settings.site_dir)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.worker_threads
        if settings.write_threads:
            runtime.write_limiter = anyio.CapacityLimiter(settings.write_threads)
        applied = await run_in_threadpool(store.migrate)
        if applied:
            log.info("applied migrations: %s", ", ".join(applied))
        await runtime.follower.start()
        if settings.mail_worker:
            await runtime.mail_worker.start()
        await runtime.stream_cap.start()
        exit_watch = asyncio.create_task(end_streams_on_exit(broker))
        yield
        broker.close("server_shutdown")
        exit_watch.cancel()
        await runtime.mail_worker.stop()
        await runtime.stream_cap.stop()
        await runtime.follower.stop()
        store.close()

    app = Starlette(
        routes=routes,
        middleware=[
            # Outermost, so every response is compressed as served (JSON, the Library; the
            # widget's files come compressed already); Starlette skips text/event-stream,
            # whose events must not wait in a buffer.
            # zlib's default level: close to level 9's size for JSON, for less CPU per answer.
            Middleware(GZipMiddleware, minimum_size=1024, compresslevel=6),
            Middleware(SecurityMiddleware, settings=settings),
            Middleware(ServerErrorMiddleware),
            Middleware(NudgeFollowerMiddleware),
            # Signed (not secret) and minutes long: single sign-on state, nonce and PKCE
            # verifier, passkey challenges, and verified claims awaiting a join request.
            Middleware(
                SessionMiddleware,
                secret_key=settings.secret_key.decode(),
                session_cookie=settings.sso_cookie,
                max_age=30 * 60,
                same_site="lax",
                https_only=settings.secure,
            ),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    return app
