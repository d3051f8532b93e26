"""Run every benchmark (or those named: `python -m bench backends sse_fanout`) and print
each figure beside its target and comparator.

Exit 0 only when every target is met; a benchmark that fails to run counts as a
missed target (its error is printed) and the others still run.
"""

from __future__ import annotations

import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from types import ModuleType

from . import (
    backends,
    forum_latency,
    forum_scale,
    library_build,
    loop_under_writes,
    notification_fanout,
    phi_guard,
    post_rate,
    search_latency,
    sse_fanout,
    thread_read,
    widget_size,
)
from .figures import header

BENCHMARKS: list[ModuleType] = [
    widget_size,
    phi_guard,
    sse_fanout,
    notification_fanout,
    forum_latency,
    thread_read,
    post_rate,
    search_latency,
    forum_scale,
    loop_under_writes,
    backends,
    library_build,
]


def main(names: list[str]) -> int:
    known = {benchmark.__name__.removeprefix("bench."): benchmark for benchmark in BENCHMARKS}
    unknown = [name for name in names if name not in known]
    if unknown:
        print(f"no benchmark named {', '.join(unknown)}; there are: {', '.join(known)}")
        return 2
    started = datetime.now(UTC)
    print(f"make bench, {started:%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, {platform.node()}")
    print(header())
    missed = 0
    for name, benchmark in known.items():
        if names and name not in names:
            continue
        assert benchmark.__doc__
        print(f"== {name}: {benchmark.__doc__.strip().splitlines()[0]}")
        clock = time.perf_counter()
        try:
            figures = benchmark.run()
        except Exception:
            traceback.print_exc(file=sys.stdout)
            print(f"  {name} FAILED to run: counted as a missed target")
            missed += 1
            continue
        for figure in figures:
            print(figure)
            missed += not figure.met
        print(f"  ({time.perf_counter() - clock:.0f} s)")
    print(f"{missed} target(s) missed" if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
