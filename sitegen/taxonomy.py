"""The controlled vocabularies in taxonomy.yml: types, topics, audiences, settings."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

VOCABULARIES = ("types", "topics", "audiences", "settings")


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    description: str


@dataclass(frozen=True)
class Taxonomy:
    vocabularies: dict[str, dict[str, Term]]

    def terms(self, vocabulary: str) -> dict[str, Term]:
        return self.vocabularies[vocabulary]

    def label(self, vocabulary: str, key: str) -> str:
        return self.vocabularies[vocabulary][key].label

    def unknown_term_message(self, vocabulary: str, value: object) -> str | None:
        """None when `value` is a term of `vocabulary`, else a message suggesting the closest."""
        terms = self.vocabularies[vocabulary]
        if isinstance(value, str) and value in terms:
            return None
        close = difflib.get_close_matches(str(value), list(terms), n=1, cutoff=0.5)
        hint = f"did you mean '{close[0]}'?" if close else f"valid terms: {', '.join(terms)}"
        return f"'{value}' is not one of the {vocabulary} in taxonomy.yml; {hint}"


class TaxonomyError(ValueError):
    """taxonomy.yml itself is malformed."""


def load_taxonomy(path: Path) -> Taxonomy:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    vocabularies: dict[str, dict[str, Term]] = {}
    for name in VOCABULARIES:
        entries = raw.get(name)
        if not isinstance(entries, dict) or not entries:
            raise TaxonomyError(
                f"{path}: '{name}' must be a non-empty mapping of term: {{label, description}}"
            )
        terms = {}
        for key, entry in entries.items():
            if not isinstance(entry, dict) or not entry.get("label") or not entry.get("description"):
                raise TaxonomyError(f"{path}: {name}.{key} needs a label and a description")
            terms[str(key)] = Term(str(key), str(entry["label"]), str(entry["description"]))
        vocabularies[name] = terms
    return Taxonomy(vocabularies)
