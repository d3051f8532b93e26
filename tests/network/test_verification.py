"""Professional verification that expires, on an injected clock: a moderator records how
they verified a member, the badge shows, a reminder falls due before expiry, the badge
goes at expiry, and re-verification brings it back; the yearly facility confirmation."""

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import behind_the_app
from harness import seed_member

from discussion_api.core import verification
from discussion_api.core.clock import iso

from .conftest import MovableClock, Network


def badge(network: Network, viewer, member_id: int) -> bool:
    entry = viewer.get(f"/members/{member_id}").json()
    directory = viewer.get("/members").json()
    assert "members" in directory, directory
    listed = {m["id"]: m["verified"] for m in directory["members"]}
    assert listed[member_id] == entry["verified"]
    return bool(entry["verified"])


def test_verification_expires_on_the_clock_and_the_badge_goes(network: Network, clock: MovableClock) -> None:
    nurse = network.add_member(name="Vera Verified")
    colleague_person, moderator_person = network.add_member(), network.add_member(role="moderator")
    api, colleague, moderator = (network.signed_in(p) for p in (nurse, colleague_person, moderator_person))
    store = network.app.state.runtime.store

    given = api.put("/account/licence", {"licence_number": "RN-55501", "licence_state": "OH"})
    assert given.status_code == 200 and given.json()["verified"] is False
    queued = moderator.get("/mod/verifications").json()["members"]
    assert [(m["id"], m["licence_number"]) for m in queued] == [(nurse.id, "RN-55501")]
    assert not badge(network, colleague, nurse.id)

    recorded = moderator.post(
        f"/mod/members/{nurse.id}/verification", {"method": "state_board", "note": "OH board"}
    )
    assert recorded.status_code == 200 and recorded.json()["members"] == []
    assert badge(network, colleague, nurse.id)
    mine = api.get("/profile").json()
    assert mine["verified"] and mine["verification_method"] == "state_board"
    assert mine["verified_until"].startswith("2028-03-01")  # 24 months after 2026-03-01

    clock.advance(days=705)  # 23 months and more: the reminder window opens, once
    # Sessions have long expired by now: everyone signs in again after each leap.
    api, colleague, moderator = (network.signed_in(p) for p in (nurse, colleague_person, moderator_person))
    assert badge(network, colleague, nurse.id)
    assert api.get("/profile").json()["verification_expiring"] is True
    assert verification.send_reminders(store.read(), store, clock()) == [nurse.email]
    assert verification.send_reminders(store.read(), store, clock()) == []
    assert nurse.id in [m["id"] for m in moderator.get("/mod/verifications").json()["members"]]

    clock.advance(days=32)  # past 24 months
    api, colleague, moderator = (network.signed_in(p) for p in (nurse, colleague_person, moderator_person))
    assert not badge(network, colleague, nurse.id)
    assert api.get("/profile").json()["verified"] is False

    again = moderator.post(f"/mod/members/{nurse.id}/verification", {"method": "employer_email"})
    assert again.status_code == 200
    assert badge(network, colleague, nurse.id)
    clock.advance(days=705)
    assert verification.send_reminders(store.read(), store, clock()) == [
        nurse.email
    ]  # a new verification, a new reminder


def test_only_approved_members_are_verified_and_only_by_a_known_method(network: Network) -> None:
    moderator = network.signed_in(network.add_member(role="moderator"))
    pending = network.add_member(status="pending")
    member = network.add_member()
    assert (
        moderator.post(f"/mod/members/{pending.id}/verification", {"method": "reference"}).status_code == 404
    )
    wrong = moderator.post(f"/mod/members/{member.id}/verification", {"method": "a hunch"})
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "method"


def test_members_confirm_their_facility_once_a_year(network: Network, clock: MovableClock) -> None:
    person = network.add_member()
    api = network.signed_in(person)
    assert api.post("/account/facility-confirmation").json()["facility_confirmation_due"] is False
    clock.advance(days=364)
    assert network.signed_in(person).get("/profile").json()["facility_confirmation_due"] is False
    clock.advance(days=2)
    api = network.signed_in(person)
    assert api.get("/profile").json()["facility_confirmation_due"] is True
    assert api.post("/account/facility-confirmation").json()["facility_confirmation_due"] is False


def test_months_are_calendar_months() -> None:
    assert verification.add_months(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert verification.add_months(datetime(2026, 3, 1, tzinfo=UTC), 24) == datetime(2028, 3, 1, tzinfo=UTC)
    assert verification.add_months(datetime(2027, 11, 30, tzinfo=UTC), 3) == datetime(2028, 2, 29, tzinfo=UTC)


def test_scn_verification_remind_emails_those_expiring_once(tmp_path: Path) -> None:
    """The daily command, on the real clock: one member expiring in ten days is reminded once."""
    database = tmp_path / "var" / "network.sqlite3"
    database.parent.mkdir()
    soon, later = (seed_member(database, name)[0] for name in ("Rita Remind", "Lars Later"))
    now = datetime.now(UTC)
    with behind_the_app.database(database) as db:
        for member_id, expires in ((soon, now + timedelta(days=10)), (later, now + timedelta(days=300))):
            db.execute(
                "UPDATE members SET professional_verified_at = ?, verification_expires_at = ? WHERE id = ?",
                [iso(now - timedelta(days=700)), iso(expires), member_id],
            )
    command = [sys.executable, "-c", "import sys; from discussion_api.cli import main; sys.exit(main())"]
    env = {**os.environ, "SCN_DATA_DIR": str(tmp_path / "var")}
    for expected in ("Reminded 1 member(s)", "Reminded 0 member(s)"):
        ran = subprocess.run(
            [*command, "verification", "remind"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert ran.returncode == 0 and expected in ran.stdout, ran.stderr
    mails = list((tmp_path / "var" / "mail").glob("*.eml"))
    assert len(mails) == 1 and "rita.remind@hospital.example" in mails[0].read_text()
