"""Input field types shared by the API's request models."""

import re
from typing import Annotated

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

EMAIL_PATTERN = re.compile(r"^[^@\s]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
DOMAIN_PATTERN = r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"


def _email(value: str) -> str:
    if not EMAIL_PATTERN.match(value):
        raise ValueError("not an email address")
    return value.lower()


# Every request model refuses unknown fields and silent type coercion.
STRICT_INPUT = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

Email = Annotated[str, StringConstraints(max_length=254), AfterValidator(_email)]
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024, strip_whitespace=False)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
Reason = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
OptionalReason = Annotated[str, StringConstraints(max_length=2000)]
Token = Annotated[str, StringConstraints(min_length=20, max_length=100)]
Domain = Annotated[str, StringConstraints(max_length=253, pattern=DOMAIN_PATTERN, to_lower=True)]
BedCount = Annotated[int, Field(ge=0, le=10000)]
Markdown = Annotated[str, StringConstraints(min_length=1, max_length=20000)]
Title = Annotated[str, StringConstraints(min_length=3, max_length=200)]
# The Library page a thread belongs to: a resource or a webinar, by slug.
PageKey = Annotated[str, StringConstraints(pattern=r"^(resource|webinar)/[a-z0-9][a-z0-9-]{0,99}$")]
Id = Annotated[int, Field(ge=1, le=2**62)]
