"""Case discussions: a thread's first post built from structured fields that steer the
author away from identifiers.

What identifies a patient in a case write-up is mostly its free details: an exact
age, a unit name, clock times and dates. So the case form asks for an age band
(Safe Harbor's "90 or older" is one band), a kind of setting, and a timeline in
times relative to presentation ("T+0", "T+45 min"); only the clinical story and the
question are free text, and each of them passes the patient-information guard on
its own, so a finding names the field it is in. The case is stored as the first
post's Markdown, so every read path, search and redaction treat it like any post.
"""

from dataclasses import dataclass
from enum import StrEnum


class AgeBand(StrEnum):
    CHILD = "under 18"
    YOUNG_ADULT = "18-39"
    ADULT = "40-64"
    OLDER_ADULT = "65-89"
    OLDEST = "90 or older"


class Setting(StrEnum):
    PREHOSPITAL = "prehospital"
    ED = "emergency department"
    WARD = "general ward"
    STEP_DOWN = "step-down unit"
    ICU = "intensive care"
    OB = "obstetrics"
    PEDIATRICS = "pediatrics"
    OTHER = "other"


@dataclass(frozen=True)
class Case:
    age_band: AgeBand
    setting: Setting
    presentation: str
    timeline: str
    question: str

    def texts(self) -> dict[str, str]:
        """The free-text fields, named as the API names them, for the guard."""
        return {
            "case.presentation": self.presentation,
            "case.timeline": self.timeline,
            "case.question": self.question,
        }

    def markdown(self, body: str) -> str:
        """The first post: the case's fields under their headings, then the author's text."""
        parts = [
            f"**Age band:** {self.age_band.value}  \n**Setting:** {self.setting.value}",
            f"**Presentation**\n\n{self.presentation}",
            f"**Timeline** (relative to presentation)\n\n{self.timeline}",
            f"**Question**\n\n{self.question}",
        ]
        if body.strip():
            parts.append(body)
        return "\n\n".join(parts)
