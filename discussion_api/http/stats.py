"""GET /api/v1/stats: the network's public figures, for the Library's map and stats page.

Public and aggregate only (core/stats.py; no count under 5). Computed at most once
per CACHE_SECONDS in each process: the page is public, so asking it often must cost
nothing, and figures a few minutes old are as good. (Responses stay `no-store`, as
every API answer is, so no shared cache holds a visitor's cookies with them.)
"""

from dataclasses import asdict
from datetime import timedelta

from pydantic import BaseModel, Field

from ..core.stats import network_stats
from .endpoints import Access, Call, Endpoint

CACHE_SECONDS = 300
PublicCount = int | str


class StateOut(BaseModel):
    state: str = Field(description="Postal code (states, DC, territories).")
    members: PublicCount = Field(description='A number, "fewer than 5", or "withheld".')
    shade: int = Field(description="The map's band: 1 under 5 or withheld, 2 from 5, 3 from 10, 4 from 25.")


class StatsOut(BaseModel):
    """Counts under 5 read "fewer than 5"; "withheld" where a count would give a smaller one away."""

    members: PublicCount
    states_represented: PublicCount
    facilities: PublicCount
    beds: PublicCount
    coordinators: PublicCount
    states: list[StateOut] = Field(description="States with members (empty until 5 states have some).")
    computed_at: str


def _compute(call: Call) -> StatsOut:
    figures = network_stats(call.read().members.network_members(call.now))
    return StatsOut.model_validate({**asdict(figures), "computed_at": call.now.isoformat()})


def stats(call: Call) -> StatsOut:
    runtime = call.runtime
    cached = runtime.public_stats
    if cached is None or call.now - cached[0] >= timedelta(seconds=CACHE_SECONDS):
        cached = runtime.public_stats = (call.now, _compute(call))
    answer: StatsOut = cached[1]
    return answer


routes = (
    Endpoint(
        "GET",
        "/stats",
        stats,
        Access.PUBLIC,
        "The network in numbers: members, states, facilities and beds, coordinators (aggregates "
        "only; no count under 5).",
        response=StatsOut,
    ),
)
