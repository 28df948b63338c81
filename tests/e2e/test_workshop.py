"""Real browser: a participant submits on a phone-sized screen while the facilitator's page, logged
in on a laptop-sized screen, shows the response count go up without being reloaded."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.config import embedded_url
from advisor.workshop import answers as wa
from advisor.workshop.auth import hash_password
from advisor.workshop.store import Store
from tests.conftest import ROOT
from tests.e2e.conftest import _free_port, screenshot, wait_for_app

pytestmark = pytest.mark.e2e
PASSWORD = "beamer-in-zaal-3"


@pytest.fixture(scope="module")
def workshop_server(
    chromium_path: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """`streamlit run` with its own data directory and a facilitator password set in the environment."""
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("workshop-data")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ADVISOR_DATA_DIR": str(data_dir),
        "ADVISOR_FACILITATOR_PASSWORD_HASH": hash_password(PASSWORD),
        "ADVISOR_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("ADVISOR_DATABASE_URL", None)
    log = (data_dir / "streamlit.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail(f"streamlit did not become healthy in 60 s: {(data_dir / 'streamlit.log').read_text()}")
    yield url, data_dir
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


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
    assert stored.answers == {"department": "verkoop", "age_band": "35-44"}
    laptop.close()
    phone.close()
    store.close()
