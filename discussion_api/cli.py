"""`scn`: serve the Library and the Network, manage the database, create the first admin,
seed the fictional demo.

Every failure is one line on stderr naming the problem, and a non-zero exit.
"""

import argparse
import asyncio
import getpass
import json
import logging
import os
import secrets
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pydantic import TypeAdapter, ValidationError

from . import demo
from .config import ConfigError, Settings, load_settings
from .core.accounts import create_account
from .core.clock import system_clock
from .core.data_rights import forum_export
from .core.errors import Conflict, Refusal
from .core.passwords import Passwords, check_policy
from .core.verification import send_reminders
from .http.fields import Email
from .mail import Mailer
from .storage.engines import copy_sqlite_to_postgres, open_store
from .storage.interfaces import StorageError


class CliError(Exception):
    """Bad input or a failed command; the message is the one line the user sees."""


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    from . import workers

    store = open_store(settings)
    store.migrate()
    if not store.read().status.admin_exists():
        where = " ".join(
            f"{name}={shlex.quote(os.environ[name])}"
            for name in ("SCN_DATA_DIR", "SCN_DATABASE")
            if os.environ.get(name)
        )
        command = f"{where} {_own_command()}" if where else _own_command()
        print(f"No admin yet. Create one with: {command} admin create --email you@example.org")
    store.close()
    print(f"Serving on http://{settings.host}:{settings.port}/ (API under /api/v1)")
    options: dict[str, Any] = {
        "app": "discussion_api.app:create_app",
        "factory": True,
        "host": settings.host,
        "port": settings.port,
        # X-Forwarded-For decides the client address rate limits count by: believe it only
        # from the proxies the operator names (uvicorn's default trusts loopback).
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": list(settings.trusted_proxies),
        "server_header": False,  # no banner naming the server and its version
        "log_level": "info",
        # No access log: uvicorn's records each request's query string, which carries
        # unsubscribe tokens and search words that may name a patient (ASVS 16.3.2). The
        # security log records sign-ins, refusals and moderator actions instead.
        "access_log": False,
    }
    if args.workers == 1:
        uvicorn.run(**options)
        return
    # Each worker builds the app from the same SCN_* environment; they share the SQLite
    # file, and each follows its events log, so live updates cross workers.
    try:
        workers.serve(options, args.workers)
    except OSError as error:
        raise CliError(f"cannot listen on {settings.host}:{settings.port}: {error.strerror}") from error
    except workers.WorkerFailedToStart as error:
        raise CliError(str(error)) from error


def _database_name(settings: Settings) -> str:
    """The database, as an operator may see it printed: a PostgreSQL URL loses its password."""
    if not settings.database_url:
        return str(settings.database)
    parts = urlsplit(settings.database_url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def _own_command() -> str:
    """`scn` when it is on the PATH, else the path it was run by (e.g. .venv/bin/scn from make)."""
    invoked = Path(sys.argv[0])
    on_path = shutil.which("scn")
    if invoked.name == "scn" and (on_path is None or Path(on_path).resolve() != invoked.resolve()):
        return os.path.relpath(invoked) if invoked.is_absolute() else str(invoked)
    return "scn"


def _migrate(settings: Settings, args: argparse.Namespace) -> None:
    store = open_store(settings)
    applied = store.migrate()
    store.close()
    print(f"Applied: {', '.join(applied)}" if applied else "The database is up to date.")


def _backup(settings: Settings, args: argparse.Namespace) -> None:
    if not settings.database_url and not settings.database.exists():
        raise CliError(f"no database at {settings.database}")
    destination = Path(args.path)
    if destination.exists():
        raise CliError(f"{destination} already exists; choose a new file name")
    store = open_store(settings)
    try:
        store.backup(destination)
    finally:
        store.close()
    print(f"Backed up {_database_name(settings)} to {destination}")


def _restore(settings: Settings, args: argparse.Namespace) -> None:
    source = Path(args.path)
    if not source.is_file():
        raise CliError(f"no backup file at {source}")
    store = open_store(settings)
    try:
        store.restore(source)
        # A session signed out (or ended by a suspension) after the backup was taken
        # is alive again in it: end them all.
        with store.write() as db:
            ended = db.sessions.delete_all()
    finally:
        store.close()
    print(
        f"Restored {_database_name(settings)} from {source}. Ended all {ended} sessions it held:"
        " everyone signs in again. Restart the service."
    )


def _copy(settings: Settings, args: argparse.Namespace) -> None:
    source = urlsplit(args.source)
    if source.scheme != "sqlite" or not source.path:
        raise CliError(f"--from must be sqlite:///path/to/network.sqlite3, got {args.source!r}")
    target = urlsplit(args.to)
    if target.scheme not in ("postgresql", "postgres") or not target.path.strip("/"):
        raise CliError("--to must be postgresql://[user[:password]@]host[:port]/name")
    # sqlite:///var/x is the relative path var/x; sqlite:////srv/x the absolute /srv/x.
    for line in copy_sqlite_to_postgres(Path(source.path[1:]), args.to):
        print(line)
    print("Copied and verified every table. Point SCN_DATABASE_URL at the new database.")


def _create_admin(settings: Settings, args: argparse.Namespace) -> None:
    try:
        email = TypeAdapter(Email).validate_python(args.email)
    except ValidationError:
        raise CliError(f"--email: {args.email!r} is not an email address") from None
    if not 1 <= len(args.name.strip()) <= 120:
        raise CliError("--name must be 1 to 120 characters")
    password = os.environ.get("SCN_ADMIN_PASSWORD") or _prompt_password()
    try:
        check_policy(password)
    except Refusal as error:
        raise CliError(f"password: {error.message}") from None
    store = open_store(settings)
    store.migrate()
    fields = {
        "name": args.name.strip(),
        "email": email,
        "professional_role": "other",
        "state": "outside-us",
        "is_coordinator": False,
    }
    try:
        with store.write() as db:
            create_account(
                db, fields, Passwords().hash(password), system_clock(), status="approved", role="admin"
            )
    except Conflict:
        raise CliError(f"an account with {email} already exists") from None
    finally:
        store.close()
    print(f"Admin {email} created. Sign in on the site's account page.")


def _seed_demo(settings: Settings, args: argparse.Namespace) -> None:
    if settings.env == "production":
        raise CliError("the demo's fictional members do not belong in production (SCN_ENV=production)")
    password = os.environ.get("SCN_DEMO_PASSWORD") or secrets.token_urlsafe(12)
    try:
        check_policy(password)
    except Refusal as error:
        raise CliError(f"SCN_DEMO_PASSWORD: {error.message}") from None
    store = open_store(settings)
    try:
        done = demo.seed(store, password, system_clock())
    except ValueError as error:
        raise CliError(str(error)) from None
    finally:
        store.close()
    print("Seeded a fictional demo network:", *done, sep="\n  ")
    print("Sign in on the account page as any of:", *(m.email for m in demo.MEMBERS), sep="\n  ")
    print(f"Password (all demo accounts): {password}")


def _export(settings: Settings, args: argparse.Namespace) -> None:
    """The whole forum as JSON for the organisation's records (as the admin page's export)."""
    destination = Path(args.path)
    if destination.exists():
        raise CliError(f"{destination} already exists; choose a new file")
    if not destination.parent.is_dir():
        raise CliError(f"no folder {destination.parent} to write into")
    store = open_store(settings)
    try:
        store.migrate()
        document = forum_export(store.read(), system_clock())
    finally:
        store.close()
    destination.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    counts = ", ".join(f"{len(document[name])} {name}" for name in ("members", "threads", "posts"))
    print(f"Exported the forum to {destination}: {counts}.")


def _remind(settings: Settings, args: argparse.Namespace) -> None:
    """Email members whose verification expires within 30 days (once per verification)."""
    store = open_store(settings)
    try:
        store.migrate()
        addresses = send_reminders(store.read(), store, system_clock())
    finally:
        store.close()
    mailer = Mailer(settings)
    link = settings.public_url.rstrip("/") + "/account/"
    text = (
        "Your verification as a healthcare professional in the Network expires within 30 days.\n"
        f"Check your licence details on your account page and a moderator will verify you again:\n{link}\n"
    )
    for address in addresses:
        asyncio.run(mailer.send(address, "Your verification expires soon", text))
    print(f"Reminded {len(addresses)} member(s) whose verification expires soon.")


def _prompt_password() -> str:
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for the password; set SCN_ADMIN_PASSWORD")
    first = getpass.getpass("Password for the new admin: ")
    if getpass.getpass("Again: ") != first:
        raise CliError("the two passwords differ")
    return first


def _mail_work(settings: Settings, args: argparse.Namespace) -> None:
    """The mail worker on its own, until interrupted (serve with SCN_MAIL_WORKER=false)."""
    import asyncio

    from .mail import Mailer
    from .mail_worker import MailWorker

    store = open_store(settings)
    store.migrate()
    worker = MailWorker(settings, store, Mailer(settings), system_clock)

    async def work() -> None:
        await worker.start()
        try:
            await asyncio.Event().wait()
        finally:
            await worker.stop()

    print("Mail worker running: expanding notifications and sending the outbox")
    try:
        asyncio.run(work())
    finally:
        store.close()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scn", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve build/site at / and the API at /api/v1")
    serve.add_argument(
        "--workers",
        type=_positive,
        default=1,
        help="worker processes (2 suits a 2-core machine in production)",
    )
    serve.set_defaults(run=_serve)
    database = commands.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True
    )
    database.add_parser("migrate", help="apply pending migrations").set_defaults(run=_migrate)
    backup = database.add_parser("backup", help="write a consistent copy to PATH")
    backup.add_argument("path")
    backup.set_defaults(run=_backup)
    restore = database.add_parser(
        "restore", help="replace the database with the backup PATH (stop the service first)"
    )
    restore.add_argument("path")
    restore.set_defaults(run=_restore)
    copy = database.add_parser(
        "copy", help="copy a SQLite database into an empty PostgreSQL one, verifying every table"
    )
    copy.add_argument("--from", dest="source", required=True, metavar="sqlite:///PATH")
    copy.add_argument("--to", required=True, metavar="postgresql://...")
    copy.set_defaults(run=_copy)
    mail = commands.add_parser("mail", help="notification email").add_subparsers(
        dest="mail_command", required=True
    )
    mail.add_parser(
        "work", help="run the mail worker alone (expand notifications, send the outbox) until stopped"
    ).set_defaults(run=_mail_work)
    export = commands.add_parser(
        "export", help="write the whole forum as JSON to PATH (for the organisation's records)"
    )
    export.add_argument("path")
    export.set_defaults(run=_export)
    verification = commands.add_parser("verification", help="professional verification").add_subparsers(
        dest="verification_command", required=True
    )
    verification.add_parser(
        "remind", help="email members whose verification expires within 30 days (run daily)"
    ).set_defaults(run=_remind)
    admin = commands.add_parser("admin", help="admins").add_subparsers(dest="admin_command", required=True)
    create = admin.add_parser("create", help="create an admin (password from a prompt or SCN_ADMIN_PASSWORD)")
    create.add_argument("--email", required=True)
    create.add_argument("--name", default="Administrator")
    create.set_defaults(run=_create_admin)
    commands.add_parser("demo", help="the fictional demo network (make demo)").add_subparsers(
        dest="demo_command", required=True
    ).add_parser("seed", help="seed an empty database with fictional members and threads").set_defaults(
        run=_seed_demo
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        args.run(load_settings(), args)
    except (CliError, ConfigError, FileExistsError) as error:
        print(f"scn: error: {error}", file=sys.stderr)
        return 1
    except StorageError as error:
        print(f"scn: error: database: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
