"""Liveness: the process answers and its database can be read."""

from pydantic import BaseModel

from .endpoints import Access, Call, Endpoint
from .storage.status import database_answers


class Health(BaseModel):
    status: str


async def health(call: Call) -> Health:
    database_answers(call.runtime.store.db())
    return Health(status="ok")


routes = (Endpoint("GET", "/health", health, Access.PUBLIC, "Liveness.", response=Health),)
