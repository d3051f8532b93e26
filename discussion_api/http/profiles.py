"""The professional profile a member shares: the same fields wherever it is shown."""

from pydantic import BaseModel

from ..core.vocabulary import FacilityType, ProfessionalRole, State


class ProfileOut(BaseModel):
    name: str
    professional_role: ProfessionalRole
    credentials: str
    job_title: str
    facility: str
    facility_type: FacilityType | None
    city: str
    state: State
    bed_count: int | None
    is_coordinator: bool
