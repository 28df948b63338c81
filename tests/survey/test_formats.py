"""Each real export format is recognised and imported into the canonical answer frame."""

from __future__ import annotations

import pandas as pd
import pytest

from advisor.survey.importer import FORMATS, import_survey
from tests.survey.conftest import EXPORTS


def _import(name: str, questionnaire, **kwargs):
    mapping = (EXPORTS / name).with_suffix(".yaml")
    if mapping.exists() and "mapping" not in kwargs:
        kwargs["mapping"] = mapping
    return import_survey(EXPORTS / name, questionnaire=questionnaire, **kwargs)


@pytest.mark.parametrize(
    ("name", "expected_format"),
    [
        ("native.csv", "native"),
        ("msforms-cp1252.csv", "msforms"),
        ("msforms.xlsx", "msforms"),
        ("googleforms.csv", "googleforms"),
        ("limesurvey-codes.csv", "limesurvey"),
        ("limesurvey-full.csv", "limesurvey"),
        ("qualtrics-de.csv", "qualtrics"),
        ("surveymonkey.csv", "surveymonkey"),
        ("surveymonkey.xlsx", "surveymonkey"),
    ],
)
def test_format_is_detected_and_frame_is_canonical(name, expected_format, questionnaire):
    result = _import(name, questionnaire)
    answers = result.answers
    assert result.report.format == expected_format in FORMATS
    assert list(answers.columns) == questionnaire.columns
    assert answers.index.name == "response_id"
    assert answers.index.is_unique
    for question in questionnaire.questions:
        for column in question.columns:
            expected = {"multi": "boolean", "likert": "Int64"}.get(question.kind, "string")
            assert str(answers[column].dtype) == expected, column
    assert result.report.respondents == len(answers) > 0


def test_format_override_wins_over_detection(questionnaire):
    result = import_survey(EXPORTS / "native.csv", questionnaire=questionnaire, format="native")
    assert result.report.format == "native"


def test_native_values_labels_and_booleans(questionnaire):
    answers = _import("native.csv", questionnaire).answers
    assert answers.loc["n1", "department"] == "editorial"
    assert answers.loc["n2", "department"] == "it"  # label "IT" matched case-insensitively
    assert answers.loc["n2", "age_band"] == "55+"  # Dutch label "55 of ouder"
    assert answers.loc["n2", "use.whatsapp"] == "never"
    assert answers.loc["n1", "importance.privacy"] == 5
    assert answers.loc["n2", "convincers.faster_answers"]  # "true"
    assert not answers.loc["n1", "convincers.alignment"]
    # a multi question with no cell filled in is unanswered, not "nothing chosen"
    assert answers.loc["n4", ["convincers.faster_answers", "convincers.alignment"]].isna().all()
    assert answers.loc["n4", "comment"] == "Meer overleg, minder mail"


def test_msforms_cp1252_semicolon_csv_reads_accents_and_splits_on_semicolon(questionnaire):
    result = _import("msforms-cp1252.csv", questionnaire)
    answers = result.answers
    assert result.report.encoding == "cp1252" and result.report.delimiter == ";"
    assert answers.loc["1", "comment"] == "Café — graag één app"
    assert answers.loc["1", "convincers.faster_answers"] and answers.loc["1", "convincers.reach_everyone"]
    assert answers.loc["1", "convincers.alignment"] == False  # noqa: E712 - answered, not chosen
    assert answers.loc["2", "convincers.alignment"]  # "Betere afstemming met collega's;" (trailing ;)
    assert answers.loc["3", [c for c in answers.columns if c.startswith("convincers.")]].isna().all()
    assert answers.loc["1", "importance.privacy"] == 5  # label "Zeer belangrijk"


def test_msforms_xlsx_gives_the_same_answers_as_its_csv(questionnaire):
    from_csv = _import("msforms-cp1252.csv", questionnaire).answers
    from_xlsx = _import("msforms.xlsx", questionnaire).answers
    pd.testing.assert_frame_equal(from_csv, from_xlsx)


def test_google_checkboxes_split_against_known_labels_containing_comma(questionnaire):
    answers = _import("googleforms.csv", questionnaire).answers
    row = answers.loc["row-2"]  # "Pen, papier en whiteboard, Pen, Laptop"
    assert row["helpful.pen_paper"] and row["helpful.pen"] and row["helpful.laptop"]
    assert row["helpful.phone"] == False  # noqa: E712
    row = answers.loc["row-4"]  # "Telefoon, Pen, papier en whiteboard": the label is not cut at ", "
    assert row["helpful.phone"] and row["helpful.pen_paper"] and not row["helpful.pen"]


def test_google_unknown_checkbox_piece_is_reported_and_known_pieces_kept(questionnaire):
    result = _import("googleforms.csv", questionnaire)
    row = result.answers.loc["row-5"]  # "Laptop, Typemachine"
    assert row["helpful.laptop"]
    problems = [
        p for p in result.report.value_problems if p["column"] == "Wat helpt je het meest bij je werk?"
    ]
    assert problems == [
        {
            "row": 5,
            "column": "Wat helpt je het meest bij je werk?",
            "value": "Typemachine",
            "expected": "Pen, papier en whiteboard, Pen, Laptop, Telefoon",
        }
    ]


def test_limesurvey_codes_semicolon_bom_crlf_with_mapping(questionnaire):
    result = _import("limesurvey-codes.csv", questionnaire)
    answers = result.answers
    assert result.report.delimiter == ";"
    assert list(answers.index) == ["1", "3"]
    assert answers.loc["1", "department"] == "editorial"  # answer code A1 via the mapping's values
    assert answers.loc["1", "importance.privacy"] == 5
    assert answers.loc["1", "convincers.faster_answers"] and not answers.loc["1", "convincers.alignment"]
    assert answers.loc["1", "comment"] == 'Prima; "echt" prima'  # doubled quotes inside a quoted field
    assert answers.loc["3", "convincers.alignment"]


def test_limesurvey_incomplete_rows_are_skipped_and_counted(questionnaire):
    report = _import("limesurvey-codes.csv", questionnaire).report
    assert report.skipped_counts == {"incomplete": 1}
    assert report.skipped == [{"row": 3, "reason": "incomplete"}]


def test_limesurvey_full_answers_and_full_headings_match_without_mapping(questionnaire):
    result = _import("limesurvey-full.csv", questionnaire)
    answers = result.answers
    assert result.report.delimiter == ","
    assert answers.loc["11", "department"] == "editorial"
    assert answers.loc["12", "department"] == "sales"
    assert answers.loc["12", "importance.privacy"] == 1
    assert answers.loc["11", "convincers.faster_answers"] and answers.loc["12", "convincers.alignment"]


def test_qualtrics_german_row_two_is_detected_by_import_ids(questionnaire):
    result = _import("qualtrics-de.csv", questionnaire)
    answers = result.answers
    assert list(answers.index) == ["R_2YPOQ602ER1jkf1", "R_4xyzXYZxyz"]
    assert answers.loc["R_2YPOQ602ER1jkf1", "department"] == "editorial"
    assert answers.loc["R_2YPOQ602ER1jkf1", "convincers.faster_answers"]
    assert answers.loc["R_4xyzXYZxyz", "comment"] == "Regel 1\nRegel 2"  # embedded newline survives


def test_qualtrics_unfinished_preview_and_duplicate_responses_are_skipped(questionnaire):
    report = _import("qualtrics-de.csv", questionnaire).report
    assert report.skipped_counts == {"incomplete": 1, "test_response": 1, "duplicate_id": 1}
    assert report.duplicate_ids == ["R_2YPOQ602ER1jkf1"]
    assert {"row": 8, "reason": "duplicate_id"} in report.skipped


def test_qualtrics_display_order_and_other_text_columns_are_not_answers(questionnaire):
    report = _import("qualtrics-de.csv", questionnaire).report
    reasons = {u["column"]: u["reason"] for u in report.unmapped_columns}
    assert reasons["Q1_DO"] == "display_order"
    assert reasons["Q3_4_TEXT"] == "other_text"


@pytest.mark.parametrize("name", ["surveymonkey.csv", "surveymonkey.xlsx"])
def test_surveymonkey_two_header_rows_name_columns_first_pipe_second(name, questionnaire):
    result = _import(name, questionnaire)
    mapping = result.report.column_mapping
    assert mapping["Op welke afdeling werk je? | Response"] == "department"
    assert mapping["Wat zou je overtuigen om een nieuw platform te gebruiken? | Snellere antwoorden"] == {
        "question": "convincers",
        "option": "faster_answers",
    }
    answers = result.answers
    assert answers.loc["114112233446", "convincers.alignment"]
    assert not answers.loc["114112233446", "convincers.faster_answers"]
    assert result.report.skipped_counts == {"empty": 1}
