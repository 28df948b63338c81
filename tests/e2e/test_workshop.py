"""Real browser: a participant submits on a phone-sized screen while the facilitator's page, logged
in on a laptop-sized screen, shows the response count go up without being reloaded."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import embedded_url
from advisor.workshop import answers as wa
from advisor.workshop.auth import hash_password
from advisor.workshop.store import Store
from tests.e2e.conftest import screenshot, serve_app, wait_for_app

pytestmark = pytest.mark.e2e
PASSWORD = "beamer-in-zaal-3"


@pytest.fixture(scope="module")
def workshop_server(
    chromium_path: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """`streamlit run` with its own data directory and a facilitator password set in the environment."""
    data_dir = tmp_path_factory.mktemp("workshop-data")
    with serve_app(data_dir, {"ADVISOR_FACILITATOR_PASSWORD_HASH": hash_password(PASSWORD)}) as url:
        yield url, data_dir


def metric_value(page) -> str:
    return page.locator("[data-testid='stMetricValue']").first.inner_text().strip()


def test_participant_on_a_phone_submits_while_the_facilitator_sees_the_count_rise(browser, workshop_server):
    url, data_dir = workshop_server
    store = Store(embedded_url(data_dir))
    workshop = store.create_workshop(
        "Kick-off Delta Media", "nl", {"department": wa.parse_options("department", "Redactie\nVerkoop\nIT")}
    )

    laptop = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="nl-NL")
    facilitator = laptop.new_page()
    facilitator.goto(f"{url}/workshop")
    wait_for_app(facilitator)
    facilitator.get_by_label("Wachtwoord").fill(PASSWORD)
    facilitator.get_by_role("button", name="Inloggen").click()
    facilitator.get_by_text(workshop.code).first.wait_for(timeout=30_000)
    wait_for_app(facilitator)
    assert metric_value(facilitator) == "0"
    # this browser is trusted from now on: nobody else's wrong passwords can keep it out
    assert any(c["name"] == "advisor_facilitator" for c in laptop.cookies())
    screenshot(facilitator, "workshop-facilitator-before")

    phone = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="nl-NL",
    )
    participant = phone.new_page()
    participant.goto(f"{url}/?w={workshop.code}")
    wait_for_app(participant)
    participant.get_by_role("heading", name="Kick-off Delta Media").wait_for(timeout=30_000)
    assert participant.locator("[data-testid='stSidebar']").count() == 0  # no dashboard navigation
    radios = participant.locator("[data-testid='stRadio']")
    radios.nth(0).get_by_text("Verkoop", exact=True).click()
    radios.nth(1).get_by_text("35 tot 44", exact=True).click()
    radios.nth(3).get_by_text("Dagelijks", exact=True).click()  # one answer beyond the segments
    screenshot(participant, "workshop-participant-form")
    participant.get_by_role("button", name="Mijn antwoorden versturen").click()
    participant.get_by_text("Dank je wel").wait_for(timeout=30_000)
    screenshot(participant, "workshop-participant-thanks")

    # the facilitator's page is not reloaded: its fragment refreshes every 3 seconds
    deadline = time.monotonic() + 20
    while metric_value(facilitator) != "1" and time.monotonic() < deadline:
        facilitator.wait_for_timeout(500)
    assert metric_value(facilitator) == "1"
    screenshot(facilitator, "workshop-facilitator-after")
    (stored,) = store.responses(workshop.code)
    assert stored.answers == {"department": "verkoop", "age_band": "35-44", "use.email": "daily"}
    laptop.close()
    phone.close()
    store.close()
