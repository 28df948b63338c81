"""Plans and prices in the ranking: effective facts, the cheapest plan that meets the must-haves,
the budget must-have, currencies, seats, the annual cost, the cost criterion and reference entries."""

from __future__ import annotations

import json

import numpy as np
import pytest

from advisor.catalog import load_catalog, score_table
from advisor.catalog.models import Uncertainty
from advisor.catalog.options import Option, options_of
from advisor.catalog.scoring import score_option
from advisor.errors import InputError
from advisor.scoring import Costing, Seats, WeightSource, choose_options, rank_platforms, resolve_must_haves
from advisor.scoring.cost import cost_column
from advisor.scoring.prices import option_cost, price_order
from advisor.survey.questionnaire import ExchangeRates
from tests.catalog.conftest import TODAY, fact
from tests.scoring.conftest import EQUAL, plan

SEATS_400 = Seats(400, "headcount", "department")


def _rank(catalog, lang="en", **kwargs):
    return rank_platforms(catalog, EQUAL, source=WeightSource("equal"), samples=300, lang=lang, **kwargs)


def _option(catalog, platform_id, plan_id):
    return next(o for o in options_of(catalog.platform(platform_id)) if o.key == (platform_id, plan_id))


def _excluded(ranking):
    return {e.platform_id: e for e in ranking.excluded}


# ---------------------------------------------------------------- options and their facts
def test_an_options_facts_are_the_base_facts_overlaid_by_the_plans(shop):
    business, pro = _option(shop, "alpha", "business"), _option(shop, "alpha", "pro")
    assert business.facts["eu_data_residency"].value == "yes"  # the plan differs here
    assert pro.facts["eu_data_residency"].value == "no"  # the base fact holds
    assert business.facts["self_hosting"] is shop.platform("alpha").facts["self_hosting"]
    assert score_option(shop, business)["privacy"].score > score_option(shop, pro)["privacy"].score


def test_a_platform_without_plans_is_one_option_with_its_base_facts_and_no_price(catalogue):
    catalogue.platform("solo")
    catalog = load_catalog(catalogue.root, today=TODAY)
    (option,) = options_of(catalog.platform("solo"))
    assert option.plan is None and option.price is None and option.facts == catalog.platform("solo").facts
    cost = option_cost(option, Costing(seats=SEATS_400))
    assert cost.annual is None and cost.billed_seats is None


# ---------------------------------------------------------------- annual cost
def test_annual_cost_of_two_plans_for_400_staff_worked_by_hand(shop):
    """alpha Business: €12.50 x 12 months x 400 users = €60,000.00.
    beta Minimum: $4.00 x 12 months x 500 users (billed for its minimum of 500) = $24,000.00."""
    costing = Costing(seats=SEATS_400)
    business = option_cost(_option(shop, "alpha", "business"), costing)
    assert (business.billed_seats, business.annual) == (400, pytest.approx(60_000.00))
    minimum = option_cost(_option(shop, "beta", "minimum"), costing)
    assert (minimum.billed_seats, minimum.annual) == (500, pytest.approx(24_000.00))
    assert minimum.option.price.currency == "USD" and minimum.annual_converted is None  # no rate given


# ---------------------------------------------------------------- must-haves pick the plan
def test_without_must_haves_each_platform_is_ranked_on_its_cheapest_plan(shop):
    ranking = _rank(shop)
    assert ranking.choice("alpha").option.plan.id == "free"
    assert ranking.choice("alpha").reason(shop, ranking.costing, "en") == "Free: the cheapest plan."


def test_a_must_have_only_a_higher_plan_meets_selects_that_plan_and_says_why(shop):
    ranking = _rank(shop, must=["eu_residency"])
    choice = ranking.choice("alpha")
    assert choice.option.plan.id == "business"  # cheapest of Business and Enterprise
    reason = choice.reason(shop, ranking.costing, "en")
    assert reason.startswith("Business: the cheapest plan that meets 'EU data residency available'.")
    assert "Passed over: Free: does not meet 'EU data residency available' (EU data residency: no" in reason
    assert "Pro: does not meet" in reason
    # ranked on the plan's facts, not the base facts
    row = ranking.platform_ids.index("alpha")
    expected = score_table(shop, options=[choice.option]).score[0]
    assert np.allclose(ranking.matrix[row], expected)
    assert "Business" in ranking.choice("alpha").reason(shop, ranking.costing, "nl")


def test_a_must_have_no_plan_meets_excludes_with_the_facts_on_every_plan(shop):
    ranking = _rank(shop, must=["self_hosting"])
    exclusion = _excluded(ranking)["alpha"]
    assert (exclusion.kind, exclusion.must_have_id) == ("must_have", "self_hosting")
    assert exclusion.reason(shop, "en") == (
        "does not meet 'Self-hosting possible' on any plan: Self-hosting possible: no (on every plan)"
    )


def test_must_haves_met_by_different_plans_but_never_by_one_exclude_naming_each_plan(catalogue):
    catalogue.platform(
        "split",
        facts={**{"eu_data_residency": fact("no")}, "self_hosting": fact("no")},
        plans=[
            plan("eu", 5, facts={"eu_data_residency": fact("yes"), "work_identity": fact("phone_number")}),
            plan("work", 6),
        ],
    )
    catalog = load_catalog(catalogue.root, today=TODAY)
    exclusion = _excluded(_rank(catalog, must=["eu_residency", "work_identity"]))["split"]
    assert exclusion.kind == "combination"
    reason = exclusion.reason(catalog, "en")
    assert reason.startswith("no plan meets every must-have at once:")
    assert "Eu: does not meet 'No private phone number as identity'" in reason
    assert "Work: does not meet 'EU data residency available'" in reason


# ---------------------------------------------------------------- the budget must-have
def test_a_budget_excludes_with_the_price_as_the_reason(shop):
    ranking = _rank(shop, must=["eu_residency"], costing=Costing("EUR", 10.0, SEATS_400))
    exclusion = _excluded(ranking)["alpha"]
    assert (exclusion.kind, exclusion.must_have_id) == ("price", "budget")
    reason = exclusion.reason(shop, "en")
    assert "Business: €12.50 per user per month, above the budget of €10.00" in reason
    assert "Enterprise: price on request only, so it cannot be shown to stay within the budget" in reason
    assert "Free" not in reason  # plans that fail the must-have are not the reason here
    dutch = exclusion.reason(shop, "nl")
    assert "€ 12,50 per gebruiker per maand, boven het budget van € 10,00" in dutch


def test_a_budget_at_the_price_keeps_the_plan_and_says_it_fits(shop):
    ranking = _rank(shop, must=["eu_residency"], costing=Costing("EUR", 12.5))
    reason = ranking.choice("alpha").reason(shop, ranking.costing, "en")
    assert "stays within the budget of €12.50 per user per month" in reason


def test_a_quote_only_plan_cannot_be_shown_to_meet_a_budget(catalogue):
    catalogue.platform("quoted", plans=[plan("quote", None)])
    catalogue.platform("solo")  # no plans at all: no price either
    catalog = load_catalog(catalogue.root, today=TODAY)
    without = _rank(catalog, costing=Costing(seats=SEATS_400))
    assert set(without.platform_ids) == {"quoted", "solo"}  # no budget: ranked, price unknown
    assert without.cost("quoted").annual is None
    excluded = _excluded(_rank(catalog, costing=Costing("EUR", 50.0, SEATS_400)))
    assert excluded["quoted"].reason(catalog, "en") == (
        "the plans that meet the must-haves do not fit: Quote: price on request only, so it cannot be "
        "shown to stay within the budget of €50.00 per user per month"
    )
    assert "no price in the catalogue" in excluded["solo"].reason(catalog, "en")


def test_a_price_in_another_currency_is_compared_only_with_the_organisations_rate(shop):
    no_rate = _excluded(_rank(shop, costing=Costing("EUR", 5.0, SEATS_400)))["beta"]
    reason = no_rate.reason(shop, "en")
    assert "price in USD ($4.00), budget in EUR: cannot be compared without an exchange rate" in reason
    rates = ExchangeRates(base="EUR", rates={"USD": 0.9}, date="2026-11-30", source="ECB")
    ranking = _rank(shop, costing=Costing("EUR", 5.0, SEATS_400, rates))
    cost = ranking.cost("beta")
    assert cost.option.plan.id == "minimum"
    assert cost.annual == pytest.approx(24_000.0) and cost.annual_converted == pytest.approx(21_600.0)
    assert cost.rate_used


def test_a_price_above_the_budget_after_conversion_names_the_rate(shop):
    rates = ExchangeRates(rates={"USD": 0.9}, date="2026-11-30")
    exclusion = _excluded(_rank(shop, costing=Costing("EUR", 3.0, SEATS_400, rates)))["beta"]
    assert "1 USD = 0.9000 EUR, rate from organisation.yaml of 2026-11-30" in exclusion.reason(shop, "en")


# ---------------------------------------------------------------- seats
def test_seats_above_a_plans_maximum_refuse_it_and_the_minimum_is_billed(shop):
    small = _rank(shop, costing=Costing(seats=Seats(200, "headcount")))
    assert small.choice("beta").option.plan.id == "standard"
    large = _rank(shop, costing=Costing(seats=SEATS_400))
    choice = large.choice("beta")
    assert choice.option.plan.id == "minimum"
    assert "Standard: up to 300 users; the organisation has 400" in choice.reason(shop, large.costing, "en")
    assert large.cost("beta").billed_seats == 500


def test_a_platform_whose_every_plan_is_too_small_is_excluded_on_seats(catalogue):
    catalogue.platform("tiny", plans=[plan("a", 1, max_seats=50), plan("b", 2, max_seats=100)])
    catalog = load_catalog(catalogue.root, today=TODAY)
    exclusion = _excluded(_rank(catalog, costing=Costing(seats=SEATS_400)))["tiny"]
    assert (exclusion.kind, exclusion.must_have_id) == ("price", "seats")
    assert "A: up to 50 users; the organisation has 400; B: up to 100 users" in exclusion.reason(
        catalog, "en"
    )


def test_plans_are_ordered_cheapest_first_and_quotes_last(shop):
    order = [o.plan.id for o in price_order(options_of(shop.platform("alpha")), Costing())]
    assert order == ["free", "pro", "business", "enterprise"]


# ---------------------------------------------------------------- the cost criterion
def _cheap_and_dear(catalogue):
    catalogue.platform("cheap", facts={"dutch_ui": fact("partial")}, plans=[plan("one", 2.0)])
    catalogue.platform("dear", plans=[plan("one", 20.0)])
    return load_catalog(catalogue.root, today=TODAY)


def test_the_cost_criterion_changes_the_ranking_only_when_weighted(catalogue):
    catalog = _cheap_and_dear(catalogue)
    off = _rank(catalog)
    assert off.winner == "dear" and "cost" not in off.criterion_ids
    assert _rank(catalog, cost_weight=0.0).scores.tolist() == off.scores.tolist()
    on = _rank(catalog, cost_weight=0.5)
    assert on.winner == "cheap"
    assert on.criterion_ids[-1] == "cost" and on.weights[-1] == pytest.approx(0.5)
    assert on.matrix[:, -1].tolist() == [10.0, 0.0]  # cheapest 10, dearest 0
    data = on.to_dict(catalog, "en")
    assert data["weights"]["cost"] == 0.5 and data["costing"]["cost_weight"] == 0.5


def test_cost_scores_are_min_max_and_an_option_without_a_price_gets_the_full_interval(catalogue):
    catalogue.platform(
        "p",
        plans=[
            plan("zero", 0),
            plan("five", 5.0),
            plan("twenty", 20.0),
            plan("quote", None),
            plan("doubtful", 10.0),
        ],
    )
    catalog = load_catalog(catalogue.root, today=TODAY)
    options = [Option.of(catalog.platform("p"), p) for p in catalog.platform("p").plans]
    unverified = options[4].plan.price.model_copy(update={"verified": False})
    options[4] = Option.of(catalog.platform("p"), options[4].plan.model_copy(update={"price": unverified}))
    column = cost_column(options, Costing(), Uncertainty())
    assert column.score.tolist() == [10.0, 7.5, 0.0, 5.0, 5.0]  # 10 x (20 - p) / (20 - 0)
    assert (column.low[3], column.high[3]) == (0.0, 10.0)  # no price: anything from 0 to 10
    assert (column.low[0], column.high[0]) == (10.0, 10.0)  # a verified price has no spread
    assert (column.low[4], column.high[4]) == (2.0, 8.0)  # unverified: the rubric's 3 either side


def test_a_cost_weight_outside_0_to_1_is_refused(shop):
    with pytest.raises(InputError, match="share from 0 to 1"):
        _rank(shop, cost_weight=1.5)


# ---------------------------------------------------------------- reference entries
def test_a_reference_entry_is_ranked_and_marked_but_never_the_best_choice(shop):
    ranking = _rank(shop)
    assert ranking.winner == "gamma"  # the best facts of all...
    assert ranking.best == "beta"  # ...but never recommended
    data = ranking.to_dict(shop, "en")
    assert data["best_choice"] == {"id": "beta", "name": "Beta", "rank": 2}
    rows = {r["id"]: r for r in data["ranking"]}
    assert rows["gamma"]["recommend"] is False and rows["beta"]["recommend"] is True


def test_with_only_reference_entries_left_there_is_no_best_choice(shop):
    # a budget of 0: alpha and beta have no plan that costs nothing and meets EU residency
    ranking = _rank(shop, must=["eu_residency"], costing=Costing("EUR", 0.0, SEATS_400))
    assert ranking.platform_ids == ("gamma",)
    assert ranking.winner == "gamma" and ranking.best is None
    assert ranking.to_dict(shop, "en")["best_choice"] is None


def test_ranking_json_carries_per_option_plan_price_and_annual_cost(shop):
    ranking = _rank(shop, must=["eu_residency"], costing=Costing(seats=SEATS_400))
    data = json.loads(json.dumps(ranking.to_dict(shop, "en")))
    option = next(r["option"] for r in data["ranking"] if r["id"] == "alpha")
    assert option == {
        **option,
        "platform_id": "alpha",
        "platform_name": "Alpha",
        "plan_id": "business",
        "plan_name": "Business",
        "price_per_user_month": 12.5,
        "currency": "EUR",
        "billing": "annual",
        "seats": 400,
        "seats_source": "headcount",
        "billed_seats": 400,
        "annual_cost": 60000.0,
    }


# ---------------------------------------------------------------- the shipped catalogue (structure only)
@pytest.fixture(scope="module")
def shipped():
    return load_catalog()


def test_every_shipped_option_has_a_fact_for_every_indicator_and_none_left_plan_dependent(shipped):
    for platform in shipped.platforms:
        for option in options_of(platform):
            assert set(shipped.indicators) <= set(option.facts), option.key
            if platform.plans:
                assert not [f for f in option.facts.values() if f.value.endswith("paid_tier")], option.key


@pytest.mark.parametrize("must", ["eu_residency", "scim", "archiving", "self_hosting"])
def test_on_the_shipped_catalogue_the_ranked_plan_is_the_first_in_price_order_that_meets_the_must_have(
    shipped, must
):
    musts = resolve_must_haves(shipped, [must])
    costing = Costing(seats=SEATS_400)
    chosen, _ = choose_options(shipped, musts, costing)
    condition = musts[-1].any_of
    for choice in chosen:
        ordered = price_order(options_of(choice.option.platform), costing)
        meets = [any(o.facts[c.indicator].value in c.values for c in condition) for o in ordered]
        fits = [not (o.plan and o.plan.max_seats and o.plan.max_seats < 400) for o in ordered]
        first = next(o for o, m, f in zip(ordered, meets, fits, strict=True) if m and f)
        assert choice.option.key == first.key


def test_on_the_shipped_catalogue_every_annual_cost_is_price_x_12_x_billed_seats(shipped):
    ranking = _rank(shipped, costing=Costing(seats=SEATS_400))
    for cost in ranking.costs:
        price = cost.option.price
        if price is None or price.quote_only:
            assert cost.annual is None
            continue
        billed = max(400, cost.option.plan.min_seats or 1)
        assert cost.billed_seats == billed and cost.annual == pytest.approx(price.amount * 12 * billed)


def test_on_the_shipped_catalogue_no_reference_entry_is_ever_the_best_choice(shipped):
    for cost_weight in (0.0, 0.5):
        ranking = _rank(shipped, cost_weight=cost_weight, costing=Costing(seats=SEATS_400))
        assert ranking.best is None or shipped.platform(ranking.best).recommend
