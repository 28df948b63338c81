"""A common password made longer is refused for the facilitator; the throttle keys its rows with the
installation's own salt (the same for every instance on one database, different per installation),
so no IP address can be recovered by hashing all of them."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa

from advisor.workshop.auth import password_problem
from advisor.workshop.passwords import common, is_common
from advisor.workshop.schema import login_throttle
from advisor.workshop.store import Store
from advisor.workshop.throttle import Throttle

COMMON_MADE_LONGER = [
    "password123456789",
    "P@ssw0rd12345678",
    "!!!welkom2026!!!",
    "Wachtwoord 2026!!",
    "welkomwelkom123",
    "welkom01welkom01",
    "iloveyousunshine",
    "qwerty123456789",
    "qwertyuiopasdfg",
    "abcdefghijklmno",
    "123456789012345",
    "abcabcabcabcabc",
    "Zomer2026Zomer2026",
]
OWN_SENTENCES = [
    "zaal-zeven-beamer",
    "correct horse battery",
    "de koffie in zaal 3 is koud",
    "tulpen langs de Amstel",
    "Kick-off Delta Media 2026",
]


def test_the_list_holds_ten_thousand_common_passwords_with_dutch_ones():
    words = common()
    assert len(words) >= 10_000 and {"123456", "password", "wachtwoord", "welkom"} <= words


@pytest.mark.parametrize("password", COMMON_MADE_LONGER)
def test_a_common_password_made_longer_is_refused(password):
    assert len(password) >= 15 and is_common(password)
    assert password_problem(password) in ("password_common", "password_repetitive")


@pytest.mark.parametrize("password", OWN_SENTENCES)
def test_a_sentence_of_ones_own_passes(password):
    assert not is_common(password)
    assert password_problem(password) is None


def _keys(store: Store) -> set[str]:
    with store.engine.connect() as conn:
        return set(conn.execute(sa.select(login_throttle.c.key)).scalars())


def test_the_throttle_keys_rows_with_the_installations_own_salt(database_url, tmp_path):
    first, again = Store(database_url), Store(database_url)
    assert len(first.installation_salt()) == 32 and first.installation_salt() == again.installation_salt()
    Throttle(first).reserve("198.51.100.23", None)
    keys = _keys(first)
    plain = [("client", "198.51.100.23"), ("account", "facilitator")]
    unsalted = {hashlib.sha256(f"{kind}:{value}".encode()).hexdigest() for kind, value in plain}
    assert keys and not keys & unsalted
    Throttle(again).reserve("198.51.100.23", None)  # another instance counts on the same row
    assert _keys(again) == keys
    other = Store(f"sqlite:///{tmp_path / 'other.sqlite'}")  # another installation
    assert other.installation_salt() != first.installation_salt()
    Throttle(other).reserve("198.51.100.23", None)
    assert not _keys(other) & keys
    for store in (first, again, other):
        store.close()
