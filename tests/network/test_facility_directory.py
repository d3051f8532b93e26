"""Finding peers in similar hospitals (issue 8): a member's facility type and bed count
in the directory, filtered by facility type and bed-size band; the type chosen at join
and in the profile, exported with the member's data and erased with their account."""

from typing import Any

import behind_the_app

from .conftest import JOIN, PASSWORD, Api, Network, link_token

# Bed counts at every band's edges, and the bands that must hold them.
EDGES = {
    "under-25": (0, 24),
    "25-99": (25, 99),
    "100-299": (100, 299),
    "300-499": (300, 499),
    "500-or-more": (500, 10000),
}


def names(api: Api, **params: object) -> set[str]:
    response = api.get("/members", params=params)
    assert response.status_code == 200, response.text
    return {member["name"] for member in response.json()["members"]}


def refused_field(response: Any) -> str:
    assert response.status_code == 422, response.text
    return response.json()["error"]["field"]


def test_each_bed_band_holds_its_edges_and_no_member_without_a_count(network: Network) -> None:
    for counts in EDGES.values():
        for beds in counts:
            network.add_member(name=f"Beds {beds}", bed_count=beds)
    network.add_member(name="No count given")
    viewer = network.signed_in(network.add_member(name="Viewer", bed_count=None))

    offered = viewer.get("/vocabulary").json()["bed_bands"]
    assert [band["value"] for band in offered] == list(EDGES)
    assert [band["label"] for band in offered] == [
        "Under 25 beds",
        "25\u201399 beds",
        "100\u2013299 beds",
        "300\u2013499 beds",
        "500 beds or more",
    ]
    for band, counts in EDGES.items():
        assert names(viewer, bed_band=band) == {f"Beds {beds}" for beds in counts}, band
    assert len(names(viewer)) == 12  # without the filter, everyone is listed


def test_the_directory_shows_and_filters_by_facility_type(network: Network) -> None:
    network.add_member(
        name="Cora Critical",
        facility="Prairie Hospital",
        facility_type="critical-access",
        bed_count=25,
        state="KS",
    )
    network.add_member(name="Kit Critical", facility_type="critical-access", bed_count=20, state="NE")
    network.add_member(name="Ada Academic", facility_type="academic", bed_count=800, state="KS")
    network.add_member(name="Una Unsaid", bed_count=22, state="KS")
    viewer = network.signed_in(network.add_member(name="Viewer", facility_type="community"))

    offered = viewer.get("/vocabulary").json()["facility_types"]
    assert {"value": "critical-access", "label": "Critical access hospital"} in offered
    assert names(viewer, facility_type="critical-access") == {"Cora Critical", "Kit Critical"}
    assert names(viewer, facility_type="critical-access", bed_band="under-25") == {"Kit Critical"}
    assert names(viewer, facility_type="critical-access", state="KS") == {"Cora Critical"}
    assert names(viewer, bed_band="under-25") == {"Kit Critical", "Una Unsaid"}
    assert names(viewer, facility_type="academic", bed_band="under-25") == set()

    (cora,) = viewer.get("/members", params={"name": "Cora"}).json()["members"]
    assert (cora["facility"], cora["facility_type"], cora["bed_count"]) == (
        "Prairie Hospital",
        "critical-access",
        25,
    )
    unsaid = viewer.get("/members", params={"name": "Unsaid"}).json()["members"][0]
    assert unsaid["facility_type"] is None
    assert viewer.get(f"/members/{cora['id']}").json()["facility_type"] == "critical-access"

    assert refused_field(viewer.get("/members", params={"facility_type": "hospital"})) == "facility_type"
    assert refused_field(viewer.get("/members", params={"bed_band": "25-100"})) == "bed_band"
    assert refused_field(viewer.get("/members", params={"bed_band": "24"})) == "bed_band"


def test_facility_type_is_chosen_at_join_and_changed_in_the_profile(network: Network, visitor: Api) -> None:
    assert refused_field(visitor.post("/join", {**JOIN, "facility_type": "Hospital"})) == "facility_type"
    assert network.mails() == []
    assert visitor.post("/join", {**JOIN, "facility_type": "childrens"}).status_code == 202
    token = link_token(network.mails()[-1], "verify")
    assert visitor.post("/join/verify", {"token": token}).status_code == 200
    moderator = network.signed_in(network.add_member(role="moderator"))
    (application,) = moderator.get("/mod/applications").json()["applications"]
    assert (application["facility_type"], application["bed_count"]) == ("childrens", 320)
    assert moderator.post(f"/mod/applications/{application['id']}/approve", {}).status_code == 200

    dana = network.client()
    assert dana.sign_in(JOIN["email"]).status_code == 200
    assert dana.get("/profile").json()["facility_type"] == "childrens"
    assert refused_field(dana.patch("/profile", {"facility_type": "va"})) == "facility_type"
    assert dana.patch("/profile", {"job_title": "Educator"}).json()["facility_type"] == "childrens"
    assert dana.patch("/profile", {"facility_type": "federal"}).json()["facility_type"] == "federal"
    assert names(moderator, facility_type="federal") == {JOIN["name"]}
    assert dana.patch("/profile", {"facility_type": None}).json()["facility_type"] is None
    assert names(moderator, facility_type="federal") == set()


def test_the_export_carries_the_facility_type_and_deletion_erases_it(network: Network) -> None:
    leaver = network.add_member(name="Lee Leaver", facility_type="long-term-acute", bed_count=60)
    api = network.signed_in(leaver)
    (profile,) = api.get("/account/export").json()["profile"]
    assert (profile["facility_type"], profile["bed_count"]) == ("long-term-acute", 60)
    admin = network.signed_in(network.add_member(role="admin"))
    exported = {member["id"]: member for member in admin.get("/admin/export").json()["members"]}
    assert exported[leaver.id]["facility_type"] == "long-term-acute"

    deleted = api.request("DELETE", "/account", json={"password": PASSWORD, "posts": "keep"})
    assert deleted.status_code == 200, deleted.text
    database = network.settings.database
    mark = "%s" if behind_the_app.postgres_url(database) else "?"
    (row,) = behind_the_app.rows(
        database, f"SELECT facility_type, bed_count FROM members WHERE id = {mark}", [leaver.id]
    )
    assert tuple(row) == (None, None)
