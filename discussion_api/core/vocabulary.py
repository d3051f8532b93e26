"""Controlled vocabularies members choose from."""

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
