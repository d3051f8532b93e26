"""The generated docs tree: files are written only when their bytes change.

Unchanged files keep their timestamps, so `mkdocs serve` (which watches the
tree) does not rebuild in a loop; files no longer generated are removed.
"""

from __future__ import annotations

import posixpath
from pathlib import Path


class OutputTree:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: set[Path] = set()

    def write(self, relative: str, content: str | bytes) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        target = self.root / relative
        if target in self.written:
            raise ValueError(f"two generated files share the path {relative}")
        self.written.add(target)
        if target.exists() and target.read_bytes() == data:
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)

    def remove_stale(self) -> None:
        """Delete files (and empty folders) that this run did not write."""
        if not self.root.exists():
            return
        for path in sorted(self.root.rglob("*"), reverse=True):
            if path.is_file() and path not in self.written:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def page_url(source: str) -> str:
    """The site path MkDocs gives a Markdown source with directory URLs on."""
    if not source.endswith(".md"):
        return source
    stem = source[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_source: str, to_source: str) -> str:
    """A link from the built page of `from_source` to the built page or file `to_source`."""
    base = page_url(from_source)
    target = page_url(to_source)
    base_dir = base if base.endswith("/") or not base else posixpath.dirname(base) + "/"
    link = posixpath.relpath("/" + target, "/" + base_dir)
    if target.endswith("/") and not link.endswith("/"):
        link += "/"
    return "./" if link in (".", "./") else link
