"""Every file of the hostile corpus: one clear message (file, row/line, column), or an import whose
report says what was unusual. Never a traceback, never a silent change, the file never touched."""

from __future__ import annotations

import hashlib

import pytest

from advisor.survey.importer import SurveyImportError, import_survey
from advisor.survey.questionnaire import default_questionnaire
from tests.hostile.conftest import IMPORT_CASES, IMPORTS, assert_clean, run

NOTICE_WORDS = {  # notice key -> words of the Dutch notice text
    "utf16_without_bom": "UTF-16",
    "sep_line": "sep=",
    "control_characters": "stuur- of richtingstekens",
    "sheet_chosen": "is gelezen: het eerste blad",
    "other_sheets": "ook deze bladen",
}


def test_the_corpus_is_well_over_a_hundred_files_and_matches_its_build_script():
    from tests.hostile.conftest import HOSTILE

    files = [p for p in HOSTILE.rglob("*") if p.is_file() and p.name != "build.py"]
    assert len(files) > 120
    assert {p.name for p in IMPORTS.iterdir()} == set(IMPORT_CASES)


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", sorted(IMPORT_CASES))
def test_each_file_gives_its_message_or_a_report_that_says_so(name, lang):
    path = IMPORTS / name
    before = _digest(path)
    expected = IMPORT_CASES[name]
    try:
        result = import_survey(path, questionnaire=default_questionnaire(), lang=lang)
    except SurveyImportError as error:
        assert expected[0] in ("fatal", "any"), error.message
        assert name in error.message
        if expected[0] == "fatal":
            assert error.key == expected[1]
            for word in expected[2]:
                assert word in error.message
        if lang == "en":
            assert (
                " rij " not in error.message
                and "regel " not in error.message
                and " blad " not in error.message
            )
    else:
        assert expected[0] in ("ok", "any"), f"imported, but {expected} was expected"
        if expected[0] == "ok":
            _check_report(result.report, expected[1], lang)
    assert _digest(path) == before


def _check_report(report, check: str, lang: str) -> None:
    key, _, value = check.partition("=")
    if key == "respondents":
        assert report.respondents == int(value)
    elif key == "too_few_cells":  # ragged rows are skipped and each is named
        assert report.skipped_counts == {"too_few_cells": int(value)}
        assert any(("rij" if lang == "nl" else "row") in n for n in report.notices)
    else:
        if lang == "nl":
            assert any(NOTICE_WORDS[key] in n for n in report.notices), report.notices
        else:
            assert report.notices


def test_a_stale_dimension_does_not_cut_rows_or_columns():
    result = import_survey(IMPORTS / "stale-dimension-narrow.xlsx", questionnaire=default_questionnaire())
    assert len(result.answers) == 150
    assert result.answers["willingness"].notna().all() and result.answers["comment"].notna().all()


def test_short_rows_are_skipped_not_padded_and_named_by_row():
    result = import_survey(IMPORTS / "short-rows-three.csv", questionnaire=default_questionnaire())
    assert [s["row"] for s in result.report.skipped] == [3, 8, 12]
    assert "rij 3: 3 cellen" in " ".join(result.report.notices)


def test_control_characters_are_removed_from_the_data_itself():
    result = import_survey(IMPORTS / "inject-department-esc-clear.csv", questionnaire=default_questionnaire())
    assert set(result.answers["department"]) == {"Redactie", "Verkoop", "IT"}
    comments = import_survey(
        IMPORTS / "inject-comment-rtl-override.csv", questionnaire=default_questionnaire()
    )
    assert "opmeinde" in set(comments.answers["comment"])


def test_a_windows_multiline_comment_is_not_reported_as_control_characters(tmp_path):
    path = tmp_path / "crlf.csv"
    path.write_bytes(
        b'response_id,department,willingness,comment\r\n1,IT,4,"eerste\r\ntweede"\r\n2,IT,3,x\r\n'
    )
    result = import_survey(path, questionnaire=default_questionnaire())
    assert result.report.notices == [] and result.answers["comment"].iloc[0].split() == ["eerste", "tweede"]


@pytest.mark.parametrize("name", sorted(IMPORT_CASES))
def test_cli_exits_0_or_2_with_the_file_named_and_nothing_unsafe_printed(name, capsys):
    path = IMPORTS / name
    before = _digest(path)
    code, out, err = run(capsys, "survey", str(path), "--bootstrap", "0", "--accept-problems")
    expected = IMPORT_CASES[name]
    assert code in (0, 2)
    if expected[0] == "fatal":
        assert code == 2 and name in err
    if expected[0] == "ok":
        assert code == 0, err
    assert_clean(out, err)
    assert _digest(path) == before


@pytest.mark.parametrize("name", ["inject-comment-esc-clear.csv", "inject-department-rtl-override.csv"])
def test_cli_json_carries_no_unsafe_character_either(name, capsys):
    code, out, err = run(
        capsys, "survey", str(IMPORTS / name), "--bootstrap", "0", "--json", "--accept-problems"
    )
    assert code == 0
    assert_clean(out, err)
    assert "\\u001b" not in out
