"""The README's promises match the code: every setting, every make verb, the CI command."""

from __future__ import annotations

import re
from pathlib import Path

from discussion_api.config import SETTINGS


def test_every_network_setting_is_documented(project_root: Path) -> None:
    readme = (project_root / "README.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in readme]
    assert missing == []


def test_every_site_setting_is_documented(project_root: Path) -> None:
    readme = (project_root / "README.md").read_text()
    used = set(re.findall(r"!ENV \[(SCN_\w+)", (project_root / "mkdocs.yml").read_text()))
    assert used, "mkdocs.yml reads its settings from SCN_* variables"
    assert sorted(name for name in used if name not in readme) == []


def test_make_verbs_in_the_readme_exist(project_root: Path) -> None:
    readme = (project_root / "README.md").read_text()
    targets = set(re.findall(r"^([a-z]+):", (project_root / "Makefile").read_text(), re.MULTILINE))
    mentioned = set(re.findall(r"`make ([a-z]+)", readme))
    assert {"serve", "test", "site", "check", "bench"} <= mentioned <= targets


def test_ci_runs_exactly_the_readme_test_command(project_root: Path) -> None:
    script = (project_root / ".ci" / "run").read_text()
    assert re.search(r"^make test$", script, re.MULTILINE)
