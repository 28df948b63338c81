"""A workshop's questionnaire, its stored answers as the canonical answer frame, and the exports.

A stored response is a JSON object of canonical values: ``single`` and ``text`` questions a string,
``likert`` an integer, ``multi`` a list of chosen option values; an unanswered question is absent.
:func:`answer_frame` rebuilds exactly the frame documented in :mod:`advisor.survey.questionnaire`,
so the analysis reads a workshop like any imported export.
"""

from __future__ import annotations

import io
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from advisor.survey.questionnaire import Question, Questionnaire, load_questionnaire
from advisor.textsafe import clean_text
from advisor.workshop.store import StoredResponse, Workshop

SEGMENT_QUESTIONS = ("department", "location", "role")  # the organisation sets their options
MAX_TEXT = 2000
MAX_OPTIONS = 60
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class InvalidAnswer(ValueError):
    """An answer that is not one of the question's values (a tampered or outdated form)."""

    def __init__(self, question_id: str) -> None:
        self.question_id = question_id
        super().__init__(question_id)


class InvalidOptions(ValueError):
    """Segment options typed by the facilitator that cannot be used; ``problem`` names the line."""

    def __init__(self, question_id: str, line: str) -> None:
        self.question_id, self.line = question_id, line
        super().__init__(f"{question_id}: {line}")


# ---------------------------------------------------------------- segment options
def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def parse_options(question_id: str, text: str) -> list[dict[str, str]]:
    """One option per line: ``Verkoop`` or ``Verkoop | Sales`` (Dutch | English label)."""
    options: list[dict[str, str]] = []
    for line in (raw.strip() for raw in str(text).splitlines()):
        if not line:
            continue
        nl, _, en = (part.strip() for part in line.partition("|"))
        value = _slug(nl)
        if not value or len(line) > 120 or any(o["value"] == value for o in options):
            raise InvalidOptions(question_id, line)
        options.append({"value": value, "nl": nl, "en": en or nl})
    if len(options) > MAX_OPTIONS:
        raise InvalidOptions(question_id, f"> {MAX_OPTIONS}")
    return options


def options_text(options: Iterable[Mapping[str, str]]) -> str:
    return "\n".join(o["nl"] if o["en"] == o["nl"] else f"{o['nl']} | {o['en']}" for o in options)


def organisation_yaml(workshop: Workshop) -> str:
    """The workshop as an organisation file (name, language, segment options) for the importer."""
    data: dict[str, Any] = {"name": workshop.title, "language": workshop.language}
    options = {k: v for k, v in workshop.segment_options.items() if v}
    if options:
        data["segment_options"] = options
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@lru_cache(maxsize=64)
def _questionnaire_from_yaml(organisation: str) -> Questionnaire:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "organisation.yaml"
        path.write_text(organisation, encoding="utf-8")
        return load_questionnaire(organisation=path)


def questionnaire_for(workshop: Workshop) -> Questionnaire:
    """The shipped questionnaire with the workshop's segment options (cached per options)."""
    return _questionnaire_from_yaml(organisation_yaml(workshop))


def asked_questions(q: Questionnaire) -> list[Question]:
    """The questions the participant form shows: an open segment question without options from
    the organisation is left out (a free-text department could identify a person)."""
    return [question for question in q.questions if not (question.open and not question.options)]


# ---------------------------------------------------------------- answers
def clean(answers: Mapping[str, Any], q: Questionnaire) -> dict[str, Any]:
    """Canonical answers from a form: unanswered questions dropped, every value checked."""
    out: dict[str, Any] = {}
    for question_id, value in answers.items():
        question = q.by_id.get(question_id)
        if question is None:
            raise InvalidAnswer(question_id)
        if value is None or value == "" or value == [] or value == ():
            continue
        if question.kind == "multi":
            chosen = [v for v in question.values if v in set(value)]
            if len(chosen) != len(set(value)):
                raise InvalidAnswer(question_id)
            out[question_id] = chosen
        elif question.kind == "likert":
            if isinstance(value, bool) or int(value) not in question.values:
                raise InvalidAnswer(question_id)
            out[question_id] = int(value)
        elif question.kind == "text":
            text = str(value).strip()[:MAX_TEXT]
            if text:
                out[question_id] = text
        else:
            if value not in question.values:
                raise InvalidAnswer(question_id)
            out[question_id] = str(value)
    return out


def answer_frame(stored: Iterable[StoredResponse], q: Questionnaire) -> pd.DataFrame:
    """The canonical answer frame of stored responses (index ``response_id``)."""
    stored = list(stored)
    index = pd.Index([r.response_id for r in stored], dtype="string", name="response_id")
    columns: dict[str, Any] = {}
    for question in q.questions:
        values = [r.answers.get(question.id) for r in stored]
        if question.kind == "multi":
            for option in question.options:
                flags = [None if v is None else option.value in v for v in values]
                columns[f"{question.id}.{option.value}"] = pd.array(flags, dtype="boolean")
        elif question.kind == "likert":
            columns[question.id] = pd.array(values, dtype="Int64")
        else:
            columns[question.id] = pd.array([None if v is None else str(v) for v in values], dtype="string")
    frame = pd.DataFrame(columns, index=index)
    return frame[q.columns]


# ---------------------------------------------------------------- exports
def guard_formula(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe.

    Escapes and control characters are removed first: Excel files cannot hold them at all and
    in a csv they would reach the terminal of whoever looks at it.
    """
    if isinstance(value, str):
        value = clean_text(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def guarded(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out.index = out.index.map(lambda v: clean_text(v) if isinstance(v, str) else v).rename(frame.index.name)
    for column in out.columns:
        if out[column].dtype == "string":
            out[column] = out[column].map(guard_formula, na_action="ignore").astype("string")
    return out


def native_csv(frame: pd.DataFrame, q: Questionnaire) -> bytes:
    """The native csv export (the existing writer), with the formula guard on free text."""
    from advisor.survey.writers import render

    return render("native", guarded(frame), q)


def xlsx(frame: pd.DataFrame, q: Questionnaire) -> bytes:
    """The same table as an Excel workbook (sheet ``responses``), with the formula guard."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "responses"
    sheet.append(["response_id", *q.columns])
    safe = guarded(frame)
    for response_id, row in zip(safe.index, safe[q.columns].itertuples(index=False), strict=True):
        sheet.append([guard_formula(str(response_id)), *(_xlsx_cell(v) for v in row)])
    for row in sheet.iter_rows():  # openpyxl reads a leading '=' as a formula: store every cell as text
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    value = value.item() if hasattr(value, "item") else value
    return guard_formula(value) if isinstance(value, str) else value
