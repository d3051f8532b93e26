"""Library build time: shipped content, a 1,000-resource corpus, and plain MkDocs for comparison.

The plain baseline builds the same number of hand-written pages, each as long as
a generated resource page, with the same theme, plugins and navigation, but no
generation step: so the ratio is what sitegen costs, not what Material costs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from sitegen.frontmatter import parse

from .figures import Figure, informational

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["mkdocs.yml", "taxonomy.yml", "reviewers.yml", "content", "resources", "webinars", "claims", "sitegen"]
RESOURCES, WEBINARS, RUNS = 1000, 200, 2


def copy_project(target: Path, with_content: bool = True) -> Path:
    """The parts of the project a Library build reads, copied so builds never share build/."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PARTS:
        source = ROOT / part
        if not with_content and part in ("resources", "webinars"):
            (target / part).mkdir(parents=True)
        elif source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target / part)
    return target


def _corpus(target: Path) -> None:
    """1,000 resources and 200 webinars made from the shipped ones, with new slugs and titles."""
    shipped = sorted((ROOT / "resources").glob("*.md"))
    for i in range(RESOURCES):
        text = shipped[i % len(shipped)].read_text()
        text = _retitle(text, f"Corpus {i:04d}").replace("featured: true", "featured: false")
        (target / "resources" / f"corpus-{i:04d}.md").write_text(text)
    webinars = sorted((ROOT / "webinars").glob("*.md"))
    for i in range(WEBINARS):
        source = webinars[i % len(webinars)]
        doc = parse(source.read_text())
        start = doc.data["start"]
        text = source.read_text().replace(f"start: {start}", f"start: {_shift(start, i)}", 1)
        (target / "webinars" / f"corpus-{i:03d}.md").write_text(_retitle(text, f"Corpus {i:03d}"))


def _retitle(text: str, prefix: str) -> str:
    title = yaml.safe_load(re.search(r"^title: (.*)$", text, re.MULTILINE).group(1))
    return re.sub(
        r"^title: .*$",
        lambda _: "title: " + json.dumps(f"{prefix} {title}"),
        text,
        count=1,
        flags=re.MULTILINE,
    )


def _shift(iso: str, weeks: int) -> str:
    return (datetime.fromisoformat(iso) + timedelta(weeks=weeks - WEBINARS // 2)).isoformat()


def _timed(command: list[str], cwd: Path) -> float:
    best = float("inf")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(
            command, cwd=cwd, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        best = min(best, time.perf_counter() - started)
    return best


def _generated_build(root: Path) -> float:
    return _timed([sys.executable, "-m", "sitegen", "--root", str(root), "build"], root)


def _plain_project(generated: Path, target: Path) -> Path:
    """Hand-written pages as long as the generated ones, built by MkDocs alone."""
    copy_project(target, with_content=False)
    docs = target / "build" / "docs"
    shutil.copytree(generated / "build" / "docs", docs)
    config = (target / "mkdocs.yml").read_text()
    (target / "mkdocs.yml").write_text(config.replace("hooks:\n  - sitegen/mkdocs_hook.py\n", ""))
    return target


def _largest_pages(site: Path) -> Iterator[tuple[int, str]]:
    sizes = sorted(
        ((p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")), reverse=True
    )
    yield from sizes[:1]


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        shipped = copy_project(Path(tmp) / "shipped")
        shipped_seconds = _generated_build(shipped)

        corpus = copy_project(Path(tmp) / "corpus", with_content=False)
        _corpus(corpus)
        corpus_seconds = _generated_build(corpus)
        largest, largest_page = next(_largest_pages(corpus / "build" / "site"))

        plain = _plain_project(corpus, Path(tmp) / "plain")
        plain_seconds = _timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"], plain)

    ratio = corpus_seconds / plain_seconds
    return [
        informational("build of the shipped content (s)", shipped_seconds, "s"),
        informational(f"generated build, {RESOURCES} resources + {WEBINARS} webinars", corpus_seconds, "s"),
        informational(f"plain mkdocs build, same {RESOURCES + WEBINARS}+ pages", plain_seconds, "s"),
        Figure("generated / plain build time", ratio, "x", "<= 2.00x", ratio <= 2.0),
        Figure(
            f"largest page at {RESOURCES} resources ({largest_page})",
            largest / 1000,
            "KB",
            "< 60 KB",
            largest < 60_000,
        ),
    ]
