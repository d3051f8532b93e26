"""`sitegen check` validates content; `sitegen build` validates, generates and builds the site."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .config import load_config
from .generate import generate
from .library import Library, load_library
from .problems import Problem, Severity
from .reviewers import ReviewersError
from .scaffold import ScaffoldError, new_resource
from .taxonomy import TaxonomyError


def validate(root: Path, strict: bool) -> tuple[Library | None, list[Problem]]:
    """Load the Library and print its problems; the Library is None when any is an error."""
    try:
        library, problems = load_library(root, strict=strict)
    except (TaxonomyError, ReviewersError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None, []
    for problem in sorted(problems, key=lambda p: (str(p.path), p.line)):
        print(problem, file=sys.stderr)
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    print(
        f"{len(library.resources)} resources, {len(library.webinars)} webinars: "
        f"{errors} error(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    return (None if errors else library), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitegen", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate resources/ and webinars/")
    check.add_argument("--strict", action="store_true", help="a review past its interval is an error")
    gen = commands.add_parser("generate", help="validate, then write build/docs")
    build = commands.add_parser("build", help="validate, write build/docs, then build build/site")
    for command in (gen, build):
        command.add_argument("--strict", action="store_true", help="a review past its interval is an error")
    new = commands.add_parser("new-resource", help="start a resource file from a members' request")
    new.add_argument("--from-request", type=int, required=True, metavar="N", help="the request's number")
    new.add_argument(
        "--network",
        default=os.environ.get("SCN_NETWORK_URL", "http://127.0.0.1:8000"),
        help="the Network's address (default: $SCN_NETWORK_URL or http://127.0.0.1:8000)",
    )
    args = parser.parse_args(argv)

    root = args.root.resolve()
    if args.command == "new-resource":
        try:
            page = new_resource(root, args.network, args.from_request)
        except ScaffoldError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"Wrote {page.relative_to(root)}; fill it in, then run `make check`.")
        return 0
    library, _ = validate(root, args.strict)
    if library is None:
        return 1
    if args.command == "check":
        return 0
    config = load_config(root)
    generate(library, config)
    if args.command == "generate":
        return 0
    result = subprocess.run(
        # Not --quiet: MkDocs counts only the warnings it logs, so --quiet would hide broken
        # links from --strict.
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        cwd=root,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
