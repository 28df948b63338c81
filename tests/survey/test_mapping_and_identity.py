"""Mapping files, draft mappings, identity columns and duplicate ids."""

from __future__ import annotations

import json

import pytest

from advisor.survey.importer import SurveyImportError, draft_mapping, import_survey, write_draft_mapping
from advisor.yamlio import load_yaml
from tests.survey.conftest import EXPORTS


def test_mapping_dict_maps_codes_and_values(questionnaire):
    mapping = {
        "columns": {"G01Q01": "department", "G01Q02": "importance.privacy"},
        "values": {"department": {"A1": "editorial", "A3": "it"}, "importance.privacy": {"A5": 5, "A9": 1}},
    }
    raw = b"G01Q01,G01Q02\nA1,A5\nA3,A9\n"
    answers = import_survey(raw, filename="codes.csv", questionnaire=questionnaire, mapping=mapping).answers
    assert answers["department"].tolist() == ["editorial", "it"]
    assert answers["importance.privacy"].tolist() == [5, 1]


def test_mapping_values_win_over_automatic_label_match(questionnaire):
    mapping = {"columns": {}, "values": {"department": {"IT": "marketing"}}}
    raw = b"Timestamp,Op welke afdeling werk je?\n1/1/2026 10:00:00,IT\n"
    answers = import_survey(raw, filename="g.csv", questionnaire=questionnaire, mapping=mapping).answers
    assert answers["department"].tolist() == ["marketing"]


def test_mapping_null_ignores_a_column_that_would_match(questionnaire):
    mapping = {"columns": {"Wat is je rol?": None}}
    raw = b"Timestamp,Op welke afdeling werk je?,Wat is je rol?\n1/1/2026 10:00:00,IT,Manager\n"
    result = import_survey(raw, filename="g.csv", questionnaire=questionnaire, mapping=mapping)
    assert result.answers["role"].isna().all()
    assert {"column": "Wat is je rol?", "reason": "ignored_by_mapping"} in result.report.unmapped_columns


def test_mapping_schema_error_names_file_line_and_field(tmp_path, questionnaire):
    bad = tmp_path / "map.yaml"
    bad.write_text("columns:\n  G01Q01: department\nextra_key: 1\n", encoding="utf-8")
    with pytest.raises(SurveyImportError) as caught:
        import_survey(b"G01Q01,x\nA1,y\n", filename="e.csv", questionnaire=questionnaire, mapping=bad)
    assert f"{bad}:3" in caught.value.message and "extra_key" in caught.value.message


def test_mapping_to_unknown_option_is_an_error_naming_it(questionnaire):
    mapping = {"columns": {"X": {"question": "convincers", "option": "free_lunch"}}}
    with pytest.raises(SurveyImportError, match=r"convincers\.free_lunch"):
        import_survey(b"X,Y\n1,2\n", filename="e.csv", questionnaire=questionnaire, mapping=mapping)


def test_mapped_column_absent_from_file_is_reported_not_fatal(questionnaire):
    mapping = {"columns": {"department": "department", "G09Q09": "role"}}
    result = import_survey(
        b"department,x\nit,1\n", filename="n.csv", questionnaire=questionnaire, mapping=mapping
    )
    assert result.report.missing_mapped_columns == ["G09Q09"]


def test_identity_columns_are_dropped_and_listed_and_never_in_the_answers(questionnaire):
    result = import_survey(EXPORTS / "googleforms.csv", questionnaire=questionnaire)
    assert result.report.dropped_columns == ["Email Address"]
    assert not result.report.kept_identity
    dumped = json.dumps(result.report.to_dict(), ensure_ascii=False) + result.answers.to_csv()
    assert "@example.nl" not in dumped


def test_keep_identity_appends_identity_columns_after_the_canonical_ones(questionnaire):
    result = import_survey(EXPORTS / "msforms-cp1252.csv", questionnaire=questionnaire, keep_identity=True)
    assert result.report.kept_identity and result.report.dropped_columns == []
    assert list(result.answers.columns) == [*questionnaire.columns, "Email", "Name"]
    assert result.answers.loc["2", "Email"] == "jan.devries@example.nl"


def test_qualtrics_recipient_and_location_fields_are_identity(questionnaire):
    dropped = import_survey(EXPORTS / "qualtrics-de.csv", questionnaire=questionnaire).report.dropped_columns
    assert {
        "RecipientEmail",
        "RecipientFirstName",
        "LocationLatitude",
        "ExternalReference",
        "IPAddress",
    } <= set(dropped)
    assert "ResponseId" not in dropped  # a response id is metadata, not a person


def test_surveymonkey_respondent_id_is_kept_as_response_id_not_dropped(questionnaire):
    result = import_survey(EXPORTS / "surveymonkey.csv", questionnaire=questionnaire)
    assert "Respondent ID" not in result.report.dropped_columns
    assert "114112233445" in result.answers.index


def test_duplicate_response_ids_keep_the_first_and_count_the_rest(questionnaire):
    result = import_survey(EXPORTS / "native.csv", questionnaire=questionnaire)
    assert result.report.duplicate_ids == ["n1"]
    assert result.report.skipped_counts["duplicate_id"] == 1
    assert result.answers.loc["n1", "department"] == "editorial"  # the first one


def test_value_problem_messages_never_echo_identity_values(questionnaire):
    raw = (
        b"ID,Start time,Completion time,Email,Name,Wat is je leeftijd?\n1,a,b,piet@example.nl,Piet,zeventig\n"
    )
    report = import_survey(raw, filename="m.csv", questionnaire=questionnaire).report
    assert report.value_problems[0]["value"] == "zeventig"
    assert "piet@example.nl" not in json.dumps(report.to_dict())


def test_draft_mapping_guesses_every_column(questionnaire):
    draft = draft_mapping(EXPORTS / "qualtrics-de.csv", questionnaire=questionnaire)
    columns = draft["columns"]
    assert columns["Q1"] == "department"
    assert columns["Q3_1"] == {"question": "convincers", "option": "faster_answers"}
    assert columns["Q3_4"] is None
    assert "RecipientEmail" not in columns


def test_draft_mapping_suggests_a_similar_question_text(questionnaire):
    raw = b"Timestamp,Op welke afdeling werk jij?\n1/1/2026,IT\n"
    assert draft_mapping(raw, filename="g.csv", questionnaire=questionnaire)["columns"] == {
        "Op welke afdeling werk jij?": "department"
    }


def test_written_draft_mapping_is_commented_and_loads_back(tmp_path, questionnaire):
    out = write_draft_mapping(
        EXPORTS / "limesurvey-codes.csv", tmp_path / "draft.yaml", questionnaire=questionnaire
    )
    text = out.read_text(encoding="utf-8")
    assert '"G01Q01": null  #' in text and "# " in text
    result = import_survey(EXPORTS / "limesurvey-full.csv", questionnaire=questionnaire, mapping=out)
    assert result.report.respondents == 2
    assert load_yaml(out)["columns"]["G01Q01"] is None
