"""Case discussions: a thread's first post built from structured fields that steer the
author away from identifiers.

What identifies a patient in a case write-up is mostly its free details: an exact
age, a unit name, clock times and dates. So the case form asks for an age band
(Safe Harbor's "90 or older" is one band), a kind of setting, and for each bundle
element the minutes from time zero (a number, never a clock time or a date); only
what got in the way and the question are free text, and each of them passes the
patient-information guard on its own, so a finding names the field it is in. The
case is stored as the first post's Markdown, so every read path, search and
redaction treat it like any post.
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


class BundleElement(StrEnum):
    """The Hour-1 bundle's elements (SSC 2018) and SEP-1's repeat lactate, in bundle order."""

    LACTATE = "lactate"
    BLOOD_CULTURES = "blood_cultures"
    ANTIBIOTICS = "antibiotics"
    FLUIDS = "fluids"
    VASOPRESSORS = "vasopressors"
    REPEAT_LACTATE = "repeat_lactate"


BUNDLE_LABELS = {
    BundleElement.LACTATE: "Lactate measured",
    BundleElement.BLOOD_CULTURES: "Blood cultures drawn",
    BundleElement.ANTIBIOTICS: "Antibiotics given",
    BundleElement.FLUIDS: "30 mL/kg crystalloid started",
    BundleElement.VASOPRESSORS: "Vasopressors started",
    BundleElement.REPEAT_LACTATE: "Lactate remeasured",
}


@dataclass(frozen=True)
class Case:
    """`minutes` holds the elements that were done (minutes from time zero; negative
    when before it); an element left out was not done."""

    age_band: AgeBand
    setting: Setting
    minutes: dict[BundleElement, int]
    obstacles: str
    question: str

    def texts(self) -> dict[str, str]:
        """The free-text fields, named as the API names them, for the guard."""
        return {"case.obstacles": self.obstacles, "case.question": self.question}

    def markdown(self, body: str) -> str:
        """The first post: the case's fields under their headings, then the author's text."""
        timeline = [
            f"- {BUNDLE_LABELS[element]}: T{self.minutes[element]:+d} min"
            for element in BundleElement
            if element in self.minutes
        ]
        parts = [
            f"**Age band:** {self.age_band.value}  \n**Setting:** {self.setting.value}",
            "**Minutes from time zero**\n\n" + ("\n".join(timeline) or "No bundle element was done."),
            f"**What got in the way**\n\n{self.obstacles}",
            f"**Question**\n\n{self.question}",
        ]
        if body.strip():
            parts.append(body)
        return "\n\n".join(parts)
