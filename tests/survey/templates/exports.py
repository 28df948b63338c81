"""Test-only survey tools: read one of our template files back and write the export that tool
would give of a survey made with it, for a canonical answer frame.

Each writer learns the columns, codes and labels from the template file itself (the .lss, the
.qsf, the Word document, the Apps Script, the Markdown list), not from ``advisor.survey.templates
.codes``, so a round trip through it proves that the file and the recognition agree. The export
shapes follow ``advisor/survey/writers.py`` and the research notes (surveys-and-adoption.md §2).
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pandas as pd
from docx import Document
from openpyxl import Workbook

from advisor.survey.questionnaire import Question, Questionnaire
from advisor.survey.templates import read_lss
from advisor.survey.writers import QUALTRICS_META, SURVEYMONKEY_META

BOM = "\ufeff"


def _csv(rows: list[list[Any]], delimiter: str = ",", quote_all: bool = False, bom: bool = False) -> bytes:
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator="\r\n").writerows(rows)
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")


def _cell(value: Any) -> Any:
    return None if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) else value


def _canonical_columns(q: Questionnaire) -> list[tuple[Question, Any]]:
    """(question, option value of a multi column or None) for every canonical column, in order."""
    out: list[tuple[Question, Any]] = []
    for question in q.questions:
        if question.kind == "multi":
            out += [(question, o.value) for o in question.options]
        else:
            out.append((question, None))
    return out


def _label(question: Question, value: Any, lang: str) -> str:
    value = _cell(value)
    if value is None:
        return ""
    if question.kind == "text" or not question.options:
        return str(value)
    return question.label(int(value) if question.kind == "likert" else value, lang)


# --- LimeSurvey ------------------------------------------------------------------------------


def limesurvey(
    lss: bytes, answers: pd.DataFrame, q: Questionnaire, lang: str, headings: str, values: str
) -> bytes:
    """A LimeSurvey CSV export: ``headings`` "code" or "full", ``values`` "short" (codes) or "long"."""
    structure = list(read_lss(lss, lang).items())
    columns = _canonical_columns(q)
    assert len(structure) == len(columns)
    if headings == "code":
        meta = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    else:
        meta = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started"]
        meta.append("Date last action")
    header = meta + [code if headings == "code" else text for code, (text, _) in structure]
    rows = [header]
    for rid, record in answers.iterrows():
        row = [str(rid), "2026-03-02 10:00:00", "5", lang, "123456789", "2026-03-02 09:50:00"]
        row.append("2026-03-02 10:00:00")
        for (code, (text, labels)), (question, option) in zip(structure, columns, strict=True):
            if option is not None:
                assert text.endswith(f"[{question.option(option).label(lang)}]"), (code, text)
                chosen = _cell(record[f"{question.id}.{option}"])
                row.append(("Y" if values == "short" else "Yes") if chosen else "")
                continue
            if not question.group:
                assert text == question.text.get(lang), (code, text)
            label = _label(question, record[question.id], lang)
            if labels and label and values == "short":
                label = next(c for c, lab in labels.items() if lab == label)
            row.append(label)
        rows.append(row)
    return _csv(rows, delimiter=";", quote_all=True, bom=True)


# --- Qualtrics -------------------------------------------------------------------------------


def _qsf_questions(qsf: bytes) -> list[dict[str, Any]]:
    document = json.loads(qsf)
    elements = document["SurveyElements"]
    payloads = {e["PrimaryAttribute"]: e["Payload"] for e in elements if e["Element"] == "SQ"}
    blocks = next(e["Payload"] for e in elements if e["Element"] == "BL")
    order = [x["QuestionID"] for b in blocks if b["Type"] != "Trash" for x in b["BlockElements"]]
    return [payloads[qid] for qid in order]


def qualtrics(qsf: bytes, answers: pd.DataFrame, q: Questionnaire, lang: str, values: str) -> bytes:
    """A Qualtrics CSV export (three header rows) with ``values`` "numeric" or "text"."""
    slots: list[tuple[str, str, dict[str, str], dict[str, Any], str | None]] = []
    for payload in _qsf_questions(qsf):
        tag, text, qid = payload["DataExportTag"], payload["QuestionText"], payload["QuestionID"]
        if payload["QuestionType"] == "Matrix":
            for cid in payload["ChoiceOrder"]:
                row = payload["Choices"][cid]["Display"]
                slots.append((f"{tag}_{cid}", f"{text} - {row}", {"ImportId": f"{qid}_{cid}"}, payload, None))
        elif payload["Selector"] == "MAVR":
            for cid in payload["ChoiceOrder"]:
                label = payload["Choices"][cid]["Display"]
                import_id = {"ImportId": qid, "choiceId": cid}
                slots.append((f"{tag}_{cid}", f"{text} - {label}", import_id, payload, cid))
        elif payload["QuestionType"] == "TE":
            slots.append((tag, text, {"ImportId": f"{qid}_TEXT"}, payload, None))
        else:
            slots.append((tag, text, {"ImportId": qid}, payload, None))
    columns = _canonical_columns(q)
    assert len(slots) == len(columns)
    dumps = [json.dumps(x[2], separators=(",", ":")) for x in slots]
    rows: list[list[Any]] = [
        [m[0] for m in QUALTRICS_META] + [x[0] for x in slots],
        [m[1] for m in QUALTRICS_META] + [x[1] for x in slots],
        [json.dumps(m[2], separators=(",", ":")) for m in QUALTRICS_META] + dumps,
    ]
    for rid, record in answers.iterrows():
        row = ["2026-03-02 09:50:00", "2026-03-02 10:00:00", "0", "192.0.2.7", "100", "600", "1"]
        row += ["2026-03-02 10:00:00", str(rid), "Jansen", "Sam", "sam@example.org", "", "51.9", "4.5"]
        row += ["email", lang.upper()]
        for (_, _, _, payload, cid), (question, option) in zip(slots, columns, strict=True):
            if cid is not None:
                chosen = _cell(record[f"{question.id}.{option}"])
                label = payload["Choices"][cid]["Display"]
                assert label == question.option(option).label(lang)
                row.append(("1" if values == "numeric" else label) if chosen else "")
                continue
            label = _label(question, record[question.id], lang)
            if label and payload["QuestionType"] != "TE" and values == "numeric":
                scale = payload["Answers"] if payload["QuestionType"] == "Matrix" else payload["Choices"]
                key = next(k for k, v in scale.items() if v["Display"] == label)
                label = payload["RecodeValues"][key]
            row.append(label)
        rows.append(row)
    return _csv(rows, bom=True)


# --- Microsoft Forms ---------------------------------------------------------------------------

QUESTION = re.compile(r"^(\d+)\. (.+)$", re.S)


def docx_questions(content: bytes) -> list[tuple[int, str, list[str]]]:
    """(number, text, option labels) of each numbered question of a Quick-import document."""
    out: list[tuple[int, str, list[str]]] = []
    for paragraph in Document(io.BytesIO(content)).paragraphs:
        match = QUESTION.match(paragraph.text)
        if match and paragraph.runs and paragraph.runs[0].bold:
            out.append((int(match.group(1)), match.group(2), []))
        elif paragraph.style.name == "List Bullet" and out:
            out[-1][2].append(paragraph.text)
    return out


def _flat_rows(answers: pd.DataFrame, q: Questionnaire, lang: str, join: Any) -> list[list[str]]:
    rows = []
    for _, record in answers.iterrows():
        row = []
        for question in q.questions:
            if question.kind == "multi":
                flags = [_cell(record[c]) for c in question.columns]
                chosen = [o.label(lang) for o, f in zip(question.options, flags, strict=True) if f]
                row.append(join(chosen) if any(f is not None for f in flags) and chosen else "")
            else:
                row.append(_label(question, record[question.id], lang))
        rows.append(row)
    return rows


def msforms(docx: bytes, answers: pd.DataFrame, q: Questionnaire, lang: str) -> bytes:
    """The "Open in Excel" workbook of a form made by Quick import of ``docx``."""
    questions = docx_questions(docx)
    assert [text for _, text, _ in questions] == [x.text.get(lang) for x in q.questions]
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name", *(text for _, text, _ in questions)]
    )
    for rid, row in zip(
        answers.index, _flat_rows(answers, q, lang, lambda c: "".join(f"{x};" for x in c)), strict=True
    ):
        sheet.append(
            [int(rid), "3/2/26 09:50:00", "3/2/26 10:00:00", "anonymous", None, *(v or None for v in row)]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- Google Forms ----------------------------------------------------------------------------

ITEM = re.compile(r"^\s*form\.add(\w+)Item\(\)(.*);$")


def _literals(text: str) -> list[Any]:
    """The JSON literals in ``.setX(<literal>)`` calls of one statement, in order."""
    decoder, out, position = json.JSONDecoder(), [], 0
    while (start := text.find("(", position)) >= 0:
        if text[start + 1] == ")":
            position = start + 2
            continue
        value, end = decoder.raw_decode(text, start + 1)
        out.append(value)
        position = end
    return out


def gs_items(script: bytes) -> list[tuple[str, list[Any]]]:
    """(item kind, [title, rows/choices, columns]) of every question item the script adds."""
    out = []
    for line in script.decode("utf-8").splitlines():
        match = ITEM.match(line)
        if match and match.group(1) != "PageBreak":
            out.append((match.group(1), _literals(match.group(2))))
    return out


def googleforms(script: bytes, answers: pd.DataFrame, q: Questionnaire, lang: str) -> bytes:
    """The responses CSV of the form the script makes (grid rows as ``Title [Row]``)."""
    headers: list[str] = []
    for kind, literals in gs_items(script):
        if kind == "Grid":
            headers += [f"{literals[0]} [{row}]" for row in literals[1]]
        else:
            headers.append(literals[0])
    assert len(headers) == len(q.questions)
    rows = [["Timestamp", *headers]]
    for row in _flat_rows(answers, q, lang, ", ".join):
        rows.append(["3/2/2026 10:00:00", *row])
    return _csv(rows, quote_all=True)


# --- SurveyMonkey -----------------------------------------------------------------------------


def md_questions(content: bytes) -> list[tuple[int, str, list[str]]]:
    out: list[tuple[int, str, list[str]]] = []
    for line in content.decode("utf-8").splitlines():
        if match := re.match(r"^### (\d+)\. (.+)$", line):
            out.append((int(match.group(1)), match.group(2), []))
        elif line.startswith("- ") and out:
            out[-1][2].append(line[2:])
    return out


def surveymonkey(md: bytes, answers: pd.DataFrame, q: Questionnaire, lang: str) -> bytes:
    """The "All individual responses" CSV of a survey typed over from the list ``md``."""
    listed = md_questions(md)
    assert len(listed) == len(q.questions)
    top, second = list(SURVEYMONKEY_META), [""] * len(SURVEYMONKEY_META)
    for (_, text, labels), question in zip(listed, q.questions, strict=True):
        if question.kind == "multi":
            top += [text] + [""] * (len(labels) - 1)
            second += labels
        else:
            top.append(text)
            second.append("Open-Ended Response" if question.kind == "text" else "Response")
    rows = [top, second]
    for rid, row in zip(answers.index, _flat_rows(answers, q, lang, "\x00".join), strict=True):
        out = [str(rid), "431865204", "03/02/2026 09:50:00 AM", "03/02/2026 10:00:00 AM", "192.0.2.7"]
        out += ["sam@example.org", "Sam", "Jansen", ""]
        for question, value in zip(q.questions, row, strict=True):
            if question.kind == "multi":
                chosen = set(value.split("\x00")) if value else set()
                out += [o.label(lang) if o.label(lang) in chosen else "" for o in question.options]
            else:
                out.append(value)
        rows.append(out)
    return _csv(rows)
