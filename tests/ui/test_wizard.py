"""AppTest for the Data page's mapping wizard: columns to questions, answers to values, preview,
apply, download and upload again; and the questionnaire downloads.

The exports are other organisations' own surveys (tests/fixtures/wizard/build.py): a Dutch water
board's Google Forms export, an English housing association's SurveyMonkey export and an HR tool's
export whose headers are only codes.

AppTest cannot type into a data_editor cell (``set_value`` raises AppTestError in 1.67), so an edit
is made the way the browser sends it: the editor's edit state (``edited_rows``, ``added_rows``,
``deleted_rows``) is put in ``session_state`` under the editor's key before the next run. The
editor's ``.value`` in AppTest stays the frame the page passed in, so the effect of an edit is read
from what the page does with it (the next step, the preview, the downloaded mapping).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test_module
import yaml
from streamlit.runtime.memory_media_file_storage import MemoryFile, MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from advisor.i18n import t
from advisor.survey.importer import import_survey, suggest_mapping
from advisor.survey.mapping import dump_mapping, load_mapping
from advisor.survey.questionnaire import default_questionnaire
from advisor.survey.templates import TOOLS
from tests.conftest import FIXTURES
from tests.ui.conftest import PAGES, every_chart, open_app, texts

WIZARD = FIXTURES / "wizard"
VEENLAND = WIZARD / "googleforms-waterschap-veenland.csv"  # Dutch, Google Forms
HARBOUR = WIZARD / "surveymonkey-harbour-hill.csv"  # English, SurveyMonkey
CODES = WIZARD / "personeelspeiling-codes.csv"  # headers V01..V11 only
LOCALE = {"nl": "nl-NL", "en": "en-US"}
QUESTIONNAIRE = default_questionnaire()
AN_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)?$")

# ---------------------------------------------------------------- reading download buttons
_STORES: list[MemoryMediaFileStorage] = []


class _KeptMediaStorage(MemoryMediaFileStorage):
    """AppTest's in-memory media store, kept after the run so a download's bytes can be read."""

    def __init__(self, media_endpoint: str) -> None:
        super().__init__(media_endpoint)
        _STORES.append(self)


@pytest.fixture(autouse=True)
def _keep_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    _STORES.clear()
    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", _KeptMediaStorage)


def downloaded(button) -> MemoryFile:
    """The file behind a rendered download button (its URL points into the run's media store)."""
    for store in reversed(_STORES):
        for file_id, file in store._files_by_id.items():
            if store.get_url(file_id) == button.proto.url:
                return file
    raise LookupError(f"no file for download button {button.label!r}")


def download_button(at: AppTest, label: str):
    return next(b for b in at.get("download_button") if b.label == label)


# ---------------------------------------------------------------- driving the page
def upload(
    name: str,
    data: bytes,
    lang: str = "nl",
    mapping: tuple[str, bytes] | None = None,
) -> AppTest:
    """Open the Data page, choose upload, attach the export (and a mapping file), click Import."""
    at = open_app(LOCALE[lang], "data")
    at.radio(key="data_source").set_value("upload").run()
    at.file_uploader(key="upload_file").set_value((name, data, "text/csv"))
    if mapping:
        at.file_uploader(key="upload_mapping").set_value((*mapping, "application/yaml"))
    at.button(key=f"FormSubmitter:upload_form-{t('data.import', lang)}").click().run()
    assert_no_traceback(at)
    return at


def upload_file(path: Path, lang: str = "nl", mapping: tuple[str, bytes] | None = None) -> AppTest:
    return upload(path.name, path.read_bytes(), lang, mapping)


def assert_no_traceback(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def columns_editor(at: AppTest):
    return next(e for e in at.data_editor if e.key.startswith("wizard_columns_"))


def labels_editors(at: AppTest) -> dict[str, object]:
    """Step 2's editors by question id (key: wizard_labels_<digest>_<question id>_<position>)."""
    out = {}
    for editor in at.data_editor:
        if editor.key.startswith("wizard_labels_"):
            question = editor.key.removeprefix("wizard_labels_").split("_", 1)[1].rsplit("_", 1)[0]
            out[question] = editor
    return out


def edit(at: AppTest, editor, rows: dict[int, dict[str, object]]) -> None:
    """Edit cells the way the browser sends it, then rerun."""
    at.session_state[editor.key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()
    assert_no_traceback(at)


def row_of(editor, column: str, text: str) -> int:
    frame = editor.value.reset_index(drop=True)
    matches = frame.index[frame[column].astype(str).str.contains(text, regex=False)]
    assert len(matches) == 1, (text, frame[column].tolist())
    return int(matches[0])


def mapping_download(at: AppTest, lang: str = "nl") -> dict:
    return yaml.safe_load(downloaded(download_button(at, t("wizard.download", lang))).content)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: str(m.value) for m in at.metric}


def preview_groups(at: AppTest, lang: str) -> pd.DataFrame:
    size = t("wizard.size", lang)
    table = next(d.value for d in at.dataframe if size in d.value.columns)
    return table.set_index(table.columns[0])


def question_text(qid: str, lang: str) -> str:
    return QUESTIONNAIRE[qid].text.get(lang)


def option_label(qid: str, value: object, lang: str) -> str:
    return f"{value} · {QUESTIONNAIRE[qid].label(value, lang)}"


# ---------------------------------------------------------------- 1. step 1: columns
@pytest.mark.parametrize(
    "export, lang, team_column, identity",
    [
        (VEENLAND, "nl", "Bij welk team of welke afdeling zit je?", "E-mailadres"),
        (HARBOUR, "en", "Which team are you part of?", "IP Address"),
    ],
)
def test_step_one_shows_each_question_column_with_its_question_in_words(export, lang, team_column, identity):
    at = upload_file(export, lang)
    editor = columns_editor(at)
    frame = editor.value
    questions = frame.set_index("column")["question"]
    assert questions[team_column] == question_text("department", lang)
    importance = next(c for c in questions.index if "group" in c.lower() or "groep" in c.lower())
    assert questions[importance] == question_text("importance.control", lang)
    assert not any(identity in c for c in questions.index)  # personal data is never offered
    choices = json.loads(editor.proto.columns)["question"]["type_config"]["options"]
    for shown in [*questions, *choices]:
        assert shown and shown not in ("None", "nan") and not AN_ID.match(shown), shown
    assert set(questions) <= set(choices)
    assert t("wizard.title", lang) in texts(at)


def test_a_question_changed_in_step_one_changes_step_two_and_the_mapping():
    at = upload_file(VEENLAND)
    editor = columns_editor(at)
    mail = row_of(editor, "column", "[Mail]")
    remarks = row_of(editor, "column", "opmerkingen of tips")
    edit(
        at,
        editor,
        {
            mail: {"question": question_text("use.intranet", "nl")},
            remarks: {"question": t("wizard.not_a_question", "nl")},
        },
    )
    editors = labels_editors(at)
    assert "use.intranet" in editors and "use.email" not in editors
    columns = mapping_download(at)["columns"]
    assert columns["Hoe vaak gebruik je deze middelen voor je werk? [Mail]"] == "use.intranet"
    assert columns["Heb je verder nog opmerkingen of tips?"] is None
    assert metrics(at)[t("wizard.mapped_columns", "nl")] == "11"


# ---------------------------------------------------------------- 2. step 2: answer labels
@pytest.mark.parametrize(
    "export, lang, unknown, meant",
    [(VEENLAND, "nl", "Mij om het even", 3), (HARBOUR, "en", "Depends which app", 3)],
)
def test_an_unrecognised_label_comes_first_empty_and_counts_once_given_a_value(export, lang, unknown, meant):
    at = upload_file(export, lang)
    willingness = labels_editors(at)["willingness"]
    first = willingness.value.iloc[0]
    no_value = t("score.not_answered", lang)  # said in words: an empty cell reads "None" in the browser
    assert (first["label"], first["value"], first["check"]) == (unknown, no_value, "⚠")
    assert (willingness.value.iloc[1:]["value"] != no_value).all()
    left_empty = int(first["count"])
    assert metrics(at)[t("wizard.empty_values", lang)] == str(left_empty)

    edit(at, willingness, {0: {"value": option_label("willingness", meant, lang)}})
    assert metrics(at)[t("wizard.empty_values", lang)] == "0"
    assert t("wizard.left_empty", lang) not in texts(at)
    assert mapping_download(at, lang)["values"]["willingness"][unknown] == meant


def test_own_frequency_and_importance_words_get_their_values():
    at = upload_file(VEENLAND)
    editors = labels_editors(at)
    use = editors["use.email"].value.set_index("label")["value"]
    assert use["Een paar keer per maand"] == QUESTIONNAIRE["use.email"].label("monthly", "nl")
    assert use["Een paar keer per week"] == QUESTIONNAIRE["use.email"].label("weekly", "nl")
    importance = editors["importance.control"].value.set_index("label")["value"]
    assert importance["1 - Maakt me niet uit"] == option_label("importance.control", 1, "nl")
    assert importance["5 - Onmisbaar"] == option_label("importance.control", 5, "nl")


# ---------------------------------------------------------------- 3. step 3: preview
@pytest.mark.parametrize(
    "export, lang, respondents, sizes, small",
    [
        (
            VEENLAND,
            "nl",
            60,
            {"Zuivering": 18, "Dijken en peilbeheer": 16, "Vergunningen en handhaving": 12},
            {"Bestuurssecretariaat": 3},
        ),
        (HARBOUR, "en", 47, {"Repairs": 14, "Lettings": 12, "Neighbourhoods": 10}, {"Board office": 2}),
    ],
)
def test_preview_shows_respondents_groups_and_weights_and_hides_small_groups(
    export, lang, respondents, sizes, small
):
    at = upload_file(export, lang)
    assert metrics(at)[t("wizard.respondents", lang)] == str(respondents)
    groups = preview_groups(at, lang)
    size = t("wizard.size", lang)
    hidden = t("voice.suppressed", lang)
    criteria = [c for c in groups.columns if c != size]
    assert len(criteria) == 5
    for name, n in sizes.items():
        assert groups.loc[name, size] == str(n)
        weights = [float(groups.loc[name, c].rstrip("%")) for c in criteria]
        assert 97 <= sum(weights) <= 103, weights  # shares of one, each rounded
    for name in small:
        assert groups.loc[name, size] == hidden
    assert t("wizard.hidden", lang, k=5)[1:] in texts(at)  # why, under the table
    for name, row in groups.iterrows():
        if row[size] == hidden:  # a hidden group (also a complement) shows neither size nor weights
            assert set(row[criteria]) == {"–"}, name
        else:
            assert int(row[size]) >= 5
    empty = next(d.value for d in at.dataframe if t("wizard.column", lang) in d.value.columns)
    willingness_column = next(c for c in empty[t("wizard.column", lang)] if "platform" in c)
    assert int(empty.set_index(t("wizard.column", lang)).loc[willingness_column, t("wizard.count", lang)]) > 0


# ---------------------------------------------------------------- 4. apply
def _voice(at: AppTest) -> AppTest:
    at.switch_page(str(PAGES / "voice.py")).run()
    assert_no_traceback(at)
    return at


def test_apply_makes_every_page_use_the_mapping():
    at = upload_file(VEENLAND)
    willingness = labels_editors(at)["willingness"]
    edit(at, willingness, {0: {"value": option_label("willingness", 3, "nl")}})
    confirmed = downloaded(download_button(at, t("wizard.download", "nl"))).content.decode()
    at.button(key=next(b.key for b in at.button if b.label == t("wizard.apply", "nl"))).click().run()
    assert_no_traceback(at)
    assert t("wizard.applied", "nl") in texts(at)
    assert at.session_state["dataset"].mapping == confirmed
    assert not any(t("data.value_problems", "nl", count=4) in e.label for e in at.expander)

    _voice(at)
    page = texts(at)
    assert not at.error and t("notices.weights_missing", "nl").split("**")[1] not in page
    heatmaps = [c for c in every_chart(at) if c["data"] and c["data"][0].get("type") == "heatmap"]
    assert any("Zuivering" in (c["data"][0].get("y") or []) for c in heatmaps)

    at.switch_page(str(PAGES / "compare.py")).run()
    assert_no_traceback(at)
    assert any("Zuivering" in o for o in at.selectbox(key="weight_choice").options)


def test_columns_that_match_nothing_open_the_wizard_to_map_them_by_hand():
    at = upload_file(CODES)
    assert [e.value for e in at.error] == [at.error[0].value]  # the import error, once
    assert CODES.name in at.error[0].value
    editor = columns_editor(at)
    assert list(editor.value["column"]) == ["Respondentnummer", *(f"V{i:02d}" for i in range(1, 12))]
    targets = [
        None,
        "department",
        "use.email",
        "use.teams",
        "use.whatsapp",
        "use.sms_phone",
        "importance.control",
        "importance.privacy",
        "importance.usability",
        "importance.integrations",
        "importance.separation",
        "willingness",
    ]
    edit(
        at,
        editor,
        {
            row: {"question": question_text(qid, "nl") if qid else t("wizard.not_a_question", "nl")}
            for row, qid in enumerate(targets)
        },
    )
    assert t("wizard.no_weights", "nl") not in texts(at)
    assert preview_groups(at, "nl").loc["Zuivering", t("wizard.size", "nl")] == "18"
    at.button(key=next(b.key for b in at.button if b.label == t("wizard.apply", "nl"))).click().run()
    assert_no_traceback(at)
    assert not at.error and t("wizard.applied", "nl") in texts(at)
    _voice(at)
    assert not at.error and not at.warning
    assert any("Zuivering" in (c["data"][0].get("y") or []) for c in every_chart(at) if c["data"])


# ---------------------------------------------------------------- 5. download and upload again
def test_the_downloaded_mapping_uploaded_again_gives_identical_answers(tmp_path):
    first = upload_file(VEENLAND)
    edit(first, labels_editors(first)["willingness"], {0: {"value": option_label("willingness", 3, "nl")}})
    remarks = row_of(columns_editor(first), "column", "opmerkingen of tips")
    edit(first, columns_editor(first), {remarks: {"question": t("wizard.not_a_question", "nl")}})
    file = downloaded(download_button(first, t("wizard.download", "nl")))
    assert file.filename == "googleforms-waterschap-veenland-mapping.yaml"
    text = file.content.decode("utf-8")
    load_mapping(yaml.safe_load(text), QUESTIONNAIRE, "nl")  # a valid mapping file
    first.button(key=next(b.key for b in first.button if b.label == t("wizard.apply", "nl"))).click().run()

    second = upload_file(VEENLAND, mapping=(file.filename, file.content))
    assert not second.error
    assert second.session_state["dataset"].mapping == first.session_state["dataset"].mapping == text

    saved = tmp_path / file.filename
    saved.write_bytes(file.content)
    applied = import_survey(
        VEENLAND.read_bytes(), filename=VEENLAND.name, mapping=yaml.safe_load(text), lang="nl"
    )
    again = import_survey(VEENLAND.read_bytes(), filename=VEENLAND.name, mapping=saved, lang="nl")
    pd.testing.assert_frame_equal(applied.answers, again.answers)
    assert again.answers["comment"].isna().all() and again.report.value_problem_counts == {}

    assert metrics(first) == metrics(second)
    assert preview_groups(first, "nl").equals(preview_groups(second, "nl"))
    assert downloaded(download_button(second, t("wizard.download", "nl"))).content == file.content
    for at in (first, second):
        _voice(at).toggle(key="table_weights").set_value(True).run()
    weights = [next(d.value for d in at.dataframe if "Zuivering" in d.value.index) for at in (first, second)]
    pd.testing.assert_frame_equal(*weights)


# ---------------------------------------------------------------- 6. uploads that go wrong
def test_a_broken_upload_gives_one_clear_message_and_no_empty_wizard():
    at = upload("personeel.csv", b"\x00\x01\x02PK\xff\xfe binary", "nl")
    assert len(at.error) == 1 and "personeel.csv" in at.error[0].value
    assert t("wizard.title", "nl") not in texts(at) and not at.data_editor
    assert {b.label for b in at.get("download_button")} == {t(f"survey.formats.{x}", "nl") for x in TOOLS}


def _harbour_mapping() -> bytes:
    suggestions = suggest_mapping(HARBOUR.read_bytes(), filename=HARBOUR.name, questionnaire=QUESTIONNAIRE)
    return dump_mapping(suggestions.mapping()).encode()


def test_a_mapping_file_for_another_export_is_refused_and_the_wizard_stays():
    at = upload_file(VEENLAND, "en", mapping=("harbour-hill-mapping.yaml", _harbour_mapping()))
    assert len(at.error) == 1
    message = at.error[0].value
    assert VEENLAND.name in message and "probably belongs to another export" in message
    assert "Which team are you part of? | Response" in message
    assert columns_editor(at).value.shape[0] == 12  # this export's columns, to map here instead


def test_a_mapping_file_for_another_export_is_named_in_the_message():
    at = upload_file(VEENLAND, "en", mapping=("harbour-hill-mapping.yaml", _harbour_mapping()))
    assert "harbour-hill-mapping.yaml" in at.error[0].value


@pytest.mark.parametrize(
    "content", [b"columns: [V01, V02\n", b"- V01: department\n- V02: use.email\n"], ids=["not-yaml", "a-list"]
)
def test_a_mapping_file_that_is_no_mapping_is_refused_naming_it(content):
    at = upload_file(CODES, "en", mapping=("our-mapping.yaml", content))
    assert len(at.error) == 1
    assert "our-mapping.yaml" in at.error[0].value and CODES.name in at.error[0].value
    assert at.session_state["dataset"].kind == "demo"  # nothing imported with it


# ---------------------------------------------------------------- 7. the questionnaire to send
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_questionnaire_downloads_once_per_tool_with_a_file(lang):
    at = open_app(LOCALE[lang], "data")
    assert any(e.label == t("wizard.send_title", lang) for e in at.expander)
    buttons = {b.label: downloaded(b) for b in at.get("download_button")}
    assert set(buttons) == {t(f"survey.formats.{tool}", lang) for tool in TOOLS}
    for tool in TOOLS:
        file = buttons[t(f"survey.formats.{tool}", lang)]
        assert len(file.content) > 1000 and file.filename.endswith(f"-{lang}" + Path(file.filename).suffix)
    assert buttons[t("survey.formats.msforms", lang)].content[:2] == b"PK"  # a .docx
    other = "en" if lang == "nl" else "nl"
    at.segmented_control(key="template_lang").set_value(other).run()
    assert all(downloaded(b).filename.split(".")[0].endswith(f"-{other}") for b in at.get("download_button"))


def test_a_limesurvey_codes_export_with_its_lss_shows_department_names_never_codes():
    own = FIXTURES / "own_wording"
    at = open_app("nl-NL", "data")
    at.radio(key="data_source").set_value("upload").run()
    export = own / "limesurvey-codes-woonstede.csv"
    at.file_uploader(key="upload_file").set_value((export.name, export.read_bytes(), "text/csv"))
    organisation = own / "limesurvey-codes-woonstede.organisation.yaml"
    at.file_uploader(key="upload_organisation").set_value(
        (organisation.name, organisation.read_bytes(), "application/yaml")
    )
    lss = FIXTURES / "lss" / "woonstede.lss"
    at.file_uploader(key="upload_structure").set_value((lss.name, lss.read_bytes(), "application/xml"))
    at.button(key="FormSubmitter:upload_form-Importeren").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.switch_page(str(PAGES / "voice.py")).run()
    assert not at.exception
    page = texts(at) + " ".join(str(d.value) for d in at.dataframe)
    assert "Wijkteams" in page and "Directie & Staf" in page
    assert " A1 " not in page and "'A1'" not in page
