"""Every dashboard page in a real browser: it renders, charts draw, and no error box appears."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.e2e.conftest import each_view, screenshot, wait_for_app

pytestmark = pytest.mark.e2e

PAGES = [  # url path, Dutch heading, minimum number of plotly charts
    ("", "Stem van de medewerkers", 1),  # one section at a time: the others are checked below
    ("vergelijken", "Platforms vergelijken", 1),  # the other charts once their sections are open
    ("catalogus", "Platformcatalogus", 0),
    ("gegevens", "Gegevens", 0),
]


def _assert_no_error(page) -> None:
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.locator("[data-testid='stAlertContentError']").count() == 0
    assert page.get_by_text("Page not found").count() == 0


@pytest.mark.parametrize("path, heading, min_charts", PAGES)
def test_page_renders_with_charts_and_without_errors(page, app_url, path, heading, min_charts):
    page.set_viewport_size({"width": 1440, "height": 3200})
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    page.get_by_role("heading", name=heading).wait_for()
    if min_charts:
        page.locator(".js-plotly-plot .main-svg").nth(min_charts - 1).wait_for(timeout=60_000)
        assert page.locator(".js-plotly-plot").count() >= min_charts
    _assert_no_error(page)
    screenshot(page, path or "stem")
    for _ in each_view(page, path):  # every Staff voice tab, every Compare section
        _assert_no_error(page)


def test_language_switch_and_navigation_in_the_browser(page, app_url):
    page.goto(app_url)
    wait_for_app(page)
    page.locator("[data-testid='stSidebar']").get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Staff voice").wait_for()
    page.get_by_role("link", name="Compare platforms").click()
    page.get_by_role("heading", name="Compare platforms").wait_for()
    wait_for_app(page)
    page.locator(".js-plotly-plot").first.wait_for()
    _assert_no_error(page)


def test_upload_an_export_in_the_browser_shows_the_import_report(page, app_url):
    page.goto(f"{app_url}/gegevens")
    wait_for_app(page)
    page.get_by_text("Eigen enquête importeren").click()
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").first.set_input_files(
        str(ROOT / "surveys" / "demo" / "demo-googleforms.csv")
    )
    page.get_by_role("button", name="Importeren").click()
    page.get_by_text("Google Forms").first.wait_for(timeout=60_000)
    wait_for_app(page)
    page.get_by_text("Verwijderd ter bescherming van de privacy").wait_for()
    _assert_no_error(page)
    screenshot(page, "gegevens-upload")
