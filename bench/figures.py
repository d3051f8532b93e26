"""A measured figure beside its target."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: str
    met: bool

    def __str__(self) -> str:
        verdict = "ok" if self.met else "MISSED"
        return f"  {self.name:<64} {self.value:>10.2f} {self.unit:<6} target {self.target:<18} {verdict}"


def informational(name: str, value: float, unit: str) -> Figure:
    return Figure(name, value, unit, "(reported)", True)
