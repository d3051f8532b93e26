"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Dates and times are left as strings so that the schema, not the YAML parser,
reports an impossible date with the field it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml


class _StringDatesLoader(yaml.SafeLoader):
    """SafeLoader that does not turn timestamps into datetime objects."""


_StringDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(ValueError):
    """The file has no readable front matter; `line` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Document:
    data: dict[str, Any]
    body: str
    body_line: int
    node: yaml.MappingNode

    def line_of(self, loc: tuple[str | int, ...]) -> int:
        """The 1-based line of the value at `loc` (a pydantic error location).

        Falls back to the nearest enclosing key, then to the front matter's
        first line, so every error can name a line.
        """
        node: yaml.Node = self.node
        line = node.start_mark.line + 1
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = next((v for k, v in node.value if k.value == part), None)
                if match is None:
                    return line
                key_node = next(k for k, v in node.value if v is match)
                line = key_node.start_mark.line + 1
                node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if part >= len(node.value):
                    return line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def parse(text: str) -> Document:
    """Parse `---` delimited front matter; lines are counted from the file's start."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError("the file must start with a '---' line opening the front matter", 1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise FrontMatterError("the front matter is not closed by a '---' line", 1)
    # Pad with a blank line so YAML marks match the file's own line numbers.
    doc = parse_mapping("\n" + "".join(lines[1:end]), "the front matter")
    return Document(data=doc.data, body="".join(lines[end + 1 :]), body_line=end + 2, node=doc.node)


def parse_mapping(source: str, what: str = "the file") -> Document:
    """Parse a YAML mapping (a whole .yml file, or padded front matter) keeping its lines."""
    try:
        node = yaml.compose(source, Loader=_StringDatesLoader)
        data = yaml.load(source, Loader=_StringDatesLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise FrontMatterError(f"{what} is not valid YAML: {exc.problem}", line) from exc
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        raise FrontMatterError(f"{what} must be a mapping of field: value", 2)
    return Document(data=data, body="", body_line=0, node=node)
