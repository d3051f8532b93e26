"""The vocabularies forms offer and the order of roles, so the widget holds no copy."""

from pydantic import BaseModel

from ..core.cases import BUNDLE_LABELS, AgeBand, Setting
from ..core.policy import ROLE_RANKS
from ..core.vocabulary import BED_RANGES, FACILITY_TYPE_LABELS, PROFESSION_LABELS, STATE_LABELS
from .endpoints import Access, Call, Endpoint


class Term(BaseModel):
    value: str
    label: str


class Vocabulary(BaseModel):
    roles: list[str]
    professional_roles: list[Term]
    states: list[Term]
    facility_types: list[Term]
    bed_bands: list[Term]
    age_bands: list[Term]
    care_settings: list[Term]
    bundle_elements: list[Term]


def vocabulary(call: Call) -> Vocabulary:
    return Vocabulary(
        roles=sorted(ROLE_RANKS, key=ROLE_RANKS.__getitem__),
        professional_roles=[Term(value=role.value, label=label) for role, label in PROFESSION_LABELS.items()],
        states=[Term(value=code, label=label) for code, label in STATE_LABELS.items()],
        facility_types=[Term(value=kind.value, label=label) for kind, label in FACILITY_TYPE_LABELS.items()],
        bed_bands=[Term(value=band.value, label=beds.label) for band, beds in BED_RANGES.items()],
        age_bands=[Term(value=band.value, label=band.value) for band in AgeBand],
        care_settings=[Term(value=setting.value, label=setting.value.capitalize()) for setting in Setting],
        bundle_elements=[Term(value=element.value, label=label) for element, label in BUNDLE_LABELS.items()],
    )


routes = (
    Endpoint(
        "GET",
        "/vocabulary",
        vocabulary,
        Access.PUBLIC,
        "Member roles (lowest first), professional roles, states, facility types and bed-size bands,"
        " and a case discussion's age bands, care settings and bundle elements, each with its label.",
        response=Vocabulary,
    ),
)
