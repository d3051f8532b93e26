"""docs/security-checklist.md proves the security checklist: every statement of the checklist
has a row, every row names the tests that prove it, and every test it names exists.

The checklist is docs/asvs-checklist-source.md, a copy of ../shared/security-checklist.md
(outside the repository, so a fresh clone has only the copy); where the original is
present beside the repository, its statements must have rows too.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "security-checklist.md"
SOURCE_COPY = ROOT / "docs" / "asvs-checklist-source.md"
SOURCE_ORIGINAL = ROOT.parent / "shared" / "security-checklist.md"
# Sections of the checklist that are notes for the builder, not statements to prove.
NOTE_SECTIONS = ("Real-time and storage facts", "Tools on these machines")
# "7.3.1 / 7.3.2", "3.3.1-3.3.4", "14.2.1": the ASVS ids a statement starts with.
ASVS_IDS = re.compile(r"\d+(?:\.\d+)+(?:\s*[/-]\s*\d+(?:\.\d+)+)*")
NODE_ID = re.compile(r"`(tests/[\w/]+\.py::[\w:]+(?:\[[^\]`]*\])?)`")
NO_ASVS_ID = "—"


@dataclass(frozen=True)
class Statement:
    ids: str  # the ASVS id group the statement starts with, or NO_ASVS_ID
    text: str


@dataclass(frozen=True)
class Row:
    ids: str
    statement: str
    proof: str

    def node_ids(self) -> list[str]:
        return NODE_ID.findall(self.proof)


def statements(checklist: str) -> list[Statement]:
    """Each bullet of the checklist's requirement sections (continuation lines joined)."""
    found: list[str] = []
    in_notes = False
    for line in checklist.splitlines():
        if line.startswith("## "):
            in_notes = line[3:].startswith(NOTE_SECTIONS)
        elif in_notes:
            continue
        elif line.startswith("- "):
            found.append(line[2:].strip())
        elif line.startswith("  ") and found and line.strip():
            found[-1] += " " + line.strip()
    parsed = []
    for bullet in found:
        match = ASVS_IDS.match(bullet)
        parsed.append(Statement(match.group(0), bullet) if match else Statement(NO_ASVS_ID, bullet))
    return parsed


def tables(document: str) -> list[list[Row]]:
    """The body rows of each table in the document: (ASVS ids or fact, statement, proof)."""
    found: list[list[Row]] = []
    previous = ""
    for line in document.splitlines():
        if not line.startswith("|"):
            previous = line
            continue
        if not previous.startswith("|"):
            found.append([])  # a new table; this line is its header
        elif not set(line) <= set("|-: "):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            found[-1].append(Row(cells[0], cells[1], " | ".join(cells[2:])))
        previous = line
    return found


def requirement_rows() -> list[Row]:
    """The first table maps the statements; later ones map the notes."""
    document = tables(TABLE.read_text())
    assert document, "docs/security-checklist.md has no table"
    return document[0]


def has_row(statement: Statement, table: list[Row]) -> bool:
    if statement.ids != NO_ASVS_ID:
        return any(row.ids == statement.ids for row in table)
    opening = " ".join(statement.text.split()[:3]).lower()
    return any(row.ids == NO_ASVS_ID and row.statement.lower().startswith(opening) for row in table)


def checklists() -> list[Path]:
    return [path for path in (SOURCE_COPY, SOURCE_ORIGINAL) if path.exists()]


@pytest.mark.parametrize("checklist", checklists(), ids=lambda path: path.name)
def test_every_statement_of_the_checklist_has_a_row(checklist: Path) -> None:
    found = statements(checklist.read_text())
    assert len(found) >= 30, f"read only {len(found)} statements from {checklist}"
    table = requirement_rows()
    missing = [statement.text for statement in found if not has_row(statement, table)]
    assert not missing, f"docs/security-checklist.md has no row for: {missing}"


def test_the_copy_says_what_the_original_says() -> None:
    if not SOURCE_ORIGINAL.exists():
        pytest.skip(f"{SOURCE_ORIGINAL} is outside the repository and absent here: the copy stands alone")
    copy = SOURCE_COPY.read_text()
    assert copy[copy.index("# ") :] == SOURCE_ORIGINAL.read_text(), (
        "../shared/security-checklist.md changed: copy it into docs/asvs-checklist-source.md"
        " and give any new statement its row"
    )


def test_every_row_names_its_proof() -> None:
    unproven = [
        row.ids
        for row in requirement_rows()
        if not row.node_ids()
    ]
    assert not unproven, f"rows naming no test: {unproven}"


def defined_tests(path: Path) -> set[str]:
    """The test functions a test module defines at its top level (read, not imported:
    importing some modules builds whole fuzzing schemas)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
    }


def test_every_named_test_exists() -> None:
    named = {node for table in tables(TABLE.read_text()) for row in table for node in row.node_ids()}
    assert len(named) >= 30
    missing = []
    for node in sorted(named):
        file, _, name = node.partition("::")
        path = ROOT / file
        # A parametrised test may be named by its function: test_x stands for test_x[sqlite].
        if not (
            path.name.startswith("test_") and path.exists() and name.split("[")[0] in defined_tests(path)
        ):
            missing.append(node)
    assert not missing, f"docs/security-checklist.md names tests that do not exist: {missing}"
