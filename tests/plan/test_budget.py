"""The plan's budget line and plan-dependent facts: the plan (edition) the must-haves select, its
price, seats, annual cost, price date and source; reference entries never named as the better choice."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from advisor.analysis.summary import summarise
from advisor.catalog import load_catalog
from advisor.plan import PlanSettings, plan_for_survey
from advisor.plan.render import render
from advisor.survey.questionnaire import default_questionnaire
from tests.catalog.conftest import TODAY, Catalogue
from tests.plan.conftest import START, make_answers
from tests.scoring.conftest import plan, write_shop

PRIVACY_FIRST = {"importance.privacy": 5, "importance.control": 2}
GROUPS = {"a": (6, PRIVACY_FIRST), "b": (7, PRIVACY_FIRST)}


@pytest.fixture
def shop(tmp_path: Path):
    return load_catalog(write_shop(Catalogue(tmp_path / "catalogue")).root, today=TODAY)


def _questionnaire(tmp_path: Path, headcounts: dict[str, int] | None):
    if headcounts is None:
        return default_questionnaire()
    path = tmp_path / "organisation.yaml"
    options = "\n".join(f"    - {{value: {k}, nl: {k}, en: {k}}}" for k in headcounts)
    counts = "\n".join(f"    {k}: {v}" for k, v in headcounts.items())
    text = f"name: Testorganisatie\nsegment_options:\n  department:\n{options}\n"
    path.write_text(text + f"headcounts:\n  department:\n{counts}\n", encoding="utf-8")
    return default_questionnaire(path)


def _plan(catalog, tmp_path, platform, headcounts=None, lang="nl", **settings):
    questionnaire = _questionnaire(tmp_path, headcounts)
    answers = make_answers(GROUPS, questionnaire)
    summary = summarise(answers, questionnaire, bootstrap=50)
    return plan_for_survey(
        catalog,
        questionnaire,
        answers,
        summary,
        PlanSettings(platform, START, lang, "Testorganisatie", **settings),
        samples=200,
    )


def test_the_budget_names_the_plan_a_must_have_selects_with_price_seats_cost_date_and_source(shop, tmp_path):
    built = _plan(shop, tmp_path, "alpha", {"a": 200, "b": 200}, must=("eu_residency",))
    (row,) = built.budget
    assert (row.platform, row.plan) == ("Alpha", "Business")
    assert row.price == "€ 12,50 per gebruiker per maand (jaarcontract)"
    assert row.seats == "400 (aantal medewerkers uit organisation.yaml)"
    assert row.annual == "€ 60.000,00" and row.annual_cost == pytest.approx(60_000.0)  # 12.50 x 12 x 400
    assert "https://docs.example.org/pricing" in row.source and "prijs van 2026-06-01" in row.source
    assert row.note.startswith(
        "Business: het goedkoopste abonnement dat voldoet aan 'Gegevensopslag in de EU"
    )
    assert "Overgeslagen: Free" in row.note
    summary = " ".join(item.text for item in built.summary)
    assert (
        "Begroting: Business, € 12,50 per gebruiker per maand (jaarcontract); € 60.000,00 per jaar" in summary
    )
    md = render(built, "md").decode()
    assert "### Begroting" in md and "| Alpha | Business |" in md and "€ 60.000,00" in md
    assert "€ 60.000,00" in render(built, "html").decode()
    document = docx.Document(io.BytesIO(render(built, "docx")))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Business" in cells and "€ 60.000,00" in cells


def test_the_plan_cites_the_chosen_plans_facts_not_the_base_facts(shop, tmp_path):
    def eu_source(built) -> str:
        return next(f for f in built.sources if f.indicator == "Gegevensopslag in de EU").source

    assert eu_source(_plan(shop, tmp_path, "alpha", must=("eu_residency",))).endswith("docs/eu-yes")
    assert eu_source(_plan(shop, tmp_path, "alpha")).endswith("docs/eu_data_residency-no")  # Free


def test_a_quote_only_plan_is_budgeted_as_on_request(tmp_path):
    catalogue = Catalogue(tmp_path / "catalogue")
    catalogue.platform("quoted", plans=[plan("quote", None, name="Quote")])
    built = _plan(load_catalog(catalogue.root, today=TODAY), tmp_path, "quoted", lang="en")
    (row,) = built.budget
    assert (row.plan, row.price, row.annual, row.quote_only) == ("Quote", "quote only", "on request", True)
    assert "Budget: Quote, cost on request" in " ".join(item.text for item in built.summary)


def test_without_headcounts_the_budget_counts_the_respondents_and_says_so(shop, tmp_path):
    (row,) = _plan(shop, tmp_path, "alpha", lang="en", must=("eu_residency",)).budget
    assert row.seats == "13 (respondents; headcount unknown)"
    assert row.annual == "€1,950.00"  # 12.50 x 12 x 13
    assert "organisation.yaml gives no headcounts" in row.note


def test_a_platform_the_requirements_exclude_gets_a_budget_line_with_the_reason(shop, tmp_path):
    (row,) = _plan(shop, tmp_path, "alpha", lang="en", must=("eu_residency",), max_price=10.0).budget
    assert row.plan == "–"
    assert row.note.startswith("Drops out of the ranking: the plans that meet the must-haves do not fit:")
    assert "€12.50 per user per month, above the budget of €10.00" in row.note


def test_the_plan_never_points_to_a_reference_entry_as_the_better_choice(shop, tmp_path):
    # gamma, a reference entry, ranks first; beta is the best choice, alpha below it
    beta = _plan(shop, tmp_path, "beta", lang="en")
    assert not any("ranks higher" in item.detail for item in beta.summary)
    alpha = _plan(shop, tmp_path, "alpha", lang="en")
    details = " ".join(item.detail for item in alpha.summary)
    assert "Beta ranks higher" in details and "Gamma" not in details
    why = " ".join(i.detail for s in alpha.segments for i in s.why)
    assert "Gamma" not in why
