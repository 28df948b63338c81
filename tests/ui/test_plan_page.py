"""AppTest for the Plan page: renders on the demo, offers downloads, follows the plan language."""

from __future__ import annotations

import datetime as dt

from tests.ui.conftest import open_app, texts


def _plan_page(locale: str = "nl-NL"):
    at = open_app(locale, page="plan")
    at.date_input(key="plan_start").set_value(dt.date(2027, 1, 4)).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_plan_page_previews_the_demo_plan_and_offers_three_downloads():
    at = _plan_page()
    assert at.title[0].value == "Adoptieplan"
    page = texts(at)
    assert "Adoptieplan Microsoft Teams" in page and "Redactie" in page and "Overige medewerkers" in page
    assert "4 januari 2027" in page
    buttons = at.get("download_button")
    assert len(buttons) == 3
    assert not at.error


def test_the_plan_language_switch_writes_the_plan_in_english():
    at = _plan_page()
    at.radio(key="plan_lang").set_value("en").run()
    page = texts(at)
    assert "Adoption plan Microsoft Teams" in page and "Editorial" in page
    assert at.title[0].value == "Adoptieplan"  # the page itself stays in the user's language


def test_english_users_get_an_english_page_and_plan_by_default():
    at = _plan_page("en-GB")
    assert at.title[0].value == "Adoption plan"
    assert "Peace outside working hours" in texts(at)


def test_retired_platforms_are_not_offered_and_the_winner_is_the_default():
    at = _plan_page()
    select = at.selectbox(key="plan_platform")
    assert "workplace" not in select.options and "skype_for_business" not in select.options
    assert "Workplace from Meta" not in select.options
    assert select.value == "teams"
