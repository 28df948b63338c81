"""A second corpus: exports in ten other organisations' own words, written without seeing the matcher.

It was held out at first: the matcher, tuned on ``tests/fixtures/own_wording``, mapped 177 of its
218 question columns right (81.2%), 2 to a wrong question, and read 405 Likert/frequency cells as a
wrong value. Those failures then taught the vocabulary (scale words, modifiers such as "eerder",
"minder dan") and two rules (a SurveyMonkey option column is never the whole question; a scale
is read in order of strength over the labels it can place). So it is no longer held out: it now
guards those lessons. A new held-out set is what measures the next round.

The fixtures (``tests/fixtures/own_wording_holdout/``, built by its ``build.py``) are two exports per
tool, one Dutch and one English, from a police zone, a bakery chain, a ministry directorate, a
theatre, a waste company, an IT consultancy, a football club, an airport, a publisher and a
care-home group. Beside each: the truth, the mapping a user confirms, the organisation's segments.

With the confirmed mapping the import must give the truth. Without one, the figures are printed
per case and in total; across the whole corpus (not per file) at least 90% of the question
columns must be mapped right, none may be mapped to a wrong target, and no Likert or frequency
column that was mapped may read a label as a wrong value.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from advisor.survey.importer import SurveyImportError
from tests.survey.conftest import FIXTURES
from tests.survey.own_wording_corpus import SHOWN, Corpus, cells, differences, params

HOLDOUT = FIXTURES / "own_wording_holdout"
CORPUS = Corpus(HOLDOUT)
CASES = CORPUS.cases
REQUIRED_SHARE = 0.90


@cache
def _automatic(name: str) -> tuple[Any, str]:
    """The import without a mapping (once per case), or None and why it failed."""
    case = next(c for c in CASES if c["name"] == name)
    try:
        return CORPUS.import_case(case, mapping=False), ""
    except SurveyImportError as exc:
        return None, str(exc)


# --- with the confirmed mapping ---------------------------------------------------------------------


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
def test_identity_columns_are_dropped(case):
    result = CORPUS.import_case(case, mapping=True)
    assert sorted(result.report.dropped_columns) == sorted(case["identity_columns"])
    assert list(result.answers.columns) == CORPUS.questionnaire(case["organisation"]).columns


# --- without a mapping: the figures over the whole held-out corpus ----------------------------------


def _column_figures(case: dict[str, Any]) -> dict[str, Any]:
    confirmed = CORPUS.mapping_columns(case)
    expected = {name: target for name, target in confirmed.items() if target is not None}
    result, failure = _automatic(case["name"])
    mapped = result.report.column_mapping if result is not None else {}
    right = [name for name, target in expected.items() if mapped.get(name) == target]
    wrong = [
        f"{name!r} -> {target!r} (should be {confirmed.get(name, 'not a question column')!r})"
        for name, target in mapped.items()
        if target != expected.get(name)
    ]
    missing = [f"{name!r} ({target!r})" for name, target in expected.items() if name not in mapped]
    return {"expected": len(expected), "right": right, "wrong": wrong, "missing": missing, "failure": failure}


def test_automatic_mapping_over_the_corpus(capsys):
    figures = {case["name"]: _column_figures(case) for case in CASES}
    total = sum(f["expected"] for f in figures.values())
    right = sum(len(f["right"]) for f in figures.values())
    wrong = [f"{name}: {w}" for name, f in figures.items() for w in f["wrong"]]
    missing = [f"{name}: {m}" for name, f in figures.items() for m in f["missing"]]
    lines = ["", "held-out corpus, automatic column mapping (question columns: right / wrong / not mapped):"]
    for name, f in figures.items():
        note = f"  [import failed: {f['failure']}]" if f["failure"] else ""
        lines.append(
            f"  {name:<44} {len(f['right']):>3} / {len(f['wrong']):>2} / {len(f['missing']):>2}"
            f"  of {f['expected']:>3}{note}"
        )
    share = right / total if total else 0.0
    counts = f"{right:>3} / {len(wrong):>2} / {len(missing):>2}  of {total:>3}"
    lines.append(f"  {'TOTAL':<44} {counts}  ({share:.1%} right)")
    lines += [f"  wrong: {w}" for w in wrong] + [f"  not mapped: {m}" for m in missing]
    report = "\n".join(lines)
    with capsys.disabled():
        print(report)
    assert not wrong, f"{len(wrong)} columns mapped to a wrong target\n{report}"
    assert share >= REQUIRED_SHARE, f"{share:.1%} of the question columns mapped right (need 90%)\n{report}"


def _label_figures(case: dict[str, Any]) -> dict[str, Any]:
    """Likert and frequency cells of the automatic import against the truth.

    ``unmapped``: cells of columns the automatic mapping left out (or mapped from a wrong column);
    of the columns it mapped right: ``unread`` (answered, but read as no answer) and ``wrong``
    (read as another value), with examples.
    """
    columns = case["likert_columns"] + case["frequency_columns"]
    truth = CORPUS.truth(case)
    result, _ = _automatic(case["name"])
    confirmed = CORPUS.mapping_columns(case)
    mapped = result.report.column_mapping if result is not None else {}
    rightly = {
        target for name, target in mapped.items() if isinstance(target, str) and confirmed.get(name) == target
    }
    got = result.answers.reindex(truth.index) if result is not None else None
    out: dict[str, Any] = {
        "cells": 0,
        "differ": 0,
        "unmapped": 0,
        "unread": 0,
        "wrong": [],
        "unread_examples": [],
    }
    for column in columns:
        want = cells(truth[column])
        have = cells(got[column]) if got is not None else [None] * len(want)
        out["cells"] += len(want)
        for rid, a, b in zip(truth.index, have, want, strict=True):
            if a == b:
                continue
            out["differ"] += 1
            if column not in rightly:
                out["unmapped"] += 1
            elif a is None:
                out["unread"] += 1
                if len(out["unread_examples"]) < SHOWN:
                    out["unread_examples"].append(f"{column} {rid}: want {b!r}")
            else:
                out["wrong"].append(f"{column} {rid}: read {a!r}, want {b!r}")
    return out


def test_automatic_mapping_reads_likert_and_frequency_labels(capsys):
    figures = {case["name"]: _label_figures(case) for case in CASES}
    lines = [
        "",
        "held-out corpus, Likert/frequency cells differing from the truth without a mapping",
        "  (differ = in unmapped columns + answered but not read + read as a wrong value):",
    ]
    for name, f in figures.items():
        lines.append(
            f"  {name:<44} {f['differ']:>4} of {f['cells']:>5} = {f['unmapped']:>4} + {f['unread']:>4}"
            f" + {len(f['wrong']):>3}"
        )
    cells = sum(f["cells"] for f in figures.values())
    differ = sum(f["differ"] for f in figures.values())
    unmapped = sum(f["unmapped"] for f in figures.values())
    unread = sum(f["unread"] for f in figures.values())
    wrong = [f"{name}: {w}" for name, f in figures.items() for w in f["wrong"]]
    lines.append(f"  {'TOTAL':<44} {differ:>4} of {cells:>5} = {unmapped:>4} + {unread:>4} + {len(wrong):>3}")
    lines += [f"  not read: {name}: {e}" for name, f in figures.items() for e in f["unread_examples"]]
    lines += [f"  wrong: {w}" for w in wrong[:40]]
    report = "\n".join(lines)
    with capsys.disabled():
        print(report)
    assert not wrong, f"{len(wrong)} cells of mapped columns read as a wrong value\n{report}"


# --- the corpus itself ----------------------------------------------------------------------------------


def test_the_corpus_has_what_it_promises():
    assert len(CASES) >= 10
    pairs = [(c["format"], c["language"]) for c in CASES]
    assert sorted(set(pairs)) == sorted(pairs), "one export per tool and language"
    assert set(pairs) >= {
        (f, lang)
        for f in ("msforms", "googleforms", "limesurvey", "qualtrics", "surveymonkey")
        for lang in ("nl", "en")
    }
    assert all(60 <= c["respondents"] <= 150 for c in CASES)
    own = {p.name for p in (FIXTURES / "own_wording").iterdir()}
    assert not own & {p.name for p in HOLDOUT.iterdir() if p.suffix != ".py" and p.name != "cases.yaml"}, (
        "held-out files must be new"
    )


def test_build_script_writes_the_committed_files(tmp_path: Path):
    written, committed, differing = CORPUS.rebuilt_differences("own_wording_holdout_build", tmp_path)
    assert written == committed
    assert not differing, f"run build.py again: {differing} differ"
