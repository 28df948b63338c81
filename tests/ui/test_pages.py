"""AppTest for every page: demo story, both languages, uploads, sliders, must-haves, anonymity."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.ui.conftest import charts, every_chart, open_app, open_compare_sections, texts

DEMO = ROOT / "surveys" / "demo"
UPLOADS = {
    "native": ("demo-native.csv", None),
    "msforms": ("demo-msforms.xlsx", None),
    "googleforms": ("demo-googleforms.csv", None),
    "limesurvey": ("demo-limesurvey.csv", "demo-limesurvey.yaml"),
    "qualtrics": ("demo-qualtrics.csv", "demo-qualtrics.yaml"),
    "surveymonkey": ("demo-surveymonkey.csv", None),
}


def test_app_opens_on_the_demo_staff_voice_in_dutch():
    at = open_app()
    page = texts(at)
    assert at.title[0].value == "Stem van de medewerkers"
    table = at.dataframe[0].value
    assert {"Redactie", "Drukkerij en distributie"} <= set(table["Groep"])
    assert "Wat weegt zwaar?" in page
    assert len(every_chart(at)) >= 5
    at.session_state["voice_section"] = "Kanalen"  # the tab of "Hoe communiceren ze nu?"
    assert "Eilandjes" in texts(at.run())


def test_english_browser_locale_gives_english_and_the_switch_gives_dutch():
    at = open_app("en-US")
    assert at.title[0].value == "Staff voice"
    assert "What weighs most?" in texts(at)
    at.sidebar.segmented_control[0].set_value("nl").run()
    assert at.title[0].value == "Stem van de medewerkers"


def test_unknown_browser_locale_falls_back_to_dutch():
    assert open_app("de-DE").title[0].value == "Stem van de medewerkers"


def test_small_segment_is_shown_as_suppressed_without_figures():
    at = open_app("en-US")
    table = at.dataframe[0].value.set_index("Group")
    assert table.loc["Legal affairs", "Shown"] == "hidden (anonymity)"
    assert table.loc["Legal affairs", "Responses"] == "hidden"  # no size, not even "fewer than 5"
    hidden = [g for g in table.index if table.loc[g, "Shown"] == "hidden (anonymity)"]
    groups = [g for g in table.index if g not in ("Total", "Hidden groups together")]
    shown = sum(int(table.loc[g, "Responses"]) for g in groups if g not in hidden)
    total = int(table.loc["Total", "Responses"])
    # what the page lets anyone work out about the hidden groups is their pooled size, at least k
    assert total - shown == int(table.loc["Hidden groups together", "Responses"]) >= 5
    assert len(hidden) >= 2  # the small group is never the only one hidden
    for chart in every_chart(at):  # every section of the page
        for trace in chart["data"]:
            assert "Legal affairs" not in (trace.get("y") or []) and "Legal affairs" not in (
                trace.get("x") or []
            )


def test_every_chart_has_a_table_alternative():
    at = open_app("en-US")
    before = len(charts(at))
    at.toggle(key="table_weights").set_value(True).run()
    assert len(charts(at)) == before - 1
    assert any("Editorial" in df.value.index for df in at.dataframe)


def test_compare_page_ranks_with_p_first_and_shows_stability():
    at = open_compare_sections(open_app("en-US", "compare"))
    page = texts(at)
    assert at.title[0].value == "Compare platforms"
    assert "Ranked first with these weights" in page and "chance of ranking first" in page  # a near tie
    assert "Most sensitive is" in page
    assert len(charts(at)) >= 4


def _best(at) -> str:
    return next(
        m.value
        for m in at.metric
        if m.label
        in (
            "Best choice with these weights",
            "Beste keuze met deze gewichten",
            "Ranked first with these weights",
            "Bovenaan met deze gewichten",
        )
    )


def test_moving_a_weight_slider_changes_the_ranking():
    at = open_app("en-US", "compare")
    first = charts(at)[0]["data"][0]["y"]
    at.slider(key="w_privacy").set_value(100).run()
    at.slider(key="w_integrations").set_value(0).run()
    assert not at.exception
    assert charts(at)[0]["data"][0]["y"] != first
    assert "Adjusted with the sliders" in texts(at)
    at.button[0].click().run()  # reset to the survey weights
    assert charts(at)[0]["data"][0]["y"] == first


def test_must_have_toggle_excludes_platforms_with_the_reason():
    at = open_app("en-US", "compare")
    at.toggle(key="must_e2ee").set_value(True).run()
    excluded = next(tb.value for tb in at.table if "Reason" in tb.value.columns)
    assert "does not meet 'End-to-end encryption of messages'" in excluded.loc["Slack", "Reason"]
    assert "retired since 2026-06-01" in excluded.loc["Workplace from Meta", "Reason"]
    assert _best(at) in {"Threema Work", "Element (Matrix)", "Wire", "Signal", "WhatsApp"}


def test_segment_weights_can_be_chosen_and_suppressed_segments_cannot():
    at = open_app("en-US", "compare")
    options = at.selectbox(key="weight_choice").options
    assert any("Editorial" in o for o in options)
    assert not any("Legal" in o for o in options)


def test_override_needs_a_justification_and_is_shown_as_override():
    at = open_app("en-US", "compare")
    at.selectbox(key="detail_platform").set_value("slack").run()
    # widgets inside a form count only when the form is submitted: set them all, then submit
    at.selectbox(key="override_criterion").set_value("privacy")
    at.number_input(key="override_score").set_value(9.0)
    at.text_area(key="override_reason").input("too short")
    at.button(key="FormSubmitter:override_slack-Save override").click().run()
    assert "Write a reason of at least 20 characters" in texts(at)
    assert "Set by hand" not in texts(at)
    at.selectbox(key="override_criterion").set_value("privacy")
    at.number_input(key="override_score").set_value(9.0)
    at.text_area(key="override_reason").input(
        "Enterprise Key Management contract reviewed by our CISO in 2026."
    )
    at.button(key="FormSubmitter:override_slack-Save override").click().run()
    assert "Set by hand: Privacy and confidentiality = 9.0" in texts(at)


def test_catalogue_page_lists_platforms_with_lifecycle_and_facts():
    at = open_app("en-US", "catalog")
    table = at.dataframe[0].value.set_index("Platform")
    assert table.loc["Workplace from Meta", "Status"].startswith("retired since")
    facts = at.dataframe[1].value
    assert {"Source", "Checked on", "Verification"} <= set(facts.columns)


@pytest.mark.parametrize("fmt", sorted(UPLOADS))
def test_uploading_each_export_format_shows_the_import_report(fmt):
    name, mapping = UPLOADS[fmt]
    at = open_app("en-US", "data")
    at.radio(key="data_source").set_value("upload").run()
    kind = (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        if name.endswith("xlsx")
        else "text/csv"
    )
    at.file_uploader(key="upload_file").set_value((name, (DEMO / name).read_bytes(), kind))
    if mapping:
        mapping_path = ROOT / "surveys" / "mappings" / mapping
        at.file_uploader(key="upload_mapping").set_value(
            (mapping, mapping_path.read_bytes(), "application/yaml")
        )
    at.button(key="FormSubmitter:upload_form-Import").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Responses used"]) >= 390
    page = texts(at)
    assert f"**File:** {name}" in page
    if fmt != "native":
        assert "Removed to protect privacy" in page


def test_a_broken_upload_gives_a_clear_message_not_a_traceback():
    at = open_app("en-US", "data")
    at.radio(key="data_source").set_value("upload").run()
    at.file_uploader(key="upload_file").set_value(("broken.csv", b"\x00\x01\x02binary\xff\xfe", "text/csv"))
    at.button(key="FormSubmitter:upload_form-Import").click().run()
    assert not at.exception
    assert "broken.csv" in at.error[0].value
