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

from .claims import ClaimRecord, figures
from .frontmatter import Document, FrontMatterError, parse, parse_mapping
from .models import ResourceMeta, WebinarMeta
from .problems import Problem, Severity
from .reviewers import Reviewer, ReviewerRole, load_reviewers
from .taxonomy import Taxonomy, load_taxonomy

# Every resource except a toolkit template is written in these three sections.
REQUIRED_SECTIONS = ("What it is", "Key points", "How a coordinator uses it")
_H2 = re.compile(r"^##\s+(.+?)\s*#*\s*$", re.MULTILINE)
ModelT = TypeVar("ModelT", bound=BaseModel)
_MODEL_ERROR = re.compile(r"^(?:Value error, )?(\w+): (.*)$", re.DOTALL)
CLAIMS_DIR = "claims"

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
    reviewer: Reviewer
    clinical_reviewer: Reviewer | None
    claims: ClaimRecord

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
    claims: ClaimRecord

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
    """Read taxonomy.yml, reviewers.yml, resources/*.md, webinars/*.md and their claim records.

    Returns the valid entries and every problem found; a file with an error is
    left out of the Library. Paths in problems are relative to `root`.
    """
    today = today or date.today()
    taxonomy = load_taxonomy(root / "taxonomy.yml")
    reviewers = load_reviewers(root / "reviewers.yml")
    problems: list[Problem] = []
    library = Library(taxonomy)

    for path, doc in _documents(root, "resources", problems):
        meta = _validate(ResourceMeta, path, doc, taxonomy, RESOURCE_TERMS, problems)
        if meta is None:
            continue
        slug = meta.slug or path.stem
        if not _check_sections(path, doc, meta, problems):
            continue
        reviewer = _reviewer(path, doc, "reviewed_by", meta.reviewed_by, reviewers, problems)
        clinical_reviewer = None
        if meta.clinical_reviewed_by is not None:
            clinical_reviewer = _reviewer(
                path, doc, "clinical_reviewed_by", meta.clinical_reviewed_by, reviewers, problems
            )
        record = _checked_claims(root, path, doc, meta.citation, reviewers, problems)
        if reviewer is None or record is None or (meta.clinical_reviewed_by and clinical_reviewer is None):
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
        library.resources.append(Resource(slug, path, meta, doc.body, reviewer, clinical_reviewer, record))

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
        record = _checked_claims(root, path, doc, "", reviewers, problems)
        if record is None:
            continue
        library.webinars.append(Webinar(slug, path, meta, doc.body, record))

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


def _reviewer(
    path: Path,
    doc: Document,
    name: str,
    reviewer_id: str,
    reviewers: dict[str, Reviewer],
    problems: list[Problem],
) -> Reviewer | None:
    """The listed reviewer `reviewer_id`; a clinical sign-off needs a clinical reviewer."""
    reviewer = reviewers.get(reviewer_id)
    if reviewer is None:
        close = _closest(reviewer_id, reviewers)
        hint = f"did you mean '{close}'?" if close else f"listed: {', '.join(reviewers)}"
        problems.append(
            Problem(
                path,
                doc.line_of((name,)),
                name,
                f"'{reviewer_id}' is not a reviewer listed in reviewers.yml; {hint} "
                "(add a reviewer to reviewers.yml by pull request, with name, role and credentials)",
            )
        )
        return None
    if name == "clinical_reviewed_by" and reviewer.role is not ReviewerRole.CLINICAL:
        problems.append(
            Problem(
                path,
                doc.line_of((name,)),
                name,
                f"'{reviewer_id}' is an {reviewer.role} reviewer; a clinical review needs a reviewer "
                "with role clinical and credentials in reviewers.yml",
            )
        )
        return None
    return reviewer


def _checked_claims(
    root: Path,
    path: Path,
    doc: Document,
    citation: str,
    reviewers: dict[str, Reviewer],
    problems: list[Problem],
) -> ClaimRecord | None:
    """The page's record of checked claims, once it and the page's figures pass.

    A page needs a record; the record's sources must be named on the page; every
    figure in the page's summary and body must be stated by one of its claims.
    """
    record_path = Path(CLAIMS_DIR) / path.parent / f"{path.stem}.yml"
    full = root / record_path
    if not full.is_file():
        problems.append(
            Problem(
                path,
                1,
                None,
                f"no record of checked claims: add {record_path} listing the page's sources and, "
                "for each claim, its source and where in the source it is found",
            )
        )
        return None
    found: list[Problem] = []
    try:
        record_doc = parse_mapping(full.read_text(encoding="utf-8"))
        record = ClaimRecord.model_validate(record_doc.data)
    except FrontMatterError as exc:
        problems.append(Problem(record_path, exc.line, None, exc.message))
        return None
    except ValidationError as exc:
        problems.extend(_describe(e, record_path, record_doc, ClaimRecord) for e in exc.errors())
        return None
    if record.checked_by not in reviewers:
        found.append(
            Problem(
                record_path,
                record_doc.line_of(("checked_by",)),
                "checked_by",
                f"'{record.checked_by}' is not a reviewer listed in reviewers.yml",
            )
        )
    page_text = f"{citation}\n{doc.body}"
    for source in record.sources_missing_from(page_text):
        index = record.sources.index(source)
        found.append(
            Problem(
                record_path,
                record_doc.line_of(("sources", index, "cited_as")),
                f"sources.{index}.cited_as",
                f"'{source.cited_as}' does not appear on {path}; name the source on the page "
                "(its citation or body) so readers can follow the claims to it",
            )
        )
    # Figures in the summary (one front matter value) and in the body; lines count from each start.
    for field_name, text, first_line in (
        ("summary", str(doc.data.get("summary", "")), doc.line_of(("summary",))),
        ("body", doc.body, doc.body_line),
    ):
        for figure in figures(text):
            if not record.covers(figure):
                found.append(
                    Problem(
                        path,
                        first_line + text.count("\n", 0, figure.offset),
                        field_name,
                        f"figure '{figure.text}' has no source: add a claim stating it, with its "
                        f"source and locator, to {record_path}",
                    )
                )
    problems.extend(found)
    return None if found else record


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
