"""Assemble build/docs: hand-written pages from content/, plus every generated page and feed."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from pydantic import BaseModel

from .config import SiteConfig
from .feeds import calendar, catalog_json
from .library import REQUIRED_SECTIONS, Library, Resource
from .models import ResourceMeta, WebinarMeta
from .output import OutputTree
from .render import Renderer

ASSETS = Path(__file__).parent / "assets"
# Keeps every listing page small however large the Library grows.
PAGE_SIZE = 40
# The webinars page shows this many upcoming and past sessions; the rest are on year pages.
WEBINAR_WINDOW = 20
RELATED_LIMIT = 5
FILTERS = [
    ("Type", "types", "type", "All types"),
    ("Topic", "topics", "topics", "All topics"),
    ("For", "audiences", "audience", "Everyone"),
    ("Setting", "settings", "settings", "All settings"),
]


@dataclass(frozen=True)
class Pager:
    number: int
    count: int
    source: Callable[[int], str]


def generate(library: Library, config: SiteConfig, now: datetime | None = None) -> OutputTree:
    """Write the docs tree MkDocs builds from; returns what was written."""
    now = now or datetime.now(UTC)
    tree = OutputTree(config.docs_dir)
    renderer = Renderer([config.content_dir], taxonomy=library.taxonomy, config=config)

    _content_pages(tree, renderer, library, config, now)
    _resource_pages(tree, renderer, library, now.date())
    _catalogue_pages(tree, renderer, library)
    _webinar_pages(tree, renderer, library, config, now)
    tree.write("reference.md", _reference(renderer))
    tree.write("catalog.json", catalog_json(library, config))
    tree.write("feed.xml", _feed(renderer, library))
    for asset in sorted(ASSETS.iterdir()):
        tree.write(f"assets/{asset.name}", asset.read_bytes())
    tree.remove_stale()
    return tree


def _content_pages(
    tree: OutputTree, renderer: Renderer, library: Library, config: SiteConfig, now: datetime
) -> None:
    """content/*.md are Jinja templates too, so the home page can list featured items."""
    upcoming = [w for w in library.webinars if not w.is_past(now)]
    context = {
        "featured": [r for r in library.resources if r.meta.featured],
        "upcoming": upcoming,
        "resource_count": len(library.resources),
        "operator_name": config.operator_name,
        "operator_contact": config.operator_contact,
    }
    for path in sorted(config.content_dir.rglob("*")):
        if not path.is_file():
            continue
        source = path.relative_to(config.content_dir).as_posix()
        if path.suffix == ".md":
            tree.write(source, renderer.render(source, source, **context))
        else:
            tree.write(source, path.read_bytes())


def _resource_pages(tree: OutputTree, renderer: Renderer, library: Library, today: date) -> None:
    for r in library.resources:
        source = f"resources/{r.slug}.md"
        page = renderer.render(
            "resource.md.j2",
            source,
            r=r,
            related=related(r, library.resources),
            overdue=r.review_overdue(today),
        )
        tree.write(source, page)


def related(resource: Resource, resources: Sequence[Resource]) -> list[Resource]:
    """Resources sharing the most topics with `resource` (ties: same type first, then title)."""
    topics = set(resource.meta.topics)
    scored = [
        (len(topics & set(o.meta.topics)), o.meta.type == resource.meta.type, o)
        for o in resources
        if o.slug != resource.slug
    ]
    scored = [s for s in scored if s[0]]
    scored.sort(key=lambda s: (-s[0], not s[1], s[2].meta.title.lower()))
    return [o for _, _, o in scored[:RELATED_LIMIT]]


def _paginate(items: Sequence[Resource], first_source: str) -> list[tuple[Pager, Sequence[Resource]]]:
    """Split a listing into pages: `first_source`, then its siblings page-2.md, page-3.md, ..."""
    stem = first_source.removesuffix("index.md").removesuffix(".md")

    def source(n: int) -> str:
        if n == 1:
            return first_source
        return f"{stem}page-{n}.md" if first_source.endswith("index.md") else f"{stem}-page-{n}.md"

    count = max(1, math.ceil(len(items) / PAGE_SIZE))
    return [
        (Pager(n, count, source), items[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]) for n in range(1, count + 1)
    ]


def _catalogue_pages(tree: OutputTree, renderer: Renderer, library: Library) -> None:
    resources = library.resources
    counts = {
        field: Counter(t for r in resources for t in _as_list(getattr(r.meta, field)))
        for _, _, field, _ in FILTERS
    }
    for pager, items in _paginate(resources, "resources/index.md"):
        source = pager.source(pager.number)
        tree.write(
            source,
            renderer.render(
                "catalogue.md.j2",
                source,
                resources=resources,
                items=items,
                pager=pager,
                counts=counts,
                filters=FILTERS,
            ),
        )

    tree.write(
        "resources/topics/index.md",
        renderer.render("topics.md.j2", "resources/topics/index.md", counts=counts["topics"]),
    )
    for term in library.taxonomy.terms("topics").values():
        matching = [r for r in resources if term.key in r.meta.topics]
        for pager, items in _paginate(matching, f"resources/topics/{term.key}.md"):
            source = pager.source(pager.number)
            tree.write(
                source,
                renderer.render(
                    "topic.md.j2", source, term=term, items=items, pager=pager, total=len(matching)
                ),
            )

    templates = [r for r in resources if r.meta.type == "template"]
    for pager, items in _paginate(templates, "toolkit.md"):
        source = pager.source(pager.number)
        tree.write(source, renderer.render("toolkit.md.j2", source, items=items, pager=pager))


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def _webinar_pages(
    tree: OutputTree, renderer: Renderer, library: Library, config: SiteConfig, now: datetime
) -> None:
    webinars = library.webinars
    upcoming = [w for w in webinars if not w.is_past(now)]
    past = sorted((w for w in webinars if w.is_past(now)), key=lambda w: w.meta.start, reverse=True)
    years = sorted({w.meta.start.year for w in webinars}, reverse=True)
    tree.write(
        "webinars/index.md",
        renderer.render(
            "webinars.md.j2",
            "webinars/index.md",
            upcoming=upcoming[:WEBINAR_WINDOW],
            past=past[:WEBINAR_WINDOW],
            years=years,
            more=len(upcoming) > WEBINAR_WINDOW or len(past) > WEBINAR_WINDOW,
        ),
    )
    for year in years:
        source = f"webinars/{year}.md"
        sessions = [w for w in webinars if w.meta.start.year == year]
        tree.write(
            source, renderer.render("webinar_year.md.j2", source, year=year, sessions=sessions, years=years)
        )
    for w in webinars:
        source = f"webinars/{w.slug}.md"
        tree.write(source, renderer.render("webinar.md.j2", source, w=w, past=w.is_past(now)))
        tree.write(f"webinars/{w.slug}.ics", calendar([w], config))
    tree.write("webinars.ics", calendar(webinars, config))


def _feed(renderer: Renderer, library: Library) -> str:
    entries = sorted(library.resources, key=lambda r: (r.meta.reviewed, r.added, r.slug), reverse=True)[:50]
    updated = max((r.meta.reviewed for r in entries), default=date(2026, 1, 1)).isoformat()
    return renderer.render("feed.xml.j2", "feed.xml", entries=entries, updated=updated)


def _reference(renderer: Renderer) -> str:
    def fields(model: type[BaseModel]) -> list[dict[str, object]]:
        return [
            {
                "name": name,
                "required": info.is_required(),
                "default": None if info.is_required() or info.default in (None, False) else info.default,
                "description": info.description or "",
            }
            for name, info in model.model_fields.items()
        ]

    sections = [
        {
            "title": "Resources (resources/*.md)",
            "intro": ResourceMeta.__doc__,
            "fields": fields(ResourceMeta),
        },
        {"title": "Webinars (webinars/*.md)", "intro": WebinarMeta.__doc__, "fields": fields(WebinarMeta)},
    ]
    vocabularies = [
        ("types", "Types"),
        ("topics", "Topics"),
        ("audiences", "Audiences"),
        ("settings", "Settings"),
    ]
    return renderer.render(
        "reference.md.j2",
        "reference.md",
        sections=sections,
        required_sections=REQUIRED_SECTIONS,
        vocabularies=vocabularies,
    )
