"""Write a canonical answer frame as the export files real survey tools produce.

Used for the demo survey and for tests of the importers. Each writer follows the tool's real export
as described in the research notes (``surveys-and-adoption.md`` section 2):

=============  =====  ===========================================================================
format         file   shape
=============  =====  ===========================================================================
native         csv    ``response_id`` + one column per canonical column id; canonical values,
                      multi options ``true``/``false``, empty when unanswered; UTF-8, LF
msforms        xlsx   sheet ``Sheet1``: ``ID, Start time, Completion time, Email, Name`` then the
                      Dutch question texts; Dutch labels; multi joined with ``;`` plus a trailing
                      ``;``; Email ``anonymous``, Name empty
googleforms    csv    ``Timestamp, Email Address`` then the Dutch question texts, every cell
                      quoted; checkbox answers joined with ``", "``
limesurvey     csv    UTF-8 BOM, ``;``, every field quoted, CRLF; ``id, submitdate, lastpage,
                      startlanguage, seed, startdate, datestamp, ipaddr`` then question codes
                      (``G01Q01``, arrays and multiple choice as ``G03Q01[SQ001]``); answer codes
                      (``A1``...; 5-point choice ``1``-``5``; multiple choice ``Y``/empty);
                      incomplete responses have an empty ``submitdate``
qualtrics      csv    UTF-8 BOM; three header rows (names, Dutch texts, ``{"ImportId": ...}``);
                      metadata incl. ``IPAddress``, ``RecipientEmail``, ``LocationLatitude``;
                      ``Q1``...; matrices and multi-answer as ``Qk_1``...; numeric recodes;
                      incomplete responses have ``Finished`` 0 and ``Progress`` below 100
surveymonkey   csv    two header rows: ``Respondent ID, Collector ID, Start Date, End Date, IP
                      Address, Email Address, First Name, Last Name, Custom Data 1``, then the
                      question text with empty continuation cells; row 2 ``Response``, the choice
                      label per column, or ``Open-Ended Response``; Dutch labels
=============  =====  ===========================================================================

Native, Microsoft Forms, Google Forms and SurveyMonkey hold only complete responses (those tools
do not keep partial ones); LimeSurvey and Qualtrics export incomplete responses too, marked as such.
The answer codes of LimeSurvey and Qualtrics need a mapping file: :func:`mapping_for` builds it.
Identity columns carry fake values (IPs from 192.0.2.0/24, example.org addresses) that an importer
must drop. Output is a deterministic function of the inputs (the xlsx has fixed zip timestamps).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from advisor.survey.questionnaire import Question, Questionnaire

FORMATS: dict[str, str] = {
    "native": "csv",
    "msforms": "xlsx",
    "googleforms": "csv",
    "limesurvey": "csv",
    "qualtrics": "csv",
    "surveymonkey": "csv",
}
MAPPED_FORMATS = ("limesurvey", "qualtrics")  # answer codes: shipped with a mapping file
LANG = "nl"
BOM = "\ufeff"
FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)

# Matrix stems for the expanded families (Qualtrics shows "<stem> - <row>").
MATRIX_STEMS = {
    "use": "Hoe vaak gebruik je deze kanalen voor je werk?",
    "importance": "Hoe belangrijk zijn deze eigenschappen voor jou in een werkplatform?",
}


@dataclass(frozen=True)
class Block:
    """One question as a survey tool sees it: a plain question, an array/matrix or a multi."""

    questions: tuple[Question, ...]
    page: int

    @property
    def is_array(self) -> bool:
        return len(self.questions) > 1 or bool(self.questions[0].group)

    @property
    def first(self) -> Question:
        return self.questions[0]


def blocks(q: Questionnaire) -> list[Block]:
    """Questions grouped as the tools show them: each expanded family is one array question."""
    from advisor.survey.demo import page_of  # the page layout lives with the demo survey

    out: list[Block] = []
    for question in q.questions:
        if question.group and out and out[-1].first.group == question.group:
            out[-1] = Block((*out[-1].questions, question), out[-1].page)
        else:
            out.append(Block((question,), page_of(question.id, q)))
    return out


def default_meta(answers: pd.DataFrame) -> pd.DataFrame:
    """Export metadata when a caller has none: every response complete, a minute apart."""
    n = len(answers)
    started = pd.Timestamp("2026-03-02 09:00:00") + pd.to_timedelta(range(n), unit="min")
    return pd.DataFrame(
        {
            "started": started,
            "submitted": started + pd.Timedelta(minutes=6),
            "complete": True,
            "last_page": 5,
            "ip": [f"192.0.2.{1 + i % 254}" for i in range(n)],
            "email": [f"respondent{i + 1}@example.org" for i in range(n)],
            "first_name": "Sam",
            "last_name": "Jansen",
            "latitude": 51.92,
            "longitude": 4.48,
        },
        index=answers.index,
    )


def render(fmt: str, answers: pd.DataFrame, q: Questionnaire, meta: pd.DataFrame | None = None) -> bytes:
    """The bytes of an export file in ``fmt`` (see the module docstring for the shapes)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    meta = default_meta(answers) if meta is None else meta.loc[answers.index]
    if fmt not in ("limesurvey", "qualtrics"):
        keep = meta["complete"].to_numpy(dtype=bool)
        answers, meta = answers[keep], meta[keep]
    return _RENDERERS[fmt](answers, q, meta)


def write_export(
    fmt: str, answers: pd.DataFrame, q: Questionnaire, path: Path, meta: pd.DataFrame | None = None
) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(render(fmt, answers, q, meta))
    return path


# --- helpers -------------------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    return None if value is pd.NA or value is None or (isinstance(value, float) and pd.isna(value)) else value


def _label(question: Question, value: Any) -> str:
    value = _cell(value)
    if value is None:
        return ""
    return question.label(int(value) if question.kind == "likert" else value, LANG)


def _selected(answers: pd.DataFrame, question: Question, row: int) -> list[str] | None:
    """Chosen option values of a multi question; None when the question was not answered."""
    flags = [_cell(answers[col].iat[row]) for col in question.columns]
    if all(f is None for f in flags):
        return None
    return [o.value for o, f in zip(question.options, flags, strict=True) if f]


def _code(question: Question, value: Any, prefix: str) -> str:
    """Answer code: ``prefix`` + 1-based option position ('A3', or '3' without prefix)."""
    value = _cell(value)
    if value is None:
        return ""
    if question.kind == "likert" and not prefix:
        return str(int(value))
    values = question.values
    if question.kind == "likert":
        value = int(value)
    if value not in values:  # an open question without options: the answer itself
        return str(value)
    return f"{prefix}{values.index(value) + 1}"


def _csv(
    rows: Iterator[list[Any]] | list[list[Any]],
    *,
    delimiter: str = ",",
    quoting: int = csv.QUOTE_MINIMAL,
    lineterminator: str = "\r\n",
    bom: bool = False,
) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=lineterminator)
    writer.writerows(rows)
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def _stamp(ts: pd.Timestamp, style: str) -> str:
    if style == "iso":
        return ts.strftime("%Y-%m-%d %H:%M:%S")
    if style == "google":
        return f"{ts.month}/{ts.day}/{ts.year} {ts.hour}:{ts.minute:02d}:{ts.second:02d}"
    return ts.strftime("%m/%d/%Y %I:%M:%S %p")  # surveymonkey


def _number(seed: str, digits: int) -> int:
    """A stable pseudo-random number for fake ids (same input, same id)."""
    return int(hashlib.sha256(seed.encode()).hexdigest(), 16) % (9 * 10 ** (digits - 1)) + 10 ** (digits - 1)


# --- native --------------------------------------------------------------------------------------


def _native(answers: pd.DataFrame, q: Questionnaire, meta: pd.DataFrame) -> bytes:
    columns = q.columns
    rows: list[list[Any]] = [["response_id", *columns]]
    for rid, record in zip(answers.index, answers[columns].itertuples(index=False), strict=True):
        rows.append([rid, *(_native_value(v) for v in record)])
    return _csv(rows, lineterminator="\n")


def _native_value(value: Any) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    return str(value)


# --- Microsoft Forms -----------------------------------------------------------------------------


def _label_rows(
    answers: pd.DataFrame, q: Questionnaire, multi_join: Callable[[list[str]], str]
) -> list[list[str]]:
    """Per response: the Dutch label of every question (multi joined by ``multi_join``)."""
    rows = []
    for i in range(len(answers)):
        row = []
        for question in q.questions:
            if question.kind == "multi":
                chosen = _selected(answers, question, i)
                row.append("" if chosen is None else multi_join([question.label(v, LANG) for v in chosen]))
            elif question.kind == "text":
                row.append(_cell(answers[question.id].iat[i]) or "")
            else:
                row.append(_label(question, answers[question.id].iat[i]))
        rows.append(row)
    return rows


def _msforms(answers: pd.DataFrame, q: Questionnaire, meta: pd.DataFrame) -> bytes:
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", *(x.text.nl for x in q.questions)])
    labels = _label_rows(answers, q, lambda chosen: "".join(f"{c};" for c in chosen))
    for number, (row, started, submitted) in enumerate(
        zip(labels, meta["started"], meta["submitted"], strict=True), start=1
    ):
        sheet.append(
            [
                number,
                started.to_pydatetime(),
                submitted.to_pydatetime(),
                "anonymous",
                None,
                *(v if v != "" else None for v in row),
            ]
        )
    for column in ("B", "C"):
        for cell in sheet[column][1:]:
            cell.number_format = "m/d/yy h:mm:ss"
    fixed = dt.datetime(*FIXED_ZIP_TIME)
    workbook.properties.created = workbook.properties.modified = fixed
    raw = io.BytesIO()
    ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with fixed entry timestamps, so equal content gives equal bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


# --- Google Forms --------------------------------------------------------------------------------


def _googleforms(answers: pd.DataFrame, q: Questionnaire, meta: pd.DataFrame) -> bytes:
    header = ["Timestamp", "Email Address", *(x.text.nl for x in q.questions)]
    labels = _label_rows(answers, q, ", ".join)
    rows = [header] + [
        [_stamp(ts, "google"), email, *row]
        for ts, email, row in zip(meta["submitted"], meta["email"], labels, strict=True)
    ]
    return _csv(rows, quoting=csv.QUOTE_ALL)


# --- LimeSurvey ----------------------------------------------------------------------------------


def limesurvey_columns(q: Questionnaire) -> list[tuple[str, Question, str | None]]:
    """(column code, question, option value for a multi column) in export order."""
    out: list[tuple[str, Question, str | None]] = []
    per_page: dict[int, int] = {}
    for block in blocks(q):
        per_page[block.page] = per_page.get(block.page, 0) + 1
        code = f"G{block.page:02d}Q{per_page[block.page]:02d}"
        if block.is_array:
            out += [(f"{code}[SQ{i:03d}]", x, None) for i, x in enumerate(block.questions, start=1)]
        elif block.first.kind == "multi":
            out += [
                (f"{code}[SQ{i:03d}]", block.first, o.value) for i, o in enumerate(block.first.options, 1)
            ]
        else:
            out.append((code, block.first, None))
    return out


def _limesurvey_code(question: Question, value: Any, array: bool) -> str:
    # A 5-point choice question stores 1-5; lists and arrays store the answer codes A1, A2, ...
    return _code(question, value, "" if question.kind == "likert" and not array else "A")


def _limesurvey(answers: pd.DataFrame, q: Questionnaire, meta: pd.DataFrame) -> bytes:
    columns = limesurvey_columns(q)
    header = [
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        *(code for code, _, _ in columns),
    ]
    rows: list[list[Any]] = [header]
    for i, rid in enumerate(answers.index):
        m = meta.iloc[i]
        row = [
            str(rid),
            _stamp(m["submitted"], "iso") if m["complete"] else "",
            str(int(m["last_page"])),
            LANG,
            str(_number(f"seed{rid}", 9)),
            _stamp(m["started"], "iso"),
            _stamp(m["submitted"], "iso"),
            m["ip"],
        ]
        for code, question, option in columns:
            if option is not None:
                row.append("Y" if _cell(answers[f"{question.id}.{option}"].iat[i]) else "")
            elif question.kind == "text":
                row.append(_cell(answers[question.id].iat[i]) or "")
            else:
                row.append(_limesurvey_code(question, answers[question.id].iat[i], "[" in code))
        rows.append(row)
    return _csv(rows, delimiter=";", quoting=csv.QUOTE_ALL, bom=True)


# --- Qualtrics -----------------------------------------------------------------------------------

QUALTRICS_META = (
    ("StartDate", "Begindatum", {"ImportId": "startDate", "timeZone": "Europe/Amsterdam"}),
    ("EndDate", "Einddatum", {"ImportId": "endDate", "timeZone": "Europe/Amsterdam"}),
    ("Status", "Type antwoord", {"ImportId": "status"}),
    ("IPAddress", "IP-adres", {"ImportId": "ipAddress"}),
    ("Progress", "Voortgang", {"ImportId": "progress"}),
    ("Duration (in seconds)", "Duur (in seconden)", {"ImportId": "duration"}),
    ("Finished", "Voltooid", {"ImportId": "finished"}),
    ("RecordedDate", "Opnamedatum", {"ImportId": "recordedDate", "timeZone": "Europe/Amsterdam"}),
    ("ResponseId", "Antwoord-ID", {"ImportId": "_recordId"}),
    ("RecipientLastName", "Achternaam ontvanger", {"ImportId": "recipientLastName"}),
    ("RecipientFirstName", "Voornaam ontvanger", {"ImportId": "recipientFirstName"}),
    ("RecipientEmail", "E-mailadres ontvanger", {"ImportId": "recipientEmail"}),
    ("ExternalReference", "Externe gegevensreferentie", {"ImportId": "externalDataReference"}),
    ("LocationLatitude", "Breedtegraad locatie", {"ImportId": "locationLatitude"}),
    ("LocationLongitude", "Lengtegraad locatie", {"ImportId": "locationLongitude"}),
    ("DistributionChannel", "Distributiekanaal", {"ImportId": "distributionChannel"}),
    ("UserLanguage", "Gebruikerstaal", {"ImportId": "userLanguage"}),
)


def qualtrics_columns(q: Questionnaire) -> list[tuple[str, str, dict[str, str], Question, str | None]]:
    """(name, Dutch text, ImportId, question, multi option) per question column, in export order."""
    out: list[tuple[str, str, dict[str, str], Question, str | None]] = []
    for k, block in enumerate(blocks(q), start=1):
        first = block.first
        if block.is_array:
            stem = MATRIX_STEMS.get(first.group, first.text.nl)
            out += [
                (f"Q{k}_{i}", f"{stem} - {_subject_label(q, x)}", {"ImportId": f"QID{k}_{i}"}, x, None)
                for i, x in enumerate(block.questions, start=1)
            ]
        elif first.kind == "multi":
            out += [
                (
                    f"Q{k}_{i}",
                    f"{first.text.nl} - {o.nl}",
                    {"ImportId": f"QID{k}", "choiceId": str(i)},
                    first,
                    o.value,
                )
                for i, o in enumerate(first.options, start=1)
            ]
        elif first.kind == "text":
            out.append((f"Q{k}", first.text.nl, {"ImportId": f"QID{k}_TEXT"}, first, None))
        else:
            out.append((f"Q{k}", first.text.nl, {"ImportId": f"QID{k}"}, first, None))
    return out


def _subject_label(q: Questionnaire, question: Question) -> str:
    if question.group == "use":
        return next(c.nl for c in q.channels if c.id == question.subject)
    text = question.text.nl  # "Hoe belangrijk is <criterion> voor jou ..."
    return text.removeprefix("Hoe belangrijk is ").split(" voor jou")[0]


def _qualtrics_id(rid: str) -> str:
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    number = _number(f"R{rid}", 27)
    chars = []
    for _ in range(15):
        number, digit = divmod(number, len(alphabet))
        chars.append(alphabet[digit])
    return "R_" + "".join(chars)


def _import_id(data: dict[str, str]) -> str:
    return json.dumps(data, separators=(",", ":"))


def _qualtrics(answers: pd.DataFrame, q: Questionnaire, meta: pd.DataFrame) -> bytes:
    columns = qualtrics_columns(q)
    rows: list[list[Any]] = [
        [m[0] for m in QUALTRICS_META] + [c[0] for c in columns],
        [m[1] for m in QUALTRICS_META] + [c[1] for c in columns],
        [_import_id(m[2]) for m in QUALTRICS_META] + [_import_id(c[2]) for c in columns],
    ]
    pages = max(b.page for b in blocks(q))
    for i, rid in enumerate(answers.index):
        m = meta.iloc[i]
        done = bool(m["complete"])
        progress = 100 if done else min(99, round(100 * int(m["last_page"]) / pages))
        row = [
            _stamp(m["started"], "iso"),
            _stamp(m["submitted"], "iso"),
            "0",
            m["ip"],
            str(progress),
            str(int((m["submitted"] - m["started"]).total_seconds())),
            "1" if done else "0",
            _stamp(m["submitted"], "iso"),
            _qualtrics_id(str(rid)),
            m["last_name"],
            m["first_name"],
            m["email"],
            "",
            f"{m['latitude']:.4f}",
            f"{m['longitude']:.4f}",
            "email",
            "NL",
        ]
        for _, _, import_id, question, option in columns:
            if option is not None:
                selected = _cell(answers[f"{question.id}.{option}"].iat[i])
                row.append(import_id["choiceId"] if selected else "")
            elif question.kind == "text":
                row.append(_cell(answers[question.id].iat[i]) or "")
            else:
                row.append(_code(question, answers[question.id].iat[i], ""))
        rows.append(row)
    return _csv(rows, bom=True)


# --- SurveyMonkey --------------------------------------------------------------------------------

SURVEYMONKEY_META = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
)
COLLECTOR_ID = "431865204"


def _surveymonkey(answers: pd.DataFrame, q: Questionnaire, meta: pd.DataFrame) -> bytes:
    top, second = list(SURVEYMONKEY_META), [""] * len(SURVEYMONKEY_META)
    for question in q.questions:
        if question.kind == "multi":
            top += [question.text.nl] + [""] * (len(question.options) - 1)
            second += [o.nl for o in question.options]
        else:
            top.append(question.text.nl)
            second.append("Open-Ended Response" if question.kind == "text" else "Response")
    rows: list[list[Any]] = [top, second]
    labels = _label_rows(answers, q, lambda chosen: "\x00".join(chosen))
    for i, rid in enumerate(answers.index):
        m = meta.iloc[i]
        row = [
            str(_number(f"sm{rid}", 11)),
            COLLECTOR_ID,
            _stamp(m["started"], "sm"),
            _stamp(m["submitted"], "sm"),
            m["ip"],
            m["email"],
            m["first_name"],
            m["last_name"],
            "",
        ]
        for question, value in zip(q.questions, labels[i], strict=True):
            if question.kind == "multi":
                chosen = set(value.split("\x00")) if value else set()
                row += [o.nl if o.nl in chosen else "" for o in question.options]
            else:
                row.append(value)
        rows.append(row)
    return _csv(rows)


_RENDERERS: dict[str, Callable[[pd.DataFrame, Questionnaire, pd.DataFrame], bytes]] = {
    "native": _native,
    "msforms": _msforms,
    "googleforms": _googleforms,
    "limesurvey": _limesurvey,
    "qualtrics": _qualtrics,
    "surveymonkey": _surveymonkey,
}


# --- mapping files -------------------------------------------------------------------------------


def mapping_for(fmt: str, q: Questionnaire) -> dict[str, Any] | None:
    """The mapping (``columns`` and ``values``) an export in ``fmt`` needs; None when none needed."""
    if fmt == "limesurvey":
        specs = [(code, question, option, "[" in code) for code, question, option in limesurvey_columns(q)]
    elif fmt == "qualtrics":
        specs = [(name, question, option, False) for name, _, _, question, option in qualtrics_columns(q)]
    else:
        return None
    columns: dict[str, Any] = {}
    values: dict[str, dict[str, Any]] = {}
    for column, question, option, array in specs:
        if option is not None:
            columns[column] = {"question": question.id, "option": option}
            continue
        columns[column] = question.id
        codes = {}
        for value in question.values:
            code = (
                _limesurvey_code(question, value, array)
                if fmt == "limesurvey"
                else _code(question, value, "")
            )
            if code != str(value):
                codes[code] = value
        if codes:
            values[question.id] = codes
    return {"columns": columns, "values": values}


def mapping_yaml(fmt: str, q: Questionnaire) -> str:
    """The mapping as YAML, one line per column (keys quoted: codes like ``G03Q01[SQ002]``)."""
    mapping = mapping_for(fmt, q)
    if mapping is None:
        raise ValueError(f"format {fmt!r} needs no mapping file")
    lines = [
        f"# Mapping for the demo {fmt} export (surveys/demo/demo-{fmt}.csv): export column -> question id,",
        "# answer code -> canonical value. Generated by advisor.survey.writers.mapping_yaml.",
        "columns:",
    ]
    for column, target in mapping["columns"].items():
        if isinstance(target, dict):
            target = f"{{question: {target['question']}, option: {_scalar(target['option'])}}}"
        lines.append(f"  {json.dumps(column, ensure_ascii=False)}: {target}")
    lines.append("values:")
    for question_id, codes in mapping["values"].items():
        pairs = ", ".join(f"{json.dumps(code)}: {_scalar(value)}" for code, value in codes.items())
        lines.append(f"  {question_id}: {{{pairs}}}")
    return "\n".join(lines) + "\n"


def _scalar(value: str | int) -> str:
    """A YAML scalar: integers bare, strings quoted (so 'yes', 'no' and '<25' stay strings)."""
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)
