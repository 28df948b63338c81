"""AppTest: the app starts on the catalogue and speaks Dutch and English."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def _app(locale: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if locale:
        at.context["locale"] = locale
    return at


def test_app_runs_without_exception_and_shows_the_catalogue_in_dutch():
    at = _app().run()
    assert not at.exception
    assert at.title[0].value == "Platformcatalogus"
    table = at.dataframe[0].value
    assert "Slack" in set(table["Platform"])
    assert "Scheiding werk en privé" in table.columns


def test_english_browser_gets_english_and_the_switch_changes_language():
    at = _app("en-GB").run()
    assert at.title[0].value == "Platform catalogue"
    at.sidebar.segmented_control[0].set_value("nl").run()
    assert at.title[0].value == "Platformcatalogus"


def test_retired_platform_shows_its_migration_note():
    at = _app("en-US").run()
    at.selectbox(key="catalog_platform").set_value("workplace").run()
    assert not at.exception
    assert any("retired" in w.value for w in at.warning)
