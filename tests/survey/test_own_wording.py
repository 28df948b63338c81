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

import filecmp
import importlib.util
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from advisor.survey.importer import SurveyImportError, import_survey
from advisor.survey.questionnaire import Questionnaire, load_questionnaire
from tests.survey.conftest import FIXTURES

OWN_WORDING = FIXTURES / "own_wording"
CASES: list[dict[str, Any]] = yaml.safe_load((OWN_WORDING / "cases.yaml").read_text(encoding="utf-8"))[
    "cases"
]
REQUIRED_SHARE = 0.95
SHOWN_DIFFERENCES = 5


def _params(cases: list[dict[str, Any]]) -> list[Any]:
    return [pytest.param(case, id=case["name"]) for case in cases]


@cache
def _questionnaire(organisation: str) -> Questionnaire:
    return load_questionnaire(organisation=OWN_WORDING / organisation)


def _truth(case: dict[str, Any], questionnaire: Questionnaire) -> pd.DataFrame:
    """The truth file read independently of the importer: native CSV cells to canonical dtypes."""
    raw = pd.read_csv(OWN_WORDING / case["truth"], dtype=str, keep_default_na=False, na_filter=False)
    columns: dict[str, Any] = {}
    for column in raw.columns[1:]:
        question = questionnaire[column if column in questionnaire.by_id else column.rsplit(".", 1)[0]]
        cells = raw[column].tolist()
        if question.kind == "multi":
            columns[column] = pd.array([None if c == "" else c == "true" for c in cells], dtype="boolean")
        elif question.kind == "likert":
            columns[column] = pd.array([None if c == "" else int(c) for c in cells], dtype="Int64")
        else:
            columns[column] = pd.array([None if c == "" else c for c in cells], dtype="string")
    index = pd.Index(raw["response_id"].tolist(), name="response_id", dtype="str")
    return pd.DataFrame(columns, index=index)


def _mapping_columns(case: dict[str, Any]) -> dict[str, Any]:
    return yaml.safe_load((OWN_WORDING / case["mapping"]).read_text(encoding="utf-8"))["columns"]


def _import(case: dict[str, Any], *, mapping: bool) -> Any:
    questionnaire = _questionnaire(case["organisation"])
    return import_survey(
        OWN_WORDING / case["file"],
        questionnaire=questionnaire,
        mapping=OWN_WORDING / case["mapping"] if mapping else None,
    )


def _differences(got: pd.DataFrame, truth: pd.DataFrame, columns: list[str]) -> list[str]:
    """Per column that differs: how many responses, and the first few (id: got != want)."""
    lines = []
    for column in columns:
        left = got[column].astype("object").where(got[column].notna(), None)
        right = truth[column].astype("object").where(truth[column].notna(), None)
        differs = [rid for rid, a, b in zip(truth.index, left, right, strict=True) if a != b]
        if differs:
            examples = ", ".join(
                f"{rid}: {left[rid]!r} != {right[rid]!r}" for rid in differs[:SHOWN_DIFFERENCES]
            )
            lines.append(f"{column}: {len(differs)} of {len(truth)} responses differ ({examples})")
    return lines


@pytest.mark.parametrize("case", _params(CASES))
def test_confirmed_mapping_gives_the_truth(case):
    questionnaire = _questionnaire(case["organisation"])
    truth = _truth(case, questionnaire)
    result = _import(case, mapping=True)
    answers = result.answers
    assert result.report.format == case["format"]
    assert list(answers.index) == list(truth.index), "response ids (or which responses count) differ"
    problems = _differences(answers, truth, list(truth.columns))
    assert not problems, "\n".join(problems)
    pd.testing.assert_frame_equal(answers[list(truth.columns)], truth, check_dtype=True)


@pytest.mark.parametrize("case", _params(CASES))
def test_identity_columns_are_dropped_and_nothing_else(case):
    questionnaire = _questionnaire(case["organisation"])
    result = _import(case, mapping=True)
    assert sorted(result.report.dropped_columns) == sorted(case["identity_columns"])
    assert list(result.answers.columns) == questionnaire.columns


@pytest.mark.parametrize("case", _params(CASES))
def test_automatic_mapping_maps_95_percent_of_columns(case):
    if not case["automatic_columns"]:
        pytest.skip(case["why_not_automatic"])
    confirmed = _mapping_columns(case)
    expected = {name: target for name, target in confirmed.items() if target is not None}
    try:
        mapped = _import(case, mapping=False).report.column_mapping
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


@pytest.mark.parametrize("case", _params(CASES))
def test_automatic_mapping_reads_every_likert_and_frequency_label(case):
    if not case["automatic_labels"]:
        pytest.skip(case["why_not_automatic"])
    columns = [c for c in case["likert_columns"] if c.startswith("importance.")] + case["frequency_columns"]
    questionnaire = _questionnaire(case["organisation"])
    truth = _truth(case, questionnaire)
    try:
        answers = _import(case, mapping=False).answers
    except SurveyImportError as exc:
        pytest.fail(f"the import without a mapping failed: {exc}")
    got = answers.reindex(truth.index)
    problems = _differences(got, truth, columns)
    assert not problems, f"{len(problems)} of {len(columns)} columns read wrongly:\n" + "\n".join(problems)


MISSING_IMPORTANCE = [c for c in CASES if not any(q.startswith("importance.") for q in c["asks"])]


@pytest.mark.parametrize("case", _params(MISSING_IMPORTANCE))
def test_missing_importance_questions_are_reported(case):
    questionnaire = _questionnaire(case["organisation"])
    answers = _import(case, mapping=True).answers
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
    spec = importlib.util.spec_from_file_location("own_wording_build", OWN_WORDING / "build.py")
    build = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = build  # dataclasses look their module up while the script loads
    try:
        spec.loader.exec_module(build)
        build.main(tmp_path)
    finally:
        del sys.modules[spec.name]
    written = sorted(p.name for p in tmp_path.iterdir())
    committed = sorted(p.name for p in OWN_WORDING.iterdir() if p.suffix != ".py" and p.is_file())
    assert written == committed
    _, mismatch, errors = filecmp.cmpfiles(tmp_path, OWN_WORDING, written, shallow=False)
    assert not mismatch and not errors, f"run build.py again: {mismatch + errors} differ"
