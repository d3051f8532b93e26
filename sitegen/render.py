"""Jinja2 rendering of generated pages, with links computed from the page's own place."""

from __future__ import annotations

import posixpath
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2

from .output import relative_url

TEMPLATES = Path(__file__).parent / "templates"


def format_when(moment: datetime) -> str:
    """'Thursday 14 January 2027, 1:00 PM (UTC-05:00)': the session's own zone, spelled out."""
    offset = moment.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    hour = moment.strftime("%I").lstrip("0")
    return f"{moment.strftime('%A')} {moment.day} {moment.strftime('%B %Y')}, {hour}:{moment.strftime('%M %p')} ({zone})"


class Renderer:
    def __init__(self, template_dirs: list[Path], **shared: Any) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader([*template_dirs, TEMPLATES]),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
        )
        self.env.filters["when"] = format_when
        self.shared = shared

    def render(self, template: str, source: str, **context: Any) -> str:
        """Render `template` as the page at docs path `source`.

        Templates link with `md(target)` inside Markdown, which gives MkDocs a source
        path to check and rewrite, and with `link(target)` inside raw HTML, which
        MkDocs leaves alone, so it must already be the built page's URL.
        """
        return self.env.get_template(template).render(
            **self.shared,
            **context,
            link=lambda target: relative_url(source, target),
            md=lambda target: posixpath.relpath(target, posixpath.dirname(source) or "."),
        )
