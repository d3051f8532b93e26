"""Widget weight: bytes on the wire for what a browser downloads for the forum page.

That is the entry module /widget.js, every module it imports statically, the forum
view's module (the entry imports it when the page has a `data-scn="forum"` mount
point) with its static imports, and /widget.css. The list is read from the modules'
own `import` statements, so a new static import counts at once. The target is held
by what a member who writes gets: the composer's on-demand parts (`import()` in the
composer and the thread: a case discussion's fields, @mention suggestions) load on the
same page as soon as they start a thread or type a name, so they count. What loads
only for moderators (the thread's moderator tools) or on other pages does not; the
reader's figure (static imports only) is reported beside it.

The files are fetched from a running `scn serve` with the Accept-Encoding a browser
sends, and the body is counted as received (compressed, if the service compressed
it), not computed from the files: a figure from the files would pass even if the
service sent them uncompressed. The uncompressed size is the comparator.
"""

from __future__ import annotations

import gzip
import posixpath
import re
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import brotli
import httpx

from .figures import Figure, informational
from .service import Service

STATIC = Path(__file__).resolve().parents[1] / "discussion_api" / "static"
STATIC_IMPORT = re.compile(r'^import [^;]* from "([^"]+)";$', re.MULTILINE)
# The entry's table of views: `forum: () => import("./widget/forum.js")...`.
FORUM_VIEW = re.compile(r'^\s*forum: \(\) => import\("([^"]+)"\)', re.MULTILINE)
ON_DEMAND = re.compile(r'import\("(\./[^"]+)"\)')
# The writer's modules whose on-demand imports load on the forum page for any member.
WRITER_MODULES = ("widget/composer.js", "widget/thread.js")
MODERATORS_ONLY = {"widget/threadmod.js"}
# What Chromium sends (checked on this machine, over plain http to 127.0.0.1 as well).
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br, zstd"
GZIP_ONLY = "gzip, deflate"  # a browser without Brotli
TARGET_BYTES = 25 * 1024
# What the service may answer with (it offers Brotli and gzip).
DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "identity": bytes,
    "br": brotli.decompress,
    "gzip": gzip.decompress,
    "deflate": zlib.decompress,
}


def _download(url: str, accept_encoding: str = BROWSER_ACCEPT_ENCODING) -> tuple[int, int, str]:
    """(bytes on the wire, bytes once decoded, Content-Encoding) of one GET."""
    with (
        httpx.Client(timeout=10) as client,
        client.stream("GET", url, headers={"Accept-Encoding": accept_encoding}) as response,
    ):
        response.raise_for_status()
        wire = b"".join(response.iter_raw())
    encoding = response.headers.get("content-encoding", "identity")
    if encoding not in DECODERS:
        raise RuntimeError(
            f"{url} came back with Content-Encoding {encoding!r}, which this benchmark cannot read"
        )
    return len(wire), len(DECODERS[encoding](wire)), encoding


def _with_static_imports(paths: list[str]) -> list[str]:
    """`paths` (under static/) and every module they import statically, in load order."""
    seen: list[str] = []
    pending = list(paths)
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.append(path)
        source = (STATIC / path).read_text()
        pending += [
            posixpath.normpath(posixpath.join(posixpath.dirname(path), spec))
            for spec in STATIC_IMPORT.findall(source)
        ]
    return seen


def forum_page_assets() -> list[str]:
    """What a browser downloads for the forum page, as paths under the service's root."""
    forum = FORUM_VIEW.search((STATIC / "widget.js").read_text())
    if not forum:
        raise RuntimeError("widget.js has no forum view to import")
    return [*_with_static_imports(["widget.js", posixpath.normpath(forum.group(1))]), "widget.css"]


def writer_assets(reader: list[str]) -> list[str]:
    """What a member who writes on the forum page downloads beyond the reader's `reader`."""
    wanted = [
        posixpath.normpath(posixpath.join(posixpath.dirname(module), spec))
        for module in WRITER_MODULES
        for spec in ON_DEMAND.findall((STATIC / module).read_text())
    ]
    wanted = [path for path in wanted if path not in MODERATORS_ONLY]
    return [path for path in _with_static_imports(wanted) if path not in reader]


def run() -> list[Figure]:
    reader = forum_page_assets()
    assets = [*reader, *writer_assets(reader)]
    with tempfile.TemporaryDirectory(prefix="scn-widget-bench-") as folder, Service(Path(folder)) as service:
        sizes = {name: _download(f"{service.url}/{name}") for name in assets}
        gzip_wire = sum(_download(f"{service.url}/{name}", GZIP_ONLY)[0] for name in assets)
    wire = sum(size for size, _, _ in sizes.values())
    raw = sum(decoded for _, decoded, _ in sizes.values())
    read_wire = sum(sizes[name][0] for name in reader)
    return [
        *(
            informational(
                f"{name} on the wire ({encoding})", size / 1024, "KB", f"uncompressed {decoded / 1024:.1f} KB"
            )
            for name, (size, decoded, encoding) in sizes.items()
        ),
        informational(
            f"the forum page for a reader ({len(reader) - 1} modules + widget.css) on the wire",
            read_wire / 1024,
            "KB",
            "static imports only",
        ),
        Figure(
            f"the forum page for a member who writes ({len(assets) - 1} modules + widget.css)",
            wire / 1024,
            "KB",
            "<= 25 KB",
            wire <= TARGET_BYTES,
            f"uncompressed {raw / 1024:.1f} KB",
        ),
        informational(
            "  ... to a browser that takes gzip but not Brotli",
            gzip_wire / 1024,
            "KB",
            f"Brotli: {wire / 1024:.1f} KB",
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
