"""Turn mapped export columns into canonical values, column by column, and find what to skip.

Speed: every column is factorised once (``pd.factorize``); the few distinct answers are looked up
in a dict and the result is spread back over the rows with ``take``. There is no per-row Python.

Values: a cell matches an option by its canonical value or its Dutch/English label (normalised),
then by the mapping's ``values`` (which win). Anything else is a *value problem*: reported with
row, column, the value and what was expected, and left missing (<NA>), never guessed. A Likert
question takes its scale values (``1``..``5``) or labels. An ``open`` segment question without
options takes any non-empty answer as its category. A multi-select cell joined by the tool
(MS Forms ``;``, Google Forms ``, ``, Qualtrics ``,``) is split against the known labels, longest
first, so a label that itself contains ", " stays whole; unknown pieces are value problems and
the known ones still count. One-column-per-option cells: empty is not chosen, ``N``/``0``/
``false``/``nee``/``no`` is explicitly not chosen, anything else (``Y``, ``1``, the label) chosen.
A multi question is <NA> in every option column for a row that has no cell of it filled in.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from advisor.survey.formats import Export
from advisor.survey.identity import normalise
from advisor.survey.mapping import ColumnPlan, Mapping, QuestionIndex, Target, expected_values
from advisor.survey.questionnaire import Question, Questionnaire

FALSE_TOKENS = frozenset({"n", "no", "nee", "0", "false", "onwaar", "not selected", "niet geselecteerd"})
MAX_PROBLEMS_PER_COLUMN = 100


@dataclass
class ColumnProblems:
    """Rows of one export column whose value could not be used (``mask`` over the data rows)."""

    column: str
    mask: np.ndarray
    values: pd.Series  # the offending value per row (only read where mask is True)
    expected: str


def _lookup(question: Question, index: QuestionIndex, explicit: dict[str, str | int]) -> dict[str, str | int]:
    table: dict[str, str | int] = {}
    for option in question.options:
        for text in (str(option.value), option.nl, option.en):
            table.setdefault(normalise(text), option.value)
    table.update(explicit)
    return table


def _number(key: str) -> int | None:
    try:
        number = float(key.replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def convert_single(
    series: pd.Series, question: Question, lookup: dict[str, str | int]
) -> tuple[pd.api.extensions.ExtensionArray, np.ndarray]:
    """Canonical values for one single/likert/text column, and the row mask of value problems."""
    codes, uniques = pd.factorize(series, sort=False)
    free = question.kind == "text" or (question.open and not question.options)
    out: list[str | int | None] = []
    bad: list[int] = []
    for position, cell in enumerate(uniques):
        key = normalise(cell)
        if not key:
            out.append(None)
        elif key in lookup:  # before free answers: ``values:`` names the codes of open questions too
            out.append(lookup[key])
        elif free:
            out.append(str(cell).strip() if question.kind == "text" else " ".join(str(cell).split()))
        elif question.kind == "likert" and _number(key) in question.values:
            out.append(_number(key))
        else:
            out.append(None)
            bad.append(position)
    dtype = "Int64" if question.kind == "likert" else "string"
    values = pd.array(out, dtype=dtype).take(codes) if len(codes) else pd.array([], dtype=dtype)
    return values, np.isin(codes, bad)


def _split_known(
    cell: str, labels: list[tuple[str, str | int]], separators: tuple[str, ...]
) -> tuple[set, list[str]]:
    """Options found in a joined multi-select cell, longest label first; and the unknown pieces."""
    text = cell.strip()
    lowered = text.lower() if len(text.lower()) == len(text) else text
    marks = tuple(s.strip() or s for s in separators)
    chosen: set[str | int] = set()
    unknown: list[str] = []
    pos = 0
    while pos < len(text):
        while pos < len(text) and (text[pos].isspace() or text.startswith(marks, pos)):
            pos += 1
        if pos >= len(text):
            break
        for label, value in labels:
            end = pos + len(label)
            if lowered.startswith(label, pos):
                rest = text[end:].lstrip()
                if not rest or rest.startswith(marks):
                    chosen.add(value)
                    pos = end
                    break
        else:
            ends = [i for i in (text.find(s, pos) for s in separators) if i >= 0]
            end = min(ends) if ends else len(text)
            unknown.append(text[pos:end].strip())
            pos = end
    return chosen, [u for u in unknown if u]


def convert_joined(
    series: pd.Series, question: Question, lookup: dict[str, str | int], separators: tuple[str, ...]
) -> tuple[dict[str, pd.api.extensions.ExtensionArray], np.ndarray, pd.Series]:
    """Option columns for one joined multi-select column, problem mask, unknown pieces per row."""
    codes, uniques = pd.factorize(series, sort=False)
    labels = sorted(((k.lower(), v) for k, v in lookup.items()), key=lambda kv: -len(kv[0]))
    values = list(question.values)
    matrix = np.zeros((len(uniques), len(values)), dtype=bool)
    answered = np.zeros(len(uniques), dtype=bool)
    pieces: list[str] = []
    for position, cell in enumerate(uniques):
        chosen, unknown = _split_known(str(cell), labels, separators)
        for value in chosen:
            matrix[position, values.index(value)] = True
        answered[position] = bool(chosen)
        pieces.append("; ".join(unknown))
    rows, answered_rows = matrix[codes], answered[codes]
    columns = {
        f"{question.id}.{value}": pd.arrays.BooleanArray(rows[:, i].copy(), ~answered_rows)
        for i, value in enumerate(values)
    }
    piece_array = np.array(pieces, dtype=object)
    bad_unique = np.array([bool(p) for p in pieces], dtype=bool)
    return columns, bad_unique[codes], pd.Series(piece_array[codes], index=series.index)


def convert_options(
    columns: dict[str | int, pd.Series], question: Question
) -> dict[str, pd.api.extensions.ExtensionArray]:
    """Option columns from one column per option (only the options that have a column)."""
    chosen: dict[str | int, np.ndarray] = {}
    filled: dict[str | int, np.ndarray] = {}
    for option, series in columns.items():
        codes, uniques = pd.factorize(series, sort=False)
        keys = [normalise(u) for u in uniques]
        chosen[option] = np.array([bool(k) and k not in FALSE_TOKENS for k in keys], dtype=bool)[codes]
        filled[option] = np.array([bool(k) for k in keys], dtype=bool)[codes]
    answered = np.logical_or.reduce(list(filled.values()))
    out = {}
    for value in question.values:
        if value in chosen:
            out[f"{question.id}.{value}"] = pd.arrays.BooleanArray(chosen[value], ~answered)
        else:  # an option the export has no column for: unknown, not "not chosen"
            out[f"{question.id}.{value}"] = pd.array([None] * len(answered), dtype="boolean")
    return out


def build_answers(
    export: Export,
    plan: ColumnPlan,
    index: QuestionIndex,
    mapping: Mapping | None,
    lang: str,
) -> tuple[pd.DataFrame, list[ColumnProblems]]:
    """The canonical frame (indexed by file row) for every row, and the value problems."""
    questionnaire: Questionnaire = index.questionnaire
    by_question: dict[str, list[tuple[int, Target]]] = {}
    for position, target in plan.targets.items():
        by_question.setdefault(target.question, []).append((position, target))
    data, n = export.data, len(export.data)
    columns: dict[str, pd.api.extensions.ExtensionArray] = {}
    problems: list[ColumnProblems] = []
    for question in questionnaire.questions:
        sources = by_question.get(question.id, [])
        explicit = mapping.values.get(question.id, {}) if mapping else {}
        lookup = _lookup(question, index, explicit)
        if not sources:
            dtype = {"multi": "boolean", "likert": "Int64"}.get(question.kind, "string")
            for column in question.columns:
                columns[column] = pd.array([None] * n, dtype=dtype)
        elif question.kind != "multi":
            position = sources[0][0]
            values, mask = convert_single(data[position], question, lookup)
            columns[question.id] = values
            if mask.any():
                problems.append(
                    ColumnProblems(
                        export.names[position], mask, data[position], expected_values(question, lang)
                    )
                )
        elif sources[0][1].option is None:
            position = sources[0][0]
            multi, mask, pieces = convert_joined(
                data[position], question, lookup, export.format.multi_separators
            )
            columns.update(multi)
            if mask.any():
                problems.append(
                    ColumnProblems(export.names[position], mask, pieces, expected_values(question, lang))
                )
        else:
            columns.update(convert_options({t.option: data[p] for p, t in sources}, question))
    return pd.DataFrame(columns, index=data.index), problems


def filled_rows(export: Export, positions: list[int]) -> np.ndarray:
    """Rows with at least one non-empty cell among the mapped columns."""
    if not positions:
        return np.zeros(len(export.data), dtype=bool)
    cells = export.data[positions]
    return np.logical_or.reduce([(cells[p].str.strip() != "").to_numpy() for p in positions])


def materialise(
    problems: list[ColumnProblems], keep: np.ndarray, index: pd.Index
) -> tuple[list[dict], dict[str, int]]:
    """Problem records for the kept rows (capped per column) and the full count per column."""
    records: list[dict] = []
    counts: dict[str, int] = {}
    for problem in problems:
        mask = problem.mask & keep
        total = int(mask.sum())
        if not total:
            continue
        counts[problem.column] = counts.get(problem.column, 0) + total
        rows = np.flatnonzero(mask)[:MAX_PROBLEMS_PER_COLUMN]
        values = problem.values.to_numpy()[rows]
        records.extend(
            {"row": int(index[r]), "column": problem.column, "value": str(v), "expected": problem.expected}
            for r, v in zip(rows, values, strict=True)
        )
    return records, counts
