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

Spelling variants: answers to a segment question that differ only in case, whitespace,
punctuation or Unicode compatibility form ("IT", "It", "it ", "I.T.", fullwidth "ＩＴ") are one
group, otherwise they would split a department into groups that each fall under the anonymity
threshold. The comparison key (:func:`spelling_key`) is NFKC, case-folded, without punctuation,
whitespace and invisible format characters. An open question keeps, per group, the most frequent
spelling (ties: the one seen first; a value named in the mapping's ``values`` always wins) and
records a :class:`SpellingMerge` for the import report; a question with options also matches an
option by this key when no other option shares it. An answer that is only punctuation ("-", "?")
keeps its own spelling: its key is empty and says nothing about which group it means.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class SpellingMerge:
    """Spellings of one open segment answer counted as one group (see the module docstring).

    ``spelling`` gives per data row the position in ``merged`` of the spelling that row had, or -1
    (rows that had ``kept`` or another answer), so counts can be taken over the rows kept.
    """

    column: str
    question: str
    kept: str
    merged: tuple[str, ...]
    spelling: np.ndarray


@dataclass
class Conversion:
    """What :func:`convert_answers` makes of an export: the canonical frame and what to report."""

    answers: pd.DataFrame
    problems: list[ColumnProblems]
    merges: list[SpellingMerge] = field(default_factory=list)


_DROPPED_CATEGORIES = ("P", "Z", "Cc", "Cf")  # punctuation, separators, controls, zero-width


def spelling_key(text: str) -> str:
    """The form two spellings of one answer share: NFKC, case-folded, no punctuation or spaces."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", str(text)).casefold())
    return "".join(
        ch
        for ch in folded
        if not ch.isspace() and not unicodedata.category(ch).startswith(_DROPPED_CATEGORIES)
    )


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


Factorized = tuple[np.ndarray, np.ndarray]  # pd.factorize of a column: codes per row, distinct cells


def _factorize(series: pd.Series, factorized: Factorized | None) -> Factorized:
    return factorized if factorized is not None else pd.factorize(series, sort=False)


def convert_single(
    series: pd.Series,
    question: Question,
    lookup: dict[str, str | int],
    factorized: Factorized | None = None,
) -> tuple[pd.api.extensions.ExtensionArray, np.ndarray]:
    """Canonical values for one single/likert/text column, and the row mask of value problems.

    ``factorized``: the column's ``pd.factorize`` when the caller has it (``Export.factorized``).
    """
    values, bad, _ = _convert_column(series, question, lookup, factorized=factorized)
    return values, bad


def convert_segment(
    series: pd.Series,
    question: Question,
    lookup: dict[str, str | int],
    column: str,
    factorized: Factorized | None = None,
) -> tuple[pd.api.extensions.ExtensionArray, np.ndarray, list[SpellingMerge]]:
    """Like :func:`convert_single` for a segment question: spelling variants become one group."""
    values, bad, merges = _convert_column(series, question, lookup, column=column, factorized=factorized)
    return values, bad, merges


def _convert_column(
    series: pd.Series,
    question: Question,
    lookup: dict[str, str | int],
    column: str | None = None,
    factorized: Factorized | None = None,
) -> tuple[pd.api.extensions.ExtensionArray, np.ndarray, list[SpellingMerge]]:
    """Convert the distinct cells of a column and spread them back over the rows.

    ``column`` given (a segment question): spelling variants are grouped, see the module docstring.
    """
    codes, uniques = _factorize(series, factorized)
    free = question.kind == "text" or (question.open and not question.options)
    segment = column is not None
    by_key = _options_by_key(lookup) if segment and not free else {}
    out: list[str | int | None] = []
    explicit: set[int] = set()  # positions whose value the lookup gave (an option or ``values:``)
    bad: list[int] = []
    for position, cell in enumerate(uniques):
        key = normalise(cell)
        if not key:
            out.append(None)
        elif key in lookup:  # before free answers: ``values:`` names the codes of open questions too
            out.append(lookup[key])
            explicit.add(position)
        elif free:
            out.append(str(cell).strip() if question.kind == "text" else " ".join(str(cell).split()))
        elif question.kind == "likert" and _number(key) in question.values:
            out.append(_number(key))
        elif (loose := spelling_key(key)) in by_key:
            out.append(by_key[loose])
        else:
            out.append(None)
            bad.append(position)
    merges: list[SpellingMerge] = []
    if segment and free and question.kind != "text":
        out, merges = _merge_spellings(out, codes, explicit, column, question.id)
    dtype = "Int64" if question.kind == "likert" else "string"
    values = pd.array(out, dtype=dtype).take(codes) if len(codes) else pd.array([], dtype=dtype)
    return values, np.isin(codes, bad), merges


def _options_by_key(lookup: dict[str, str | int]) -> dict[str, str | int]:
    """Option value per spelling key, for keys that lead to one option only."""
    found: dict[str, set[str | int]] = {}
    for text, value in lookup.items():
        if key := spelling_key(text):
            found.setdefault(key, set()).add(value)
    return {key: next(iter(values)) for key, values in found.items() if len(values) == 1}


@dataclass
class _Spelling:
    """One spelling of an answer: rows with it, first cell seen, given by the lookup, its cells."""

    first: int
    rows: int = 0
    explicit: bool = False
    positions: list[int] = field(default_factory=list)

    @property
    def rank(self) -> tuple[bool, int, int]:
        return (not self.explicit, -self.rows, self.first)


def _merge_spellings(
    out: list[str | int | None], codes: np.ndarray, explicit: set[int], column: str, question: str
) -> tuple[list[str | int | None], list[SpellingMerge]]:
    """One display value per spelling key over the distinct cells ``out``; the merges made."""
    rows = np.bincount(codes[codes >= 0], minlength=len(out))
    groups: dict[tuple[bool, str], dict[str, _Spelling]] = {}
    for position, value in enumerate(out):
        if value is None:
            continue
        text = str(value)
        key = spelling_key(text)
        spelling = groups.setdefault((True, key) if key else (False, text), {}).setdefault(
            text, _Spelling(first=position)
        )
        spelling.rows += int(rows[position])
        spelling.explicit |= position in explicit
        spelling.positions.append(position)
    merged_out = list(out)
    merges = []
    for spellings in groups.values():
        if len(spellings) < 2:
            continue
        kept, *others = sorted(spellings, key=lambda s: spellings[s].rank)
        cell = np.full(len(out), -1, dtype=np.int64)
        for number, text in enumerate(others):
            cell[spellings[text].positions] = number
            for position in spellings[text].positions:
                merged_out[position] = kept
        spelling = np.where(codes >= 0, cell[np.maximum(codes, 0)], -1)
        merges.append((spellings[kept].first, SpellingMerge(column, question, kept, tuple(others), spelling)))
    return merged_out, [merge for _, merge in sorted(merges, key=lambda m: m[0])]


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
    series: pd.Series,
    question: Question,
    lookup: dict[str, str | int],
    separators: tuple[str, ...],
    factorized: Factorized | None = None,
) -> tuple[dict[str, pd.api.extensions.ExtensionArray], np.ndarray, pd.Series]:
    """Option columns for one joined multi-select column, problem mask, unknown pieces per row."""
    codes, uniques = _factorize(series, factorized)
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
    columns: dict[str | int, pd.Series],
    question: Question,
    factorized: dict[str | int, Factorized] | None = None,
) -> dict[str, pd.api.extensions.ExtensionArray]:
    """Option columns from one column per option (only the options that have a column)."""
    chosen: dict[str | int, np.ndarray] = {}
    filled: dict[str | int, np.ndarray] = {}
    for option, series in columns.items():
        codes, uniques = _factorize(series, (factorized or {}).get(option))
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
    """The canonical frame (indexed by file row) for every row, and the value problems.

    Spelling variants are merged here too; :func:`convert_answers` also says which.
    """
    conversion = convert_answers(export, plan, index, mapping, lang)
    return conversion.answers, conversion.problems


def convert_answers(
    export: Export,
    plan: ColumnPlan,
    index: QuestionIndex,
    mapping: Mapping | None,
    lang: str,
) -> Conversion:
    """The canonical frame (indexed by file row) for every row, the value problems and the merges."""
    questionnaire: Questionnaire = index.questionnaire
    by_question: dict[str, list[tuple[int, Target]]] = {}
    for position, target in plan.targets.items():
        by_question.setdefault(target.question, []).append((position, target))
    data, n = export.data, len(export.data)
    columns: dict[str, pd.api.extensions.ExtensionArray] = {}
    problems: list[ColumnProblems] = []
    merges: list[SpellingMerge] = []
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
            if question.segment:
                values, mask, merged = convert_segment(
                    data[position], question, lookup, export.names[position], export.factorized(position)
                )
                merges += merged
            else:
                values, mask = convert_single(data[position], question, lookup, export.factorized(position))
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
                data[position], question, lookup, export.format.multi_separators, export.factorized(position)
            )
            columns.update(multi)
            if mask.any():
                problems.append(
                    ColumnProblems(export.names[position], mask, pieces, expected_values(question, lang))
                )
        else:
            options = {t.option: data[p] for p, t in sources}
            codes = {t.option: export.factorized(p) for p, t in sources}
            columns.update(convert_options(options, question, codes))
    return Conversion(pd.DataFrame(columns, index=data.index), problems, merges)


def filled_rows(export: Export, positions: list[int]) -> np.ndarray:
    """Rows with at least one non-empty cell among the mapped columns."""
    filled = np.zeros(len(export.data), dtype=bool)
    for position in positions:  # per distinct cell, not per row: a column has few of them
        codes, uniques = export.factorized(position)
        non_empty = np.array([bool(str(cell).strip()) for cell in uniques] + [False], dtype=bool)
        filled |= non_empty[codes]  # code -1 (a missing cell) takes the appended False
    return filled


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


def merge_records(merges: list[SpellingMerge], keep: np.ndarray) -> list[dict]:
    """The merges that matter for the kept rows, for the import report.

    One record per group: ``column``, ``question``, ``kept`` (the spelling shown), ``merged`` (the
    other spellings among the kept rows, most frequent first) and ``count`` (kept rows rewritten).
    """
    records = []
    for merge in merges:
        spelling = merge.spelling[keep]
        per_spelling = np.bincount(spelling[spelling >= 0], minlength=len(merge.merged))
        if not per_spelling.sum():
            continue
        records.append(
            {
                "column": merge.column,
                "question": merge.question,
                "kept": merge.kept,
                "merged": [text for text, rows in zip(merge.merged, per_spelling, strict=True) if rows],
                "count": int(per_spelling.sum()),
            }
        )
    return records
