"""Profiles and the members-only directory."""

from .conftest import Network


def test_profile_edit_and_directory_search(network: Network) -> None:
    dana = network.add_member(
        name="Dana Reyes", facility="St Mary's", state="OH", is_coordinator=True, professional_role="rn"
    )
    network.add_member(name="Eli Stone", facility="Mercy West", state="TX", professional_role="md-do")
    network.add_member(name="Pending Person", status="pending")
    sam = network.add_member(name="Suspended Sam")
    with network.app.state.runtime.store.write() as db:
        db.members.suspend(sam.id, network.app.state.runtime.clock(), None)
    api = network.signed_in(dana)
    updated = api.patch("/profile", {"job_title": "Sepsis coordinator", "show_email": True})
    assert updated.json()["job_title"] == "Sepsis coordinator"
    assert api.patch("/profile", {"role": "admin"}).status_code == 422
    assert api.patch("/profile", {"name": None}).status_code == 422

    def names(**params: object) -> list[str]:
        response = api.get("/members", params=params)
        assert response.status_code == 200, response.text
        return [m["name"] for m in response.json()["members"]]

    assert names() == ["Dana Reyes", "Eli Stone"]
    assert names(name="dana") == ["Dana Reyes"]
    assert names(facility="mercy") == ["Eli Stone"]
    assert names(state="TX") == ["Eli Stone"]
    assert names(professional_role="rn", is_coordinator="true") == ["Dana Reyes"]
    assert names(name="%") == []
    assert api.get("/members", params={"state": "Narnia"}).status_code == 422


def test_directory_fields_are_allow_listed_and_email_is_opt_in(network: Network) -> None:
    shy = network.add_member(name="Shy")
    open_member = network.add_member(name="Open", show_email=True)
    viewer = network.signed_in(network.add_member())
    entry = viewer.get(f"/members/{shy.id}").json()
    assert entry["email"] is None
    assert set(entry) == {
        "id",
        "name",
        "professional_role",
        "credentials",
        "job_title",
        "facility",
        "facility_type",
        "city",
        "state",
        "bed_count",  # the facility's, so members find peers in similar hospitals
        "is_coordinator",
        "email",
        "verified",  # the badge only: never the licence or how it was verified
    }
    assert viewer.get(f"/members/{open_member.id}").json()["email"] == open_member.email
    assert shy.email not in viewer.get("/members").text
    assert viewer.get("/members/99999").status_code == 404
