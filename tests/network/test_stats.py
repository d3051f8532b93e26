"""GET /api/v1/stats: public, aggregates only, and no count under 5 — not even one the
public could work out from the others."""

from itertools import product
from typing import Any

from discussion_api.core.stats import network_stats

from .conftest import MovableClock, Network

FEWER = "fewer than 5"


def public_ints(value: Any) -> list[int]:
    """Every count in an answer (the map's shade is a band, not a count)."""
    if isinstance(value, bool):
        return []
    if isinstance(value, int):
        return [value]
    if isinstance(value, dict):
        return [n for key, item in value.items() if key != "shade" for n in public_ints(item)]
    if isinstance(value, list):
        return [n for item in value for n in public_ints(item)]
    return []


def possible_counts(stats: dict[str, Any]) -> dict[str, set[int]]:
    """For each state not shown, every count consistent with what is published: suppressed
    ones are 1-4, withheld ones at least 5, and with the total known all must add up.
    (Each count ranges over whole numbers without gaps, so the others can make exactly
    the sums from their least to their most.)"""
    hidden = [s for s in stats["states"] if not isinstance(s["members"], int)]
    total = stats["members"]
    if not isinstance(total, int):
        return {s["state"]: {1, 2} for s in hidden}  # nothing to add up to
    rest = total - sum(s["members"] for s in stats["states"] if isinstance(s["members"], int))
    bounds = {s["state"]: (1, 4) if s["members"] == FEWER else (5, rest) for s in hidden}
    possible = {}
    for state, (low, high) in bounds.items():
        others = [bounds[other] for other in bounds if other != state]
        least, most = sum(b[0] for b in others), sum(b[1] for b in others)
        possible[state] = {v for v in range(low, high + 1) if least <= rest - v <= most}
    return possible


def test_states_with_one_to_six_members_show_no_count_under_five(network: Network) -> None:
    for size, state in enumerate(("AL", "AK", "AZ", "AR", "CA", "CO"), start=1):
        for n in range(size):
            network.add_member(state=state, facility=f"{state} General {n}", bed_count=3)
    network.add_member(status="pending", state="WY")  # not a member yet: not counted
    stats = network.client().get("/stats").json()

    assert all(n >= 5 for n in public_ints(stats)), stats
    by_state = {figure["state"]: figure["members"] for figure in stats["states"]}
    assert by_state == {"AL": FEWER, "AK": FEWER, "AZ": FEWER, "AR": FEWER, "CA": 5, "CO": 6}
    assert stats["members"] == 21 and stats["states_represented"] == 6
    assert stats["facilities"] == 21 and stats["beds"] == 63
    assert stats["coordinators"] == FEWER
    shades = {figure["state"]: figure["shade"] for figure in stats["states"]}
    assert shades == {"AL": 1, "AK": 1, "AZ": 1, "AR": 1, "CA": 2, "CO": 2}
    assert all(len(options) > 1 for options in possible_counts(stats).values())


def test_a_lone_small_state_is_not_given_away_by_the_total(network: Network) -> None:
    """21 members: 1 in Alabama, 5, 7 and 8 elsewhere. Publishing 5, 7 and 8 with the
    total would say Alabama has 1, so more is withheld until it cannot be told."""
    for state, size in (("AL", 1), ("OH", 5), ("TX", 7), ("NY", 8), ("CA", 9)):
        for _ in range(size):
            network.add_member(state=state)
    stats = network.client().get("/stats").json()
    assert stats["members"] == 30
    by_state = {figure["state"]: figure["members"] for figure in stats["states"]}
    assert by_state["AL"] == FEWER
    assert "withheld" in by_state.values()
    assert all(n >= 5 for n in public_ints(stats))
    assert all(len(options) > 1 for options in possible_counts(stats).values()), stats


def test_every_small_network_keeps_its_small_counts() -> None:
    """The rule itself, over many shapes of network: no state's hidden count is ever
    the only one the published figures allow."""
    for sizes in product((0, 1, 2, 4, 5, 7), repeat=6):
        rows = [
            {"state": state, "facility": "", "cms_ccn": None, "bed_count": None, "is_coordinator": 0}
            for state, size in zip(("AL", "OH", "TX", "NY", "CA", "CO"), sizes, strict=True)
            for _ in range(size)
        ]
        figures = network_stats(rows)
        stats = {
            "members": figures.members,
            "states": [{"state": f.state, "members": f.members} for f in figures.states],
        }
        assert all(n >= 5 for n in public_ints(stats)), sizes
        hidden = possible_counts(stats)
        assert all(len(options) > 1 for state, options in hidden.items()), (sizes, stats)


def test_a_facility_is_counted_once_by_certification_number_or_name_and_state(network: Network) -> None:
    people = [
        {"facility": "Mercy Hospital", "state": "OH", "bed_count": 200},
        {"facility": "  mercy   HOSPITAL ", "state": "OH", "bed_count": 250},  # the same, more beds
        {"facility": "Mercy Hospital", "state": "TX", "bed_count": 100},  # another state, another one
        {"facility": "St. Luke's", "state": "NY", "cms_ccn": "330001", "bed_count": 300},
        {"facility": "Saint Lukes Hospital", "state": "NY", "cms_ccn": "330001", "bed_count": 300},
        {"facility": "County Clinic", "state": "CA", "bed_count": None},
        {"facility": "Valley Medical", "state": "CA", "bed_count": 40, "is_coordinator": True},
        {"facility": "Lakeside", "state": "CA", "bed_count": 60, "is_coordinator": True},
    ]
    for profile in people:
        network.add_member(**profile)
    stats = network.client().get("/stats").json()
    # Mercy OH, Mercy TX, St. Luke's (one CCN), County Clinic, Valley Medical, Lakeside.
    assert stats["facilities"] == 6
    assert stats["beds"] == 250 + 100 + 300 + 40 + 60
    assert stats["members"] == 8
    assert stats["states_represented"] == FEWER and stats["states"] == []


def test_stats_are_cached_for_five_minutes(network: Network, clock: MovableClock) -> None:
    for _ in range(5):
        network.add_member(state="OH")
    visitor = network.client()
    assert visitor.get("/stats").json()["members"] == 5
    network.add_member(state="OH")
    assert visitor.get("/stats").json()["members"] == 5
    clock.advance(seconds=301)
    assert visitor.get("/stats").json()["members"] == 6
