"""Never invent, never crash: pages on an export without the importance questions, and the demo banner.

The data comes from real native-format exports in tests/fixtures/missing/ (see its README), set as
the session's dataset the way the Data page does after an upload.
"""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from advisor.ui.state import Dataset
from tests.conftest import FIXTURES, ROOT
from tests.ui.conftest import PAGES, charts, each_section, texts

MISSING = FIXTURES / "missing"
DASHBOARD_PAGES = ("voice", "compare", "plan", "catalog", "data")  # the pages with survey figures
IMPORTANCE_TEXT_EN = "How important is privacy and confidentiality to you in a work platform?"
IMPORTANCE_TEXT_NL = "Hoe belangrijk is privacy en vertrouwelijkheid voor jou in een werkplatform?"


def open_with(name: str | None, page: str | None = None, locale: str = "en-US") -> AppTest:
    """The app with an uploaded fixture export (``None``: the demo), on ``page``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.context["locale"] = locale
    if name is not None:
        at.session_state["dataset"] = Dataset("upload", name, (MISSING / name).read_bytes())
    at.run()
    if page:
        at.switch_page(str(PAGES / f"{page}.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _links_to_data_page(at: AppTest) -> bool:
    return any(link.proto.page == "gegevens" for link in at.get("page_link"))


def test_staff_voice_names_the_missing_questions_and_still_shows_channel_use():
    at = open_with("no-importance.csv")
    assert not at.exception and not at.error
    warnings = " ".join(w.value for w in at.warning)
    assert "The criterion weights cannot be computed" in warnings
    assert IMPORTANCE_TEXT_EN in warnings and "importance.privacy" not in warnings
    assert _links_to_data_page(at)
    assert "What weighs most?" in texts(at)  # the section is there, with the notice instead of figures
    elements = [element for section in each_section(at) for element in section.get("plotly_chart")]
    shown = {element.proto.id.rsplit("-", 1)[-1] for element in elements}
    assert {"chart_channels", "chart_risks", "chart_concerns"} <= shown  # need no importance answers
    assert "chart_weights" not in shown


def test_staff_voice_in_dutch_names_the_question_in_dutch():
    at = open_with("no-privacy.csv", locale="nl-NL")
    warnings = " ".join(w.value for w in at.warning)
    assert "De gewichten van de criteria zijn niet te berekenen" in warnings
    assert IMPORTANCE_TEXT_NL in warnings
    assert "controle" not in warnings  # only the one question that is missing is named


def test_compare_ranks_nothing_until_equal_weights_are_chosen_and_then_says_so():
    at = open_with("no-importance.csv", "compare")
    assert not at.exception and not at.error
    page = texts(at)
    assert "The criterion weights cannot be computed" in page and IMPORTANCE_TEXT_EN in page
    assert _links_to_data_page(at)
    choice = at.selectbox(key="weight_choice")
    assert choice.value is None and choice.options == ["Equal weights (chosen by you, not from the survey)"]
    assert not at.metric and not charts(at)  # no winner, no ranking
    assert not at.slider

    choice.set_value("equal").run()
    assert not at.exception
    assert "Weights: equal weights, chosen by you, not from the survey." in texts(at)
    assert at.metric and charts(at)


def test_compare_with_survey_weights_still_starts_from_the_survey():
    at = open_with(None, "compare")
    assert at.selectbox(key="weight_choice").value == "survey:organisation"


def test_plan_page_makes_no_plan_and_offers_no_download():
    at = open_with("no-importance.csv", "plan")
    assert not at.exception and not at.error
    page = texts(at)
    assert "No adoption plan can be made" in page and IMPORTANCE_TEXT_EN in page
    assert _links_to_data_page(at)
    assert not at.get("download_button")
    assert not at.selectbox  # no platform is proposed, not even the alphabetically first


@pytest.mark.parametrize("page", DASHBOARD_PAGES)
def test_demo_banner_is_on_every_page_while_the_demo_is_in_use(page):
    at = open_with(None, page, locale="nl-NL")
    banner = [i.value for i in at.info if "Demo-gegevens" in i.value]
    assert banner and "Delta Media Groep" in banner[0] and "Gegevens" in banner[0]
    assert _links_to_data_page(at)


@pytest.mark.parametrize("page", ("workshop", "live", "dossier"))
def test_no_demo_banner_where_no_demo_figures_are_shown(page):
    # the workshop pages show a workshop's own answers (and Live is on the projector); the Dossier
    # page says itself what is kept
    at = open_with(None, page, locale="nl-NL")
    assert not any("Demo-gegevens" in i.value for i in at.info)


@pytest.mark.parametrize("page", ("voice", "compare", "plan", "data"))
def test_no_demo_banner_after_an_upload(page):
    at = open_with("no-privacy.csv", page)
    assert not any("Demo data" in i.value for i in at.info)
