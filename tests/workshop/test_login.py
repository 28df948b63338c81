"""Facilitator access: scrypt parameters and password length (OWASP), the login throttle shared by
every app instance through the database, and the OIDC allow-list."""

from __future__ import annotations

import threading

import pytest

from advisor.workshop import auth, throttle
from advisor.workshop.auth import AllowList, attempt_login, hash_password, needs_rehash, parse_hash
from advisor.workshop.store import Store
from advisor.workshop.throttle import ACCOUNT_CAP, FREE_FAILURES, MAX_DELAY, WINDOW, Throttle

RIGHT = "de beamer staat in zaal drie"
STORED = hash_password(RIGHT, salt=b"fixed-test-salt!", n=2**14)  # cheap for tests; same code path


@pytest.fixture
def clock():
    return [1_900_000_000.0]


@pytest.fixture
def checks(monkeypatch):
    """How many passwords were actually compared."""
    counted = []
    real = auth.verify_password

    def counting(password: str, stored: str) -> bool:
        counted.append(password)
        return real(password, stored)

    monkeypatch.setattr(auth, "verify_password", counting)
    return counted


def _parallel(count: int, attempt) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        results[i] = attempt(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_new_hashes_use_the_owasp_scrypt_parameters_and_old_ones_still_verify():
    n, r, p, salt, key = parse_hash(hash_password("een zin van meer dan vijftien tekens"))
    assert (n, r, p, len(salt), len(key)) == (2**17, 8, 1, 16, 32)
    assert not needs_rehash(hash_password("x" * 15))
    old = hash_password(RIGHT, n=2**14)  # what version 1 made
    assert needs_rehash(old) and auth.verify_password(RIGHT, old)


def test_a_new_password_needs_15_characters_and_more_than_a_repeated_pattern():
    assert auth.password_problem("veertien tekens") is None  # 15
    assert auth.password_problem("kort genoeg?") == "password_short"
    assert auth.password_problem("abababababababab") == "password_repetitive"


def test_fifty_parallel_wrong_passwords_from_one_client_get_three_checks(store: Store, clock, checks):
    guard = Throttle(store, clock=lambda: clock[0])
    results = _parallel(50, lambda i: attempt_login(guard, f"gok {i}", STORED, "203.0.113.7", None))
    assert len(checks) == FREE_FAILURES
    assert sum(r.ok is None for r in results) == 50 - FREE_FAILURES
    assert all(r.wait >= 1 for r in results if r.ok is None)
    # the right password from that same address waits for the delay, then works
    assert attempt_login(guard, RIGHT, STORED, "203.0.113.7", None).ok is None
    clock[0] += MAX_DELAY
    assert attempt_login(guard, RIGHT, STORED, "203.0.113.7", None).ok is True


def test_a_flood_from_many_addresses_is_capped_and_cannot_lock_out_a_trusted_browser(
    store: Store, clock, checks
):
    guard = Throttle(store, clock=lambda: clock[0])
    facilitator = attempt_login(guard, RIGHT, STORED, "192.0.2.10", None)  # earlier that day
    assert facilitator.ok is True and facilitator.trusted_key
    clock[0] += WINDOW  # the flood starts in a fresh minute
    checks.clear()
    results = _parallel(50, lambda i: attempt_login(guard, f"gok {i}", STORED, f"198.51.100.{i}", None))
    assert len(checks) == ACCOUNT_CAP and sum(r.ok is False for r in results) == ACCOUNT_CAP
    # a new browser waits at most for the minute's window; the facilitator's browser not at all
    refused = attempt_login(guard, RIGHT, STORED, "192.0.2.99", None)
    assert refused.ok is None and refused.wait <= WINDOW
    again = attempt_login(guard, RIGHT, STORED, "198.51.100.3", facilitator.trusted_key)
    assert again.ok is True and again.trusted_key is None  # trusted already: no new key
    clock[0] += WINDOW
    assert attempt_login(guard, RIGHT, STORED, "192.0.2.99", None).ok is True


def test_a_stolen_trusted_key_gets_no_more_guesses_than_a_client(store: Store, clock, checks):
    guard = Throttle(store, clock=lambda: clock[0])
    trusted = attempt_login(guard, RIGHT, STORED, "192.0.2.10", None).trusted_key
    checks.clear()
    _parallel(20, lambda i: attempt_login(guard, f"gok {i}", STORED, f"198.51.100.{i}", trusted))
    assert len(checks) == FREE_FAILURES


def test_two_app_instances_share_the_count_through_the_database(database_url: str, clock, checks):
    first, second = Store(database_url), Store(database_url)
    guards = [Throttle(first, clock=lambda: clock[0]), Throttle(second, clock=lambda: clock[0])]
    outcomes = [attempt_login(guards[i % 2], "gok", STORED, "203.0.113.7", None).ok for i in range(6)]
    assert outcomes == [False, False, False, None, None, None]
    assert len(checks) == FREE_FAILURES
    first.close()
    second.close()


def test_without_the_database_the_throttle_still_counts_in_memory(clock, checks):
    guard = Throttle(clock=lambda: clock[0])
    outcomes = [attempt_login(guard, "gok", STORED, None, None).ok for _ in range(5)]
    assert outcomes == [False, False, False, None, None]


def test_the_allow_list_admits_listed_addresses_and_groups_only():
    allowed = AllowList.of(["Anna@Delta.nl"], ["communicatie", "0f3c-group-id"], "groups")
    assert allowed.admits({"email": "anna@delta.nl", "email_verified": True})
    assert allowed.admits({"email": "bob@delta.nl", "groups": ["IT", "Communicatie"]})
    assert allowed.admits({"groups": "0f3c-group-id"})
    assert not allowed.admits({"email": "bob@delta.nl", "groups": ["IT"]})
    assert not allowed.admits({"email": "anna@delta.nl", "email_verified": False})  # unverified
    assert not allowed.admits({"email": "anna@delta.nl.evil.com"})
    assert not AllowList.of([], []).admits({"email": "anna@delta.nl"})  # empty: nobody
    roles = AllowList.of([], ["begeleider"], "roles")
    assert roles.admits({"roles": ["begeleider"]}) and not roles.admits({"groups": ["begeleider"]})


def test_the_throttle_delay_doubles_and_stops_at_a_minute():
    assert [throttle.delay(f) for f in range(1, 12)] == [0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
