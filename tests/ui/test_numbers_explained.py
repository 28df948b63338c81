"""Say what the numbers are (issue 15): one explanation of the counts with the survey's own figures,
effective weights beside the sliders, weights in whole percentages with disagreement in its own
table, the preferred platform per group through the anonymity engine, Dutch number formats, the
segment choice limited to the data, plain-words help, and a text alternative for every chart."""

from __future__ import annotations

import base64
import io
import json
import re

import numpy as np
import pandas as pd
import pytest

from advisor.analysis.preferred import preferred_platform
from advisor.analysis.summary import summarise
from advisor.i18n import t
from advisor.survey.importer import import_survey
from advisor.survey.questionnaire import default_questionnaire
from tests.conftest import ROOT
from tests.ui.conftest import each_section, every_chart, open_app, texts

DEMO = ROOT / "surveys" / "demo"


@pytest.fixture(scope="module")
def demo():
    """The demo organisation as the dashboard reads it: answers, questionnaire, summary."""
    q = default_questionnaire(DEMO / "organisation.yaml")
    answers = import_survey(DEMO / "demo-native.csv", questionnaire=q, lang="en").answers
    return answers, q, summarise(answers, q, bootstrap=0)


def _chart(at, title_start: str) -> dict:
    """The plotly spec whose text alternative starts with ``title_start``, in any Staff voice section."""
    for section in each_section(at):
        for element in section.get("plotly_chart"):
            if element.proto.alt.startswith(title_start):
                return json.loads(element.proto.spec)
    raise AssertionError(f"no chart described as {title_start!r}")


def _values(encoded: dict | list) -> np.ndarray:
    """A plotly array from the figure JSON (plotly 6+ writes numpy arrays as base64 typed arrays)."""
    if isinstance(encoded, dict):
        data = np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"])
        return data.reshape([int(n) for n in str(encoded.get("shape", len(data))).split(",")])
    return np.asarray(encoded, dtype=float)


def _expander_text(at, label: str) -> str:
    expander = next(e for e in at.expander if e.label == label)
    return "\n".join(m.value for m in expander.markdown)


# ---------------------------------------------------------------- the count explanation
def test_the_count_explanation_gives_respondents_weight_vectors_and_a_group_that_differs(demo):
    _, _, summary = demo
    at = open_app("en-US")
    explained = _expander_text(at, t("screens.counts.title", "en"))
    weighted = summary.organisation.weighted_n
    assert f"**{summary.total}** responses are used" in explained
    assert f"**{weighted}** of them have a weight vector" in explained
    assert f"({summary.excluded_from_weights} did not)" in explained
    # the group whose two counts differ is named with both, so "44 here, 43 there" is explained
    group = next(g for g in summary.segments.values() if not g.suppressed and g.weighted_n < g.n)
    assert f"{group.n} responses, {group.weighted_n} with weights" in explained

    compare = open_app("en-US", "compare")
    assert f'Compare says "{weighted} respondents"' in _expander_text(
        compare, t("screens.counts.title", "en")
    )
    # ... and Compare's weight choice says exactly that number
    assert any(f"({weighted} respondents" in o for o in compare.selectbox(key="weight_choice").options)


def test_the_count_explanation_in_dutch_groups_thousands_with_a_dot(demo):
    at = open_app("nl-NL", "compare")
    explained = _expander_text(at, t("screens.counts.title", "nl"))
    assert "uit 5.000 trekkingen" in explained  # RANKING_SAMPLES, written the Dutch way


# ---------------------------------------------------------------- effective weights
def _effective(at) -> pd.DataFrame:
    table = next(tb.value for tb in at.table if t("screens.compare.effective", "en") in tb.value.columns)
    return table


def test_effective_weights_beside_the_sliders_add_up_to_100_and_follow_them():
    at = open_app("en-US", "compare")
    first = _effective(at)
    assert sum(int(v.rstrip("%")) for v in first["Effective"]) == 100

    at.slider(key="w_privacy").set_value(60).run()
    at.slider(key="w_control").set_value(0).run()
    table = _effective(at)
    total = sum(int(v) for v in table["Slider"])
    shares = [int(v.rstrip("%")) for v in table["Effective"]]
    assert sum(shares) == 100
    assert table.loc["Privacy and confidentiality", "Slider"] == "60"
    assert int(table.loc["Privacy and confidentiality", "Effective"].rstrip("%")) == round(100 * 60 / total)
    assert table.loc["Control", "Effective"] == "0%"
    assert f"the sliders add up to {total}" in texts(at)


def test_the_cost_weight_appears_among_the_effective_weights():
    at = open_app("en-US", "compare")
    at.slider(key="cost_weight").set_value(20).run()
    table = _effective(at)
    cost_row = [
        label
        for label in table.index
        if label
        not in {
            "Control",
            "Privacy and confidentiality",
            "Ease of use",
            "Integrations",
            "Work/private separation",
        }
    ]
    assert cost_row and table.loc[cost_row[0], "Effective"] == "20%"
    assert sum(int(v.rstrip("%")) for v in table["Effective"]) == 100


# ---------------------------------------------------------------- weights and disagreement
def test_weights_are_whole_percentages_and_disagreement_is_its_own_table_with_its_unit(demo):
    at = open_app("en-US")
    spec = _chart(at, "What weighs most")
    cells = spec["data"][0]["text"]
    assert all("±" not in cell for row in cells for cell in row)
    for row in cells:  # per group the shown percentages add up to 100
        assert sum(int(cell.rstrip("%")) for cell in row) == 100

    at.toggle(key="table_weights").set_value(True).run()
    table = next(df.value for df in at.dataframe if "Editorial" in df.value.index)
    assert all(str(c).endswith("(%)") for c in table.columns)
    assert (table.sum(axis=1) == 100).all()

    disagreement = next(e for e in at.expander if e.label.startswith("Disagreement per group"))
    assert "standard deviation" in disagreement.label and "1-5" in disagreement.label
    spread = disagreement.dataframe[0].value
    assert all(str(c).endswith("(sd, 1-5)") for c in spread.columns)
    values = spread.to_numpy(dtype=float)
    assert ((values >= 0) & (values <= 2.5)).all()  # a standard deviation on 1-5, not a share


# ---------------------------------------------------------------- the preferred platform
def test_the_preferred_platform_is_shown_per_group_with_the_organisation(demo):
    answers, q, summary = demo
    at = open_app("en-US")
    spec = _chart(at, "Which platform would you prefer")
    heat = spec["data"][0]
    assert heat["x"][-1] == "The whole organisation"
    assert "Legal affairs" not in heat["x"]  # a hidden group stays hidden here too
    expected = preferred_platform(answers, q, summary)
    whatsapp = q["preferred_platform"].label("whatsapp", "en")
    row = heat["y"].index(whatsapp)
    column = heat["x"].index("Editorial")
    assert _values(heat["z"])[row, column] == pytest.approx(expected.groups["editorial"]["whatsapp"].share)


def test_a_group_with_too_few_answers_to_the_question_is_withheld_but_still_counted(demo):
    answers, q, summary = demo
    blanked = answers.copy()
    it = blanked.index[blanked["department"] == "it"]
    blanked.loc[it[3:], "preferred_platform"] = pd.NA  # 3 of IT's answers left: below k = 5
    result = preferred_platform(blanked, q, summarise(blanked, q, bootstrap=0))
    assert result.groups["it"] is None and "it" in result.withheld
    assert result.groups["editorial"] is not None
    assert "legal" not in result.groups  # hidden for everything, not merely withheld
    # the remainder rule: the hidden answers pooled with IT's withheld ones still reach k
    others = sum(v["whatsapp"].n for v in result.groups.values() if v is not None)
    assert result.organisation["whatsapp"].n - others >= summary.min_group


def test_raising_the_threshold_hides_the_small_groups_from_the_preferred_platform_too():
    at = open_app("en-US")
    at.session_state["min_group"] = 40
    at.run()
    heat = _chart(at, "Which platform would you prefer")["data"][0]
    assert "IT" not in heat["x"] and "Management and staff" not in heat["x"]
    assert "Editorial" in heat["x"]


# ---------------------------------------------------------------- Dutch formats
def test_dutch_figures_use_a_decimal_comma_and_english_ones_a_point():
    nl = open_app("nl-NL")
    assert all(chart["layout"]["separators"] == ",." for chart in every_chart(nl))
    nl.session_state["voice_section"] = t("screens.voice.tabs.attitude", "nl")
    nl.run()
    willing = next(tb.value for tb in nl.table if "Gemiddeld (1-5)" in tb.value.columns)
    assert all(re.fullmatch(r"\d,\d\d?", v) for v in willing["Gemiddeld (1-5)"])
    assert willing.index[-1] == "De hele organisatie"  # the organisation row in every per-group table
    en = open_app("en-US")
    assert all(chart["layout"]["separators"] == ".," for chart in every_chart(en))
    en.session_state["voice_section"] = t("screens.voice.tabs.attitude", "en")
    en.run()
    willing = next(tb.value for tb in en.table if "Mean (1-5)" in tb.value.columns)
    assert all(isinstance(v, float) for v in willing["Mean (1-5)"])


def test_compare_writes_scores_and_chances_the_dutch_way():
    at = open_app("nl-NL", "compare")
    ranking = next(e.proto.alt for e in at.get("plotly_chart") if "staat bovenaan" in e.proto.alt)
    assert re.search(r"\(\d,\d\d\)", ranking) and not re.search(r"\(\d\.\d\d\)", ranking)


# ---------------------------------------------------------------- the segment choice
def test_the_segment_choice_offers_only_questions_the_export_answers(tmp_path):
    frame = pd.read_csv(DEMO / "demo-native.csv", dtype=str)
    without = frame.drop(columns=["location", "role"])
    buffer = io.StringIO()
    without.to_csv(buffer, index=False)
    at = open_app("en-US", "data")
    at.radio(key="data_source").set_value("upload").run()
    at.file_uploader(key="upload_file").set_value(("no-location.csv", buffer.getvalue().encode(), "text/csv"))
    at.button(key="FormSubmitter:upload_form-Import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    options = at.selectbox(key="_segment_by").options
    assert "Department" in options
    assert not {"Location", "Role"} & set(options)


# ---------------------------------------------------------------- help and text alternatives
def test_method_topsis_and_bootstrap_are_explained_in_plain_words():
    at = open_app("en-US", "compare")
    terms = _expander_text(at, t("screens.compare.terms_title", "en"))
    for term in ("**Weighted sum:**", "**TOPSIS:**", "**Bootstrap:**", "**Chance of ranking first:**"):
        assert term in terms
    assert at.radio(key="method").help == t("screens.compare.method_help", "en")


@pytest.mark.parametrize("page", [None, "compare"])
def test_every_chart_has_a_summary_as_its_text_alternative_and_under_it(page):
    at = open_app("en-US", page)
    elements = at.get("plotly_chart")
    assert elements
    captions = {c.value for c in at.caption}
    for element in elements:
        assert element.proto.alt.strip(), json.loads(element.proto.spec)["data"][0].get("type")
        assert element.proto.alt in captions  # the same sentence for everyone


def test_the_page_style_survives_the_html_sanitiser():
    """st.html passes its body through DOMPurify, which drops a <style> with a '<' in its text
    (a comment naming <html lang> once switched every phone layout off)."""
    at = open_app("nl-NL")
    style = next(h.proto.body for h in at.get("html") if "st-key-wide_" in h.proto.body)
    inner = style.strip().removeprefix("<style>").removesuffix("</style>")
    assert "<" not in inner


def test_the_page_frame_sets_the_interface_language_and_localises_streamlits_labels():
    at = open_app("nl-NL")
    frame = next(h.proto.body for h in at.get("html") if "documentElement.lang" in h.proto.body)
    assert 'state.lang = "nl"' in frame and "Naar de hoofdinhoud" in frame
    at.sidebar.segmented_control[0].set_value("en").run()
    frame = next(h.proto.body for h in at.get("html") if "documentElement.lang" in h.proto.body)
    assert 'state.lang = "en"' in frame and "Naar de hoofdinhoud" not in frame
