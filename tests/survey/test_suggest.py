"""Suggestions for exports worded by others: the cases the issue and the first version got wrong.

Each export here is written inline in the tool's real shape, worded as an organisation would, so a
failure shows exactly which header or label was misread.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from advisor.survey.importer import (
    SurveyImportError,
    draft_mapping,
    import_survey,
    suggest_mapping,
    write_draft_mapping,
)
from advisor.survey.questionnaire import default_questionnaire
from advisor.survey.vocabulary import label_values, vocabulary_for
from tests.conftest import FIXTURES, run_cli

GOOGLE = (
    "Tijdstempel,Bij welke afdeling ben je werkzaam?,"
    "Hoe vaak gebruik je dit kanaal voor je werk: E-mail,"
    "Hoe vaak gebruik je dit kanaal voor je werk: Signal,"
    "Hoe belangrijk vind je de volgende punten? [Privacy],"
    "Hoe belangrijk vind je de volgende punten? [Makkelijk in gebruik],"
    "Heb je nog opmerkingen?\n"
)
ROWS = [
    ("Burgerzaken", "Dagelijks", "Nooit", "Zeer belangrijk", "Neutraal", "Graag één app"),
    ("ICT", "Een paar keer per maand", "Nooit", "Helemaal niet belangrijk", "Belangrijk", ""),
    ("Burgerzaken", "Meerdere keren per uur", "Wekelijks", "Niet belangrijk", "Zeer belangrijk", ""),
    ("Burgerzaken", "Wekelijks", "Nooit", "Neutraal", "Helemaal niet belangrijk", "Liever niet nog een app"),
    ("ICT", "Nooit", "Nooit", "Belangrijk", "Niet belangrijk", ""),
]


def google_export() -> bytes:
    lines = [GOOGLE] + [f"2026/01/0{i + 1} 10:00:00," + ",".join(row) + "\n" for i, row in enumerate(ROWS)]
    return "".join(lines).encode("utf-8")


@pytest.fixture(scope="module")
def questionnaire():
    return default_questionnaire()


def test_a_channel_named_in_the_sub_label_is_that_channel_never_a_lookalike(questionnaire):
    """'... voor je werk: E-mail' once became Signal through loose similarity of the whole header."""
    columns = draft_mapping(google_export(), filename="g.csv", questionnaire=questionnaire)["columns"]
    assert columns["Hoe vaak gebruik je dit kanaal voor je werk: E-mail"] == "use.email"
    assert columns["Hoe vaak gebruik je dit kanaal voor je werk: Signal"] == "use.signal"
    assert columns["Hoe belangrijk vind je de volgende punten? [Privacy]"] == "importance.privacy"
    assert (
        columns["Hoe belangrijk vind je de volgende punten? [Makkelijk in gebruik]"] == "importance.usability"
    )


def test_a_five_point_scale_in_other_words_is_read_in_order_of_strength(questionnaire):
    result = import_survey(google_export(), filename="g.csv", questionnaire=questionnaire)
    privacy = result.answers["importance.privacy"].tolist()
    # Helemaal niet (1) < Niet (2) < Neutraal (3) < Belangrijk (4) < Zeer belangrijk (5), pooled over
    # both importance columns: "Niet belangrijk" is 2 here, not our "Onbelangrijk" (1)
    assert privacy == [5, 1, 2, 3, 4]
    assert result.answers["use.email"].tolist() == ["daily", "monthly", "hourly", "weekly", "never"]
    assert result.report.suggested_columns  # listed, so the user can see what was decided


def test_very_important_is_four_when_the_scale_ends_in_extremely_important(questionnaire):
    question = questionnaire["importance.privacy"]
    vagias = ["Not at all important", "Slightly important", "Moderately important", "Very important"]
    vagias.append("Extremely important")
    ours = ["Not important", "Slightly important", "Moderately important", "Important", "Very important"]
    vocabulary = vocabulary_for(questionnaire)
    assert label_values(vagias, question, vocabulary)["Very important"].value == 4
    assert label_values(ours, question, vocabulary)["Very important"].value == 5
    assert (
        label_values(["1 - onbelangrijk", "3", "5 - heel belangrijk"], question, vocabulary)[
            "5 - heel belangrijk"
        ].value
        == 5
    )


def test_an_unknown_label_is_left_unmatched_never_guessed(questionnaire):
    question = questionnaire["use.email"]
    matches = label_values(["Dagelijks", "Als het moet"], question, vocabulary_for(questionnaire))
    assert matches["Dagelijks"].value == "daily"
    assert matches["Als het moet"].value is None and matches["Als het moet"].reason == "none"


def test_a_mapping_written_for_another_export_is_refused_naming_it(tmp_path, questionnaire):
    other = tmp_path / "other.yaml"
    other.write_text('columns:\n  "G01Q01": department\n  "G01Q02": location\nvalues: {}\n', encoding="utf-8")
    with pytest.raises(SurveyImportError) as caught:
        import_survey(google_export(), filename="g.csv", questionnaire=questionnaire, mapping=other)
    assert caught.value.key == "mapping_matches_nothing"
    assert "other.yaml" in caught.value.message and "G01Q01" in caught.value.message


def test_mapping_entries_absent_from_the_export_are_reported(tmp_path, questionnaire):
    mapping = tmp_path / "m.yaml"
    mapping.write_text(
        'columns:\n  "Bij welke afdeling ben je werkzaam?": department\n  "Verdwenen kolom": location\n',
        encoding="utf-8",
    )
    report = import_survey(
        google_export(), filename="g.csv", questionnaire=questionnaire, mapping=mapping
    ).report
    assert report.missing_mapped_columns == ["Verdwenen kolom"]
    assert any("Verdwenen kolom" in line for line in report.summary("nl"))


def test_one_invalid_byte_keeps_the_file_utf8_and_says_where(questionnaire):
    raw = google_export().replace(b"Zeer belangrijk", b"Zeer belangrijk\xff", 1)
    raw = raw.replace(b"werkzaam", "wérkzaam".encode(), 1)  # a real UTF-8 letter in a header
    result = import_survey(raw, filename="g.csv", questionnaire=questionnaire)
    names = [c.name for c in suggest_mapping(raw, filename="g.csv", questionnaire=questionnaire).columns]
    assert "Bij welke afdeling ben je wérkzaam?" in names  # not 'wÃ©rkzaam'
    assert result.answers["importance.privacy"].iloc[0] is pd.NA  # the damaged cell, left empty
    assert result.report.encoding == "utf-8"
    assert any("regel 2" in notice for notice in result.report.notices)


def test_values_name_the_codes_of_an_open_segment_question(tmp_path, questionnaire):
    """A LimeSurvey codes export: A1, A2 become the department names the mapping gives."""
    mapping = tmp_path / "lime.yaml"
    mapping.write_text(
        'columns:\n  "G01Q01": department\n  "G03Q04": comment\n'
        'values:\n  department: {"A1": "Burgerzaken", "A2": "ICT", "A3": "Marketing"}\n',
        encoding="utf-8",
    )
    result = import_survey(
        FIXTURES / "exports" / "limesurvey-codes.csv", questionnaire=questionnaire, mapping=mapping
    )
    departments = set(result.answers["department"].dropna())
    assert departments and departments <= {"Burgerzaken", "ICT", "Marketing"}  # names, never A1


def test_surveymonkey_matrix_row_called_email_is_an_answer_a_contact_block_is_identity(questionnaire):
    header = "Respondent ID,Collector ID,Hoe vaak gebruik je deze kanalen?,,Contactgegevens,,\n"
    second = ",,Email,WhatsApp,Name,Email Address,\n"
    rows = "1,9,Dagelijks,Nooit,Piet,piet@example.org,\n2,9,Wekelijks,Dagelijks,An,an@example.org,\n"
    raw = (header + second + rows).encode()
    result = import_survey(raw, filename="sm.csv", questionnaire=questionnaire)
    assert result.answers["use.email"].tolist() == ["daily", "weekly"]
    assert "Contactgegevens | Email Address" in result.report.dropped_columns
    assert "piet@example.org" not in result.answers.to_csv()


def test_the_draft_mapping_holds_the_same_guesses_as_the_automatic_import(tmp_path, questionnaire):
    """--write-mapping writes what the import without a mapping applies, values: included."""
    source = tmp_path / "g.csv"
    source.write_bytes(google_export())
    out = write_draft_mapping(source, tmp_path / "draft.yaml", questionnaire=questionnaire)
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["values"]["importance.privacy"]["Niet belangrijk"] == 2
    assert draft["values"]["use.email"]["Een paar keer per maand"] == "monthly"
    automatic = import_survey(source, questionnaire=questionnaire).answers
    confirmed = import_survey(source, questionnaire=questionnaire, mapping=out).answers
    assert automatic.equals(confirmed)


def test_suggestions_give_reasons_in_the_users_words(questionnaire):
    suggestions = suggest_mapping(google_export(), filename="g.csv", questionnaire=questionnaire)
    email = next(c for c in suggestions.columns if c.name.endswith("E-mail"))
    assert email.chosen.reason == "keywords" and email.chosen.detail == "E-mail"
    assert email.answers["Dagelijks"] == 1


def test_cli_write_mapping_then_mapping_gives_the_automatic_result(tmp_path):
    source = tmp_path / "g.csv"
    source.write_bytes(google_export())
    draft = tmp_path / "draft.yaml"
    written = run_cli("survey", str(source), "--write-mapping", str(draft))
    assert written.returncode == 0, written.stderr
    text = draft.read_text(encoding="utf-8")
    assert "# Hoe vaak gebruik je E-mail voor je werk?" in text  # the question in words, not an id only
    plain = json.loads(run_cli("survey", str(source), "--json", "--bootstrap", "0").stdout)
    mapped = json.loads(
        run_cli("survey", str(source), "--mapping", str(draft), "--json", "--bootstrap", "0").stdout
    )
    assert plain["import"]["column_mapping"] == mapped["import"]["column_mapping"]
    assert {k: v for k, v in plain.items() if k != "import"} == {
        k: v for k, v in mapped.items() if k != "import"
    }


# --- a LimeSurvey question-codes export with the survey structure it came from ---------------

OWN = FIXTURES / "own_wording"
WOONSTEDE = OWN / "limesurvey-codes-woonstede.csv"
WOONSTEDE_LSS = FIXTURES / "lss" / "woonstede.lss"


def test_a_codes_export_with_its_lss_maps_by_itself_and_shows_names_never_codes():
    from advisor.survey.questionnaire import load_questionnaire

    questionnaire = load_questionnaire(organisation=OWN / "limesurvey-codes-woonstede.organisation.yaml")
    truth = yaml.safe_load((OWN / "limesurvey-codes-woonstede.mapping.yaml").read_text(encoding="utf-8"))
    result = import_survey(WOONSTEDE, questionnaire=questionnaire, structure=WOONSTEDE_LSS)
    wanted = {c: t for c, t in truth["columns"].items() if t is not None}
    right = sum(result.report.column_mapping.get(c) == t for c, t in wanted.items())
    wrong = [c for c, t in result.report.column_mapping.items() if wanted.get(c) != t]
    assert right / len(wanted) >= 0.95 and not wrong, (right, len(wanted), wrong)
    departments = set(result.answers["department"].dropna())
    assert departments == {"verhuur", "onderhoud", "wijk", "financien", "ict", "directie"}
    mapping = OWN / "limesurvey-codes-woonstede.mapping.yaml"
    expected = import_survey(WOONSTEDE, questionnaire=questionnaire, mapping=mapping).answers
    for column in ("department", "location", "use.email", "importance.privacy", "willingness", "after_hours"):
        assert result.answers[column].equals(expected[column]), column


def test_a_structure_for_another_survey_is_refused():
    with pytest.raises(SurveyImportError) as caught:
        import_survey(google_export(), filename="g.csv", structure=WOONSTEDE_LSS)
    assert caught.value.key == "structure_matches_nothing"


def test_a_broken_structure_file_is_a_message():
    with pytest.raises(SurveyImportError) as caught:
        import_survey(WOONSTEDE, structure=b"<document><LimeSurveyDocType>Survey")
    assert caught.value.key == "structure_invalid"
