"""`scn demo seed`: a clearly fictional network for a first look (`make demo`).

Every person and hospital here is invented and says so; the text discusses how
coordinators work, never patients, and quotes no statistics. Seeding goes through
the same core functions as the API (accounts, posting), so the demo shows the
forum exactly as members would see it: threads, replies, quotes, an accepted answer.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from .core import policy, posting
from .core.accounts import create_account
from .core.passwords import Passwords
from .core.vocabulary import FacilityType
from .storage.interfaces import Store

DEMO_DOMAIN = "demo-network.example"  # RFC 2606: reserved, so no real inbox gets the mail


@dataclass(frozen=True)
class DemoMember:
    name: str
    role: str  # member, moderator or admin
    professional_role: str
    facility: str
    facility_type: FacilityType | None  # types and bed counts vary, so the directory's filters find someone
    bed_count: int | None
    state: str
    is_coordinator: bool

    @property
    def email(self) -> str:
        return self.name.lower().replace(" ", ".").replace("(", "").replace(")", "") + "@" + DEMO_DOMAIN


MEMBERS = (
    DemoMember(
        "Demo Admin",
        "admin",
        "other",
        "Demo Network Office (fictional)",
        None,
        None,
        "OH",
        False,
    ),
    DemoMember(
        "Morgan Moderator",
        "moderator",
        "rn",
        "Lakeview Medical Center (fictional)",
        FacilityType.ACADEMIC,
        620,
        "MN",
        True,
    ),
    DemoMember(
        "Avery Coordinator",
        "member",
        "rn",
        "Riverbend Community Hospital (fictional)",
        FacilityType.COMMUNITY,
        180,
        "OH",
        True,
    ),
    DemoMember(
        "Jordan Educator",
        "member",
        "rn",
        "Hillcrest Regional (fictional)",
        FacilityType.CRITICAL_ACCESS,
        22,
        "TX",
        False,
    ),
    DemoMember(
        "Sam Quality",
        "member",
        "other",
        "Northfield General (fictional)",
        FacilityType.COMMUNITY,
        95,
        "WA",
        False,
    ),
)

# (category slug, author, title, opening post, replies as (author, text, accepted)).
THREADS: tuple[tuple[str, str, str, str, tuple[tuple[str, str, bool], ...]], ...] = (
    (
        "screening",
        "Avery Coordinator",
        "How do you make screening every shift stick on med-surg?",
        "We screen in the ED reliably, but on the medical-surgical units the every-shift screen "
        "gets skipped when the unit is busy. What has worked for you: EHR hard stops, charge "
        "nurse huddles, audits with feedback?",
        (
            (
                "Jordan Educator",
                "Short huddle reminders helped us more than another EHR alert. We also shared each "
                "unit's own screening completion back with that unit, so the feedback felt local.",
                True,
            ),
            (
                "Sam Quality",
                "Agree on local feedback. Our abstractors pull a small sample each month per unit; "
                "the unit managers own the follow-up rather than the sepsis team.",
                False,
            ),
        ),
    ),
    (
        "programme",
        "Sam Quality",
        "Making the case to administration for a dedicated coordinator",
        "Our sepsis work is done on top of everyone's day job. Has anyone written a business "
        "case for protected coordinator time? The Library's coordinator toolkit has a template; "
        "I'd like to hear what persuaded your leaders.",
        (
            (
                "Morgan Moderator",
                "What moved our leaders was tying the role to things they already track: SEP-1 "
                "reporting, length of stay and readmissions, and the CDC Hospital Sepsis Program "
                "Core Elements, which name leadership commitment as the first element.",
                False,
            ),
        ),
    ),
    (
        "bundles",
        "Jordan Educator",
        "Teaching time zero to new graduates",
        "How do you teach new nurses what time zero means for the Hour-1 bundle? Case-based "
        "scenarios, simulation, something else?",
        (),
    ),
)


def seed(store: Store, password: str, now: datetime) -> list[str]:
    """Seed the demo into an empty forum; returns what it did, a line each.

    Refuses (ValueError) if the database already has members: the demo must never
    mix fictional people into a real network."""
    store.migrate()
    everyone = ("approved", "pending", "unverified", "info_requested", "rejected")
    if store.read().members.applications(everyone):
        raise ValueError("the database already has members; the demo needs an empty one")
    password_hash = Passwords().hash(password)
    ids: dict[str, int] = {}
    with store.write() as db:
        for person in MEMBERS:
            fields = {
                "name": person.name,
                "email": person.email,
                "professional_role": person.professional_role,
                "facility": person.facility,
                "facility_type": person.facility_type,
                "bed_count": person.bed_count,
                "state": person.state,
                "is_coordinator": person.is_coordinator,
            }
            ids[person.name] = create_account(
                db, fields, password_hash, now, status="approved", role=person.role
            )
    db = store.read()
    viewers = {name: policy.viewer_of(db.members.get(member_id), now) for name, member_id in ids.items()}
    scope = policy.forum_scope(viewers["Demo Admin"])
    categories = {c["slug"]: c["id"] for c in db.categories.visible(scope)}
    done = [f"{len(MEMBERS)} fictional members"]
    for minutes, (slug, author, title, body, replies) in enumerate(THREADS):
        when = now - timedelta(hours=len(THREADS) - minutes)
        thread_id = posting.start_thread(
            store, viewers[author], categories[slug], title, body, None, None, when
        )
        for offset, (replier, text, accepted) in enumerate(replies, start=1):
            post_id = posting.reply(
                store, viewers[replier], thread_id, text, None, None, when + timedelta(minutes=10 * offset)
            )
            if accepted:
                posting.set_accepted(store, viewers[author], thread_id, post_id, when + timedelta(minutes=30))
        done.append(f"thread {title!r}, replies: {len(replies)}")
    return done
