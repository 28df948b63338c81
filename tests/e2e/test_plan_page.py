"""The Plan page in a real browser: the preview renders, downloads are offered, no error box."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def test_plan_page_shows_the_preview_and_download_buttons(page, app_url):
    page.set_viewport_size({"width": 1440, "height": 2400})
    page.goto(f"{app_url}/plan")
    wait_for_app(page)
    page.get_by_role("heading", name="Adoptieplan", exact=True).wait_for(timeout=60_000)
    page.get_by_role("heading", name="Adoptieplan Microsoft Teams").wait_for(timeout=60_000)
    page.get_by_role("heading", name="Redactie").first.wait_for()
    wait_for_app(page)
    errors = page.locator("[data-testid='stException'], [data-testid='stAlertContentError']")
    assert errors.count() == 0, errors.all_inner_texts()
    page.get_by_text("Word downloaden").wait_for(timeout=60_000)  # a loaded machine draws it later
    assert page.get_by_text("Word downloaden").count() == 1
    assert page.locator("[data-testid='stDownloadButton']").count() == 3
    with page.expect_download() as download:
        page.get_by_text("HTML downloaden").click()
    assert download.value.suggested_filename.startswith("adoptieplan-teams-")
    screenshot(page, "plan")
