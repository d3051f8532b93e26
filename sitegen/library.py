"""Load and validate resources/ and webinars/ into the Library the pages are built from."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .frontmatter import Document, FrontMatterError, parse
from .models import ResourceMeta, WebinarMeta
from .problems import Problem, Severity
from .taxonomy import Taxonomy, load_taxonomy

# Every resource except a toolkit template is written in these three sections.
REQUIRED_SECTIONS = ("What it is", "Key points", "How a coordinator uses it")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)
ModelT = TypeVar("ModelT", bound=BaseModel)
_MODEL_ERROR = re.compile(r"^(?:Value error, )?(\w+): (.*)$", re.DOTALL)

# Which front matter fields hold terms of which vocabulary.
RESOURCE_TERMS = {
    "type": "types",
    "topics": "topics",
    "audience": "audiences",
    "settings": "settings",
}
WEBINAR_TERMS = {"topics": "topics"}


@dataclass(frozen=True)
class Resource:
    slug: str
    path: Path
    meta: ResourceMeta
    body: str

    @property
    def added(self) -> date:
        return self.meta.added or self.meta.reviewed

    def review_overdue(self, today: date) -> bool:
        return today > self.meta.review_due


@dataclass(frozen=True)
class Webinar:
    slug: str
    path: Path
    meta: WebinarMeta
    body: str

    def is_past(self, now: datetime) -> bool:
        return now >= self.meta.end


@dataclass
class Library:
    taxonomy: Taxonomy
    resources: list[Resource] = field(default_factory=list)
    webinars: list[Webinar] = field(default_factory=list)

    def resource(self, slug: str) -> Resource:
        return next(r for r in self.resources if r.slug == slug)


def load_library(
    root: Path, today: date | None = None, strict: bool = False
) -> tuple[Library, list[Problem]]:
    """Read taxonomy.yml, resources/*.md and webinars/*.md under `root`.

    Returns the valid entries and every problem found; a file with an error is
    left out of the Library. Paths in problems are relative to `root`.
    """
    today = today or date.today()
    taxonomy = load_taxonomy(root / "taxonomy.yml")
    problems: list[Problem] = []
    library = Library(taxonomy)

    for path, doc in _documents(root, "resources", problems):
        meta = _validate(ResourceMeta, path, doc, taxonomy, RESOURCE_TERMS, problems)
        if meta is None:
            continue
        slug = meta.slug or path.stem
        if not _check_sections(path, doc, meta, problems):
            continue
        if meta.review_due < today:
            problems.append(
                Problem(
                    path,
                    doc.line_of(("reviewed",)),
                    "reviewed",
                    f"review overdue: reviewed {meta.reviewed}, due again {meta.review_due} "
                    f"(every {meta.review_interval_months} months); check the page and update the date",
                    Severity.ERROR if strict else Severity.WARNING,
                )
            )
        library.resources.append(Resource(slug, path, meta, doc.body))

    for path, doc in _documents(root, "webinars", problems):
        meta = _validate(WebinarMeta, path, doc, taxonomy, WEBINAR_TERMS, problems)
        if meta is None:
            continue
        slug = meta.slug or path.stem
        if slug.isdigit():  # /webinars/2027/ lists that year's sessions
            problems.append(
                Problem(
                    path,
                    1,
                    "slug",
                    f"'{slug}' is taken by the year pages; use words, e.g. sepsis-awareness-month-2027",
                )
            )
            continue
        library.webinars.append(Webinar(slug, path, meta, doc.body))

    _check_unique_slugs(library.resources, problems)
    _check_unique_slugs(library.webinars, problems)
    library.resources.sort(key=lambda r: r.meta.title.lower())
    library.webinars.sort(key=lambda w: w.meta.start)
    return library, problems


def _documents(root: Path, folder: str, problems: list[Problem]) -> Iterable[tuple[Path, Document]]:
    for full in sorted((root / folder).glob("*.md")):
        path = full.relative_to(root)
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", full.stem):
            problems.append(
                Problem(
                    path,
                    1,
                    None,
                    "file name must be lower-case letters, digits and hyphens, "
                    "e.g. hour-1-bundle.md: it becomes the page's address",
                )
            )
            continue
        try:
            yield path, parse(full.read_text(encoding="utf-8"))
        except FrontMatterError as exc:
            problems.append(Problem(path, exc.line, None, exc.message))
        except UnicodeDecodeError:
            problems.append(Problem(path, 1, None, "the file is not UTF-8 text"))


def _validate(
    model: type[ModelT],
    path: Path,
    doc: Document,
    taxonomy: Taxonomy,
    term_fields: dict[str, str],
    problems: list[Problem],
) -> ModelT | None:
    found: list[Problem] = []
    try:
        meta = model.model_validate(doc.data)
    except ValidationError as exc:
        meta = None
        found.extend(_describe(error, path, doc, model) for error in exc.errors())
    for name, vocabulary in term_fields.items():
        value = doc.data.get(name)
        values = value if isinstance(value, list) else [value] if value is not None else []
        for index, term in enumerate(values):
            message = taxonomy.unknown_term_message(vocabulary, term)
            if message:
                loc: tuple[str | int, ...] = (name, index) if isinstance(value, list) else (name,)
                found.append(Problem(path, doc.line_of(loc), name, message))
    # A term error may also have been reported by pydantic for the same field; keep one.
    unique = list({(p.line, p.field, p.message): p for p in found}.values())
    problems.extend(unique)
    return None if unique else meta


def _describe(error: Any, path: Path, doc: Document, model: type[BaseModel]) -> Problem:
    loc = tuple(error["loc"])
    message = error["msg"]
    if not loc:  # a model-level check: its message starts with the field it is about
        match = _MODEL_ERROR.match(message)
        if match:
            loc, message = (match.group(1),), match.group(2)
    name = str(loc[0]) if loc else None
    dotted = ".".join(str(part) for part in loc) if loc else None
    kind = error["type"]
    if kind == "missing":
        info = model.model_fields.get(name or "") if len(loc) == 1 else None
        message = "required field is missing" + (f" ({info.description})" if info else "")
        return Problem(path, doc.line_of(loc), dotted, message)
    if kind == "extra_forbidden":
        options = model.model_fields if len(loc) == 1 else ()
        close = _closest(str(loc[-1]), options)
        hint = f"did you mean '{close}'?" if close else "remove it or check the front matter reference"
        return Problem(path, doc.line_of(loc), dotted, f"unknown field; {hint}")
    message = message.removeprefix("Value error, ")
    if loc and name in doc.data:
        message = f"{message} (got {_shown(error.get('input'))})"
    return Problem(path, doc.line_of(loc), dotted, message)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _closest(name: str, options: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _check_sections(path: Path, doc: Document, meta: ResourceMeta, problems: list[Problem]) -> bool:
    headings = set(_H2.findall(doc.body))
    if meta.type == "template":
        if headings:
            return True
        problems.append(Problem(path, doc.body_line, "body", "a template needs at least one '## ' section"))
        return False
    missing = [s for s in REQUIRED_SECTIONS if s not in headings]
    if missing:
        problems.append(
            Problem(
                path,
                doc.body_line,
                "body",
                "missing section(s) "
                + ", ".join(f"'## {s}'" for s in missing)
                + "; every resource is written as: "
                + ", ".join(REQUIRED_SECTIONS),
            )
        )
        return False
    return True


def _check_unique_slugs(entries: list[Any], problems: list[Problem]) -> None:
    first_seen: dict[str, Any] = {}
    keep: list[Any] = []
    for entry in entries:
        other = first_seen.setdefault(entry.slug, entry)
        if other is entry:
            keep.append(entry)
        else:
            problems.append(
                Problem(entry.path, 1, "slug", f"slug '{entry.slug}' is already used by {other.path}")
            )
    entries[:] = keep
