"""Run every benchmark and print each figure next to its target; exit 1 if a target is missed."""

from __future__ import annotations

import sys

from . import library_build, phi_guard, sse_fanout, widget_size

BENCHMARKS = [widget_size, phi_guard, sse_fanout, library_build]


def main() -> int:
    missed = 0
    for benchmark in BENCHMARKS:
        print(f"== {benchmark.__name__.removeprefix('bench.')}: {benchmark.__doc__.strip().splitlines()[0]}")
        for figure in benchmark.run():
            print(figure)
            missed += not figure.met
    print(f"{missed} target(s) missed" if missed else "all targets met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
