"""Machine-readable outputs: catalog.json and the webinar calendars (RFC 5545)."""

from __future__ import annotations

import json
import re
from datetime import UTC, timedelta
from urllib.parse import urlsplit

import icalendar

from .config import SiteConfig
from .library import Library, Resource, Webinar
from .taxonomy import Taxonomy

_WORD = re.compile(r"[\w][\w'.-]*[\w]|\w")
_MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|[*_`#>|]")


def search_words(resource: Resource, taxonomy: Taxonomy) -> str:
    """The words the catalogue search matches: the resource's whole text and the labels
    of its type, topics, audiences and settings, lower-cased, each word once.

    Each word once keeps catalog.json small (a word list, not the pages again)."""
    meta = resource.meta
    labels = [taxonomy.label("types", meta.type)]
    labels += [taxonomy.label("topics", t) for t in meta.topics]
    labels += [taxonomy.label("audiences", a) for a in meta.audience]
    labels += [taxonomy.label("settings", s) for s in meta.settings]
    text = " ".join([meta.title, meta.summary, meta.publisher, *labels, _MARKUP.sub(" ", resource.body)])
    return " ".join(dict.fromkeys(_WORD.findall(text.lower())))


def catalog_json(library: Library, config: SiteConfig) -> str:
    """Every resource with its metadata; the catalogue page filters over this too."""
    taxonomy = library.taxonomy
    entries = [
        {
            "slug": r.slug,
            "url": config.absolute(f"resources/{r.slug}/"),
            "title": r.meta.title,
            "type": r.meta.type,
            "type_label": taxonomy.label("types", r.meta.type),
            "topics": r.meta.topics,
            "audience": r.meta.audience,
            "settings": r.meta.settings,
            "publisher": r.meta.publisher,
            "year": r.meta.year,
            "source_url": r.meta.source_url,
            "doi": r.meta.doi,
            "citation": r.meta.citation,
            "summary": r.meta.summary,
            "reviewed": r.meta.reviewed.isoformat(),
            "reviewed_by": r.reviewer.name,
            "clinical_review": (
                {
                    "by": r.clinical_reviewer.name,
                    "credentials": r.clinical_reviewer.credentials,
                    "date": r.meta.clinical_reviewed.isoformat() if r.meta.clinical_reviewed else None,
                }
                if r.clinical_reviewer
                else "pending"
            ),
            "review_due": r.meta.review_due.isoformat(),
            "words": search_words(r, taxonomy),
        }
        for r in library.resources
    ]
    return json.dumps({"resources": entries}, indent=1, ensure_ascii=False) + "\n"


def calendar(webinars: list[Webinar], config: SiteConfig) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Sepsis Coordinator Network//Library webinars//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{config.site_name} webinars")
    host = urlsplit(config.site_url).hostname or "localhost"
    for w in webinars:
        event = icalendar.Event()
        # The UID must not change between builds, or calendars duplicate the event.
        event.add("uid", f"webinar-{w.slug}@{host}")
        # DTSTAMP is derived, not the build time, so an unchanged webinar yields
        # byte-identical files (and `mkdocs serve` does not rebuild in a loop).
        event.add("dtstamp", (w.meta.start - timedelta(days=30)).astimezone(UTC))
        # In UTC: icalendar would write a fixed-offset time as floating local time.
        event.add("dtstart", w.meta.start.astimezone(UTC))
        event.add("dtend", w.meta.end.astimezone(UTC))
        event.add("summary", w.meta.title)
        event.add("description", w.meta.summary)
        event.add("url", config.absolute(f"webinars/{w.slug}/"))
        cal.add_component(event)
    return cal.to_ical()
