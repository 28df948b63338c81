"""Templates for tools without a survey file format: Microsoft Forms, Google Forms, SurveyMonkey.

Their exports head each column with the question text as typed, so every template carries the
questionnaire's own texts and option labels, character for character; the importer then maps the
export by exact text (SurveyMonkey: ``text | label`` for a multi question; Google Forms grids:
``Title [Row]``, recognised by :mod:`.codes`).

* Microsoft Forms "Quick import" (Forms > New > Quick import) reads a Word document: every
  question a numbered paragraph ("1. text"), its choices below it as a bulleted list, one question
  after another. Families become separate choice questions (a Forms export has one column per
  question).
* Google Forms has no import; an Apps Script makes the form with ``FormApp``
  (``addMultipleChoiceItem``, ``addGridItem``, ``addCheckboxItem``, ``addParagraphTextItem``,
  ``addTextItem``, ``addPageBreakItem``). Every string is a JSON literal, which is valid JavaScript.
* SurveyMonkey: a printable list (Markdown, or .docx) to copy question by question.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from dataclasses import dataclass

from advisor.i18n import t
from advisor.survey.demo import PAGES
from advisor.survey.questionnaire import Questionnaire
from advisor.survey.templates.codes import blocks, row_label, stem, title

FIXED = (2026, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Item:
    """One question as a flat list shows it: number, exact text, kind, exact option labels."""

    number: int
    text: str
    kind: str  # single, multi, text, open
    labels: tuple[str, ...]
    page: int


def items(q: Questionnaire, lang: str) -> list[Item]:
    from advisor.survey.demo import page_of

    out = []
    for number, question in enumerate(q.questions, start=1):
        if question.kind == "multi":
            kind = "multi"
        elif question.kind == "text":
            kind = "text"
        else:
            kind = "single" if question.options else "open"
        labels = tuple(o.label(lang) for o in question.options)
        out.append(Item(number, question.text.get(lang), kind, labels, page_of(question.id, q)))
    return out


# --- Microsoft Forms (Quick import) ----------------------------------------------------------


def _docx_bytes(document) -> bytes:
    document.core_properties.created = document.core_properties.modified = dt.datetime(*FIXED)
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render_msforms(q: Questionnaire, lang: str) -> bytes:
    """Word document for Forms' Quick import: numbered questions, each followed by its choices."""
    from docx import Document

    document = Document()
    document.add_heading(title(q, lang), level=0)
    document.add_paragraph(t("templates.description", lang))
    for item in items(q, lang):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{item.number}. {item.text}").bold = True
        for label in item.labels:
            document.add_paragraph(label, style="List Bullet")
    return _docx_bytes(document)


# --- SurveyMonkey (printable list) -------------------------------------------------------------


def render_surveymonkey(q: Questionnaire, lang: str) -> bytes:
    """Markdown list: the exact wording and answer labels to copy, with instructions."""
    lines = [
        f"# {title(q, lang)}",
        "",
        t("templates.surveymonkey.intro", lang),
        "",
        t("templates.surveymonkey.steps", lang),
        "",
        f"> {t('templates.description', lang)}",
    ]
    page = 0
    for item in items(q, lang):
        if item.page != page:
            page = item.page
            lines += ["", f"## {t(f'templates.pages.{PAGES[page - 1]}', lang)}"]
        lines += ["", f"### {item.number}. {item.text}", "", f"({t(f'templates.kinds.{item.kind}', lang)})"]
        if item.labels:
            lines.append("")
            lines += [f"- {label}" for label in item.labels]
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_surveymonkey_docx(q: Questionnaire, lang: str) -> bytes:
    """The SurveyMonkey list as a Word document (same content as the Markdown)."""
    from docx import Document

    document = Document()
    document.add_heading(title(q, lang), level=0)
    document.add_paragraph(t("templates.surveymonkey.intro", lang))
    document.add_paragraph(t("templates.surveymonkey.steps", lang))
    page = 0
    for item in items(q, lang):
        if item.page != page:
            page = item.page
            document.add_heading(t(f"templates.pages.{PAGES[page - 1]}", lang), level=1)
        document.add_paragraph().add_run(f"{item.number}. {item.text}").bold = True
        document.add_paragraph().add_run(f"({t(f'templates.kinds.{item.kind}', lang)})").italic = True
        for label in item.labels:
            document.add_paragraph(label, style="List Bullet")
    return _docx_bytes(document)


# --- Google Forms (Apps Script) ----------------------------------------------------------------


def js(value: object) -> str:
    """A JavaScript literal for any string or list of strings (JSON, plus the two line separators
    JSON allows but older JavaScript engines do not)."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def render_googleforms(q: Questionnaire, lang: str) -> bytes:
    """An Apps Script whose ``createSurvey()`` builds the form with the exact texts and labels."""
    lines = [
        f"// {title(q, lang)}",
        f"// {t('templates.googleforms.header', lang)}",
        "",
        "function createSurvey() {",
        f"  var form = FormApp.create({js(title(q, lang))});",
        f"  form.setDescription({js(t('templates.description', lang))});",
        "  form.setCollectEmail(false);",
        "  form.setProgressBar(true);",
        f"  form.setConfirmationMessage({js(t('templates.end', lang))});",
    ]
    page = 0
    for block in blocks(q):
        if block.page != page:
            if page:
                name = t(f"templates.pages.{PAGES[block.page - 1]}", lang)
                lines.append(f"  form.addPageBreakItem().setTitle({js(name)});")
            page = block.page
        first = block.first
        text = js(stem(block, lang))
        labels = js([o.label(lang) for o in first.options])
        if block.kind == "array":
            rows = js([row_label(q, block, x, lang) for x in block.questions])
            lines.append(f"  form.addGridItem().setTitle({text}).setRows({rows}).setColumns({labels});")
        elif block.kind == "multi":
            lines.append(f"  form.addCheckboxItem().setTitle({text}).setChoiceValues({labels});")
        elif block.kind == "single":
            lines.append(f"  form.addMultipleChoiceItem().setTitle({text}).setChoiceValues({labels});")
        elif block.kind == "text":
            lines.append(f"  form.addParagraphTextItem().setTitle({text});")
        else:
            lines.append(f"  form.addTextItem().setTitle({text});")
    lines += [
        f"  Logger.log({js(t('templates.googleforms.edit', lang) + ': ')} + form.getEditUrl());",
        f"  Logger.log({js(t('templates.googleforms.share', lang) + ': ')} + form.getPublishedUrl());",
        "  return form;",
        "}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")
