"""The adoption plan marks every criterion score set by hand as such, in Markdown, HTML and Word, in
Dutch and English: where it cites the score, in the summary, and in a section listing each override
of the chosen platform and of the platforms it is compared with. No overrides, no section."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape

import docx
import pytest

from advisor.catalog import Catalog
from advisor.catalog.models import Override
from advisor.cli import main
from advisor.plan import Plan
from advisor.plan.render import render
from tests.conftest import ROOT

DEMO = ROOT / "surveys" / "demo" / "demo-native.csv"
TEAMS_REASON = "Our DPIA with the vendor's EU data boundary terms rates privacy higher than the facts."
SLACK_REASON = "The works council found the interface confusing for printing staff in the pilot."
GROUPS = {"a": (12, {"importance.privacy": 5}), "b": (12, {"importance.privacy": 5})}
TEXTS = {
    "nl": {
        "heading": "Handmatig aangepaste scores",
        "chosen": "Microsoft Teams (gekozen platform)",
        "privacy": "Privacy en vertrouwelijkheid",
        "usability": "Gebruiksgemak",
        "teams_by": "Anna de Vries, 20 november 2026",
        "slack_by": "naam niet vastgelegd",
        "why": "Microsoft Teams scoort hierop {score} van 10",
        "why_marked": "Microsoft Teams scoort hierop 8,0 van 10, een handmatig aangepaste score "
        "(volgens de feiten {derived}; zie Handmatig aangepaste scores)",
        "summary": "Handmatig aangepast: Microsoft Teams op Privacy en vertrouwelijkheid: 8,0 "
        "in plaats van {derived}",
        "hand": "handmatig",
    },
    "en": {
        "heading": "Scores set by hand",
        "chosen": "Microsoft Teams (chosen platform)",
        "privacy": "Privacy and confidentiality",
        "usability": "Ease of use",
        "teams_by": "Anna de Vries, 20 November 2026",
        "slack_by": "name not recorded",
        "why": "Microsoft Teams scores {score} out of 10",
        "why_marked": "Microsoft Teams scores 8.0 out of 10 on it, a score set by hand "
        "(the facts give {derived}; see Scores set by hand)",
        "summary": "Set by hand: Microsoft Teams on Privacy and confidentiality: 8.0 instead of {derived}",
        "hand": "set by hand",
    },
}


def _with_overrides(catalog: Catalog, overrides: dict[str, dict[str, Override]]) -> Catalog:
    """The catalogue with these overrides added, as the dashboard makes them (advisor/ui/state.py)."""
    platforms = tuple(
        p.model_copy(update={"overrides": {**p.overrides, **overrides[p.id]}}) if p.id in overrides else p
        for p in catalog.platforms
    )
    return Catalog(catalog.rubric, platforms, catalog.files)


@pytest.fixture(scope="module")
def overridden(catalog: Catalog) -> Catalog:
    return _with_overrides(
        catalog,
        {
            "teams": {
                "privacy": Override(
                    score=8.0, justification=TEAMS_REASON, by="Anna de Vries", date=dt.date(2026, 11, 20)
                )
            },
            "slack": {"usability": Override(score=2.0, justification=SLACK_REASON)},
        },
    )


def _text(plan: Plan, fmt: str) -> str:
    """Everything a reader sees in the rendered file, as plain text."""
    content = render(plan, fmt)
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        cells = [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    text = content.decode("utf-8")
    if fmt == "html":
        text = unescape(re.sub(r"</t[dh]><t[dh][^>]*>", " | ", text))
        text = re.sub(r"<[^>]+>", "", text)
    return text


def _table_rows(plan: Plan, fmt: str) -> list[list[str]]:
    """Every table row of the rendered file as its cells."""
    content = render(plan, fmt)
    if fmt == "docx":
        document = docx.Document(io.BytesIO(content))
        return [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    text = content.decode("utf-8")
    if fmt == "html":
        rows = re.findall(r"<tr>(.*?)</tr>", text)
        return [[unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row)] for row in rows]
    return [
        [c.strip() for c in line.strip("|").split("|")] for line in text.splitlines() if line.startswith("| ")
    ]


def _derived(plain: Plan, lang: str) -> str:
    """Teams' privacy score as the plan without overrides states it (derived from the facts)."""
    why = " ".join(i.text for i in plain.segments[0].why)
    pattern = re.escape(TEXTS[lang]["why"]).replace(re.escape("{score}"), r"([\d.,]+)")
    return re.search(pattern, why).group(1)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_the_plan_marks_the_hand_set_score_and_lists_every_override(plan_of, overridden, lang, fmt):
    words = TEXTS[lang]
    derived = _derived(plan_of(GROUPS, lang=lang), lang)
    assert derived not in ("8,0", "8.0")
    plan = plan_of(GROUPS, lang=lang, use_catalog=overridden)
    text = _text(plan, fmt)
    assert words["why_marked"].format(derived=derived) in text  # where the plan cites the score
    assert words["summary"].format(derived=derived) in text
    assert words["heading"] in text
    rows = _table_rows(plan, fmt)
    teams = next(r for r in rows if r[:2] == [words["chosen"], words["privacy"]])
    eight = "8,0" if lang == "nl" else "8.0"
    assert teams[2:] == [eight, derived, words["teams_by"], TEAMS_REASON]
    slack = next(r for r in rows if r[:2] == ["Slack", words["usability"]])  # a platform it is compared with
    assert slack[2] == ("2,0" if lang == "nl" else "2.0") and slack[3] != slack[2]
    assert slack[4:] == [words["slack_by"], SLACK_REASON]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_without_overrides_the_plan_has_no_override_section(plan_of, lang, fmt):
    plan = plan_of(GROUPS, lang=lang)
    assert plan.overrides == ()
    text = _text(plan, fmt)
    assert TEXTS[lang]["heading"] not in text
    assert TEXTS[lang]["hand"] not in text.lower()


def test_plan_from_the_command_line_takes_overrides_from_an_organisation_file(tmp_path):
    extra = tmp_path / "overrides.yaml"
    extra.write_text(
        "overrides:\n  teams:\n    privacy:\n      score: 8.0\n"
        f'      justification: "{TEAMS_REASON}"\n      by: "Anna de Vries"\n      date: 2026-11-20\n',
        encoding="utf-8",
    )
    out = tmp_path / "plan.md"
    args = ["plan", "--survey", str(DEMO), "--platform", "teams", "--format", "md", "--start", "2027-01-04"]
    assert main([*args, "--out", str(out), "--extra", str(extra)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "### Handmatig aangepaste scores" in text
    assert "| Microsoft Teams (gekozen platform) | Privacy en vertrouwelijkheid | 8,0 |" in text
    assert TEAMS_REASON in text
