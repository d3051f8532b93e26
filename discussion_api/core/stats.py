"""The network's public figures: members, states, facilities and beds, coordinators.

Aggregates only, and no count under the policy's floor (`policy.public_count`).
Counts per state add a risk a single total does not: with the total published, one
suppressed state's count is the total minus the others. So suppression is completed:
the smallest shown states are "withheld" until the suppressed states' sum cannot give
any one of them away (and if none is left to withhold, the total is withheld).

A facility is counted once however many members work there: by its CMS Certification
Number when a member gave one, otherwise by its name (case and spacing aside) and
state; its beds are the largest number any of its members gave.
"""

from collections import Counter
from dataclasses import dataclass

from ..storage.interfaces import Row
from .policy import FEWER_THAN_FLOOR, PUBLIC_COUNT_FLOOR, public_count

WITHHELD = "withheld"
# Shading bands for the map, by members per state: 0 none, 1 fewer than the floor (or
# withheld), then from these lower bounds.
SHADE_FROM = (PUBLIC_COUNT_FLOOR, 10, 25)


@dataclass(frozen=True)
class StateFigure:
    state: str
    members: int | str
    shade: int


@dataclass(frozen=True)
class NetworkStats:
    members: int | str
    states_represented: int | str
    facilities: int | str
    beds: int | str
    coordinators: int | str
    states: list[StateFigure]


def shade(members: int) -> int:
    """The map's band for a state's (true) member count; the public sees only the band
    (1 for any count under the floor)."""
    if members == 0:
        return 0
    return 1 + sum(1 for lower in SHADE_FROM if members >= lower)


def _facility_key(row: Row) -> tuple[str, ...] | None:
    ccn = (row["cms_ccn"] or "").strip()
    if ccn:
        return ("ccn", ccn.upper())
    name = " ".join((row["facility"] or "").split()).casefold()
    return ("name", name, row["state"]) if name else None


def _determined(suppressed: list[int], withheld: list[int]) -> bool:
    """Whether the suppressed counts (each 1 up to the floor - 1) could be worked out
    from their sum with the withheld ones (each at least the floor), which the total
    gives away: when only one combination makes that sum."""
    if not suppressed:
        return False
    total, most = sum(suppressed) + sum(withheld), PUBLIC_COUNT_FLOOR - 1
    least = len(suppressed) + PUBLIC_COUNT_FLOOR * len(withheld)
    if withheld:
        return total == least  # withheld counts have no upper bound
    return len(suppressed) == 1 or total in (least, most * len(suppressed))


def _state_figures(per_state: Counter[str]) -> tuple[list[StateFigure], bool]:
    """Each state's figure, and whether the suppressed ones are still determined (then
    the total must not be published either)."""
    suppressed = {state for state, count in per_state.items() if count < PUBLIC_COUNT_FLOOR}
    shown = sorted((count, state) for state, count in per_state.items() if state not in suppressed)
    withheld: set[str] = set()

    def determined() -> bool:
        return _determined([per_state[s] for s in suppressed], [per_state[s] for s in withheld])

    while determined() and shown:
        withheld.add(shown.pop(0)[1])
    figures = []
    for state in sorted(per_state):
        count = per_state[state]
        public: int | str = (
            FEWER_THAN_FLOOR if state in suppressed else WITHHELD if state in withheld else count
        )
        figures.append(StateFigure(state, public, 1 if state in suppressed | withheld else shade(count)))
    return figures, determined()


def network_stats(members: list[Row]) -> NetworkStats:
    """The public figures from every active member's row (`Members.network_members`)."""
    per_state = Counter(row["state"] for row in members if row["state"] and row["state"] != "outside-us")
    facilities: dict[tuple[str, ...], int] = {}
    for row in members:
        key = _facility_key(row)
        if key is not None:
            facilities[key] = max(facilities.get(key, 0), row["bed_count"] or 0)
    states, still_determined = _state_figures(per_state)
    total = public_count(len(members))
    if still_determined and total != FEWER_THAN_FLOOR:
        total = WITHHELD  # no shown state left to withhold: the total would give them away
    return NetworkStats(
        members=total,
        states_represented=public_count(len(per_state)),
        facilities=public_count(len(facilities)),
        beds=public_count(sum(facilities.values())),
        coordinators=public_count(sum(1 for row in members if row["is_coordinator"])),
        # Which states have members tells how many do: only past the floor.
        states=states if len(per_state) >= PUBLIC_COUNT_FLOOR else [],
    )
