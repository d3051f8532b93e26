"""Input field types shared by the API's request models.

Text a member types is NFC-normalised (so one name is stored one way) and refused
(422 naming the field) if it holds characters that let it pass for other text or hide
some: controls (NUL included), format characters (bidirectional overrides and
isolates, zero-width spaces and joiners, the BOM), private-use characters, and line or
paragraph separators. Multi-line fields allow newlines and tabs; post bodies keep the
zero-width joiner (emoji sequences) but not controls or bidirectional overrides.
"""

import re
import unicodedata
from collections.abc import Callable
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
DOMAIN_PATTERN = r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"


_HIDING = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
_LAYOUT = frozenset("\n\r\t")
# Trojan Source: the bidirectional embeddings, overrides and isolates.
_BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


def _is_hiding(char: str) -> bool:
    return unicodedata.category(char) in _HIDING


def _in_text(char: str) -> bool:
    return char not in _LAYOUT and _is_hiding(char)


def _in_markdown(char: str) -> bool:
    category = unicodedata.category(char)
    return char not in _LAYOUT and (category in ("Cc", "Cs") or char in _BIDI)


def _refusing(refused: Callable[[str], bool]) -> AfterValidator:
    def normalised(value: str) -> str:
        value = unicodedata.normalize("NFC", value)
        for char in value:
            if refused(char):
                name = unicodedata.name(char, "a control character")
                raise ValueError(f"contains U+{ord(char):04X} ({name}), which is not allowed here")
        return value

    return AfterValidator(normalised)


PLAIN_LINE = _refusing(_is_hiding)
PLAIN_TEXT = _refusing(_in_text)


def _email(value: str) -> str:
    if not EMAIL_PATTERN.match(value) or any(map(_is_hiding, value)):
        raise ValueError("not an email address")
    return value.lower()


# Every request model refuses unknown fields and silent type coercion.
STRICT_INPUT = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(_email)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024, strip_whitespace=False)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120), PLAIN_LINE]
ShortText = Annotated[str, StringConstraints(max_length=200), PLAIN_LINE]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2000), PLAIN_TEXT]
OptionalReason = Annotated[str, StringConstraints(max_length=2000), PLAIN_TEXT]
Token = Annotated[str, StringConstraints(min_length=20, max_length=100)]
Domain = Annotated[str, StringConstraints(max_length=253, pattern=DOMAIN_PATTERN, to_lower=True)]
BedCount = Annotated[int, Field(ge=0, le=10000)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20000), _refusing(_in_markdown)]
Title = Annotated[str, StringConstraints(min_length=3, max_length=200), PLAIN_LINE]
# The Library page a thread belongs to: a resource or a webinar, by slug.
PageKey = Annotated[str, StringConstraints(pattern=r"^(resource|webinar)/[a-z0-9][a-z0-9-]{0,99}$")]
Id = Annotated[int, Field(ge=1, le=2**62)]
