"""Real browser: the first-run password set from the machine itself, then the projector in
presentation mode: results hidden until revealed, the count following the phones within seconds
without a reload, the QR code always on screen."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import embedded_url
from advisor.workshop import answers as wa
from advisor.workshop.auth import verify_password
from advisor.workshop.store import Store
from tests.e2e.conftest import screenshot, serve_app, wait_for_app

pytestmark = pytest.mark.e2e
PASSWORD = "de beamer in zaal drie"


@pytest.fixture(scope="module")
def server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """`streamlit run` with no facilitator password configured anywhere."""
    data_dir = tmp_path_factory.mktemp("projector-data")
    with serve_app(data_dir, {"ADVISOR_FACILITATOR_PASSWORD_HASH": ""}) as url:
        yield url, data_dir


def _count(page) -> str:
    return page.locator("[data-testid='stMetricValue']").first.inner_text().strip()


def _answer(browser, url: str, code: str, department: str) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="nl-NL")
    page = phone.new_page()
    page.goto(f"{url}/?w={code}")
    wait_for_app(page)
    radios = page.locator("[data-testid='stRadio']")
    radios.nth(0).get_by_text(department, exact=True).click()
    radios.nth(3).get_by_text("Dagelijks", exact=True).click()
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    page.get_by_text("Dank je wel").wait_for(timeout=30_000)
    phone.close()


def test_first_run_password_then_the_projector_reveals_and_follows_the_room(browser, server):
    url, data_dir = server
    store = Store(embedded_url(data_dir))
    laptop = browser.new_context(viewport={"width": 1600, "height": 900}, locale="nl-NL")
    page = laptop.new_page()
    page.goto(f"{url}/workshop")  # 127.0.0.1: the machine the app runs on
    wait_for_app(page)
    page.get_by_text("je kunt het hier instellen").wait_for(timeout=30_000)
    page.get_by_label("Nieuw begeleiderswachtwoord").fill(PASSWORD)
    page.get_by_label("Nogmaals hetzelfde wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()
    page.get_by_text("is ingesteld").wait_for(timeout=30_000)
    assert verify_password(PASSWORD, store.stored_password_hash())
    assert PASSWORD not in page.content()
    screenshot(page, "workshop-first-run-done")

    workshop = store.create_workshop(
        "Kick-off Delta Media",
        "nl",
        {"department": wa.parse_options("department", "Redactie\nVerkoop\nIT")},
        3,
    )
    page.goto(f"{url}/live?beamer=1")
    wait_for_app(page)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text(workshop.code).first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.locator("[data-testid='stImage']").count() == 1  # the QR code
    assert page.locator("[data-testid='stToolbar']").is_hidden()
    page.get_by_text("verborgen tot je het toont").wait_for(timeout=10_000)
    for _ in range(3):
        _answer(browser, url, workshop.code, "Redactie")
    for _ in range(3):
        _answer(browser, url, workshop.code, "Verkoop")
    deadline = time.monotonic() + 10
    while _count(page) != "6" and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    assert _count(page) == "6"
    assert page.locator(".js-plotly-plot").count() == 0  # nothing before the reveal
    screenshot(page, "workshop-live-hidden")

    page.get_by_role("button", name="Resultaat tonen").click()
    page.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    assert store.get(workshop.code).results_revealed
    assert page.locator(".modebar-container").first.is_hidden()
    assert page.locator("[data-testid='stStatusWidget']").count() == 0 or (
        page.locator("[data-testid='stStatusWidget']").is_hidden()
    )
    page.wait_for_timeout(1500)
    screenshot(page, "workshop-live-revealed")

    started = time.monotonic()
    _answer(browser, url, workshop.code, "IT")
    while _count(page) != "7" and time.monotonic() - started < 10:
        page.wait_for_timeout(100)
    assert _count(page) == "7"
    page.get_by_text("6 van de 7 antwoorden").wait_for(timeout=10_000)  # the figures wait for k more
    laptop.close()
    store.close()
