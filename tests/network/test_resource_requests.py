"""Members' resource requests, from the forum to a published Library page.

A member asks, a colleague adds "I need this too", a moderator plans the request
with a public title and summary, an editor starts the resource file with
`sitegen new-resource --from-request N`, and once it is published both members
are emailed a link and the page says how many members asked.
"""

from pathlib import Path

import yaml
from harness import Service
from realtime.harness import Member

from bench.library_build import copy_project
from sitegen.cli import main as sitegen

from .conftest import Network

PLANNED = {
    "status": "planned",
    "public_title": "A sepsis screening card for EMS crews",
    "public_summary": "A pocket card ambulance crews can use to flag possible sepsis before arrival.",
}


def test_a_request_walks_from_the_forum_to_a_published_resource(service: Service, tmp_path: Path) -> None:
    emails = [service.add_member("Asker"), service.add_member("Colleague")]
    asker, colleague = (Member.sign_in(service.url, email) for email in emails)
    moderator = Member.sign_in(service.url, service.add_member("Mod", role="moderator"))

    asked = asker.post("/requests", {"title": "EMS screening card?", "details": "Our medics ask for one"})
    assert asked.status_code == 201
    number = asked.json()["id"]
    assert colleague.request("PUT", f"/requests/{number}/asking").json()["asked_count"] == 2

    # Before planning there is nothing public to start from.
    project = copy_project(tmp_path / "library")
    assert (
        sitegen(
            ["--root", str(project), "new-resource", "--from-request", str(number), "--network", service.url]
        )
        == 1
    )
    assert moderator.request("PATCH", f"/mod/requests/{number}", PLANNED).status_code == 200

    assert (
        sitegen(
            ["--root", str(project), "new-resource", "--from-request", str(number), "--network", service.url]
        )
        == 0
    )
    page = project / "resources" / "a-sepsis-screening-card-for-ems-crews.md"
    text = page.read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front == {
        "title": PLANNED["public_title"],
        "summary": PLANNED["public_summary"],
        "request": number,
    }
    assert "Our medics" not in text  # what members wrote stays among members
    # The draft is incomplete on purpose, and the check says what to fill in.
    assert sitegen(["--root", str(project), "check"]) == 1

    published = moderator.request(
        "PATCH",
        f"/mod/requests/{number}",
        {"status": "published", "resource_slug": "a-sepsis-screening-card-for-ems-crews"},
    )
    assert published.json()["status"] == "published"
    for email in emails:
        mail = service.mailbox.wait_for(email, "The resource you asked for")
        assert "/resources/a-sepsis-screening-card-for-ems-crews/" in mail.get_content()
        assert "Our medics" not in mail.get_content()
    public = asker.get(f"/requests/{number}/public").json()
    assert (public["asked_count"], public["resource_slug"]) == (2, "a-sepsis-screening-card-for-ems-crews")
    assert asker.request("PUT", f"/requests/{number}/asking").status_code == 409

    # The editor fills in the rest (here: borrowed from a shipped page) and the page says
    # that members asked for it; the widget fills in how many from the public face above.
    shipped = (project / "resources" / "hour-1-bundle.md").read_text().split("---\n")
    borrowed = {
        k: v for k, v in yaml.safe_load(shipped[1]).items() if k not in ("title", "summary", "featured")
    }
    page.write_text("---\n" + yaml.safe_dump({**front, **borrowed}) + "---\n" + shipped[2])
    (project / "claims/resources/a-sepsis-screening-card-for-ems-crews.yml").write_text(
        (project / "claims/resources/hour-1-bundle.yml").read_text()
    )
    assert sitegen(["--root", str(project), "generate"]) == 0
    generated = (project / "build/docs/resources/a-sepsis-screening-card-for-ems-crews.md").read_text()
    assert f'data-scn="asked" data-scn-key="{number}"' in generated


def test_the_public_sees_only_a_planned_requests_staff_written_face(network: Network) -> None:
    member = network.signed_in(network.add_member())
    moderator = network.signed_in(network.add_member(role="moderator"))
    visitor = network.client()
    number = member.post("/requests", {"title": "SECRET title", "details": "SECRET details"}).json()["id"]
    assert visitor.get(f"/requests/{number}/public").status_code == 404
    assert visitor.get("/requests").status_code == 401

    refused = moderator.patch(f"/mod/requests/{number}", {"status": "planned"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "public_title"
    assert moderator.patch(f"/mod/requests/{number}", PLANNED).status_code == 200
    public = visitor.get(f"/requests/{number}/public")
    assert public.status_code == 200 and "SECRET" not in public.text
    assert public.json()["title"] == PLANNED["public_title"]

    unslugged = moderator.patch(f"/mod/requests/{number}", {"status": "published"})
    assert unslugged.status_code == 422 and unslugged.json()["error"]["field"] == "resource_slug"
    published = {"status": "published", "resource_slug": "ems-screening-card"}
    assert moderator.patch(f"/mod/requests/{number}", published).status_code == 200
    assert visitor.get(f"/requests/{number}/public").json()["resource_slug"] == "ems-screening-card"
    assert moderator.patch(f"/mod/requests/{number}", {"status": "declined"}).status_code == 200
    assert visitor.get(f"/requests/{number}/public").status_code == 404
