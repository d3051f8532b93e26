"""`make screenshots`: the README's pictures of the Library and the forum, taken from the
demo network (`scn demo seed`) served by `scn serve`, in Debian's Chromium.

Desktop and mobile, light and dark. The forum is reached the way a person reaches it:
"Sign in" in the header, the sign-in form, "Forum" in the navigation, a thread's title.
Writes docs/screenshots/{library,forum}-{desktop,mobile}-{light,dark}.png.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a demo passphrase for screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}
SCHEMES = ("light", "dark")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scn(data_dir: Path, port: int, *args: str) -> subprocess.Popen[bytes]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("SCN_")}
    env |= {
        "SCN_DATA_DIR": str(data_dir),
        "SCN_SITE_DIR": str(ROOT / "build" / "site"),
        "SCN_PORT": str(port),
        "SCN_DEMO_PASSWORD": PASSWORD,
    }
    scn_path = Path(sys.executable).with_name("scn")
    return subprocess.Popen([str(scn_path), *args], env=env, stdout=subprocess.DEVNULL)


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"screenshots: scn serve exited with {server.returncode}")
        try:
            if httpx.get(url + "/api/v1/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("screenshots: scn serve did not answer within 30 s")


def open_a_thread(page: Page, email: str, title: str) -> None:
    """Sign in and open a thread from the Latest list, by clicking; scroll to its title."""
    page.locator(".scn-who").click()
    form = page.get_by_role("form", name="Sign in").first
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    expect(page.locator(".scn-who")).not_to_have_text("Sign in")
    page.get_by_role("link", name="Go to the forum").click()  # on the account page
    forum = page.locator('[data-scn="forum"]')
    forum.get_by_role("link", name="Latest").click()
    forum.get_by_role("link", name=title).click()
    heading = forum.get_by_role("heading", name=title)
    expect(heading).to_be_visible()
    # The thread's title just below Material's sticky header, once its title animation ends.
    heading.evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 96)")
    page.wait_for_timeout(500)


def main() -> int:
    if not (ROOT / "build" / "site" / "index.html").exists():
        print("screenshots: build the site first (make site)", file=sys.stderr)
        return 1
    if not Path(CHROMIUM).exists():
        print(
            f"screenshots: needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)", file=sys.stderr
        )
        return 1
    from discussion_api.demo import MEMBERS, THREADS

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as data:
        port = free_port()
        seed = scn(Path(data), port, "demo", "seed")
        if seed.wait(timeout=120) != 0:
            print("screenshots: scn demo seed failed", file=sys.stderr)
            return 1
        server = scn(Path(data), port, "serve")
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                for viewport_name, viewport in VIEWPORTS.items():
                    for scheme in SCHEMES:
                        context = browser.new_context(
                            base_url=url,
                            viewport=viewport,
                            color_scheme=scheme,
                            is_mobile=viewport_name == "mobile",
                        )
                        page = context.new_page()
                        page.goto("/")
                        page.screenshot(path=OUT / f"library-{viewport_name}-{scheme}.png")
                        open_a_thread(page, MEMBERS[2].email, THREADS[0][2])
                        page.screenshot(path=OUT / f"forum-{viewport_name}-{scheme}.png")
                        context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    for picture in sorted(OUT.glob("*.png")):
        print(f"{picture.relative_to(ROOT)}  {picture.stat().st_size // 1024} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
