"""Small steps the forum tests share."""

from typing import Any

from .conftest import Api

SCREENING = 1  # first seeded category


def start_thread(
    api: Api, title: str = "Lactate timing", body: str = "When do you redraw?", **extra: Any
) -> dict[str, Any]:
    response = api.post("/threads", {"category_id": SCREENING, "title": title, "body": body, **extra})
    assert response.status_code == 201, response.text
    return response.json()


def reply(api: Api, thread_id: int, body: str, **extra: Any) -> dict[str, Any]:
    response = api.post(f"/threads/{thread_id}/posts", {"body": body, **extra})
    assert response.status_code == 201, response.text
    return response.json()
