"""Issue 14: the demo plan in two layers, in Dutch and English, in every format.

A one-page summary for the steering group first, then a table of contents and the full plan;
each guideline's text said once; no site root among the sources; no empty placeholder; at most a
third of the long layout's length, with every guideline, figure and fact the long layout had."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest

from advisor.catalog.models import is_site_root
from advisor.plan import Plan
from advisor.plan.render import render
from tests.plan.conftest import visible_text, words, write_plans

BEFORE = json.loads((Path(__file__).parent / "fixtures" / "demo_substance_before.json").read_text("utf-8"))
HEADINGS = {
    "nl": ("## Samenvatting voor de stuurgroep", "## Inhoud", "## Per groep", "## Uitvoering"),
    "en": ("## Summary for the steering group", "## Contents", "## Per group", "## Carrying it out"),
}
FORMATS = ("md", "html", "docx")


@pytest.fixture(scope="module", params=["nl", "en"])
def demo(request, tmp_path_factory):
    """The demo plan: its files in every format and the Plan object they were rendered from."""
    from advisor.analysis.summary import summarise
    from advisor.catalog import load_catalog
    from advisor.plan import PlanSettings, plan_for_survey
    from advisor.survey.importer import import_survey
    from advisor.survey.questionnaire import default_questionnaire, organisation_for
    from tests.plan.conftest import DEMO, START

    lang = request.param
    files = write_plans(tmp_path_factory.mktemp(f"demo-{lang}"), lang)
    questionnaire = default_questionnaire(organisation_for(DEMO))
    answers = import_survey(DEMO, questionnaire=questionnaire).answers
    summary = summarise(answers, questionnaire)
    plan = plan_for_survey(
        load_catalog(), questionnaire, answers, summary, PlanSettings("teams", START, lang)
    )
    assert render(plan, "md") == files["md"].read_bytes()  # the object is the one the files show
    return lang, plan, {fmt: path.read_bytes() for fmt, path in files.items()}


def _md(demo) -> str:
    return demo[2]["md"].decode("utf-8")


def _section(md: str, start: str, end: str) -> str:
    return md.split(start, 1)[1].split(end, 1)[0]


def test_the_summary_for_the_steering_group_comes_first_and_fits_on_one_page(demo):
    lang, plan, files = demo
    summary_heading, contents_heading, _, _ = HEADINGS[lang]
    md = _md(demo)
    assert md.index(summary_heading) < md.index(contents_heading)  # before the table of contents
    page = _section(md, summary_heading, contents_heading)
    assert words(page) <= 420  # measured: one A4 page in Word and LibreOffice at 10 pt
    assert plan.decision in page.replace("\\", "")
    for segment in plan.segments:  # for whom what changes, every group
        assert f"| {segment.label} |" in page
    for phase in plan.phases:  # the phases with their dates
        assert plan.date(phase.start) in page
    assert len(plan.top_risks) == 3 and all(r.risk in page.replace("\\", "") for r in plan.top_risks)
    assert all(k.name in page for k in plan.kpis)
    assert any(b.annual in page.replace("\\", "") for b in plan.budget)  # the cost, from the catalogue
    document = docx.Document(io.BytesIO(files["docx"]))
    texts = [p.text for p in document.paragraphs]
    summary_at = texts.index(summary_heading[3:])
    contents_at = texts.index(contents_heading[3:])
    breaks = [
        i
        for i, p in enumerate(document.paragraphs)
        if summary_at < i < contents_at and 'w:br w:type="page"' in p._p.xml
    ]
    assert breaks == [contents_at - 1]  # the summary ends its page; nothing else breaks it


@pytest.mark.parametrize("fmt", FORMATS)
def test_there_is_a_table_of_contents_that_leads_to_every_part(demo, fmt):
    lang, plan, files = demo
    content = files[fmt]
    parts = [s.label for s in plan.segments]
    if fmt == "md":
        contents = _section(content.decode(), HEADINGS[lang][1], "\n## ")
        assert all(f"  - {label}" in contents for label in parts)
    elif fmt == "html":
        html = content.decode()
        nav = html.split('<nav class="contents">', 1)[1].split("</nav>", 1)[0]
        targets = re.findall(r'href="#([^"]+)"', nav)
        assert len(targets) >= 10 and all(f'id="{t}"' in html for t in targets)
        assert all(f">{label}</a>" in nav for label in parts)
    else:
        xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
        assert re.search(r'<w:instrText[^>]*> TOC \\o "1-2" \\h \\z \\u </w:instrText>', xml)
        anchors = re.findall(r'<w:hyperlink w:anchor="([^"]+)"', xml)
        bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"', xml))
        assert anchors and set(anchors) <= bookmarks  # every entry and citation lands somewhere


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_guideline_text_is_repeated_and_a_group_chapter_holds_only_its_own(demo, fmt):
    lang, plan, files = demo
    text = " ".join(visible_text(files[fmt], fmt).split())
    for g in plan.guidelines:  # each guideline once, however many groups it concerns
        assert text.count(" ".join(g.text.split())) == 1, g.id
        assert len(g.groups) >= 1
    for row in plan.concerns:  # what we do about a worry, once
        assert text.count(row.text) == 1, row.option
    several = [g for g in plan.guidelines if len(g.groups) > 1]
    assert several, "the demo has guidelines that several groups triggered"
    # no prose in two groups' chapters: a sentence there either carries the group's own figures
    # (two groups may share a figure) or is said once, for everyone, outside the chapters
    md = _md(demo).replace("\\", "")
    chapters = md.split(HEADINGS[lang][2], 1)[1].split(HEADINGS[lang][3], 1)[0].split("\n### ")[1:]
    sentences = [
        {s.strip() for s in re.split(r"(?<=[.!?])\s", c) if len(s.split()) >= 8 and not re.search(r"\d", s)}
        for c in chapters
    ]
    for i, one in enumerate(sentences):
        for other in sentences[i + 1 :]:
            assert not one & other, one & other


def _urls(content: bytes, fmt: str) -> list[str]:
    if fmt == "docx":
        rels = zipfile.ZipFile(io.BytesIO(content)).read("word/_rels/document.xml.rels").decode()
        return re.findall(r'Target="(https?://[^"]+)" TargetMode="External"', rels)
    return re.findall(r"https?://[^\s|)<>\"]+", content.decode())


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_source_is_a_page_not_a_site_root_and_every_page_is_a_link(demo, fmt):
    _, plan, files = demo
    urls = _urls(files[fmt], fmt)
    assert urls and not [u for u in urls if is_site_root(u)]
    pages = {f.source for f in plan.sources}
    assert not [p for p in pages if is_site_root(p)]
    if fmt == "docx":
        assert pages <= set(urls)  # clickable in Word


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_empty_placeholder(demo, fmt):
    _, plan, files = demo
    text = visible_text(files[fmt], fmt)
    assert "{" not in text and "}" not in text  # every placeholder filled
    assert not [line for line in text.splitlines() if re.match(r"^\W*·", line)]  # '** · start …
    assert "geen aparte groepen" not in text and "no separate groups" not in text
    if fmt == "docx":
        document = docx.Document(io.BytesIO(files["docx"]))
        empty = [c for t in document.tables for r in t.rows for c in r.cells if not c.text.strip()]
        assert not empty  # a missing value says so ('–'), never a blank cell
    if fmt == "html":
        title = re.search(r"<title>(.*?)</title>", files["html"].decode()).group(1)
        assert title == f"{plan.title} · {plan.organisation}" and not title.endswith("· ")


@pytest.mark.parametrize("fmt", ("md", "docx"))
def test_the_plan_is_at_most_a_third_of_the_long_layout(demo, fmt):
    lang, _, files = demo
    before = BEFORE[lang]["words"]
    if fmt == "md":
        now = words(files["md"].decode())
    else:  # what a reader reads in Word: paragraphs and table cells
        now = len([w for w in visible_text(files["docx"], "docx").split() if re.search(r"\w", w)])
    assert now <= before / 3, (now, before)


def _new_figures(plan: Plan) -> set[tuple[str, str, str]]:
    found = {(s.key, f.metric, f.value) for s in plan.segments for f in s.figures}
    for risk in plan.risks:
        found |= {("organisation", f.metric, f.value) for f in risk.figures}
    return found


def test_nothing_of_substance_is_lost(demo):
    """Every guideline a group triggered, every survey figure and every fact the long layout had
    is still there (tests/plan/fixtures/demo_substance_before.json, captured from it)."""
    lang, plan, _ = demo
    before = BEFORE[lang]
    pairs = {(s.key, g.id) for s in plan.segments for g in s.guidelines}
    pairs |= {("other_staff", g) for g in (plan.other_staff.guidelines if plan.other_staff else ())}
    assert {tuple(p) for p in before["guidelines"]} <= pairs
    figures = _new_figures(plan)
    missing = [tuple(f) for f in before["figures"] if tuple(f) not in figures]
    assert not missing
    assert set(before["facts"]) <= {f.indicator for f in plan.sources}
    # and a group's figures are where a reader looks for them: its chapter, or its row in a table
    md = _md(demo).replace("\\", "")
    chapters = dict((c.split("\n", 1)[0], c) for c in md.split("\n### ")[1:])
    word = "van" if lang == "nl" else "of"
    for key, metric, value in before["figures"]:
        segment = next((s for s in plan.segments if s.key == key), None)
        if segment is None:
            continue
        chapter = chapters[segment.label]
        shown = value.replace("/", f" {word} ") if metric == "rank" else value
        assert shown in chapter or f"{segment.label} {value}" in md, (key, metric, value)
