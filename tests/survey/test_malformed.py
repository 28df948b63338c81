"""The malformed corpus: every unusable file fails with ONE clear message; the rest is reported.

Each case names the file, whether it is fatal, the reason key and the words the message must
contain (the file name always; row or column where the problem has a place).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from advisor.survey.importer import SurveyImportError, import_survey
from tests.survey.conftest import MALFORMED

ROOT = Path(__file__).resolve().parents[2]

FATAL = {
    "empty.csv": ("empty", []),
    "binary.csv": ("binary", []),
    "old-excel.xls": ("old_excel", [".xlsx"]),
    "truncated.xlsx": ("bad_xlsx", []),
    "wrong-delimiter.csv": ("one_column", []),
    "truncated-quote.csv": ("unterminated_quote", ["rij 3"]),
    "ragged-row.csv": ("too_many_cells", ["regel 3", "4", "3"]),
    "header-only.csv": ("header_only", []),
    "undecodable.csv": ("undecodable", ["UTF-8"]),
    "duplicate-header.csv": ("duplicate_header", ["Op welke afdeling werk je?", "kolom B", "kolom D"]),
    "no-question-column.csv": ("no_questions", ["--mapping"]),
    "qualtrics-no-importid.csv": ("qualtrics_no_import_ids", ["rij 3", "ImportId"]),
    "qualtrics-header-truncated.csv": ("qualtrics_no_import_ids", ["rij 3"]),
    "surveymonkey-one-header.csv": ("surveymonkey_one_header", ["rij 2"]),
    "all-incomplete.csv": ("no_responses", ["onvolledig ingevuld: 2"]),
    "unknown-question-mapping.csv": (
        "mapping_invalid",
        ["unknown-question-mapping.yaml:3", "columns.G01Q01", "departmnt"],
    ),
    "mapping-syntax.csv": ("mapping_invalid", ["mapping-syntax.yaml:4", "YAML"]),
    "mapping-unknown-value.csv": (
        "mapping_invalid",
        ["mapping-unknown-value.yaml:5", "importance.privacy", "7"],
    ),
    "mapping-identity.csv": ("identity_mapped", ["'Email'"]),
}

# Not fatal: imported, with the problem in the report.
REPORTED = {
    "likert-9.csv": lambda r: (
        r.value_problems
        == [
            {
                "row": 3,
                "column": "importance.privacy",
                "value": "9",
                "expected": "1-5 (Onbelangrijk ... Zeer belangrijk)",
            }
        ]
    ),
    "unknown-option.csv": lambda r: (
        [(p["row"], p["column"], p["value"]) for p in r.value_problems]
        == [(3, "Wat is je leeftijd?", "Honderd")]
    ),
    "cp1252-undeclared.csv": lambda r: r.encoding == "cp1252" and len(r.notices) == 1,
    "empty-rows.csv": lambda r: r.skipped == [{"row": 3, "reason": "empty"}, {"row": 4, "reason": "empty"}],
}


def _mapping(path: Path) -> Path | None:
    candidate = path.with_suffix(".yaml")
    return candidate if candidate.exists() else None


def test_corpus_has_at_least_fifteen_files_and_every_one_has_an_expectation():
    files = {p.name for p in MALFORMED.iterdir() if p.suffix != ".yaml"}
    assert len(files) >= 15
    assert files == set(FATAL) | set(REPORTED)


@pytest.mark.parametrize("name", sorted(FATAL))
def test_fatal_file_gives_one_clear_error_naming_the_file(name, questionnaire):
    key, words = FATAL[name]
    path = MALFORMED / name
    with pytest.raises(SurveyImportError) as caught:
        import_survey(path, questionnaire=questionnaire, mapping=_mapping(path))
    error = caught.value
    assert error.key == key
    assert name in error.message
    for word in words:
        assert word in error.message


@pytest.mark.parametrize("name", sorted(FATAL))
def test_fatal_message_is_english_when_asked(name, questionnaire):
    path = MALFORMED / name
    with pytest.raises(SurveyImportError) as caught:
        import_survey(path, questionnaire=questionnaire, mapping=_mapping(path), lang="en")
    assert name in caught.value.message
    assert " rij " not in caught.value.message and "bestand" not in caught.value.message.lower()


@pytest.mark.parametrize("name", sorted(REPORTED))
def test_reported_problem_imports_with_the_problem_in_the_report(name, questionnaire):
    result = import_survey(MALFORMED / name, questionnaire=questionnaire)
    assert result.report.respondents > 0
    assert REPORTED[name](result.report)


def test_likert_nine_is_left_missing_not_guessed(questionnaire):
    answers = import_survey(MALFORMED / "likert-9.csv", questionnaire=questionnaire).answers
    assert answers["importance.privacy"].tolist() == [5, pd.NA, 4]


def test_bytes_input_uses_the_given_file_name_in_messages(questionnaire):
    raw = (MALFORMED / "header-only.csv").read_bytes()
    with pytest.raises(SurveyImportError, match=r"upload-7\.csv"):
        import_survey(raw, filename="upload-7.csv", questionnaire=questionnaire)


def test_missing_file_is_a_clear_error(tmp_path, questionnaire):
    with pytest.raises(SurveyImportError) as caught:
        import_survey(tmp_path / "nope.csv", questionnaire=questionnaire)
    assert caught.value.key == "not_found" and "nope.csv" in caught.value.message


def test_file_above_the_size_limit_is_refused_before_reading(monkeypatch, questionnaire):
    from advisor.survey import formats, importer

    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    monkeypatch.setattr(formats, "MAX_BYTES", 100)
    with pytest.raises(SurveyImportError) as caught:
        import_survey(ROOT / "tests/fixtures/exports/qualtrics-de.csv", questionnaire=questionnaire)
    assert caught.value.key == "too_large"


SURVEY_COMMAND = importlib.util.find_spec("advisor.commands.survey") is not None


@pytest.mark.skipif(not SURVEY_COMMAND, reason="survey command not yet registered")
@pytest.mark.parametrize("name", sorted(FATAL))
def test_cli_exits_two_with_the_message_on_stderr_and_no_traceback(name):
    path = MALFORMED / name
    mapping = _mapping(path)
    command = [
        sys.executable,
        "-m",
        "advisor",
        "survey",
        str(path),
        *(["--mapping", str(mapping)] if mapping else []),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert name in done.stderr
