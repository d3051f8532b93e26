"""The network on a map, as a visitor meets it: the Library home and the stats page show
the public figures with a tile map shaded by members per state, and a table with the
same numbers; when the Network's service cannot be reached, the page says so."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

# Members per state to seed: every band of the map, and small counts that must not show.
SEEDED = {"OH": 26, "TX": 12, "CA": 7, "NY": 5, "FL": 6, "AL": 1, "AK": 3, "WA": 4}


def band(count: int) -> int:
    """The map's shade for a true count (http/stats.py): 1 under 5, 2 from 5, 3 from 10, 4 from 25."""
    return 0 if count == 0 else 1 if count < 5 else 2 if count < 10 else 3 if count < 25 else 4


def pixel_colours(
    page: Any, png: bytes, points: dict[str, tuple[float, float]]
) -> dict[str, tuple[int, ...]]:
    """The screenshot's colour at each point, read by drawing the PNG on a canvas."""
    return {
        key: tuple(value)
        for key, value in page.evaluate(
            """async ([data, points]) => {
                const image = new Image();
                image.src = "data:image/png;base64," + data;
                await image.decode();
                const canvas = document.createElement("canvas");
                canvas.width = image.width; canvas.height = image.height;
                const context = canvas.getContext("2d", { willReadFrequently: true });
                context.drawImage(image, 0, 0);
                const out = {};
                for (const [key, [x, y]] of Object.entries(points)) {
                    out[key] = Array.from(context.getImageData(Math.round(x), Math.round(y), 1, 1).data.slice(0, 3));
                }
                return out;
            }""",
            [base64.b64encode(png).decode(), points],
        ).items()
    }


def test_the_stats_page_shades_each_state_by_its_members(
    instant_service: Any, person: Any, serious_violations: Any, tmp_path: Path
) -> None:
    for state, count in SEEDED.items():
        for n in range(count):
            instant_service.add_member(
                f"{state} Member {n}", state=state, facility=f"{state} Hospital {n % 3}", bed_count=120
            )
    data = httpx.get(instant_service.url + "/api/v1/stats").json()
    visitor = person()
    page = visitor.open("/")
    home_map = page.locator('[data-scn="stats"] svg.scn-map')
    expect(home_map).to_be_visible()
    page.get_by_role("link", name="More about these figures").click()
    page.wait_for_url(re.compile(r"/stats/(#.*)?$"))
    stats = page.locator('[data-scn="stats"]')
    the_map = stats.locator("svg.scn-map")
    expect(the_map).to_be_visible()
    expect(stats.locator("dl.scn-figures")).to_contain_text(str(data["members"]))

    tiles = the_map.locator("g.scn-tile")
    expect(tiles).to_have_count(56)  # 50 states, DC and five territories
    shades = {tile.get_attribute("data-state"): int(tile.get_attribute("data-shade")) for tile in tiles.all()}
    published = {figure["state"]: figure["shade"] for figure in data["states"]}
    for state, shade in shades.items():
        assert shade == published.get(state, 0), state
        assert shade == band(SEEDED.get(state, 0)) or (published.get(state) is not None and shade == 1), state

    # What a person sees: the screenshot's colour in each tile's corner.
    png = the_map.screenshot(path=str(tmp_path / "map.png"))
    origin = the_map.bounding_box()
    points = {}
    for tile in tiles.all():
        box = tile.locator("rect").bounding_box()
        points[tile.get_attribute("data-state")] = (box["x"] - origin["x"] + 6, box["y"] - origin["y"] + 6)
    colours = pixel_colours(page, png, points)
    by_shade: dict[int, set[tuple[int, ...]]] = {}
    for state, colour in colours.items():
        by_shade.setdefault(shades[state], set()).add(colour)
    assert all(len(seen) == 1 for seen in by_shade.values()), by_shade  # one colour per band
    lightness = {shade: sum(next(iter(seen))) for shade, seen in by_shade.items()}
    assert sorted(lightness, key=lightness.get, reverse=True) == sorted(lightness)  # more members, darker
    assert set(by_shade) == {0, 1, 2, 3, 4}

    table = stats.get_by_role("table", name="Members by state")
    for figure in data["states"]:
        expect(table.locator(f'tr[data-state="{figure["state"]}"] td')).to_have_text(str(figure["members"]))
    expect(table.locator('tr[data-state="AL"] td')).to_have_text("fewer than 5")  # one member, not "1"
    assert serious_violations(page) == []
    assert visitor.problems == []


def test_the_stats_page_says_so_when_the_network_cannot_be_reached(instant_service: Any, person: Any) -> None:
    visitor = person()
    page = visitor.open("/")
    page.route("**/api/v1/stats", lambda route: route.abort())
    page.get_by_role("link", name="More about these figures").click()
    page.wait_for_url(re.compile(r"/stats/(#.*)?$"))
    expect(page.locator('[data-scn="stats"]').get_by_role("alert")).to_contain_text(
        "cannot be loaded right now"
    )
    expect(page.get_by_role("heading", name="The network in numbers", level=1)).to_be_visible()
