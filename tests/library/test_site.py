"""What the generated Library contains, read from a real build of the shipped content."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import icalendar
import pytest

from sitegen.cli import main as sitegen_main
from sitegen.library import Library, load_library
from sitegen.models import ResourceMeta, WebinarMeta

# Served by the Network service next to the site, not part of the static build.
WIDGET_PATHS = {"/widget.js", "/widget.css"}


@pytest.fixture(scope="module")
def library(built_project: Path) -> Library:
    return load_library(built_project)[0]


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and ((tag == "a" and name == "href") or name == "src"):
                self.links.append(value)


def test_every_resource_has_a_page_with_its_citation_review_and_discussion(
    site: Path, library: Library
) -> None:
    for r in library.resources:
        page = html(site, f"resources/{r.slug}")
        assert f'data-scn="thread" data-scn-key="resource/{r.slug}"' in page
        assert r.meta.reviewed.isoformat() in page
        assert "Citation" in page
        assert escape(r.meta.source_url or f"https://doi.org/{r.meta.doi}") in page


def test_pages_without_a_clinical_reviewer_say_clinical_review_is_pending(
    site: Path, library: Library
) -> None:
    pending = [r for r in library.resources if r.clinical_reviewer is None]
    assert pending, "the shipped pages have no clinical reviewer yet"
    for r in pending:
        page = html(site, f"resources/{r.slug}")
        assert "Clinical review pending" in page
        assert escape(r.reviewer.name) in page
    assert "No page has had a clinical review yet" in html(site, "about")


def test_related_resources_share_a_topic(site: Path, library: Library) -> None:
    page = html(site, "resources/hour-1-bundle")
    related = page.split('class="scn-related"')[1].split("</ul>")[0]
    slugs = re.findall(r'href="\.\./([a-z0-9-]+)/"', related)
    assert slugs and "hour-1-bundle" not in slugs
    topics = set(library.resource("hour-1-bundle").meta.topics)
    assert all(topics & set(library.resource(s).meta.topics) for s in slugs)


def test_catalogue_lists_every_resource_with_filter_counts(site: Path, library: Library) -> None:
    page = html(site, "resources")
    pages = [page] + [
        html(site, p.relative_to(site).as_posix()) for p in sorted(site.glob("resources/page-*"))
    ]
    assert sum(p.count('class="scn-result"') for p in pages) == len(library.resources)
    bundles = sum(r.meta.type == "bundle" for r in library.resources)
    assert f'<option value="bundle">Bundle ({bundles})</option>' in page


def test_a_page_per_topic_and_a_toolkit(site: Path, library: Library) -> None:
    for topic in library.taxonomy.terms("topics"):
        page = html(site, f"resources/topics/{topic}")
        expected = [r for r in library.resources if topic in r.meta.topics]
        assert page.count('class="scn-result"') == len(expected)
    toolkit = html(site, "toolkit")
    assert "sepsis-coordinator-job-description" in toolkit


def test_webinars_split_into_upcoming_and_past_in_order(site: Path, library: Library) -> None:
    page = html(site, "webinars")
    upcoming, past = page.split('data-list="upcoming"')[1].split('data-list="past"')
    starts_up = re.findall(r'class="scn-webinar-item" data-start="([^"]+)"', upcoming)
    starts_past = re.findall(r'class="scn-webinar-item" data-start="([^"]+)"', past)
    assert len(starts_up) + len(starts_past) == len(library.webinars)
    assert starts_up == sorted(starts_up)
    assert starts_past == sorted(starts_past, reverse=True)


def test_calendars_are_rfc5545_with_stable_uids(built_project: Path, site: Path, library: Library) -> None:
    calendar = icalendar.Calendar.from_ical((site / "webinars.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == len(library.webinars)
    by_uid = {str(e["UID"]): e for e in events}
    for w in library.webinars:
        event = by_uid[f"webinar-{w.slug}@127.0.0.1"]
        assert event.decoded("DTSTART") == w.meta.start
        assert event.decoded("DTEND") == w.meta.end
        single = icalendar.Calendar.from_ical((site / "webinars" / f"{w.slug}.ics").read_bytes())
        assert [str(e["UID"]) for e in single.walk("VEVENT")] == [str(event["UID"])]
    first = (built_project / "build" / "docs" / "webinars.ics").read_bytes()
    assert sitegen_main(["--root", str(built_project), "generate"]) == 0
    assert (built_project / "build" / "docs" / "webinars.ics").read_bytes() == first


def test_catalog_json_and_feed(site: Path, library: Library) -> None:
    catalog = json.loads((site / "catalog.json").read_text())
    assert {r["slug"] for r in catalog["resources"]} == {r.slug for r in library.resources}
    entry = next(r for r in catalog["resources"] if r["slug"] == "hour-1-bundle")
    assert entry["doi"] == "10.1097/CCM.0000000000003119"
    assert entry["url"].endswith("/resources/hour-1-bundle/")
    feed = ET.fromstring((site / "feed.xml").read_bytes())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert len(feed.findall("a:entry", ns)) == min(50, len(library.resources))


def test_site_search_ranks_resources_above_topic_pages_and_leaves_out_the_reference(
    site: Path, library: Library
) -> None:
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    pages = {d["location"]: d.get("boost", 1) for d in docs if "#" not in d["location"]}
    assert not any(location.startswith("reference/") for location in pages)
    resources = [pages[f"resources/{r.slug}/"] for r in library.resources]
    topics = [b for loc, b in pages.items() if loc.startswith("resources/topics/")]
    assert resources and topics
    assert min(resources) > max(topics)
    assert min(resources) > pages["resources/"]  # the catalogue lists every resource's summary


def test_front_matter_reference_lists_every_schema_field(site: Path) -> None:
    page = html(site, "reference")
    for model in (ResourceMeta, WebinarMeta):
        for name in model.model_fields:
            assert f"<code>{name}</code>" in page, name


def test_every_internal_link_and_asset_resolves(site: Path) -> None:
    broken = []
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        base = "/" + page.relative_to(site).as_posix()
        for link in parser.links:
            parts = urlsplit(urljoin(base, link))
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
                continue
            if parts.path in WIDGET_PATHS:
                continue
            target = site / parts.path.lstrip("/")
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append(f"{base} -> {link}")
    assert broken == []


def test_pages_stay_small_and_resources_stay_out_of_the_navigation(site: Path) -> None:
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*.html")}
    assert max(sizes.values()) < 60_000, max(sizes.items(), key=lambda kv: kv[1])
    home = (site / "index.html").read_text()
    assert 'href="resources/sirs-criteria/"' not in home.split('class="md-nav')[1]


def test_print_stylesheet_hides_navigation_and_the_widget(site: Path) -> None:
    css = (site / "assets" / "library.css").read_text()
    print_rules = css.split("@media print")[1]
    for selector in (".md-header", ".md-sidebar", "[data-scn]", ".scn-discuss"):
        assert selector in print_rules
    assert 'content: " <" attr(href) ">"' in print_rules


def test_a_broken_link_fails_the_build(tmp_path: Path, copy_library: Callable[[Path], Path]) -> None:
    root = copy_library(tmp_path / "project")
    assert sitegen_main(["--root", str(root), "check"]) == 0
    page = root / "resources" / "sep-1.md"
    page.write_text(page.read_text().replace("(sirs-criteria.md)", "(sirs-criterion.md)"))
    assert sitegen_main(["--root", str(root), "build"]) == 1
