"""The first-run password page: on the machine the app runs on, with no password set, the browser sets
it (the scrypt hash goes into the database, never onto the page); anywhere else, or on a shared
deployment, the page refuses and says how the administrator sets it."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from advisor.ui import browser
from advisor.workshop.auth import SCRYPT_N, parse_hash, verify_password
from tests.conftest import ROOT
from tests.ui import test_workshop_pages as pages
from tests.ui.conftest import PAGES, texts

store = pages.store
LOCAL = (None, {"host": "localhost:8501", "origin": "http://localhost:8501"})
NEW_PASSWORD = "de beamer in zaal drie"


def on(monkeypatch, address: str | None, headers: dict[str, str]) -> None:
    monkeypatch.setattr(browser, "connection", lambda: (address, dict(headers)))


def workshop_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.context["locale"] = "nl-NL"
    at.run()
    at.switch_page(str(PAGES / "workshop.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def set_password(at: AppTest, first: str, again: str | None = None) -> AppTest:
    at.text_input(key="new_password").input(first)
    at.text_input(key="new_password_again").input(first if again is None else again)
    next(b for b in at.button if "first_run_password" in b.key).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def everything_shown(at: AppTest) -> str:
    shown = [texts(at), *(c.value for c in at.code)]
    shown += [str(w.value) for w in at.text_input]
    shown += [h.proto.body for h in at.get("html")]
    return "\n".join(shown)


def test_on_this_machine_the_browser_sets_the_password_and_only_its_hash_is_kept(store, monkeypatch):
    on(monkeypatch, *LOCAL)
    at = workshop_page()
    assert "je kunt het hier instellen" in texts(at)
    set_password(at, NEW_PASSWORD, "de beamer in zaal twee")
    assert "verschillen" in texts(at) and not store.stored_password_hash()
    set_password(at, "kort")
    assert "ten minste 15 tekens" in texts(at)
    set_password(at, "Wachtwoord2026!!")
    assert "veelgebruikte wachtwoorden" in texts(at) and not store.stored_password_hash()

    set_password(at, NEW_PASSWORD)
    stored = store.stored_password_hash()
    assert parse_hash(stored)[0] == SCRYPT_N and verify_password(NEW_PASSWORD, stored)
    assert "Nieuwe workshop" in texts(at) and "is ingesteld" in texts(at)  # logged in at once
    shown = everything_shown(at)
    assert NEW_PASSWORD not in shown and stored not in shown and stored.split("$")[-1] not in shown

    # from now on every facilitator page, and the dashboard, asks for it
    other = workshop_page()
    assert not [t for t in other.text_input if t.key == "new_password"]
    assert other.text_input(key="login_password")
    pages.log_in(other, NEW_PASSWORD)
    assert "Nieuwe workshop" in texts(other)
    dashboard = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    dashboard.run()
    assert dashboard.text_input(key="login_password") and not dashboard.dataframe


def test_a_second_browser_racing_to_set_it_is_told_to_log_in(store, monkeypatch):
    on(monkeypatch, *LOCAL)
    first, second = workshop_page(), workshop_page()
    set_password(first, NEW_PASSWORD)
    set_password(second, "een heel ander wachtwoord hier")
    assert "al een wachtwoord ingesteld" in texts(second)
    assert verify_password(NEW_PASSWORD, store.stored_password_hash())


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        ("203.0.113.7", {"host": "advisor.example.nl"}),  # another machine
        (None, {"host": "advisor.example.nl"}),  # a proxy on this machine, passing the public host
        (None, {"host": "127.0.0.1:8501", "origin": "https://advisor.example.nl"}),  # nginx's default
        (None, {"host": "localhost:8501", "x-forwarded-for": "198.51.100.4"}),
        (None, {"host": "localhost:8501", "forwarded": "for=198.51.100.4"}),
        (None, {}),  # nothing known about the browser
    ],
)
def test_anywhere_but_this_machine_the_page_refuses_and_explains(store, monkeypatch, address, headers):
    on(monkeypatch, address, headers)
    at = workshop_page()
    assert "alleen op de computer waarop de app draait" in texts(at)
    assert "hash-password" in at.code[0].value and "set-password" in texts(at)
    assert not at.text_input and not store.stored_password_hash()


def test_a_shared_database_is_a_shared_deployment_even_from_this_machine(store, monkeypatch, tmp_path):
    on(monkeypatch, *LOCAL)
    monkeypatch.setenv("ADVISOR_DATABASE_URL", f"sqlite:///{tmp_path / 'shared.sqlite'}")
    at = workshop_page()
    assert "alleen op de computer waarop de app draait" in texts(at) and not at.text_input


def test_a_configured_hash_wins_over_the_one_set_in_the_browser(store, monkeypatch):
    from advisor.workshop.auth import hash_password

    store.set_password_hash_once(hash_password(NEW_PASSWORD, n=2**10))
    at = pages.facilitator()  # configures the test hash in secrets
    pages.log_in(at, NEW_PASSWORD)
    assert "Onjuist wachtwoord" in texts(at)
    at = pages.log_in(pages.facilitator())
    assert "Nieuwe workshop" in texts(at)
