"""Exports written in other organisations' own words import into the right canonical answers.

The fixtures (``tests/fixtures/own_wording/``, built by its ``build.py``) are exports of all five
tools with questions, answer labels and column orders as a municipality, a hospital group, a
housing corporation, an engineering firm, a university ... wrote them, never our questionnaire's
sentences. Beside each export: the truth (the canonical frame a correct import gives), the mapping
a user confirms in the wizard, and the organisation's segment options; ``cases.yaml`` indexes them.

With the confirmed mapping the import must give the truth. Without one, the automatic suggestions
must map at least 95% of the question columns (and none wrongly) and read every importance and
channel-use label as the right value. Cases whose file cannot be read without a mapping in
principle (question and answer codes only, numeric recodes) say so in ``cases.yaml`` and skip the
automatic checks with that reason.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from advisor.survey.importer import SurveyImportError
from tests.survey.conftest import FIXTURES
from tests.survey.own_wording_corpus import Corpus, differences, params

OWN_WORDING = FIXTURES / "own_wording"
CORPUS = Corpus(OWN_WORDING)
CASES = CORPUS.cases
REQUIRED_SHARE = 0.95


@pytest.mark.parametrize("case", params(CASES))
def test_confirmed_mapping_gives_the_truth(case):
    truth = CORPUS.truth(case)
    result = CORPUS.import_case(case, mapping=True)
    answers = result.answers
    assert result.report.format == case["format"]
    assert list(answers.index) == list(truth.index), "response ids (or which responses count) differ"
    problems = differences(answers, truth, list(truth.columns))
    assert not problems, "\n".join(problems)
    pd.testing.assert_frame_equal(answers[list(truth.columns)], truth, check_dtype=True)


@pytest.mark.parametrize("case", params(CASES))
def test_identity_columns_are_dropped_and_nothing_else(case):
    questionnaire = CORPUS.questionnaire(case["organisation"])
    result = CORPUS.import_case(case, mapping=True)
    assert sorted(result.report.dropped_columns) == sorted(case["identity_columns"])
    assert list(result.answers.columns) == questionnaire.columns


@pytest.mark.parametrize("case", params(CASES))
def test_automatic_mapping_maps_95_percent_of_columns(case):
    if not case["automatic_columns"]:
        pytest.skip(case["why_not_automatic"])
    confirmed = CORPUS.mapping_columns(case)
    expected = {name: target for name, target in confirmed.items() if target is not None}
    try:
        mapped = CORPUS.import_case(case, mapping=False).report.column_mapping
        failure = ""
    except SurveyImportError as exc:
        mapped, failure = {}, f"the import failed: {exc}\n"
    right = [name for name, target in expected.items() if mapped.get(name) == target]
    wrong = [
        f"{name!r} -> {target!r} (should be {confirmed.get(name, 'not a question column')!r})"
        for name, target in mapped.items()
        if target != expected.get(name)
    ]
    missing = [f"{name!r} ({target!r})" for name, target in expected.items() if name not in mapped]
    message = (
        f"{failure}{len(right)} of {len(expected)} question columns mapped right "
        f"(need {REQUIRED_SHARE:.0%}); {len(wrong)} wrong, {len(missing)} not mapped\n"
        + "".join(f"  wrong: {w}\n" for w in wrong)
        + "".join(f"  not mapped: {m}\n" for m in missing)
    )
    assert len(right) >= REQUIRED_SHARE * len(expected) and not wrong, message


@pytest.mark.parametrize("case", params(CASES))
def test_automatic_mapping_reads_every_likert_and_frequency_label(case):
    if not case["automatic_labels"]:
        pytest.skip(case["why_not_automatic"])
    columns = [c for c in case["likert_columns"] if c.startswith("importance.")] + case["frequency_columns"]
    truth = CORPUS.truth(case)
    try:
        answers = CORPUS.import_case(case, mapping=False).answers
    except SurveyImportError as exc:
        pytest.fail(f"the import without a mapping failed: {exc}")
    got = answers.reindex(truth.index)
    problems = differences(got, truth, columns)
    assert not problems, f"{len(problems)} of {len(columns)} columns read wrongly:\n" + "\n".join(problems)


MISSING_IMPORTANCE = [c for c in CASES if not any(q.startswith("importance.") for q in c["asks"])]


@pytest.mark.parametrize("case", params(MISSING_IMPORTANCE))
def test_missing_importance_questions_are_reported(case):
    questionnaire = CORPUS.questionnaire(case["organisation"])
    answers = CORPUS.import_case(case, mapping=True).answers
    assert len(answers) == case["respondents"]
    for column in questionnaire.importance_ids:
        assert str(answers[column].dtype) == "Int64", column
        assert answers[column].isna().all(), f"{column} has answers in an export that never asked it"


def test_the_corpus_has_what_it_promises():
    tools = {(c["format"], c["language"]) for c in CASES}
    assert tools >= {
        (f, lang)
        for f in ("msforms", "googleforms", "limesurvey", "qualtrics", "surveymonkey")
        for lang in ("nl", "en")
    }
    assert MISSING_IMPORTANCE, "one export must ask no importance questions"
    assert all(60 <= c["respondents"] <= 150 for c in CASES)


def test_build_script_writes_the_committed_files(tmp_path: Path):
    written, committed, differing = CORPUS.rebuilt_differences("own_wording_build", tmp_path)
    assert written == committed
    assert not differing, f"run build.py again: {differing} differ"
