"""Members' data rights: their export holds everything of theirs and nothing of anyone
else; a deleted account's name is nowhere a member can reach, and its posts stay as
"Former member" or go, as chosen; admins export the whole forum (API and `scn export`)."""

import json
import subprocess
import sys
from pathlib import Path

import behind_the_app

from discussion_api.http.openapi import API_ROOT

from .conftest import PASSWORD, Api, Network
from .forum_helpers import reply, start_thread
from .route_table import TABLE, fill
from .world import build_world

ZEBULON = "Zebulon Quartermaine"


def test_the_export_holds_the_members_posts_profile_and_sessions_and_nothing_of_anyone_else(
    network: Network,
) -> None:
    nadia = network.add_member(name="Nadia Exporter", facility="Riverside General", city="Dayton")
    other = network.add_member(name="Oscar Otherperson", show_email=True)
    mine, theirs = network.signed_in(nadia), network.signed_in(other)
    network.signed_in(nadia)  # a second session, on another browser
    page = start_thread(mine, title="Nadia asks about lactate", body="Nadia's first question")
    thread_id = page["thread"]["id"]
    answer = reply(theirs, thread_id, "Oscar's private answer")
    own = reply(mine, thread_id, "Nadia's follow-up", quote_post_id=answer["id"])
    assert mine.patch(f"/posts/{own['id']}", json={"body": "Nadia's follow-up, edited"}).status_code == 200
    reply(theirs, thread_id, "Oscar again, quoting", quote_post_id=own["id"])
    assert mine.post(f"/posts/{answer['id']}/flags", {"reason": "Nadia's flag reason"}).status_code == 201
    assert theirs.post(f"/posts/{own['id']}/flags", {"reason": "Oscar's flag reason"}).status_code == 201

    response = mine.get("/account/export")
    assert response.status_code == 200
    export = response.json()
    text = json.dumps(export)
    (profile,) = export["profile"]
    assert (profile["name"], profile["facility"], profile["email"]) == (
        "Nadia Exporter",
        "Riverside General",
        nadia.email,
    )
    assert [post["body_md"] for post in export["posts"]] == [
        "Nadia's first question",
        "Nadia's follow-up, edited",
    ]
    assert "Nadia's follow-up" in [version["body_md"] for version in export["post_versions"]]
    assert [thread["title"] for thread in export["threads_started"]] == ["Nadia asks about lactate"]
    assert len(export["sessions"]) == 2
    assert [flag["reason"] for flag in export["flags_raised"]] == ["Nadia's flag reason"]
    for someone_elses in ("Oscar", other.email, "argon2", "token"):
        assert someone_elses.lower() not in text.lower(), someone_elses
    session_cookie = mine.client.cookies.get(network.settings.session_cookie)
    assert session_cookie and session_cookie not in text


def zebulon_in_the_world(world) -> dict[str, int]:
    """Zebulon joins the world's forum: a thread, a reply in the sentinel thread that the
    member quotes, a follow, a helpful mark, a flag, a resource request, a group."""
    zebulon = world.network.add_member(name=ZEBULON, facility="Quartermaine Clinic", show_email=True)
    api = world.network.signed_in(zebulon)
    own = start_thread(api, title="A sepsis screening thread", body="Screening as I do it")
    answer = reply(api, world.ids["thread"], "SENTINEL-POST an answer on lactate")
    reply(world.clients["member"], world.ids["thread"], "Quoting him", quote_post_id=answer["id"])
    assert api.put(f"/posts/{world.ids['post']}/helpful").status_code == 200
    assert api.post(f"/posts/{world.ids['post']}/flags", {"reason": "Off topic"}).status_code == 201
    assert api.post("/requests", {"title": "A screening poster", "details": "For the ED"}).status_code == 201
    admin = world.clients["admin"]
    assert admin.put(f"/admin/groups/{world.ids['limited_group']}/members/{zebulon.id}").status_code == 200
    return {
        "id": zebulon.id,
        "thread": own["thread"]["id"],
        "post": answer["id"],
        "api": api,
        "email": zebulon.email,
    }


def member_reachable_answers(world, zebulon: dict) -> list[tuple[str, str]]:
    """Every GET route as every role short of moderator, with the world's ids and Zebulon's."""
    answers = []
    extra = [
        f"/threads/{zebulon['thread']}",
        f"/members/{zebulon['id']}",
        f"/posts/{zebulon['post']}/revisions",
    ]
    searches = [{"q": word} for word in ("Zebulon", "Quartermaine", "sentinel", "screening")]
    for role in ("anonymous", "unverified", "pending", "member", "grouped"):
        for (method, path), case in TABLE.items():
            if method != "GET" or not path.startswith(API_ROOT) or path.endswith("/events"):
                continue
            url = fill(case.path, world.ids)
            for params in searches if path.endswith("/search") else [fill(case.query, world.ids)]:
                answers.append(
                    (f"{url} {params} as {role}", world.request(role, "GET", url, params=params).text)
                )
        for url in extra:
            answers.append((f"{url} as {role}", world.request(role, "GET", url).text))
    return answers


def test_a_deleted_members_name_appears_nowhere_a_member_can_reach(tmp_path: Path, database) -> None:
    with build_world(tmp_path, database) as world:
        zebulon = zebulon_in_the_world(world)
        seen = [label for label, text in member_reachable_answers(world, zebulon) if "Quartermaine" in text]
        assert seen, "the test must see Zebulon's name before the deletion"

        api: Api = zebulon["api"]
        refused = api.request("DELETE", "/account", json={"password": "not the password", "posts": "keep"})
        assert refused.status_code == 403
        deleted = api.request("DELETE", "/account", json={"password": PASSWORD, "posts": "keep"})
        assert deleted.status_code == 200, deleted.text
        assert deleted.json() == {"deleted_posts": 0}

        leaks = [
            label
            for label, text in member_reachable_answers(world, zebulon)
            if "zebulon" in text.lower() or "quartermaine" in text.lower() or zebulon["email"] in text
        ]
        # Posts kept (his words were never his name): shown as by "Former member".
        assert leaks == []
        thread = world.request("member", "GET", f"/threads/{world.ids['thread']}").json()
        authors = {post["id"]: post["author"]["name"] for post in thread["posts"]}
        assert authors[zebulon["post"]] == "Former member"
        assert "Quartermaine" not in json.dumps(thread)
        assert world.request("member", "GET", f"/members/{zebulon['id']}").status_code == 404
        assert api.get("/session").json()["member"] is None
        assert world.network.client().sign_in(zebulon["email"]).status_code in (401, 403)
        database_file = world.network.settings.database
        assert (
            behind_the_app.rows(
                database_file,
                "SELECT count(*) FROM sessions WHERE member_id = %s"
                if behind_the_app.postgres_url(database_file)
                else "SELECT count(*) FROM sessions WHERE member_id = ?",
                [zebulon["id"]],
            )[0][0]
            == 0
        )


def test_deleting_posts_too_takes_their_text_from_every_version_and_from_search(network: Network) -> None:
    leaver = network.add_member(name="Lena Leaver")
    stayer = network.signed_in(network.add_member(name="Stan Stayer"))
    moderator = network.signed_in(network.add_member(role="moderator"))
    api = network.signed_in(leaver)
    own = start_thread(api, title="Lena's xylophonic thread", body="xylophonic first words")
    kept = start_thread(stayer, title="Stan's thread", body="Stan asks")
    answer = reply(api, kept["thread"]["id"], "xylophonic reply by Lena")
    api.patch(f"/posts/{answer['id']}", json={"body": "xylophonic reply by Lena, edited"})

    deleted = api.request("DELETE", "/account", json={"password": PASSWORD, "posts": "delete"})
    assert deleted.status_code == 200, deleted.text
    assert deleted.json() == {"deleted_posts": 2}
    assert stayer.get(f"/threads/{own['thread']['id']}").status_code == 404
    posts = stayer.get(f"/threads/{kept['thread']['id']}").json()["posts"]
    assert [post["id"] for post in posts] == [kept["posts"][0]["id"]]
    for viewer in (stayer, moderator):
        assert viewer.get("/search", params={"q": "xylophonic"}).json()["results"] == []
    versions = moderator.get(f"/posts/{answer['id']}/revisions")
    assert versions.status_code == 200
    assert "xylophonic" not in versions.text and "Lena" not in versions.text
    assert "xylophonic" not in moderator.get(f"/threads/{own['thread']['id']}").text
    everywhere = behind_the_app.rows(
        network.settings.database,
        "SELECT body_md FROM posts UNION ALL SELECT body_md FROM post_revisions UNION ALL SELECT title FROM threads",
    )
    assert not [row for row in everywhere if "xylophonic" in row[0]]


def test_admins_export_the_whole_forum_by_api_and_command_line(network: Network, tmp_path: Path) -> None:
    admin = network.signed_in(network.add_member(role="admin"))
    author = network.signed_in(network.add_member(name="Ada Author"))
    start_thread(author, title="Exported thread", body="Exported words")
    answer = admin.get("/admin/export")
    assert answer.status_code == 200
    document = answer.json()
    assert "Exported words" in [post["body_md"] for post in document["posts"]]
    assert "Ada Author" in [member["name"] for member in document["members"]]
    assert {"members", "threads", "posts", "categories", "groups", "flags", "audit_log"} <= set(document)
    text = json.dumps(document)
    assert "argon2" not in text and "password" not in text and "token" not in text

    output = tmp_path / "forum.json"
    environment = {"SCN_DATABASE": str(network.settings.database), "SCN_DATA_DIR": str(tmp_path / "var")}
    if network.settings.database_url:
        environment["SCN_DATABASE_URL"] = network.settings.database_url
    command = [sys.executable, "-c", "import sys; from discussion_api.cli import main; sys.exit(main())"]
    import os

    ran = subprocess.run(
        [*command, "export", str(output)],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        timeout=60,
        check=False,
    )
    assert ran.returncode == 0, ran.stderr
    exported = json.loads(output.read_text())
    assert [post["body_md"] for post in exported["posts"]] == [post["body_md"] for post in document["posts"]]
    again = subprocess.run(
        [*command, "export", str(output)],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        timeout=60,
        check=False,
    )
    assert (
        again.returncode == 1 and again.stderr.startswith("scn: error:") and "already exists" in again.stderr
    )


def test_deletion_reaches_mail_not_sent_yet(network: Network) -> None:
    """Mail to the deleted member goes; mail queued for others loses their name and the
    text of the posts they chose to delete."""
    leaver = network.add_member(name="Quentin Quill")
    other = network.add_member(name="Olga Other")
    api = network.signed_in(leaver)
    page = start_thread(api, title="A thread", body="zanzibarian first words of mine")
    runtime = network.app.state.runtime
    now = runtime.clock()

    def queue(member_id: int, recipient: str, body: str) -> None:
        with runtime.store.write() as db:
            db.outbox.add(
                {
                    "message_id": f"<{member_id}-{len(body)}@test>",
                    "member_id": member_id,
                    "kind": "replies",
                    "recipient": recipient,
                    "subject": "New in a thread you follow",
                    "body": body,
                },
                now,
            )

    queue(leaver.id, leaver.email, "Hello Quentin Quill, a reply waits for you.\n")
    queue(other.id, other.email, "Quentin Quill wrote in “A thread”:\n“zanzibarian first words of mine”\n")
    deleted = api.request("DELETE", "/account", json={"password": PASSWORD, "posts": "delete"})
    assert deleted.status_code == 200, deleted.text
    assert page["thread"]["id"]
    mail = behind_the_app.rows(network.settings.database, "SELECT recipient, subject, body FROM outbox")
    assert [row[0] for row in mail] == [other.email]
    text = " ".join(" ".join(row) for row in mail)
    assert "Quentin" not in text and "Quill" not in text and "zanzibarian" not in text
    assert "Former member" in text
