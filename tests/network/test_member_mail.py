"""What members read: emails whose links work as written, decisions that say what was
decided (and nothing personal), validation errors as sentences, a second application
before confirming that sends a new link."""

import re

from .conftest import JOIN, Api, Network, link_token
from .forum_helpers import start_thread


def test_a_local_email_keeps_its_link_whole_and_readable(network: Network, visitor: Api) -> None:
    assert visitor.post("/join", JOIN).status_code == 202
    folder = network.settings.mail_dir
    (path,) = sorted(folder.glob("*.eml"))
    raw = path.read_text()
    link = re.search(r"https?://\S+#verify=[\w-]+", raw)
    assert link, raw
    assert "=3D" not in raw and "=\n" not in raw
    assert (
        link.group(0)
        == f"{network.settings.public_url}/account/#verify={link_token(network.mails()[-1], 'verify')}"
    )


def test_applying_again_before_confirming_sends_a_new_link(network: Network, visitor: Api) -> None:
    assert visitor.post("/join", JOIN).status_code == 202
    first = link_token(network.mails()[-1], "verify")
    again = visitor.post("/join", {**JOIN, "name": "Someone Else"})
    assert again.status_code == 202
    second = link_token(network.mails()[-1], "verify")
    assert second != first
    assert visitor.post("/join/verify", {"token": second}).json() == {"status": "pending"}


def test_each_decision_says_what_was_decided_and_nothing_personal(network: Network, visitor: Api) -> None:
    moderator = network.signed_in(network.add_member(role="moderator"))
    expected = {"approve": "is approved", "reject": "was not approved", "request-info": "A question"}
    for n, (action, words) in enumerate(expected.items()):
        email = f"applicant{n}@hospital.example"
        assert visitor.post("/join", {**JOIN, "email": email}).status_code == 202
        token = link_token(network.mails()[-1], "verify")
        assert visitor.post("/join/verify", {"token": token}).status_code == 200
        application = next(
            a for a in moderator.get("/mod/applications").json()["applications"] if a["email"] == email
        )
        reason = "PRIVATE-REASON-TEXT" if action != "approve" else ""
        answer = moderator.post(f"/mod/applications/{application['id']}/{action}", {"reason": reason})
        assert answer.status_code == 200, answer.text
        mail = network.mails()[-1]
        assert mail["To"] == email
        assert words in mail["Subject"]
        assert "PRIVATE-REASON-TEXT" not in mail.get_content()
        assert "/account/" in mail.get_content()


def test_validation_errors_read_as_sentences(network: Network) -> None:
    alice = network.signed_in(network.add_member())
    thread = start_thread(alice)["thread"]
    too_long = alice.post(f"/threads/{thread['id']}/posts", {"body": "x" * 20_001})
    assert too_long.status_code == 422
    assert too_long.json()["error"] == {
        "code": "invalid",
        "message": "Keep it under 20,000 characters.",
        "field": "body",
    }
    missing = alice.post("/threads", {"category_id": thread["category_id"], "body": "no title"})
    assert missing.json()["error"]["message"] == "This is required."
    assert missing.json()["error"]["field"] == "title"
