"""A thin MkDocs hook: under `mkdocs serve`, regenerate build/docs before each build.

All logic lives in sitegen; `make site` runs sitegen itself before `mkdocs build`,
so this hook does nothing there.
"""

from __future__ import annotations

from pathlib import Path

from sitegen.cli import validate
from sitegen.config import load_config
from sitegen.generate import generate

_command: str | None = None


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_pre_build(config: object) -> None:
    if _command != "serve":
        return
    root = Path(__file__).resolve().parent.parent
    library, _ = validate(root, strict=False)
    if library is not None:
        generate(library, load_config(root))
