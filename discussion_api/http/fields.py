"""Input field types shared by the API's request models.

Text a member types is NFC-normalised (so one name is stored one way) and refused
(422 naming the field) if it holds characters that let it pass for other text or hide
some: controls (NUL included), format characters (bidirectional overrides and
isolates, zero-width spaces and joiners, the BOM), and line or paragraph separators.
Multi-line fields allow newlines and tabs; post bodies keep the zero-width joiner
(emoji sequences) but not controls or bidirectional overrides.
"""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StringConstraints,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from ..core.passwords import MAX_LENGTH, MIN_LENGTH

# Printable ASCII but "@" in the local part: what hospital addresses use, and what a
# pattern both Python and JavaScript read can state exactly.
EMAIL_PATTERN = r"^[!-?A-~]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
DOMAIN_PATTERN = r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"

# Lone surrogates (Cs) need no rule: the JSON parser refuses them (400 malformed_json).
# Private-use characters (Co) show as a visible box or a vendor's glyph; they pass.
_HIDING = frozenset({"Cc", "Cf", "Zl", "Zp"})
_LAYOUT = frozenset("\n\r\t")
# Trojan Source: the bidirectional embeddings, overrides and isolates.
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _in_line(char: str) -> bool:
    return unicodedata.category(char) in _HIDING


def _in_text(char: str) -> bool:
    return char not in _LAYOUT and _in_line(char)


def _in_markdown(char: str) -> bool:
    return char not in _LAYOUT and (unicodedata.category(char) == "Cc" or char in _BIDI)


@cache
def _refused_class(refused: Callable[[str], bool]) -> str:
    """The characters `refused` names, as the inside of a regex character class.

    Characters stand for themselves, which every regex dialect reads alike.
    """
    ranges: list[tuple[int, int]] = []
    for code in range(0x110000):
        if refused(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


@dataclass(frozen=True)
class CleanText:
    """NFC-normalise a text field and refuse the characters `refused` names (422 naming
    the field). The OpenAPI document states the same rule as an anchored pattern, which
    also says what the length check means: at least `at_least` characters once the
    surrounding whitespace is stripped."""

    refused: Callable[[str], bool]
    at_least: int = 0

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._clean, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern()
        return json_schema

    def pattern(self) -> str:
        refused = _refused_class(self.refused)
        allowed, visible = f"[^{refused}]", f"[^\\s{refused}]"
        if self.at_least == 0:
            return f"^{allowed}*$"
        if self.at_least == 1:
            return f"^{allowed}*{visible}{allowed}*$"
        return f"^{allowed}*{visible}{allowed}{{{self.at_least - 2},}}{visible}{allowed}*$"

    def _clean(self, value: str) -> str:
        value = unicodedata.normalize("NFC", value)
        for char in value:
            if self.refused(char):
                name = unicodedata.name(char, "a control character")
                raise ValueError(f"contains U+{ord(char):04X} ({name}), which is not allowed here")
        return value


def _email(value: str) -> str:
    if not re.match(EMAIL_PATTERN, value):
        raise ValueError("not an email address")
    return value.lower()


def _whole(value: object) -> object:
    """JSON has one number type: 5.0 is the integer 5 (as JSON Schema's "integer" says)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# Every request model refuses unknown fields and silent type coercion.
STRICT_INPUT = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

Email = Annotated[
    str,
    StringConstraints(max_length=254),
    AfterValidator(_email),
    Field(json_schema_extra={"pattern": EMAIL_PATTERN}),
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024, strip_whitespace=False)]
# A password being chosen: the policy's lengths, in the document (core/passwords.py
# checks them, and the list of common passwords, with its own error codes).
NewPassword = Annotated[
    Password,
    Field(json_schema_extra={"minLength": MIN_LENGTH, "maxLength": MAX_LENGTH}),
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120), CleanText(_in_line, 1)]
ShortText = Annotated[str, StringConstraints(max_length=200), CleanText(_in_line)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2000), CleanText(_in_text, 1)]
OptionalReason = Annotated[str, StringConstraints(max_length=2000), CleanText(_in_text)]
Token = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{20,100}$")]
Domain = Annotated[str, StringConstraints(max_length=253, pattern=DOMAIN_PATTERN, to_lower=True)]
BedCount = Annotated[int, Field(ge=0, le=10000), BeforeValidator(_whole)]
Position = Annotated[int, Field(ge=0, le=10000), BeforeValidator(_whole)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20000), CleanText(_in_markdown, 1)]
Title = Annotated[str, StringConstraints(min_length=3, max_length=200), CleanText(_in_line, 3)]
# The Library page a thread belongs to: a resource or a webinar, by slug.
PageKey = Annotated[str, StringConstraints(pattern=r"^(resource|webinar)/[a-z0-9][a-z0-9-]{0,99}$")]
Id = Annotated[int, Field(ge=1, le=2**62), BeforeValidator(_whole)]
# A case discussion's free-text field (core/cases.py), rendered as Markdown.
CaseText = Annotated[str, StringConstraints(min_length=1, max_length=4000), CleanText(_in_markdown, 1)]
# Minutes from time zero to a bundle element: SEP-1 counts a lactate up to 6 hours
# before it; three days after is far beyond any bundle's window.
BundleMinutes = Annotated[int, Field(ge=-360, le=4320), BeforeValidator(_whole)]
