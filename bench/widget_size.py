"""Widget weight: bytes on the wire for widget.js + widget.css, as a browser downloads them.

The files are fetched from a running `scn serve` with the Accept-Encoding a browser
sends, and the body is counted as received (compressed, if the service compressed
it), not computed from the files: a figure from the files would pass even if the
service sent them uncompressed. The uncompressed size is the comparator.
"""

from __future__ import annotations

import gzip
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import httpx

from .figures import Figure, informational
from .service import Service

ASSETS = ("widget.js", "widget.css")
BROWSER_ACCEPT_ENCODING = "gzip, deflate, br"
TARGET_BYTES = 25 * 1024
# What the service may answer with (it offers gzip only; br would need a Brotli decoder).
DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "identity": bytes,
    "gzip": gzip.decompress,
    "deflate": zlib.decompress,
}


def _download(url: str) -> tuple[int, int, str]:
    """(bytes on the wire, bytes once decoded, Content-Encoding) of one GET."""
    with (
        httpx.Client(timeout=10) as client,
        client.stream("GET", url, headers={"Accept-Encoding": BROWSER_ACCEPT_ENCODING}) as response,
    ):
        response.raise_for_status()
        wire = b"".join(response.iter_raw())
    encoding = response.headers.get("content-encoding", "identity")
    if encoding not in DECODERS:
        raise RuntimeError(
            f"{url} came back with Content-Encoding {encoding!r}, which this benchmark cannot read"
        )
    return len(wire), len(DECODERS[encoding](wire)), encoding


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="scn-widget-bench-") as folder, Service(Path(folder)) as service:
        sizes = {name: _download(f"{service.url}/{name}") for name in ASSETS}
    wire = sum(size for size, _, _ in sizes.values())
    raw = sum(decoded for _, decoded, _ in sizes.values())
    return [
        *(
            informational(
                f"{name} on the wire ({encoding})", size / 1024, "KB", f"uncompressed {decoded / 1024:.1f} KB"
            )
            for name, (size, decoded, encoding) in sizes.items()
        ),
        Figure(
            "widget.js + widget.css on the wire",
            wire / 1024,
            "KB",
            "<= 25 KB",
            wire <= TARGET_BYTES,
            f"uncompressed {raw / 1024:.1f} KB",
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
