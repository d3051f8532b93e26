"""Where things are, and the few site settings the generator needs from mkdocs.yml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class _MkDocsLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, resolving `!ENV [NAME, default]` as MkDocs does."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        *names, default = loader.construct_sequence(node)
    else:
        names, default = [loader.construct_scalar(node)], None  # type: ignore[arg-type]
    return next((os.environ[n] for n in names if n in os.environ), default)


_MkDocsLoader.add_constructor("!ENV", _env)


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    site_name: str
    site_url: str
    operator_name: str
    operator_contact: str

    @property
    def docs_dir(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "build" / "site"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    def absolute(self, path: str) -> str:
        """The public URL of a site path such as 'resources/hour-1-bundle/'."""
        return self.site_url.rstrip("/") + "/" + path.lstrip("/")


def load_config(root: Path) -> SiteConfig:
    raw = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_MkDocsLoader)
    operator = (raw.get("extra") or {}).get("operator") or {}
    return SiteConfig(
        root=root,
        site_name=raw["site_name"],
        site_url=raw["site_url"],
        operator_name=operator.get("name") or "the operators of this site",
        operator_contact=operator.get("contact") or "",
    )
