"""Controlled vocabularies members choose from."""

from dataclasses import dataclass
from enum import StrEnum

from .policy import ROLE_RANKS


class ProfessionalRole(StrEnum):
    RN = "rn"
    NP = "np"
    CNS = "cns"
    MD_DO = "md-do"
    PA = "pa"
    PHARMACIST = "pharmacist"
    EDUCATOR = "educator"
    QUALITY_DATA = "quality-data"
    ADMINISTRATOR = "administrator"
    EMS = "ems"
    OTHER = "other"


# US states, DC and the inhabited territories by postal code, or outside the US.
STATE_CODES = (
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "AS",
    "GU",
    "MP",
    "PR",
    "VI",
    "outside-us",
)
State = StrEnum("State", {code: code for code in STATE_CODES})


# What a member may do in the Network (not their profession), in the policy's order.
Role = StrEnum("Role", {role.upper(): role for role in ROLE_RANKS})

PROFESSION_LABELS = {
    ProfessionalRole.RN: "Registered nurse (RN)",
    ProfessionalRole.NP: "Nurse practitioner (NP)",
    ProfessionalRole.CNS: "Clinical nurse specialist (CNS)",
    ProfessionalRole.MD_DO: "Physician (MD/DO)",
    ProfessionalRole.PA: "Physician assistant (PA)",
    ProfessionalRole.PHARMACIST: "Pharmacist",
    ProfessionalRole.EDUCATOR: "Educator",
    ProfessionalRole.QUALITY_DATA: "Quality / data",
    ProfessionalRole.ADMINISTRATOR: "Administrator",
    ProfessionalRole.EMS: "EMS",
    ProfessionalRole.OTHER: "Other",
}
STATE_LABELS = {code: "Outside the US" if code == "outside-us" else code for code in STATE_CODES}


class FacilityType(StrEnum):
    ACADEMIC = "academic"
    COMMUNITY = "community"
    CRITICAL_ACCESS = "critical-access"
    CHILDRENS = "childrens"
    FEDERAL = "federal"
    LONG_TERM_ACUTE = "long-term-acute"
    OTHER = "other"


FACILITY_TYPE_LABELS = {
    FacilityType.ACADEMIC: "Academic medical center",
    FacilityType.COMMUNITY: "Community hospital",
    FacilityType.CRITICAL_ACCESS: "Critical access hospital",
    FacilityType.CHILDRENS: "Children's hospital",
    FacilityType.FEDERAL: "Federal / VA hospital",
    FacilityType.LONG_TERM_ACUTE: "Long-term acute care hospital",
    FacilityType.OTHER: "Other",
}


@dataclass(frozen=True)
class BedRange:
    """The bed counts a bed-size band holds, both ends included; `most` None: no upper end."""

    fewest: int
    most: int | None

    @property
    def label(self) -> str:
        if self.most is None:
            return f"{self.fewest} beds or more"
        if self.fewest == 0:
            return f"Under {self.most + 1} beds"
        return f"{self.fewest}\u2013{self.most} beds"


class BedBand(StrEnum):
    UNDER_25 = "under-25"
    FROM_25 = "25-99"
    FROM_100 = "100-299"
    FROM_300 = "300-499"
    FROM_500 = "500-or-more"


# The one statement of each band's bounds: the directory filter in both storage engines'
# SQL (storage/rows.py) and the labels the widget shows read it.
BED_RANGES = {
    BedBand.UNDER_25: BedRange(0, 24),
    BedBand.FROM_25: BedRange(25, 99),
    BedBand.FROM_100: BedRange(100, 299),
    BedBand.FROM_300: BedRange(300, 499),
    BedBand.FROM_500: BedRange(500, None),
}
