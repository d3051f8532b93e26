"""What the running app stores for a password, with its own default hasher (not the cheap
one other tests use): argon2id at or above OWASP's floor (ASVS 11.4.2), and a long
passphrase of 64 characters is taken whole (ASVS 6.2.1)."""

import behind_the_app
import pytest
from argon2 import extract_parameters
from argon2.low_level import Type
from starlette.applications import Starlette

from discussion_api.app import create_app
from discussion_api.config import Settings

from .conftest import PASSWORD, MovableClock, Network, Person

# OWASP's minimum for argon2id: 19 MiB of memory and 2 passes.
FLOOR_MEMORY_KIB, FLOOR_TIME_COST = 19 * 1024, 2
PASSPHRASE = "my ward's sepsis huddle starts at seven, coffee first, then lactate"[:64]


@pytest.fixture
def app(settings: Settings, clock: MovableClock) -> Starlette:
    """The app as `scn serve` builds it: no password hasher passed in."""
    return create_app(settings, clock=clock)


def stored_hash(network: Network, member_id: int) -> str:
    query = f"SELECT password_hash FROM members WHERE id = {int(member_id)}"
    (row,) = behind_the_app.rows(network.settings.database, query)
    return str(row[0])


def change_password(network: Network, new_password: str) -> Person:
    member = network.add_member()
    api = network.signed_in(member)
    changed = api.post("/account/password", {"current_password": PASSWORD, "new_password": new_password})
    assert changed.status_code == 200, changed.text
    return member


def test_the_running_app_stores_argon2id_hashes_at_the_floor(network: Network) -> None:
    member = change_password(network, "a brand new passphrase")
    stored = stored_hash(network, member.id)
    assert stored.startswith("$argon2id$"), stored
    parameters = extract_parameters(stored)
    assert parameters.type is Type.ID
    assert parameters.memory_cost >= FLOOR_MEMORY_KIB, parameters
    assert parameters.time_cost >= FLOOR_TIME_COST, parameters


def test_a_64_character_passphrase_is_accepted_and_signs_in(network: Network) -> None:
    assert len(PASSPHRASE) == 64
    member = change_password(network, PASSPHRASE)
    assert network.client().sign_in(member.email, PASSPHRASE).status_code == 200
    assert network.client().sign_in(member.email, PASSPHRASE[:63]).status_code == 401  # all 64 count
