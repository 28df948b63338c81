"""LimeSurvey survey structure file (.lss): write our questionnaire, read any survey's codes.

The structure follows LimeSurvey 5/6 exports and what ``XMLImportSurvey`` in
``application/helpers/admin/import_helper.php`` (LimeSurvey/LimeSurvey) reads: ``<document>`` with
``LimeSurveyDocType`` ``Survey``, ``DBVersion``, ``<languages>``, then one element per table, each
``<fields><fieldname>`` plus ``<rows><row>``: ``answers``/``answer_l10ns``, ``groups``/
``group_l10ns``, ``questions``, ``subquestions``, ``question_l10ns``, ``surveys``,
``surveys_languagesettings``. Texts live in the ``*_l10ns`` tables, one row per language
(``ImportCompatibilityConverter.php`` expects every question, subquestion and answer in every
language). Question types: ``L`` list (radio), ``F`` array, ``M`` multiple choice, ``T`` long and
``S`` short free text. Sample structures read: ``tests/data/surveys/*.lss`` of that repository.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from typing import Any

from advisor.errors import InputError
from advisor.i18n import t
from advisor.survey.demo import PAGES
from advisor.survey.questionnaire import Questionnaire
from advisor.survey.templates.codes import Block, blocks, lime_answer_codes, row_label, stem, title

DB_VERSION = "480"  # LimeSurvey 5.x with l10n tables; LimeSurvey 6 imports it as well
TYPES = {"single": "L", "open": "S", "array": "F", "multi": "M", "text": "T"}
THEMES = {"L": "listradio", "T": "longfreetext"}  # as in LimeSurvey's own exports; others default

QUESTION_FIELDS = (
    "qid",
    "parent_qid",
    "sid",
    "gid",
    "type",
    "title",
    "preg",
    "other",
    "mandatory",
    "encrypted",
    "question_order",
    "scale_id",
    "same_default",
    "relevance",
    "question_theme_name",
    "modulename",
)
SURVEY_SETTINGS = {
    "gsid": "1",
    "admin": "inherit",
    "adminemail": "inherit",
    "anonymized": "Y",  # no link between response and participant
    "format": "G",  # one page per group
    "savetimings": "N",
    "template": "inherit",
    "datestamp": "Y",  # submitdate, so incomplete responses can be told apart
    "usecookie": "N",
    "allowregister": "N",
    "allowsave": "N",
    "autonumber_start": "0",
    "autoredirect": "N",
    "allowprev": "Y",
    "printanswers": "N",
    "ipaddr": "N",  # no IP addresses stored
    "ipanonymize": "Y",
    "refurl": "N",
    "showsurveypolicynotice": "0",
    "publicstatistics": "N",
    "publicgraphs": "N",
    "listpublic": "N",
    "htmlemail": "Y",
    "sendconfirmation": "N",
    "tokenanswerspersistence": "N",
    "assessments": "N",
    "usecaptcha": "N",
    "usetokens": "N",
    "showxquestions": "Y",
    "showgroupinfo": "B",
    "shownoanswer": "Y",
    "showqnumcode": "X",
    "showwelcome": "Y",
    "showprogress": "Y",
    "questionindex": "0",
    "navigationdelay": "0",
    "nokeyboard": "N",
    "alloweditaftercompletion": "N",
}


class _Table:
    """One LimeSurvey table: field names in first-seen order, rows of text."""

    def __init__(self, name: str, fields: tuple[str, ...] = ()) -> None:
        self.name, self.fields, self.rows = name, list(fields), []

    def add(self, **values: Any) -> None:
        for key in values:
            if key not in self.fields:
                self.fields.append(key)
        self.rows.append({k: "" if v is None else str(v) for k, v in values.items()})

    def element(self) -> ET.Element:
        table = ET.Element(self.name)
        fields = ET.SubElement(table, "fields")
        for name in self.fields:
            ET.SubElement(fields, "fieldname").text = name
        rows = ET.SubElement(table, "rows")
        for values in self.rows:
            row = ET.SubElement(rows, "row")
            for name in self.fields:
                if name in values:
                    ET.SubElement(row, name).text = values[name] or None
        return table


def survey_id(q: Questionnaire) -> int:
    """A stable six-digit survey id (LimeSurvey gives a new one when it is taken)."""
    digest = hashlib.sha256(f"platform-advisor:{q.organisation.name}".encode()).hexdigest()
    return 100000 + int(digest, 16) % 900000


def render_lss(q: Questionnaire, lang: str) -> bytes:
    """The .lss of the questionnaire: base language ``lang``, the other language as additional."""
    languages = (lang, "en" if lang == "nl" else "nl")
    sid = survey_id(q)
    tables = {
        name: _Table(name, fields)
        for name, fields in (
            ("answers", ("aid", "qid", "code", "sortorder", "assessment_value", "scale_id")),
            ("answer_l10ns", ("id", "aid", "answer", "language")),
            ("groups", ("gid", "sid", "group_order", "randomization_group", "grelevance")),
            ("group_l10ns", ("id", "gid", "group_name", "description", "language")),
            ("questions", QUESTION_FIELDS),
            ("subquestions", QUESTION_FIELDS),
            ("question_l10ns", ("id", "qid", "question", "help", "script", "language")),
        )
    }
    counters = {"qid": 0, "aid": 0, "l10n": 0, "answer_l10n": 0}
    pages: dict[int, int] = {}
    for block in blocks(q):
        if block.page not in pages:
            gid = pages[block.page] = len(pages) + 1
            tables["groups"].add(gid=gid, sid=sid, group_order=gid, randomization_group="", grelevance="1")
            for language in languages:
                counters["l10n"] += 1
                tables["group_l10ns"].add(
                    id=counters["l10n"],
                    gid=gid,
                    group_name=t(f"templates.pages.{PAGES[block.page - 1]}", language),
                    description="",
                    language=language,
                )
        _add_block(q, block, sid, pages[block.page], tables, counters, languages)
    root = ET.Element("document")
    ET.SubElement(root, "LimeSurveyDocType").text = "Survey"
    ET.SubElement(root, "DBVersion").text = DB_VERSION
    langs = ET.SubElement(root, "languages")
    for language in languages:
        ET.SubElement(langs, "language").text = language
    for table in tables.values():
        root.append(table.element())
    root.append(_surveys(sid, languages))
    root.append(_language_settings(q, sid, languages))
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _add_block(
    q: Questionnaire,
    block: Block,
    sid: int,
    gid: int,
    tables: dict[str, _Table],
    counters: dict[str, int],
    languages: tuple[str, ...],
) -> None:
    kind = TYPES[block.kind]
    counters["qid"] += 1
    qid = counters["qid"]
    order = sum(1 for r in tables["questions"].rows if r["gid"] == str(gid)) + 1
    tables["questions"].add(**_question_row(qid, 0, sid, gid, kind, block.lime_code, order))
    texts = {lang: stem(block, lang) for lang in languages}
    _add_l10n(tables, counters, qid, texts, block.first, languages)
    if block.kind == "array":
        rows = [{lang: row_label(q, block, x, lang) for lang in languages} for x in block.questions]
    elif block.kind == "multi":
        rows = [{lang: o.label(lang) for lang in languages} for o in block.first.options]
    else:
        rows = []
    for order, (code, labels) in enumerate(zip(block.lime_subcodes, rows, strict=True), start=1):
        counters["qid"] += 1
        tables["subquestions"].add(**_question_row(counters["qid"], qid, sid, gid, kind, code, order))
        _add_l10n(tables, counters, counters["qid"], labels, None, languages)
    if block.kind in ("single", "array"):
        question = block.first
        for order, (code, option) in enumerate(
            zip(lime_answer_codes(question), question.options, strict=True), start=1
        ):
            counters["aid"] += 1
            aid = counters["aid"]
            tables["answers"].add(
                aid=aid, qid=qid, code=code, sortorder=order, assessment_value=0, scale_id=0
            )
            for language in languages:
                counters["answer_l10n"] += 1
                tables["answer_l10ns"].add(
                    id=counters["answer_l10n"], aid=aid, answer=option.label(language), language=language
                )


def _question_row(qid: int, parent: int, sid: int, gid: int, kind: str, code: str, order: int) -> dict:
    return {
        "qid": qid,
        "parent_qid": parent,
        "sid": sid,
        "gid": gid,
        "type": kind,
        "title": code,
        "preg": "",
        "other": "N",
        "mandatory": "N",
        "encrypted": "N",
        "question_order": order,
        "scale_id": 0,
        "same_default": 0,
        "relevance": "1",
        "question_theme_name": THEMES.get(kind, "") if not parent else "",
        "modulename": "",
    }


def _add_l10n(
    tables: dict[str, _Table],
    counters: dict[str, int],
    qid: int,
    texts: dict[str, str],
    question: Any,
    languages: tuple[str, ...],
) -> None:
    for language in languages:
        counters["l10n"] += 1
        help_text = question.help.get(language) if question is not None and question.help else ""
        tables["question_l10ns"].add(
            id=counters["l10n"],
            qid=qid,
            question=texts[language],
            help=help_text,
            script="",
            language=language,
        )


def _surveys(sid: int, languages: tuple[str, ...]) -> ET.Element:
    table = _Table("surveys")
    table.add(sid=sid, language=languages[0], additional_languages=" ".join(languages[1:]), **SURVEY_SETTINGS)
    return table.element()


def _language_settings(q: Questionnaire, sid: int, languages: tuple[str, ...]) -> ET.Element:
    table = _Table("surveys_languagesettings")
    for language in languages:
        table.add(
            surveyls_survey_id=sid,
            surveyls_language=language,
            surveyls_title=title(q, language),
            surveyls_description=t("templates.description", language),
            surveyls_welcometext=t("templates.description", language),
            surveyls_endtext=t("templates.end", language),
            surveyls_dateformat="1",
            surveyls_numberformat="0",
        )
    return table.element()


# --- reading any .lss ----------------------------------------------------------------------

_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def _rows(root: ET.Element, table: str) -> list[dict[str, str]]:
    return [
        {child.tag: (child.text or "").strip() for child in row}
        for row in root.findall(f"./{table}/rows/row")
    ]


def read_lss(data: bytes, lang: str | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """Export column code -> (question text, {answer code: answer label}) of any LimeSurvey survey.

    Column codes are those of a LimeSurvey "question codes" export: ``G01Q01``, subquestions as
    ``G01Q03[SQ001]`` (their text is LimeSurvey's full heading ``question [subquestion]``). Texts
    are in ``lang`` when the survey has it, else in its base language. Reads files with and
    without ``*_l10ns`` tables (LimeSurvey 4 and later, and older). Raises InputError on a file
    that is not a survey structure.
    """
    lang_used = lang or "nl"
    if _DOCTYPE.search(data[:4096]):
        raise InputError(t("templates.errors.lss_invalid", lang_used, reason="DOCTYPE"))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(t("templates.errors.lss_invalid", lang_used, reason=str(exc))) from None
    if root.tag != "document" or (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        raise InputError(t("templates.errors.lss_invalid", lang_used, reason="LimeSurveyDocType"))
    languages = [(x.text or "").strip() for x in root.findall("./languages/language")]
    base = next((r.get("language", "") for r in _rows(root, "surveys")), "") or (languages or [""])[0]
    language = lang if lang in languages else base
    questions = _rows(root, "questions")
    subquestions = _rows(root, "subquestions") or [r for r in questions if r.get("parent_qid", "0") != "0"]
    texts = _texts(_rows(root, "question_l10ns") or questions + subquestions, "qid", "question", language)
    labels = _answer_labels(root, language)
    out: dict[str, tuple[str, dict[str, str]]] = {}
    parents = {}
    for row in questions:
        if row.get("parent_qid", "0") != "0" or row.get("qid") in parents:
            continue
        parents[row.get("qid", "")] = row
    children: dict[str, list[dict[str, str]]] = {}
    for row in subquestions:
        children.setdefault(row.get("parent_qid", ""), []).append(row)
    for qid, row in parents.items():
        text = texts.get(qid, "")
        answers = labels.get(qid, {})
        subs = sorted(children.get(qid, []), key=lambda r: int(r.get("question_order") or 0))
        subs = [s for s in subs if s.get("scale_id", "0") in ("", "0")]
        if not subs:
            out[row.get("title", "")] = (text, answers)
        seen = set()
        for sub in subs:
            code = sub.get("title", "")
            if code in seen:
                continue
            seen.add(code)
            out[f"{row.get('title', '')}[{code}]"] = (
                f"{text} [{texts.get(sub.get('qid', ''), '')}]",
                answers,
            )
    return out


def _texts(rows: list[dict[str, str]], key: str, field: str, language: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for row in rows:
        if row.get("language", language) == language or row.get(key, "") not in out:
            out[row.get(key, "")] = _plain(row.get(field, ""))
    return out


def _answer_labels(root: ET.Element, language: str) -> dict[str, dict[str, str]]:
    answers = _rows(root, "answers")
    l10n = _texts(_rows(root, "answer_l10ns"), "aid", "answer", language)
    out: dict[str, dict[str, str]] = {}
    ordered = sorted(answers, key=lambda r: (r.get("scale_id", "0"), int(r.get("sortorder") or 0)))
    for row in ordered:
        if row.get("scale_id", "0") not in ("", "0"):
            continue
        if l10n:
            label = l10n.get(row.get("aid", ""), "")
        elif row.get("language", language) != language and row.get("code", "") in out.get(
            row.get("qid", ""), {}
        ):
            continue
        else:
            label = _plain(row.get("answer", ""))
        out.setdefault(row.get("qid", ""), {})[row.get("code", "")] = label
    return out


def _plain(text: str) -> str:
    """Question texts may hold HTML; a label is its text."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())
