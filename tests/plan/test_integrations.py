"""Integrations people use (issue 14): from the business systems a group works in daily and wants
notifications from, with the catalogue's fact for the chosen platform; none without the question.

The export is tests/plan/fixtures/demo-systems-native.csv: the demo survey with the business-systems
questions answered (built by tests/plan/fixtures/build_systems.py through the repository's own
generator and native writer)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from advisor.plan.render import render
from tests.conftest import ROOT
from tests.plan.conftest import visible_text, write_plans

FIXTURES = Path(__file__).parent / "fixtures"
EXPORT = FIXTURES / "demo-systems-native.csv"
ORGANISATION = ROOT / "surveys" / "demo" / "organisation.yaml"


def _plan(platform: str, lang: str = "nl"):
    from advisor.analysis.summary import summarise
    from advisor.catalog import load_catalog
    from advisor.plan import PlanSettings, plan_for_survey
    from advisor.survey.importer import import_survey
    from advisor.survey.questionnaire import default_questionnaire
    from tests.plan.conftest import START

    questionnaire = default_questionnaire(ORGANISATION)
    answers = import_survey(EXPORT, questionnaire=questionnaire).answers
    summary = summarise(answers, questionnaire, bootstrap=100)
    settings = PlanSettings(platform, START, lang)
    return plan_for_survey(load_catalog(), questionnaire, answers, summary, settings, samples=300)


def test_the_fixture_export_is_what_its_build_script_writes():
    from advisor.survey.writers import render as write
    from tests.plan.fixtures.build_systems import with_systems

    answers, questionnaire, meta = with_systems()
    assert (write("native", answers, questionnaire, meta) == EXPORT.read_bytes()) is True


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_a_group_that_works_in_a_crm_daily_and_wants_its_notifications_gets_a_crm_line(lang):
    plan = _plan("teams", lang)
    sales = next(s for s in plan.segments if s.key == "sales")
    (line,) = [i for i in sales.integrations if i.text.startswith("CRM")]
    ref = line.refs[0]
    fact = next(f for f in plan.sources if f.ref == ref and f.kind == "fact")
    assert fact.indicator.startswith("CRM") and fact.source.startswith("https://")  # the catalogue fact
    daily = next(f.value for f in sales.figures if f.metric == "system_crm_daily_share")
    assert daily in line.text and "Microsoft Teams" in line.text
    others = [s for s in plan.segments if s.key not in ("sales",)]
    assert not [s.key for s in others if any(i.text.startswith("CRM") for i in s.integrations)]
    chapter = render(plan, "md").decode().split(f"### {sales.label}\n", 1)[1].split("\n### ", 1)[0]
    assert re.search(rf"- CRM.*\\\[{ref}\\\]", chapter)  # in the group's chapter, cited
    row = next(r for r in plan.integrations.rows if r.system == "crm")
    assert sales.label in row.groups and ref in row.capability.refs


def test_each_system_gets_what_the_platform_offers_for_it(tmp_path):
    plan = _plan("teams")
    systems = {r.system: r for r in plan.integrations.rows}
    assert {"crm", "ticketing", "rostering"} <= set(systems)
    it = next(s for s in plan.segments if s.key == "it")
    assert any(i.text.startswith("Ticket") for i in it.integrations)
    printing = next(s for s in plan.segments if s.key == "printing")
    assert any(i.text.startswith("Rooster") for i in printing.integrations)


def test_for_a_platform_without_a_crm_connection_the_line_says_so(tmp_path):
    plan = _plan("whatsapp")
    sales = next(s for s in plan.segments if s.key == "sales")
    (line,) = [i for i in sales.integrations if i.text.startswith("CRM")]
    assert "WhatsApp: geen" in line.text
    row = next(r for r in plan.integrations.rows if r.system == "crm")
    assert row.capability.text.startswith("geen CRM-koppeling")


def test_a_group_too_small_to_show_gets_no_system_figures():
    plan = _plan("teams")
    assert "legal" not in {s.key for s in plan.segments}
    text = visible_text(render(plan, "md"), "md")
    assert "Juridische zaken (" not in text  # named under Other staff, never with a figure


def test_without_the_question_the_plan_says_so_and_invents_nothing(tmp_path):
    files = write_plans(tmp_path, "en")
    text = visible_text(files["md"].read_bytes(), "md")
    part = text.split("## Integrations with business systems", 1)[1].split("\n## ", 1)[0]
    assert "did not ask which business systems" in part
    assert "|" not in part  # no table of integrations
