"""`score` with plans and prices: per option plan, price and annual cost in --json and in the text,
must-haves that select a higher plan, the budget must-have, the cost weight and reference entries.

The catalogue is the small ``shop`` of conftest.py (--criteria-dir), the survey the demo export with
an organisation file whose headcounts add up to 400.
"""

from __future__ import annotations

import json

import pytest

from tests.catalog.conftest import fact
from tests.scoring.conftest import HEADCOUNTS_400, plan, survey_with_headcounts


@pytest.fixture
def staff_400(tmp_path):
    return survey_with_headcounts(tmp_path / "org", HEADCOUNTS_400)


def _score(cli, shop_dir, survey, *args, lang="en"):
    result = cli(
        "--lang", lang, "score", "--survey", str(survey), "--criteria-dir", str(shop_dir), "--samples", "200",
        *args,
    )  # fmt: skip
    return result


def _json(cli, shop_dir, survey, *args):
    result = _score(cli, shop_dir, survey, "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["rankings"]["organisation"]


def test_score_json_gives_each_options_plan_price_and_annual_cost_for_400_staff(cli, shop_dir, staff_400):
    """By hand, with must-have EU residency: alpha Business €12.50 x 12 x 400 = €60,000.00;
    beta Minimum $4.00 x 12 x 500 (its minimum) = $24,000.00, because Standard stops at 300 users."""
    ranking = _json(cli, shop_dir, staff_400, "--must", "eu_residency")
    options = {row["id"]: row["option"] for row in ranking["ranking"]}
    alpha, beta = options["alpha"], options["beta"]
    assert (alpha["plan_id"], alpha["plan_name"], alpha["price_per_user_month"]) == (
        "business",
        "Business",
        12.5,
    )
    assert (alpha["currency"], alpha["billing"], alpha["annual_cost"]) == ("EUR", "annual", 60000.0)
    assert (alpha["seats"], alpha["seats_source"], alpha["seats_question"]) == (
        400,
        "headcount",
        "department",
    )
    assert (beta["plan_id"], beta["currency"], beta["billed_seats"], beta["annual_cost"]) == (
        "minimum",
        "USD",
        500,
        24000.0,
    )
    assert ranking["costing"]["seats"]["count"] == 400


def test_score_json_says_which_higher_plan_a_must_have_selects(cli, shop_dir, staff_400):
    ranking = _json(cli, shop_dir, staff_400, "--must", "eu_residency")
    alpha = next(row for row in ranking["ranking"] if row["id"] == "alpha")
    assert alpha["plan_reason"].startswith(
        "Business: the cheapest plan that meets 'EU data residency available'."
    )
    assert "Passed over: Free: does not meet 'EU data residency available'" in alpha["plan_reason"]
    without = _json(cli, shop_dir, staff_400)
    assert next(r for r in without["ranking"] if r["id"] == "alpha")["option"]["plan_id"] == "free"


def test_score_budget_must_have_excludes_with_the_price_as_the_reason(cli, shop_dir, staff_400):
    ranking = _json(
        cli, shop_dir, staff_400, "--must", "eu_residency", "--max-price", "10", "--currency", "EUR"
    )
    excluded = {e["id"]: e for e in ranking["excluded"]}
    alpha = excluded["alpha"]
    assert (alpha["must_have"], alpha["kind"]) == ("budget", "price")
    assert "Business: €12.50 per user per month, above the budget of €10.00" in alpha["reason"]
    plans = {p["plan_id"]: p for p in alpha["plans"]}
    assert plans["business"]["price_problem"] == "over_budget"
    assert plans["enterprise"]["price_problem"] == "quote_only"
    assert "cannot be compared without an exchange rate" in excluded["beta"]["reason"]
    assert "alpha" not in {row["id"] for row in ranking["ranking"]}


def test_score_with_the_organisations_exchange_rates_compares_dollars_and_says_so(cli, tmp_path, shop_dir):
    rates = {"base": "EUR", "rates": {"USD": 0.9}, "date": "2026-11-30", "source": "ECB reference rate"}
    survey = survey_with_headcounts(tmp_path / "rates", HEADCOUNTS_400, exchange_rates=rates)
    ranking = _json(cli, shop_dir, survey, "--max-price", "5")
    beta = next(row for row in ranking["ranking"] if row["id"] == "beta")["option"]
    assert beta["exchange_rate_used"] is True
    assert (beta["annual_cost"], beta["annual_cost_in_organisation_currency"]) == (24000.0, 21600.0)
    assert ranking["costing"]["exchange_rates"]["rates"] == {"USD": 0.9}


def test_score_text_shows_the_best_choice_plan_annual_cost_and_marks_the_reference(cli, shop_dir, staff_400):
    result = _score(cli, shop_dir, staff_400, "--must", "eu_residency")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Costs for 400 users (the headcount in organisation.yaml, added up over department)." in out
    assert "Best choice: Beta (Minimum)" in out
    assert "Gamma ranks higher, but is a reference entry and is not recommended." in out
    assert "Gamma (reference)" in out
    assert "Business · €12.50 per user per month (annual commitment) · €60,000.00 a year for 400 users" in out
    assert "Minimum · $4.00 per user per month (annual commitment) · $24,000.00 a year for 500 users" in out


def test_score_text_in_dutch(cli, shop_dir, staff_400):
    out = _score(cli, shop_dir, staff_400, "--must", "eu_residency", lang="nl").stdout
    assert "Beste keuze: Beta (Minimum)" in out and "Gamma (referentie)" in out
    assert "€ 12,50 per gebruiker per maand (jaarcontract) · € 60.000,00 per jaar voor 400 gebruikers" in out


def test_without_headcounts_the_seats_are_the_respondents_and_the_output_says_so(cli, tmp_path, shop_dir):
    survey = survey_with_headcounts(tmp_path / "nohead", None)
    ranking = _json(cli, shop_dir, survey)
    assert ranking["costing"]["seats"]["source"] == "respondents"
    assert ranking["costing"]["seats"]["count"] == 400
    assert "organisation.yaml gives no headcounts" in ranking["costing"]["seats"]["text"]
    out = _score(cli, shop_dir, survey).stdout
    assert "the number of respondents, because organisation.yaml gives no headcounts" in out


def test_the_cost_weight_moves_a_cheaper_platform_up_and_nothing_moves_without_it(cli, catalogue, staff_400):
    catalogue.platform("cheap", facts={"dutch_ui": fact("partial")}, plans=[plan("one", 2.0)])
    catalogue.platform("dear", plans=[plan("one", 20.0)])
    plain = _json(cli, catalogue.root, staff_400)
    costed = _json(cli, catalogue.root, staff_400, "--cost-weight", "0.5")
    assert "cost" not in plain["weights"] and costed["weights"]["cost"] == 0.5
    assert [row["id"] for row in plain["ranking"]] == ["dear", "cheap"]
    assert [row["id"] for row in costed["ranking"]] == ["cheap", "dear"]
    assert costed["best_choice"]["id"] == "cheap"
    assert [row["criterion_scores"]["cost"] for row in costed["ranking"]] == [10.0, 0.0]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--max-price", "-1"], "--max-price is an amount per user per month of 0 or more (found: -1.0)"),
        (["--max-price", "nan"], "--max-price"),
        (["--cost-weight", "2"], "--cost-weight is a share from 0 to 1"),
        (["--currency", "JPY"], "invalid choice"),
    ],
)
def test_bad_budget_currency_or_cost_weight_exit_2(cli, shop_dir, staff_400, args, fragment):
    result = _score(cli, shop_dir, staff_400, *args)
    assert result.returncode == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_an_impossible_exchange_rate_exits_2_naming_the_file_and_line(cli, tmp_path, shop_dir):
    survey = survey_with_headcounts(tmp_path / "bad", HEADCOUNTS_400, exchange_rates={"rates": {"USD": -1}})
    result = _score(cli, shop_dir, survey)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "organisation.yaml:" in result.stderr and "exchange_rates.rates.USD" in result.stderr
