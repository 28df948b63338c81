"""The mapping wizard in a real browser: an own-wording export from upload to the Staff voice page.

Screenshots of the Data page with the wizard (desktop, 1440x900) go to /tmp/wizard-*.png, to look
at as a first-time user would.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor.i18n import t
from tests.conftest import FIXTURES
from tests.e2e.conftest import wait_for_app

pytestmark = pytest.mark.e2e

EXPORT = FIXTURES / "wizard" / "googleforms-waterschap-veenland.csv"
SHOTS = Path("/tmp")


def _assert_no_error(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0


def _shoot(page, name: str, full_page: bool = False) -> None:
    page.screenshot(path=str(SHOTS / f"wizard-{name}.png"), full_page=full_page)


def test_an_own_wording_export_is_mapped_applied_and_weighted_in_the_browser(page, app_url):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(f"{app_url}/gegevens")
    wait_for_app(page)
    page.get_by_text(t("data.source_upload", "nl")).click()
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(str(EXPORT))
    page.get_by_role("button", name=t("data.import", "nl")).click()
    title = page.get_by_role("heading", name=t("wizard.title", "nl"))
    title.wait_for(timeout=60_000)
    wait_for_app(page)
    # step 1's editor and the preview's table are drawn (canvas grids), not skeletons
    page.locator("[data-testid='stDataFrame']:visible").first.wait_for()
    _assert_no_error(page)
    _shoot(page, "data-full", full_page=True)
    title.scroll_into_view_if_needed()
    _shoot(page, "step1")
    page.get_by_text(t("wizard.step_labels", "nl")).scroll_into_view_if_needed()
    _shoot(page, "step2")
    page.get_by_text(t("wizard.step_preview", "nl")).scroll_into_view_if_needed()
    _shoot(page, "preview")

    page.get_by_role("button", name=t("wizard.apply", "nl")).click()
    page.get_by_text(t("wizard.applied", "nl")).wait_for(timeout=60_000)
    wait_for_app(page)
    _assert_no_error(page)

    page.get_by_role("link", name=t("voice.title", "nl")).click()
    page.get_by_role("heading", name=t("voice.title", "nl")).wait_for()
    wait_for_app(page)
    page.get_by_role("tab", name=t("screens.voice.tabs.weights", "nl"), selected=True).wait_for()  # the first
    page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
    assert page.get_by_text("Zuivering").count() > 0
    assert page.get_by_text(t("notices.weights_missing", "nl").split("**")[1]).count() == 0
    _assert_no_error(page)
    _shoot(page, "voice", full_page=True)
