"""A workshop's questionnaire, its stored answers as the canonical answer frame, and the exports.

A stored response is a JSON object of canonical values: ``single`` and ``text`` questions a string,
``likert`` an integer, ``multi`` a list of chosen option values; an unanswered question is absent.
:func:`answer_frame` rebuilds exactly the frame documented in :mod:`advisor.survey.questionnaire`,
so the analysis reads a workshop like any imported export.
"""

from __future__ import annotations

import hashlib
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
from advisor.textsafe import clean_free_text, clean_text
from advisor.workshop.store import StoredResponse, Workshop

SEGMENT_QUESTIONS = ("department", "location", "role")  # the organisation sets their options
MAX_TEXT = 2000
MAX_OPTIONS = 60
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Where a spreadsheet may start a new cell inside one text: a csv opened by Excel set to ';'
# (Dutch Excel) splits on ';' and ignores quotes that do not open a field, so each piece is read as a
# cell of its own; a reader splitting on ',' or tabs, or on lines, does the same there.
_CELL_STARTS = re.compile(r"(^|[;,\t\n|])(\s*)(?=[=+\-@])")


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
            text = clean_free_text(value).strip()[:MAX_TEXT]
            if text:
                out[question_id] = text
        else:
            if value not in question.values:
                raise InvalidAnswer(question_id)
            out[question_id] = str(value)
    return out


def required_segment(q: Questionnaire) -> str | None:
    """The segment a response must name: the first of the organisation's own segment questions
    that the form asks (department, else location, else role), or None when it asks none."""
    asked = {question.id for question in asked_questions(q)}
    return next((sid for sid in SEGMENT_QUESTIONS if sid in asked and q[sid].options), None)


def missing_parts(answers: Mapping[str, Any], q: Questionnaire) -> list[str]:
    """What a cleaned response still lacks before it is stored: ``"segment"`` (the
    :func:`required_segment` is not answered) and ``"answer"`` (no answer beyond the segment
    questions: an empty or segment-only response would count a person and say nothing)."""
    missing = []
    segment = required_segment(q)
    if segment is not None and segment not in answers:
        missing.append("segment")
    if not any(qid not in q.segment_ids for qid in answers):
        missing.append("answer")
    return missing


def device_ids(workshop_code: str, device_key: str) -> tuple[str, str]:
    """(submission id, token claim) of a browser in a workshop, from the random key it holds.

    Both are one-way hashes of the key, each with its own label: the database holds the first with
    the response and the second with a spent token, and without the key nobody can tell that they
    belong together. Per workshop, so one browser's responses to two workshops are not linkable."""

    def derive(label: str) -> str:
        return hashlib.sha256(f"{label}\x00{workshop_code}\x00{device_key}".encode()).hexdigest()

    return derive("advisor-submission"), derive("advisor-token-claim")


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

    Control characters are dealt with first (:func:`clean_free_text`: line breaks become newlines,
    the rest goes): an Excel file cannot hold them at all and in a csv they would reach the
    terminal of whoever looks at it.
    """
    if isinstance(value, str):
        value = clean_free_text(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def guard_csv_text(value: Any) -> Any:
    """:func:`guard_formula`, and an apostrophe wherever a spreadsheet splitting the text on ``;``,
    ``,``, a tab, ``|`` or a line would start a cell with a formula (``ok;=1+1`` -> ``ok;'=1+1``)."""
    if isinstance(value, str):
        return _CELL_STARTS.sub(r"\1'\2", clean_free_text(value))
    return value


def guarded(frame: pd.DataFrame, guard: Any = guard_formula) -> pd.DataFrame:
    """The frame with ``guard`` applied to every text cell and to the index."""
    out = frame.copy()
    out.index = out.index.map(lambda v: clean_text(v) if isinstance(v, str) else v).rename(frame.index.name)
    for column in out.columns:
        if out[column].dtype == "string":
            out[column] = out[column].map(guard, na_action="ignore").astype("string")
    return out


def _plain(value: Any) -> Any:
    return clean_free_text(value) if isinstance(value, str) else value


def native_csv(frame: pd.DataFrame, q: Questionnaire) -> bytes:
    """The native csv export (the existing writer) for spreadsheets: the formula guard on free
    text, also for a reader that splits on ``;`` (:func:`guard_csv_text`)."""
    from advisor.survey.writers import render

    return render("native", guarded(frame, guard_csv_text), q)


def dashboard_csv(frame: pd.DataFrame, q: Questionnaire) -> bytes:
    """The native csv the dashboard imports ("Open in dashboard"): control characters dealt with,
    no apostrophes (the dashboard is no spreadsheet, and shows every comment as plain text)."""
    from advisor.survey.writers import render

    return render("native", guarded(frame, _plain), q)


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
