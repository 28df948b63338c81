"""A proper Word document (issue 14): language, a cover with organisation, date, version and author,
heading styles for the navigation pane, clickable links, fixed table widths, a page number, and the
same bytes for the same plan (the zip entries dated from the plan). The HTML has a matching title
and lang."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import docx
import pytest

from advisor.docx_zip import fixed_zip
from advisor.plan.render import render
from advisor.plan.render_docx import TEXT_WIDTH_CM
from tests.plan.conftest import START

GROUPS = {"a": (8, {"after_hours": "daily"}), "b": (8, {})}


@pytest.fixture(scope="module")
def plan(catalog, questionnaire):
    from advisor.analysis.summary import summarise
    from advisor.plan import PlanSettings, plan_for_survey
    from tests.plan.conftest import make_answers

    answers = make_answers(GROUPS, questionnaire)
    summary = summarise(answers, questionnaire, bootstrap=50)
    settings = PlanSettings(
        "teams", START, "nl", "Gemeente Lekdal", author="Afdeling Communicatie", version="1.0"
    )
    return plan_for_survey(catalog, questionnaire, answers, summary, settings, samples=200)


def _xml(content: bytes, name: str = "word/document.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read(name).decode()


def test_the_cover_names_organisation_date_version_and_author(plan):
    document = docx.Document(io.BytesIO(render(plan, "docx")))
    assert document.paragraphs[0].style.name == "Title" and document.paragraphs[0].text == plan.title
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cover["Organisatie"] == "Gemeente Lekdal"
    assert cover["Start"] == "4 januari 2027"
    assert cover["Versie"] == "1.0" and cover["Opgesteld door"] == "Afdeling Communicatie"


def test_headings_make_a_navigation_pane(plan):
    document = docx.Document(io.BytesIO(render(plan, "docx")))
    styles = {p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= styles
    level1 = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert level1[:3] == ["Samenvatting voor de stuurgroep", "Inhoud", "De keuze"] and level1[-1] == "Bronnen"


def test_links_are_clickable_to_the_page_and_to_the_source_in_the_list(plan):
    content = render(plan, "docx")
    xml, rels = _xml(content), _xml(content, "word/_rels/document.xml.rels")
    external = dict(re.findall(r'Id="(rId\d+)"[^>]*Target="(https?://[^"]+)" TargetMode="External"', rels))
    external |= {a: b for b, a in re.findall(r'Target="(https?://[^"]+)"[^>]*Id="(rId\d+)"', rels)}
    linked = set(re.findall(r'<w:hyperlink r:id="(rId\d+)"', xml))
    assert linked and linked <= set(external)
    assert {f.source for f in plan.sources} <= {external[r] for r in linked}  # every page, clickable
    citations = re.findall(r'<w:hyperlink w:anchor="(src-\d+)"', xml)
    assert citations and set(citations) <= set(re.findall(r'w:name="(src-\d+)"', xml))


def test_tables_have_fixed_readable_widths_and_repeat_their_header(plan):
    document = docx.Document(io.BytesIO(render(plan, "docx")))
    for table in document.tables[1:]:  # the cover's table has no header row
        xml = table._tbl.xml
        assert '<w:tblLayout w:type="fixed"/>' in xml and "<w:tblHeader" in xml
        widths = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"', xml)]
        assert abs(sum(widths) / 567 - TEXT_WIDTH_CM) < 0.1  # the text width, shared by content
        assert len(set(widths)) > 1 or len(widths) == 1  # not the equal split Word falls back to


def test_the_footer_numbers_the_pages(plan):
    content = render(plan, "docx")
    names = [n for n in zipfile.ZipFile(io.BytesIO(content)).namelist() if n.startswith("word/footer")]
    footer = "".join(_xml(content, n) for n in names)
    assert " PAGE " in footer


def test_the_same_plan_gives_the_same_bytes_dated_from_its_start(plan):
    first, second = render(plan, "docx"), render(plan, "docx")
    assert first == second
    stamps = {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert stamps == {(2027, 1, 4, 0, 0, 0)}
    core = _xml(first, "docProps/core.xml")
    assert "2027-01-04T00:00:00Z" in core and "<dc:language>nl-NL</dc:language>" in core


def test_fixed_zip_dates_every_entry_and_keeps_the_content_and_order():
    source = io.BytesIO()
    with zipfile.ZipFile(source, "w") as archive:
        archive.writestr("b.xml", "<b/>")
        archive.writestr("a.xml", "<a/>")
    for moment in (dt.date(2027, 1, 4), dt.datetime(2027, 1, 4, 9, 30), (2027, 1, 4, 9, 30, 0)):
        fixed = zipfile.ZipFile(io.BytesIO(fixed_zip(source.getvalue(), moment)))
        assert [i.filename for i in fixed.infolist()] == ["b.xml", "a.xml"]
        assert fixed.read("a.xml") == b"<a/>"
        assert {i.date_time[:3] for i in fixed.infolist()} == {(2027, 1, 4)}
    old = zipfile.ZipFile(io.BytesIO(fixed_zip(source.getvalue(), (1970, 1, 1, 0, 0, 0))))
    assert {i.date_time for i in old.infolist()} == {(1980, 1, 1, 0, 0, 0)}  # a zip's earliest time


@pytest.mark.parametrize(
    ("lang", "tag", "title"), [("nl", "nl-NL", "Adoptieplan"), ("en", "en-GB", "Adoption plan")]
)
def test_the_html_has_the_plans_language_and_a_matching_title(plan_of, lang, tag, title):
    named = render(plan_of(GROUPS, lang=lang, organisation="Gemeente Lekdal"), "html").decode()
    assert f'<html lang="{tag}">' in named
    assert f"<title>{title} Microsoft Teams · Gemeente Lekdal</title>" in named
    unnamed = render(plan_of(GROUPS, lang=lang, organisation=""), "html").decode()
    assert f"<title>{title} Microsoft Teams</title>" in unnamed
