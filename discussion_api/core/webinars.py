"""Webinars as the built Library lists them (its webinars.ics, which sitegen writes), for
reminders: the Network keeps no copy, so a rebuilt site is read afresh."""

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import icalendar

UID_PREFIX = "webinar-"


@dataclass(frozen=True)
class Webinar:
    slug: str
    title: str
    start: datetime
    url: str
    ics: str  # a calendar holding this webinar alone, to attach to a reminder


class WebinarCalendar:
    """The built site's webinars.ics, read again whenever the file changes."""

    def __init__(self, path: Path):
        self.path = path
        self._stamp: float | None = None
        self._webinars: dict[str, Webinar] = {}

    def webinars(self) -> dict[str, Webinar]:
        try:
            stamp = self.path.stat().st_mtime
        except FileNotFoundError:
            return {}
        if stamp != self._stamp:
            self._webinars = parse_calendar(self.path.read_bytes())
            self._stamp = stamp
        return self._webinars


def parse_calendar(data: bytes) -> dict[str, Webinar]:
    calendar = icalendar.Calendar.from_ical(data)
    found = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("uid", ""))
        if not uid.startswith(UID_PREFIX):
            continue
        slug = uid.removeprefix(UID_PREFIX).split("@", 1)[0]
        start = event.decoded("dtstart")
        if not isinstance(start, datetime):
            continue
        single = icalendar.Calendar()
        for key in ("prodid", "version", "calscale"):
            if key in calendar:
                single.add(key, calendar[key])
        single.add("method", "PUBLISH")
        single.add_component(event)
        found[slug] = Webinar(
            slug=slug,
            title=str(event.get("summary", slug)),
            start=start if start.tzinfo else start.replace(tzinfo=UTC),
            url=str(event.get("url", "")),
            ics=single.to_ical().decode(),
        )
    return found
