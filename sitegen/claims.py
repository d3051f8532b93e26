"""Records of checked claims, and the rule that every figure on a page has a source.

Each page has a record, `claims/<folder>/<file name>.yml`, listing the sources the
page cites and, for each claim, the source and where in it the claim is found, so
the next reviewer can redo the check. The record is what `sitegen check` holds a
page to: a figure in the page's text must appear in one of its claims.

A figure is a number a reader could quote: a percentage ("67%"), a count in
millions or billions ("1.7 million"), a ratio ("1 in 3"), a rate ("12 cases per 100,000"),
or the value of a statistic named before it (odds ratio, AUC, AUROC, hazard
ratio, relative risk, positive predictive value).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator

_NUMBER = r"\d+(?:[.,]\d+)*"
_FIGURES = [
    re.compile(rf"{_NUMBER}\s?%"),
    re.compile(rf"{_NUMBER}\s(?:million|billion)\b"),
    re.compile(r"\b\d+\sin\s\d+\b"),
    # A rate: a value, up to three words, then "per" and a denominator ("1.3 cases per 1000").
    re.compile(rf"\b{_NUMBER}(?:\s+[A-Za-z-]+){{0,3}}\s+per\s+{_NUMBER}\b"),
]
# The statistic's name, then (within a few words) its value: the value is the figure.
_STATISTIC = re.compile(
    r"(?:\b(?i:odds ratio|area under the (?:receiver operating characteristic )?curve|hazard ratio"
    r"|relative risk|positive predictive values?)|\b(?:OR|AUC|AUROC|HR|RR|PPV)\b)"
    rf"[^\d\n]{{0,30}}?(?P<value>{_NUMBER})"
)
_LINK_TARGET = re.compile(r"\]\([^)]*\)")


@dataclass(frozen=True)
class Figure:
    text: str
    offset: int


def figures(text: str) -> Iterator[Figure]:
    """Every figure in `text` (Markdown), in order; link targets are not text."""
    text = _LINK_TARGET.sub(lambda m: "]" + " " * (len(m.group()) - 1), text)
    found: dict[int, Figure] = {}
    for pattern in _FIGURES:
        for match in pattern.finditer(text):
            found.setdefault(match.start(), Figure(match.group(), match.start()))
    for match in _STATISTIC.finditer(text):
        found.setdefault(match.start("value"), Figure(match.group("value"), match.start("value")))
    yield from (found[offset] for offset in sorted(found))


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).replace(" %", "%")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ClaimSource(_Strict):
    """A source the page cites."""

    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", description="Short name claims refer to.")
    citation: str = Field(min_length=20, description="Full citation, with DOI or link where there is one.")
    cited_as: str = Field(
        min_length=3,
        description="How the page names the source; must appear word for word in the page or its citation.",
    )


class Claim(_Strict):
    """One checked statement of the page."""

    claim: str = Field(
        min_length=5, description="The statement, with any figure exactly as the page gives it."
    )
    source: str = Field(description="The id of a source in `sources`.")
    locator: str = Field(
        min_length=3, description="Where in the source: section, table, recommendation number, page."
    )


class ClaimRecord(_Strict):
    """claims/<folder>/<file name>.yml: what was checked on one page, against what."""

    checked: date = Field(description="When the claims were last checked against their sources.")
    checked_by: str = Field(description="A reviewer id from reviewers.yml.")
    sources: list[ClaimSource] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)

    @model_validator(mode="after")
    def _claims_name_listed_sources(self) -> ClaimRecord:
        ids = [s.id for s in self.sources]
        for index, claim in enumerate(self.claims):
            if claim.source not in ids:
                raise ValueError(
                    f"claims: claim {index + 1} names source '{claim.source}', "
                    f"which is not one of the record's sources ({', '.join(ids)})"
                )
        return self

    def covers(self, figure: Figure) -> bool:
        """True when some claim states `figure` (spacing aside)."""
        wanted = _normal(figure.text)
        return any(wanted in _normal(c.claim) for c in self.claims)

    def sources_missing_from(self, page_text: str) -> list[ClaimSource]:
        """Sources the page does not name, so a reader could not follow a claim to them."""
        text = _normal(page_text)
        return [s for s in self.sources if _normal(s.cited_as) not in text]
