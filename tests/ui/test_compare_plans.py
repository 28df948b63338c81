"""AppTest: plans and prices on Compare and in the Plan page, on a small catalogue of our own.

The dashboard loads the catalogue through ``advisor.ui.common.load_catalog``; here it loads the
``shop`` catalogue (tests/scoring/conftest.py) written to tmp_path. Streamlit's caches are global
to the process, so they are cleared before and after. The survey is the demo organisation
(626 staff in its organisation file).
"""

from __future__ import annotations

import datetime as dt

import pytest
import streamlit as st

from advisor.catalog import load_catalog
from tests.catalog.conftest import TODAY, Catalogue
from tests.scoring.conftest import write_shop
from tests.ui.conftest import PAGES, charts, open_app, texts


@pytest.fixture
def shop_app(tmp_path, monkeypatch):
    from advisor.ui import common

    root = write_shop(Catalogue(tmp_path / "catalogue")).root
    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setattr(common, "load_catalog", lambda: load_catalog(root, today=TODAY))
    yield lambda locale="en-US", page="compare": open_app(locale, page)
    st.cache_data.clear()
    st.cache_resource.clear()


def _table(at, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def _plans(at):
    """The plans table, in its section (drawn only once opened)."""
    at.session_state["open_plans"] = True
    at.run()
    return _table(at, "Why this plan").set_index("Platform")


def _best(at) -> str:
    return next(m.value for m in at.metric if m.label == "Best choice with these weights")


def test_compare_shows_the_higher_plan_a_must_have_selects_with_price_and_annual_cost(shop_app):
    at = shop_app()
    assert _plans(at).loc["Alpha", "Plan"] == "Free"
    at.toggle(key="must_eu_residency").set_value(True).run()
    assert not at.exception
    alpha = _plans(at).loc["Alpha"]
    assert alpha["Plan"] == "Business"
    assert alpha["Price per user per month"] == "€12.50 per user per month (annual commitment)"
    assert alpha["Cost per year"] == "€93,900.00 a year for 626 users"  # 12.50 x 12 x 626
    assert alpha["Why this plan"].startswith("Business: the cheapest plan that meets 'EU data residency")
    assert "Passed over: Free: does not meet 'EU data residency available'" in alpha["Why this plan"]
    assert "626 users (the headcount in organisation.yaml" in texts(at)


def test_compare_budget_excludes_a_platform_with_the_price_as_the_reason(shop_app):
    at = shop_app()
    at.toggle(key="must_eu_residency").set_value(True).run()
    at.number_input(key="max_price").set_value(10.0).run()
    assert not at.exception
    excluded = next(tb.value for tb in at.table if "Reason" in tb.value.columns)
    reason = excluded.loc["Alpha", "Reason"]
    assert "Business: €12.50 per user per month, above the budget of €10.00" in reason
    assert "Enterprise: price on request only, so it cannot be shown to stay within the budget" in reason
    assert "Alpha" not in _plans(at).index


def test_the_best_choice_on_compare_is_never_a_reference_entry(shop_app):
    at = shop_app()
    assert _best(at) == "Beta"
    page = texts(at)
    assert "Gamma (reference) is at the top, but is a reference entry and is not recommended." in page
    assert "Gamma (reference)" in _plans(at).index
    assert "Plan: Minimum" in page  # the best choice's plan: Standard stops at 300 users


def test_the_cost_weight_adds_a_cost_criterion_only_when_it_is_set(shop_app):
    at = shop_app()

    def traces(at):
        return {trace["name"] for trace in charts(at)[0]["data"]}

    assert "Cost" not in traces(at)
    at.slider(key="cost_weight").set_value(50).run()
    assert not at.exception
    assert "Cost" in traces(at)


def test_the_plan_page_proposes_the_best_choice_and_budgets_the_plan_compare_selected(shop_app):
    at = shop_app()
    at.toggle(key="must_eu_residency").set_value(True).run()
    at.switch_page(str(PAGES / "plan.py")).run()
    at.date_input(key="plan_start").set_value(dt.date(2027, 1, 4)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="plan_platform").value == "beta"  # not gamma, the reference entry
    assert "must-haves EU data residency available" in texts(at)
    at.selectbox(key="plan_platform").set_value("alpha").run()
    page = texts(at)
    assert "| Alpha | Business |" in page and "€93,900.00" in page
