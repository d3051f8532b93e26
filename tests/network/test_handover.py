"""Coordinator handover: the role and the followed threads pass to a successor at the
same facility; threads the successor may not see (a category limited to a group they
are not in) stay behind."""

from .conftest import Network
from .forum_helpers import start_thread


def test_a_coordinator_hands_over_to_a_colleague_at_the_same_facility(network: Network) -> None:
    carla = network.add_member(
        name="Carla Coordinator", facility="Mercy Hospital", state="OH", is_coordinator=True
    )
    sam = network.add_member(name="Sam Successor", facility="  mercy   HOSPITAL", state="OH")
    elsewhere = network.add_member(name="Eli Elsewhere", facility="Mercy Hospital", state="TX")
    admin = network.signed_in(network.add_member(role="admin"))
    leaving, successor = network.signed_in(carla), network.signed_in(sam)

    group = admin.post("/admin/groups", {"slug": "peds", "name": "Pediatrics"}).json()["id"]
    assert admin.put(f"/admin/groups/{group}/members/{carla.id}").status_code == 200
    peds = admin.post("/categories", {"slug": "peds", "name": "Pediatrics"}).json()["id"]
    assert admin.put(f"/categories/{peds}/groups", {"group_ids": [group]}).status_code == 200
    open_ids = [start_thread(leaving, title=f"Open thread {n}")["thread"]["id"] for n in (1, 2)]
    limited = leaving.post("/threads", {"category_id": peds, "title": "Children only", "body": "Peds"})
    assert limited.status_code == 201

    assert (
        successor.post("/account/handover", {"successor_id": carla.id}).json()["error"]["code"]
        == "not_coordinator"
    )
    for wrong, code in ((elsewhere.id, "other_facility"), (carla.id, "invalid"), (99_999, "not_found")):
        refused = leaving.post("/account/handover", {"successor_id": wrong})
        assert refused.json()["error"]["code"] == code, refused.text

    done = leaving.post("/account/handover", {"successor_id": sam.id})
    assert done.status_code == 200, done.text
    assert done.json() == {"followed_threads_passed": 2}
    following = [t["id"] for t in successor.get("/lists/following").json()["threads"]]
    assert sorted(following) == sorted(open_ids)
    assert leaving.get("/lists/following").json()["threads"] == []
    coordinators = {
        m["name"] for m in successor.get("/members", params={"is_coordinator": "true"}).json()["members"]
    }
    assert coordinators == {"Sam Successor"}
    assert (
        leaving.post("/account/handover", {"successor_id": sam.id}).json()["error"]["code"]
        == "not_coordinator"
    )
