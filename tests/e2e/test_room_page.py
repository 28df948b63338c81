"""Real browser on the light participant page (/answer/CODE, served next to the dashboard by
serve.py): what a phone in the room does. Typed answers survive a language switch and a lost
connection (the page keeps them and sends again by itself), a submit is stored once, a reload says
"you already answered", the page asks no other host and passes axe-core in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import embedded_url
from advisor.workshop import answers as wa
from advisor.workshop.links import join_link
from advisor.workshop.store import Store
from tests.e2e.conftest import screenshot, serve_app

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(chromium_path: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store]]:
    data_dir: Path = tmp_path_factory.mktemp("room-data")
    with serve_app(data_dir) as url:
        store = Store(embedded_url(data_dir))
        yield url, store
        store.close()


def _phone(browser, **kw):
    return browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="nl-NL", **kw
    )


def _workshop(store: Store):
    return store.create_workshop("Heidag", "nl", {"department": wa.parse_options("department", "IT\nHR")}, 3)


def test_a_phone_answers_through_a_language_switch_and_a_lost_connection_stored_once(browser, server):
    url, store = server
    workshop = _workshop(store)
    context = _phone(browser)
    page = context.new_page()
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    page.goto(join_link(url, workshop.code))
    questions = page.locator("fieldset")
    questions.nth(0).get_by_text("HR", exact=True).click()
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    page.get_by_text("Beantwoord minstens één vraag").wait_for(timeout=10_000)
    assert store.response_count(workshop.code) == 0

    page.get_by_role("link", name="English").click()  # a language switch halfway
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("input[value=hr]").is_checked()  # nothing typed is lost
    page.locator("fieldset").nth(3).get_by_text("Weekly", exact=True).click()

    context.set_offline(True)  # the hotel Wi-Fi drops as they press send
    page.get_by_role("button", name="Submit my answers").click()
    page.get_by_text("have not arrived yet").wait_for(timeout=10_000)
    assert store.response_count(workshop.code) == 0
    context.set_offline(False)  # back: the page sends again by itself
    page.get_by_text("Thank you").wait_for(timeout=15_000)
    screenshot(page, "room-participant-thanks")
    assert store.response_count(workshop.code) == 1
    stored = store.responses(workshop.code)[0].answers
    assert stored["department"] == "hr" and stored["use.email"] == "weekly"

    page.reload()  # a reload of the thank-you sends nothing again
    page.get_by_text("Thank you").wait_for(timeout=10_000)
    page.goto(f"{join_link(url, workshop.code)}?lang=en")  # the link again: no second form
    page.get_by_text("already answered").wait_for(timeout=10_000)
    assert page.locator("form#answers").count() == 0
    page.get_by_role("link", name="Change my answers").click()
    assert page.locator("input[value=hr]").is_checked()  # filled in with what is stored
    page.locator("fieldset").nth(3).get_by_text("Daily", exact=True).click()
    page.get_by_role("button", name="Submit my answers").click()
    page.get_by_text("have been updated").wait_for(timeout=10_000)
    assert store.response_count(workshop.code) == 1
    assert store.responses(workshop.code)[0].answers["use.email"] == "daily"
    assert hosts == {url.split("/")[2]}  # no request to another host
    context.close()


def test_a_phone_without_javascript_can_answer(browser, server):
    url, store = server
    workshop = _workshop(store)
    context = _phone(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(join_link(url, workshop.code))
    page.locator("fieldset").nth(0).get_by_text("IT", exact=True).click()
    page.locator("fieldset").nth(3).get_by_text("Dagelijks", exact=True).click()
    page.get_by_role("button", name="Mijn antwoorden versturen").click()
    page.get_by_text("Dank je wel").wait_for(timeout=10_000)
    assert "done=stored" in page.url
    page.reload()  # post-redirect-get: a reload sends nothing again
    assert store.response_count(workshop.code) == 1
    context.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_room_page_passes_axe(browser, server, axe_source, lang):
    url, store = server
    workshop = _workshop(store)
    # the page's policy allows only its own scripts: the test's context lets axe in
    context = _phone(browser, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{join_link(url, workshop.code)}?lang={lang}")
    screenshot(page, f"room-participant-{lang}")
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => `${v.id}: ${v.nodes.length}`)"""
    )
    assert violations == []
    assert page.title() == "Heidag"
    context.close()
