"""The memo as a Word document (python-docx): title, Heading 1 per section, tables and lists, in a
compact style so the demo organisation's memo fits on two pages.

Deterministic: the core properties are dated from the dossier's last change and every zip entry
carries that time too, so the same dossier state gives byte-identical files.
"""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Cm, Pt

from advisor.docx_zip import fixed_zip
from advisor.memo.model import Memo, Section, Table
from advisor.memo.render import clean_memo
from advisor.plan.render_docx import DOCX_LANGUAGE, _set_language
from advisor.plan.render_util import safe_cell

MARGIN_CM = 2.0
TEXT_WIDTH_CM = 21.0 - 2 * MARGIN_CM  # A4
CM_PER_CHARACTER = 0.2  # 9 pt text, generously
CELL_PADDING_CM = 0.45


def _cell(cell: Any, text: str, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(safe_cell(text))
    run.bold = bold
    run.font.size = Pt(9)


def _widths(table: Table) -> list[float]:
    """Column widths (cm): each column its longest word, the rest shared in proportion to its
    longest text (Word's autofit is not in the file: equal columns make a table of short and long
    texts needlessly tall, or break a word)."""
    columns = [[row[j] for row in (table.head, *table.rows)] for j in range(len(table.head))]
    least = [
        CM_PER_CHARACTER * max(len(w) for t in texts for w in t.split() or [""]) + CELL_PADDING_CM
        for texts in columns
    ]
    shares = [min(max(len(text) for text in texts), 60) for texts in columns]
    room = max(TEXT_WIDTH_CM - sum(least), 0.0)
    return [low + room * share / sum(shares) for low, share in zip(least, shares, strict=True)]


def _table(doc: DocxDocument, table: Table) -> None:
    grid = doc.add_table(rows=1, cols=len(table.head))
    grid.style = "Table Grid"
    grid.autofit = False
    widths = _widths(table)
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
    for cell, text, width in zip(grid.rows[0].cells, table.head, widths, strict=True):
        _cell(cell, text, bold=True)
        cell.width = Cm(width)
    for row in table.rows:
        for cell, text, width in zip(grid.add_row().cells, row, widths, strict=True):
            _cell(cell, text)
            cell.width = Cm(width)


def _section(doc: DocxDocument, section: Section) -> None:
    doc.add_heading(section.heading, level=1)
    if section.lead:
        doc.add_paragraph().add_run(section.lead).bold = True
    for paragraph in section.paragraphs:
        doc.add_paragraph(paragraph)
    if section.table is not None:
        _table(doc, section.table)
    for entry in section.entries:
        doc.add_paragraph(entry.text, style="List Bullet")
        for note in entry.notes:
            run = doc.add_paragraph(style="List Bullet 2").add_run(note)
            run.italic = True
            run.font.size = Pt(8)
    for note in section.notes:
        run = doc.add_paragraph().add_run(note)
        run.italic = True
        run.font.size = Pt(9)


def _compact(doc: DocxDocument) -> None:
    """10 pt text with little spacing, narrow margins: a memo, not a report."""
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    for name, size in (("Title", 20), ("Heading 1", 13)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(8 if name == "Heading 1" else 0)
        style.paragraph_format.space_after = Pt(3)
    for section in doc.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
        section.left_margin = section.right_margin = Cm(MARGIN_CM)
        section.top_margin = section.bottom_margin = Cm(1.8)


def render_docx(memo: Memo) -> bytes:
    memo = clean_memo(memo)  # Word refuses control characters (ESC, NUL) outright
    doc = Document()
    _compact(doc)
    props = doc.core_properties
    props.title, props.subject = memo.title, memo.subtitle
    props.author = props.last_modified_by = "Platform Advisor"
    props.created = props.modified = memo.as_of
    props.revision = memo.version
    props.comments = ""
    props.language = DOCX_LANGUAGE[memo.lang]
    _set_language(doc, DOCX_LANGUAGE[memo.lang])

    doc.add_paragraph(memo.title, style="Title")
    doc.add_paragraph().add_run(memo.subtitle).bold = True
    run = doc.add_paragraph().add_run(memo.state)
    run.italic = True
    run.font.size = Pt(9)
    for section in memo.sections:
        _section(doc, section)
    buffer = io.BytesIO()
    doc.save(buffer)
    return fixed_zip(buffer.getvalue(), memo.as_of.timetuple()[:6])
