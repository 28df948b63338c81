"""Real browser: a phone answers, reloads and is told it already answered (the device cookie really
is set and sent back), changes its answers (the one response is replaced), while a second phone
answers on its own; an empty submit is refused with what is missing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import embedded_url
from advisor.workshop import answers as wa
from advisor.workshop.store import Store
from tests.e2e.conftest import screenshot, serve_app, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    data_dir = tmp_path_factory.mktemp("device-data")
    with serve_app(data_dir) as url:
        yield url, data_dir


def _phone(browser):
    return browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="nl-NL"
    )


def _open(page, url: str, code: str) -> None:
    page.goto(f"{url}/?w={code}")
    wait_for_app(page)


def test_a_phone_answers_once_sees_it_after_a_reload_and_changes_its_answers(browser, server):
    url, data_dir = server
    store = Store(embedded_url(data_dir))
    workshop = store.create_workshop("Heidag", "nl", {"department": wa.parse_options("department", "IT\nHR")})
    phone = _phone(browser)
    page = phone.new_page()
    _open(page, url, workshop.code)
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    page.get_by_text("Kies je afdeling").wait_for(timeout=30_000)
    assert store.response_count(workshop.code) == 0
    screenshot(page, "workshop-participant-missing")

    radios = page.locator("[data-testid='stRadio']")
    radios.nth(0).get_by_text("HR", exact=True).click()
    radios.nth(3).get_by_text("Wekelijks", exact=True).click()
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    page.get_by_text("Dank je wel").wait_for(timeout=30_000)
    assert any(c["name"] == "advisor_device" for c in phone.cookies())

    page.reload()
    wait_for_app(page)
    page.get_by_text("al geantwoord").wait_for(timeout=30_000)
    assert page.locator("[data-testid='stRadio']").count() == 0
    screenshot(page, "workshop-participant-already")
    page.get_by_role("button", name="Mijn antwoorden wijzigen").click()
    wait_for_app(page)
    radios = page.locator("[data-testid='stRadio']")
    radios.nth(3).get_by_text("Dagelijks", exact=True).click()
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    page.get_by_text("bijgewerkt").wait_for(timeout=30_000)
    (stored,) = store.responses(workshop.code)
    assert stored.answers == {"department": "hr", "use.email": "daily"}

    other = _phone(browser)
    second = other.new_page()
    _open(second, url, workshop.code)
    radios = second.locator("[data-testid='stRadio']")
    radios.nth(0).get_by_text("IT", exact=True).click()
    radios.nth(3).get_by_text("Nooit", exact=True).click()
    second.get_by_role("button", name="Mijn antwoorden versturen").click()
    second.get_by_text("Dank je wel").wait_for(timeout=30_000)
    assert store.response_count(workshop.code) == 2
    phone.close()
    other.close()
    store.close()
