"""Liveness: the process answers and its database can be read."""

from pydantic import BaseModel

from .endpoints import Access, Call, Endpoint


class Health(BaseModel):
    status: str


def health(call: Call) -> Health:
    call.read().status.database_answers()
    return Health(status="ok")


routes = (Endpoint("GET", "/health", health, Access.PUBLIC, "Liveness.", response=Health),)
