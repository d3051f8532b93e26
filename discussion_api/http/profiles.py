"""The professional profile a member shares: the same fields wherever it is shown."""

from pydantic import BaseModel

from ..core.vocabulary import ProfessionalRole, State


class ProfileOut(BaseModel):
    name: str
    professional_role: ProfessionalRole
    credentials: str
    job_title: str
    facility: str
    city: str
    state: State
    is_coordinator: bool
