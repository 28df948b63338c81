"""The plan as a Word document (python-docx): title page, Heading 1-3, tables, and a chart or its table.

The willingness chart is an image only when plotly can export images (kaleido installed); otherwise
the same figures are a table. Core properties are dated from the plan's start date, so two runs
differ only in the zip timestamps.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt

from advisor.plan import render_util as ru
from advisor.plan.model import Evidence, Guideline, Item, Plan, SegmentPlan


def _table(doc: DocxDocument, head: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(ru.safe_cell(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ru.safe_cell(text)
    doc.add_paragraph()


def _evidence(doc: DocxDocument, evidence: tuple[Evidence, ...]) -> None:
    for e in evidence:
        paragraph = doc.add_paragraph(style="List Bullet 2")
        run = paragraph.add_run(e.text)
        run.italic = True
        run.font.size = Pt(8)


def _item(doc: DocxDocument, item: Item) -> None:
    doc.add_paragraph(ru.item_text(item), style="List Bullet")
    _evidence(doc, item.evidence)


def _guideline(doc: DocxDocument, plan: Plan, g: Guideline) -> None:
    paragraph = doc.add_paragraph(style="List Bullet")
    paragraph.add_run(f"{g.title}. ").bold = True
    paragraph.add_run(g.text)
    why = doc.add_paragraph(style="List Bullet 2")
    why.add_run(f"{plan.label('guideline.why')}: ").bold = True
    why.add_run(ru.why_line(plan, g))
    if g.capability:
        cap = doc.add_paragraph(style="List Bullet 2")
        cap.add_run(f"{plan.label('guideline.platform')}: ").bold = True
        cap.add_run(g.capability.text)
        _evidence(doc, g.capability.evidence)


def _segment(doc: DocxDocument, plan: Plan, s: SegmentPlan) -> None:
    h = plan.label
    doc.add_heading(s.label, level=2)
    doc.add_paragraph(f"{s.intro} · {h('table.wave')}: {ru.wave_label(plan, s.wave)}")
    for key, items in (("why", s.why), ("convincers", s.convincers), ("concerns", s.concerns)):
        doc.add_heading(h(f"headings.{key}"), level=3)
        for item in items:
            _item(doc, item)
    doc.add_heading(h("headings.channels"), level=3)
    if s.channels:
        doc.add_paragraph(s.channels_intro)
        _table(doc, ru.headers(plan, "channel", "weekly", "move"), ru.channel_rows(plan, s))
    else:
        doc.add_paragraph(h("channels.none"))
    doc.add_heading(h("headings.structure"), level=3)
    doc.add_paragraph(h("structure.intro"))
    _table(doc, ru.headers(plan, "name", "purpose", "members", "posting"), ru.structure_rows(s))
    if s.structure_note:
        _item(doc, s.structure_note)
    doc.add_heading(h("headings.guidelines"), level=3)
    for g in s.guidelines:
        _guideline(doc, plan, g)
    if s.integrations:
        doc.add_heading(h("headings.integrations"), level=3)
        for item in s.integrations:
            _item(doc, item)
    doc.add_heading(h("headings.adopters"), level=3)
    _item(doc, s.adopters)
    _item(doc, s.champions)


def _chart_png(plan: Plan) -> bytes | None:
    """The willingness chart as PNG, or None when plotly cannot export images here."""
    if importlib.util.find_spec("kaleido") is None:
        return None
    try:
        import plotly.graph_objects as go

        figure = go.Figure(
            go.Bar(
                x=[round(100 * (s.willing or 0)) for s in plan.segments],
                y=[s.label for s in plan.segments],
                orientation="h",
                marker_color="#1f5f8b",
            )
        )
        figure.update_layout(
            width=800,
            height=80 + 40 * len(plan.segments),
            margin={"l": 10, "r": 10, "t": 30, "b": 30},
            title=plan.label("table.willing"),
            xaxis={"range": [0, 100], "ticksuffix": "%"},
        )
        return figure.to_image(format="png")
    except Exception:  # any export failure falls back to the table; the plan must still be written
        return None


DOCX_LANGUAGE = {"nl": "nl-NL", "en": "en-GB"}  # spelling check and screen readers follow it


def _set_language(doc: DocxDocument, tag: str) -> None:
    """The document's default language (Word marks every run with it; python-docx's template says
    en-US, so a Dutch plan was spell-checked as English)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:eastAsia"), tag)
    for style in doc.styles.element.findall(qn("w:style")):  # styles that set a language of their own
        for style_lang in style.iter(qn("w:lang")):
            style_lang.set(qn("w:val"), tag)


def render_docx(plan: Plan) -> bytes:
    plan = ru.clean_plan(plan)  # Word refuses control characters (ESC, NUL) outright
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.2)
    h = plan.label
    props = doc.core_properties
    moment = dt.datetime.combine(plan.start, dt.time())
    props.title, props.author, props.last_modified_by = plan.title, "Platform Advisor", "Platform Advisor"
    props.subject, props.created, props.modified, props.revision = plan.organisation, moment, moment, 1
    props.comments = ""
    props.language = DOCX_LANGUAGE[plan.lang]
    _set_language(doc, DOCX_LANGUAGE[plan.lang])

    doc.add_paragraph(plan.title, style="Title")
    doc.add_paragraph(plan.subtitle, style="Subtitle")
    doc.add_paragraph(plan.generated)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    doc.add_heading(h("headings.summary"), level=1)
    for item in plan.summary:
        doc.add_paragraph(ru.item_text(item))
    image = _chart_png(plan)
    if image:
        doc.add_picture(io.BytesIO(image), width=Cm(16))
    else:
        _table(doc, ru.headers(plan, "segment", "willing", "wave"), ru.willingness_rows(plan))

    doc.add_heading(h("headings.segments"), level=1)
    for index, segment in enumerate(plan.segments):
        if index:
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _segment(doc, plan, segment)
    if plan.other_staff:
        doc.add_heading(h("headings.other_staff"), level=2)
        doc.add_paragraph(plan.other_staff.intro)
        doc.add_heading(h("headings.guidelines"), level=3)
        for g in plan.other_staff.guidelines:
            _guideline(doc, plan, g)

    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_heading(h("headings.organisation"), level=1)
    for key, head, rows in ru.organisation_tables(plan):
        doc.add_heading(h(f"headings.{key}"), level=2)
        _table(doc, head, rows)
    doc.add_heading(h("headings.sunset"), level=2)
    if plan.sunset:
        _table(doc, ru.headers(plan, "tool", "plan", "when"), ru.sunset_rows(plan))
    else:
        doc.add_paragraph(plan.sunset_none)
    if plan.overrides:
        doc.add_heading(h("headings.overrides"), level=2)
        doc.add_paragraph(h("overrides.intro"))
        _table(doc, ru.headers(plan, *ru.OVERRIDE_COLUMNS), ru.override_rows(plan))
    doc.add_heading(h("headings.sources"), level=2)
    _table(doc, ru.headers(plan, *ru.SOURCE_COLUMNS), ru.source_rows(plan))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
