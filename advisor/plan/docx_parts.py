"""The pieces of WordprocessingML python-docx has no API for: hyperlinks (to a web page or to a
bookmark), bookmarks, a table of contents field, a page-number field, the document language,
fixed table widths and a repeating header row.
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph

LINK_COLOUR = "1F5F8B"


def set_language(doc: DocxDocument, tag: str) -> None:
    """The document's default language (Word marks every run with it; python-docx's template says
    en-US, so a Dutch plan was spell-checked as English)."""
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


def _run_element(
    text: str, bold: bool = False, italic: bool = False, link: bool = False, size: float | None = None
):
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if bold:
        properties.append(OxmlElement("w:b"))
    if italic:
        properties.append(OxmlElement("w:i"))
    if link:
        colour = OxmlElement("w:color")
        colour.set(qn("w:val"), LINK_COLOUR)
        properties.append(colour)
        underline = OxmlElement("w:u")
        underline.set(qn("w:val"), "single")
        properties.append(underline)
    if size is not None:
        half_points = OxmlElement("w:sz")
        half_points.set(qn("w:val"), str(int(size * 2)))
        properties.append(half_points)
    run.append(properties)
    node = OxmlElement("w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    return run


def add_link(
    paragraph: Paragraph,
    text: str,
    *,
    url: str = "",
    anchor: str = "",
    bold: bool = False,
    size: float | None = None,
) -> None:
    """A clickable run: to ``url`` (an external relationship) or to the bookmark ``anchor``."""
    link = OxmlElement("w:hyperlink")
    if url:
        rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link.set(qn("r:id"), rel)
    else:
        link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    link.append(_run_element(text, bold=bold, link=True, size=size))
    paragraph._p.append(link)


class Bookmarks:
    """Bookmarks with ids in the order they are made (the same document gives the same ids)."""

    def __init__(self) -> None:
        self.next_id = 0

    def add(self, paragraph: Paragraph, name: str) -> None:
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(self.next_id))
        start.set(qn("w:name"), name)
        end.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        paragraph._p.insert(0, start)
        paragraph._p.append(end)


def _field_char(kind: str):
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run.append(char)
    return run


def _instruction(text: str):
    run = OxmlElement("w:r")
    node = OxmlElement("w:instrText")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    return run


def add_contents(doc: DocxDocument, entries: tuple[tuple[int, str, str], ...]) -> None:
    """A TOC field over heading levels 1-2 whose shown result lists the headings as links.

    Word shows the entries as they are and fills in page numbers on "Update field" (F9); the
    navigation pane follows the heading styles by itself.
    """
    if not entries:
        return
    paragraphs = []
    for level, text, anchor in entries:
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        paragraph.paragraph_format.space_after = Pt(2)
        add_link(paragraph, text, anchor=anchor, bold=level == 1)
        paragraphs.append(paragraph)
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    begin = [_field_char("begin"), _instruction(' TOC \\o "1-2" \\h \\z \\u '), _field_char("separate")]
    properties = first.find(qn("w:pPr"))
    position = list(first).index(properties) + 1 if properties is not None else 0
    for offset, element in enumerate(begin):
        first.insert(position + offset, element)
    last.append(_field_char("end"))


def add_page_number(paragraph: Paragraph, prefix: str) -> None:
    paragraph.add_run(prefix)
    paragraph._p.append(_field_char("begin"))
    paragraph._p.append(_instruction(" PAGE "))
    paragraph._p.append(_field_char("separate"))
    paragraph._p.append(_run_element("1"))
    paragraph._p.append(_field_char("end"))


def fix_widths(table: DocxTable, widths_cm: list[float]) -> None:
    """Fixed column widths (Word and LibreOffice otherwise share the width equally)."""
    table.autofit = False
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths_cm, strict=True):
        column.set(qn("w:w"), str(int(width * 567)))  # twentieths of a point per centimetre
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def repeat_header(table: DocxTable) -> None:
    properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), colour)
    properties.append(fill)


def grey(run, size: float) -> None:
    run.font.size = Pt(size)
    run.font.color.rgb = RGBColor(0x5B, 0x67, 0x75)
