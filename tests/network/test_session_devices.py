"""The device a member recognises each of their sessions by ("Firefox on Windows"): the
browser and the system when both are known, the browser alone when the system is not,
and "A browser" for a client that names no browser we know. Never the raw header."""

import pytest

from discussion_api.http.sessions import device_of

from .conftest import Network

FIREFOX_ON_FREEBSD = "Mozilla/5.0 (X11; FreeBSD amd64; rv:133.0) Gecko/20100101 Firefox/133.0"
EDGE_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"
)
CHROME_ON_ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
SAFARI_ON_MAC = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Safari/605.1.15"
)


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (EDGE_ON_WINDOWS, "Edge on Windows"),  # says Chrome and Safari too
        (CHROME_ON_ANDROID, "Chrome on Android"),  # says Linux and Safari too
        (SAFARI_ON_MAC, "Safari on macOS"),
        (FIREFOX_ON_FREEBSD, "Firefox"),
        ("curl/8.11.0", "A browser"),
        ("", "A browser"),
    ],
)
def test_a_session_is_named_by_browser_and_system(user_agent: str, device: str) -> None:
    assert device_of(user_agent) == device


def test_the_sessions_list_names_what_it_can_and_no_more(network: Network) -> None:
    person = network.add_member()
    script, laptop = network.client(), network.client()
    script.client.headers["User-Agent"] = "curl/8.11.0"
    laptop.client.headers["User-Agent"] = FIREFOX_ON_FREEBSD
    for api in (script, laptop):
        assert api.sign_in(person.email).status_code == 200
    listed = laptop.get("/account/sessions").json()["sessions"]
    assert sorted((s["device"], s["current"]) for s in listed) == [("A browser", False), ("Firefox", True)]
