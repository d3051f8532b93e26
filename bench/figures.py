"""A measured figure beside its target and its comparator, and the table they are printed in."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

NAME, VALUE, TARGET, COMPARATOR = 58, 16, 24, 30


@dataclass(frozen=True)
class Figure:
    """One number a benchmark measured.

    `target` says what it must be and `met` whether it is; `comparator` is the figure it
    is read against, measured in the same run (a baseline, the idle case, the raw size),
    so a reader never compares with a number from another day or machine.
    """

    name: str
    value: float
    unit: str
    target: str
    met: bool
    comparator: str = ""

    def __str__(self) -> str:
        verdict = "ok" if self.met else "MISSED"
        number = (
            f"{self.value:.0f}" if not self.unit and float(self.value).is_integer() else f"{self.value:.2f}"
        )
        value = f"{number} {self.unit}".rstrip()
        return (
            f"  {self.name:<{NAME}} {value:>{VALUE}}  {self.target:<{TARGET}} "
            f"{self.comparator:<{COMPARATOR}} {verdict}"
        )


def header() -> str:
    return (
        f"  {'figure':<{NAME}} {'value':>{VALUE}}  {'target':<{TARGET}} {'comparator (same run)':<{COMPARATOR}} "
        "verdict"
    )


def informational(name: str, value: float, unit: str, comparator: str = "") -> Figure:
    """A figure with no target of its own: context for the ones that have one."""
    return Figure(name, value, unit, "(reported)", True, comparator)


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank percentile `q` (0-100) of `values`; inf when there are none."""
    if not values:
        return math.inf
    ordered = sorted(values)
    rank = max(1, math.ceil(len(ordered) * q / 100))
    return ordered[rank - 1]
