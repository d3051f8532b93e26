"""`sitegen new-resource --from-request N`: the resource file an editor starts from.

A moderator plans a members' request with a public title and summary; this fetches
that public face from the Network (`GET /api/v1/requests/N/public`) and writes
`resources/<slug>.md` with what is known filled in and what is not left for the
editor (`make check` then names each missing field), plus an empty record of
checked claims. Nothing a member wrote reaches the repository.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from pathlib import Path

import httpx
import yaml

from .library import REQUIRED_SECTIONS


class ScaffoldError(Exception):
    """Why no file was written; one line for the editor."""


def slugify(title: str) -> str:
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:80].rstrip("-")


def fetch_request(network: str, number: int) -> dict[str, object]:
    url = f"{network.rstrip('/')}/api/v1/requests/{number}/public"
    try:
        response = httpx.get(url, timeout=10)
    except httpx.HTTPError as error:
        raise ScaffoldError(f"cannot reach the Network at {network}: {error}") from None
    if response.status_code == 404:
        raise ScaffoldError(f"request {number} is not planned or published (a moderator plans it first)")
    if response.status_code != 200:
        raise ScaffoldError(f"the Network answered {response.status_code} for {url}")
    return response.json()


def resource_text(request: dict[str, object]) -> str:
    known = {"title": request["title"], "summary": request["summary"], "request": request["id"]}
    front = yaml.safe_dump(known, sort_keys=False, allow_unicode=True, width=1000)
    sections = "\n".join(
        f"## {section}\n\nWrite this section in your own words.\n" for section in REQUIRED_SECTIONS
    )
    return (
        "---\n"
        f"{front}"
        "# Fill in the rest; `make check` names what is missing or wrong:\n"
        "# type, topics, audience, settings (terms from taxonomy.yml), publisher, year,\n"
        "# source_url or doi, citation, reviewed (YYYY-MM-DD), reviewed_by (an id in reviewers.yml).\n"
        "---\n\n"
        f"{sections}"
    )


def claims_text() -> str:
    record = {"checked": date.today().isoformat(), "checked_by": "", "sources": [], "claims": []}
    return "# The record of checked claims for this page: see claims/README.md.\n" + yaml.safe_dump(
        record, sort_keys=False
    )


def new_resource(root: Path, network: str, number: int) -> Path:
    """Write the resource file and its empty claims record; returns the resource file."""
    request = fetch_request(network, number)
    slug = slugify(str(request["title"]))
    page = root / "resources" / f"{slug}.md"
    record = root / "claims" / "resources" / f"{slug}.yml"
    for path in (page, record):
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(root)} already exists; rename or remove it first")
    page.write_text(resource_text(request))
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(claims_text())
    return page
