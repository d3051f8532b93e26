"""Problems found in content files, phrased so an editor can fix them without help."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    field: str | None
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"field '{self.field}': " if self.field else ""
        return f"{self.path}:{self.line}: {self.severity}: {where}{self.message}"
