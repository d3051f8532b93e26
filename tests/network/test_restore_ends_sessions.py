"""`scn db restore` ends every session in the restored database: a session signed out
(or ended by a suspension) after the backup was taken must not come back to life."""

from pathlib import Path

from harness import ServiceProcess, seed_member

from .served import browser, sign_in
from .test_cli import scn


def test_a_session_signed_out_after_the_backup_stays_signed_out(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    _, email = seed_member(data_dir / "network.sqlite3", "Dana Reyes")
    backup = tmp_path / "backup.sqlite3"
    with ServiceProcess(data_dir) as service, browser(service.url) as member:
        assert sign_in(member, email).status_code == 200
        stolen_cookies = dict(member.cookies)
        assert scn(tmp_path, "db", "backup", str(backup)).returncode == 0
        assert member.delete("/api/v1/session").status_code == 204

    restored = scn(tmp_path, "db", "restore", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "Ended all 1 sessions" in restored.stdout

    with ServiceProcess(data_dir) as service, browser(service.url) as replay:
        replay.cookies.update(stolen_cookies)
        assert replay.get("/api/v1/profile").status_code == 401
        assert sign_in(replay, email).status_code == 200  # the member simply signs in again
        assert replay.get("/api/v1/profile").status_code == 200
