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
from datetime import datetime, timedelta
from pathlib import Path

import yaml

from sitegen.frontmatter import parse

from .figures import Figure, informational

ROOT = Path(__file__).resolve().parent.parent
PARTS = [
    "mkdocs.yml",
    "taxonomy.yml",
    "reviewers.yml",
    "content",
    "resources",
    "webinars",
    "claims",
    "sitegen",
]
RESOURCES, WEBINARS, RUNS = 1000, 200, 2
# A second round only if the first took less than this: on a loaded machine one round
# of builds can take minutes, and the benchmark must stay bounded.
SECOND_ROUND_BUDGET = 60.0
# The MkDocs step exactly as `sitegen build` runs it (sitegen/cli.py): strict, not quiet
# (--quiet would skip logging the warnings --strict counts), so both sides do the same work.
MKDOCS_BUILD = ["-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml"]


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
    """1,000 resources and 200 webinars: the shipped ones, then copies with new slugs and titles.

    The shipped files come along under their own slugs because the copies keep the
    shipped pages' links (related resources, the home page's featured list): without
    their targets the strict build, rightly, fails on thousands of broken links.
    """
    shipped = sorted((ROOT / "resources").glob("*.md"))
    for source in shipped:
        shutil.copy(source, target / "resources" / source.name)
    for i in range(RESOURCES - len(shipped)):
        source = shipped[i % len(shipped)]
        text = _retitle(source.read_text(), f"Corpus {i:04d}").replace("featured: true", "featured: false")
        (target / "resources" / f"corpus-{i:04d}.md").write_text(text)
        _copy_claims(target, "resources", source, f"corpus-{i:04d}")
    webinars = sorted((ROOT / "webinars").glob("*.md"))
    for source in webinars:
        shutil.copy(source, target / "webinars" / source.name)
    for i in range(WEBINARS - len(webinars)):
        source = webinars[i % len(webinars)]
        doc = parse(source.read_text())
        start = doc.data["start"]
        text = source.read_text().replace(f"start: {start}", f"start: {_shift(start, i)}", 1)
        (target / "webinars" / f"corpus-{i:03d}.md").write_text(_retitle(text, f"Corpus {i:03d}"))
        _copy_claims(target, "webinars", source, f"corpus-{i:03d}")


def _copy_claims(target: Path, kind: str, source: Path, name: str) -> None:
    """A copy carries its source page's record of checked claims (the build requires one)."""
    shutil.copy(ROOT / "claims" / kind / f"{source.stem}.yml", target / "claims" / kind / f"{name}.yml")


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


def _build(command: list[str], cwd: Path) -> float:
    """Wall-clock seconds of one build; a failed build stops the benchmark with its warnings."""
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        problems = [line for line in result.stderr.splitlines() if not line.startswith("INFO")]
        raise RuntimeError(f"{' '.join(command)} failed in {cwd}:\n" + "\n".join(problems[:20]))
    return elapsed


def _sitegen_build(root: Path) -> tuple[list[str], Path]:
    return [sys.executable, "-m", "sitegen", "--root", str(root), "build"], root


def _plain_project(generated: Path, target: Path) -> Path:
    """Hand-written pages as long as the generated ones, built by MkDocs alone."""
    copy_project(target, with_content=False)
    docs = target / "build" / "docs"
    shutil.copytree(generated / "build" / "docs", docs)
    config = (target / "mkdocs.yml").read_text()
    (target / "mkdocs.yml").write_text(config.replace("hooks:\n  - sitegen/mkdocs_hook.py\n", ""))
    return target


def _largest_page(site: Path) -> tuple[int, str]:
    """(bytes, path) of the site's largest HTML page."""
    return max((page.stat().st_size, page.relative_to(site).as_posix()) for page in site.rglob("*.html"))


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        shipped = copy_project(Path(tmp) / "shipped")
        corpus = copy_project(Path(tmp) / "corpus", with_content=False)
        _corpus(corpus)
        times: dict[str, list[float]] = {"shipped": [], "generated": [], "plain": []}
        plain: Path | None = None
        started = time.perf_counter()
        # The builds take turns, round after round, so machine noise hits all of them alike;
        # the plain project copies the pages of the first generated build.
        for _ in range(RUNS):
            times["shipped"].append(_build(*_sitegen_build(shipped)))
            times["generated"].append(_build(*_sitegen_build(corpus)))
            plain = plain or _plain_project(corpus, Path(tmp) / "plain")
            times["plain"].append(_build([sys.executable, *MKDOCS_BUILD], plain))
            if time.perf_counter() - started > SECOND_ROUND_BUDGET:
                break
        seconds = {name: min(runs) for name, runs in times.items()}
        rounds = len(times["plain"])
        largest, largest_page = _largest_page(corpus / "build" / "site")
        shipped_largest, _ = _largest_page(shipped / "build" / "site")

    ratio = seconds["generated"] / seconds["plain"]
    return [
        informational("build of the shipped content", seconds["shipped"], "s"),
        informational(
            f"generated build, {RESOURCES} resources + {WEBINARS} webinars (best of {rounds})",
            seconds["generated"],
            "s",
            f"plain: {seconds['plain']:.2f} s",
        ),
        Figure(
            "generated / plain MkDocs build time, same pages",
            ratio,
            "x",
            "<= 2.00x",
            ratio <= 2.0,
            f"plain: {seconds['plain']:.2f} s",
        ),
        Figure(
            f"largest page, {RESOURCES} resources: {largest_page}",
            largest / 1000,
            "KB",
            "< 60 KB",
            largest < 60_000,
            f"shipped: {shipped_largest / 1000:.1f} KB",
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
