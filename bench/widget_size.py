"""Widget weight: gzip size of widget.js + widget.css, the whole forum UI a reader downloads."""

from __future__ import annotations

import gzip
from pathlib import Path

from .figures import Figure, informational

STATIC = Path(__file__).resolve().parent.parent / "discussion_api" / "static"
TARGET_BYTES = 25 * 1024


def run() -> list[Figure]:
    sizes = {
        name: len(gzip.compress((STATIC / name).read_bytes(), compresslevel=9))
        for name in ("widget.js", "widget.css")
    }
    total = sum(sizes.values())
    return [
        *(informational(f"{name} (gzip)", size / 1024, "KB") for name, size in sizes.items()),
        Figure("widget.js + widget.css (gzip)", total / 1024, "KB", "<= 25 KB", total <= TARGET_BYTES),
    ]
