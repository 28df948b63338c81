"""Every dashboard page in a real browser: it renders, charts draw, and no error box appears."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def _assert_no_error(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert page.get_by_text("Page not found").count() == 0


def test_catalogue_page_renders_the_platform_table(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("heading", name="Platformcatalogus").wait_for()
    page.locator("[data-testid='stDataFrame']").first.wait_for()
    _assert_no_error(page)
    screenshot(page, "catalogue")
