"""The plan as a Word document (python-docx): a cover with organisation, date, version and author,
the one-page summary, a table of contents, Heading 1-3 (the navigation pane), tables with fixed
column widths and repeating headers, citations that link to the sources list, and the sources'
pages as clickable links. The document language is nl-NL or en-GB.

Deterministic: core properties and every zip entry are dated from the plan's start date, so the
same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.shared import Cm, Pt, RGBColor

from advisor.docx_zip import fixed_zip
from advisor.plan import docx_parts as parts
from advisor.plan.docx_parts import set_language
from advisor.plan.layout import Bullets, Contents, Cover, Heading, PageBreak, Para, Runs, Table, layout
from advisor.plan.model import Plan
from advisor.plan.render_util import LANGUAGE_TAGS, clean_plan

DOCX_LANGUAGE = LANGUAGE_TAGS  # spelling check and screen readers follow it (the memo uses it too)
MARGIN_CM = 2.2
TEXT_WIDTH_CM = 21.0 - 2 * MARGIN_CM  # A4
HEADER_FILL = "EEF3F8"


def _set_language(doc: DocxDocument, tag: str) -> None:
    set_language(doc, tag)


def _runs(paragraph, runs: Runs, size: float | None = None) -> None:
    for run in runs:
        if run.url or run.anchor:
            parts.add_link(paragraph, run.text, url=run.url, anchor=run.anchor, bold=run.bold, size=size)
            continue
        added = paragraph.add_run(run.text)
        added.bold = run.bold or None
        added.italic = run.italic or None
        if size is not None:
            added.font.size = Pt(size)


def _table(doc: DocxDocument, table: Table, bookmarks: parts.Bookmarks) -> None:
    grid = doc.add_table(rows=1, cols=len(table.head))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, table.head, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(8.5)
        parts.shade(cell, HEADER_FILL)
    for index, row in enumerate(table.rows):
        cells = grid.add_row().cells
        for column, (cell, content) in enumerate(zip(cells, row, strict=True)):
            cell.text = ""
            _runs(cell.paragraphs[0], content, size=8.5)
            if column == 0 and table.anchors:
                bookmarks.add(cell.paragraphs[0], table.anchors[index])
    parts.fix_widths(grid, [w * TEXT_WIDTH_CM for w in table.widths])
    parts.repeat_header(grid)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Pt(2)


def _cover(doc: DocxDocument, cover: Cover) -> None:
    title = doc.add_paragraph(cover.title, style="Title")
    title.paragraph_format.space_before = Pt(120)
    doc.add_paragraph(cover.subtitle, style="Subtitle")
    grid = doc.add_table(rows=0, cols=2)
    for label, value in cover.rows:
        cells = grid.add_row().cells
        cells[0].text, cells[1].text = "", ""
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].paragraphs[0].add_run(value)
    parts.fix_widths(grid, [5.0, TEXT_WIDTH_CM - 5.0])
    note = doc.add_paragraph()
    note.paragraph_format.space_before = Pt(18)
    parts.grey(note.add_run(cover.note), 9)


def _styles(doc: DocxDocument) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.color.rgb = RGBColor(0x1F, 0x5F, 0x8B)
        style.paragraph_format.space_before = Pt(12 if name != "Heading 3" else 8)
        style.paragraph_format.keep_with_next = True
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(MARGIN_CM)
        section.top_margin = section.bottom_margin = Cm(2.0)


def _properties(doc: DocxDocument, plan: Plan) -> None:
    props = doc.core_properties
    moment = dt.datetime.combine(plan.start, dt.time())
    props.title, props.author, props.last_modified_by = plan.title, "Platform Advisor", "Platform Advisor"
    props.subject, props.created, props.modified, props.revision = plan.organisation, moment, moment, 1
    props.comments = ""
    props.language = DOCX_LANGUAGE[plan.lang]
    set_language(doc, DOCX_LANGUAGE[plan.lang])


def render_docx(plan: Plan) -> bytes:
    plan = clean_plan(plan)  # Word refuses control characters (ESC, NUL) outright
    document = layout(plan)
    doc = Document()
    _styles(doc)
    _properties(doc, plan)
    footer = doc.sections[0].footer.paragraphs[0]
    parts.grey(footer.add_run(f"{document.title} · "), 8)
    parts.add_page_number(footer, "")
    bookmarks = parts.Bookmarks()
    for block in document.blocks:
        if isinstance(block, Cover):
            _cover(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, Heading):
            heading = doc.add_heading(block.text, level=block.level)
            bookmarks.add(heading, block.anchor)
        elif isinstance(block, Para):
            paragraph = doc.add_paragraph()
            size = {"note": 9.0, "meta": 9.0}.get(block.style)
            _runs(paragraph, block.runs, size=size)
        elif isinstance(block, Bullets):
            for item in block.items:
                _runs(doc.add_paragraph(style="List Bullet"), item)
        elif isinstance(block, Table):
            _table(doc, block, bookmarks)
        elif isinstance(block, Contents):
            parts.add_contents(doc, block.entries)
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue(), plan.start)
