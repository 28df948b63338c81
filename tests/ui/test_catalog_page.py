"""The Catalogue page on a catalogue of our own: sources with title, publisher, date and kind; plans.

The shipped platform files are being rewritten, so the page is shown here on files written in
tmp_path (the shipped rubric, two platforms), loaded by the dashboard's own loader.
"""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest

from advisor.catalog import load_catalog
from advisor.ui import common, state
from tests.catalog.conftest import Catalogue, fact, price
from tests.ui.conftest import open_app, texts

TEAMS_PAGE = "https://learn.microsoft.com/en-us/microsoftteams/dynamic-memberships"


def _plans() -> list[dict]:
    sourced_quote = {k: v for k, v in price(None).items()}
    return [
        {
            "id": "standard",
            "name": "Alpha Standard",
            "price": price(12.5),
            "min_seats": 1,
            "max_seats": 300,
            "limits": {"nl": "90 dagen berichtgeschiedenis", "en": "90 days of message history"},
            "facts": {"directory_auto_groups": fact("none", "docs/groups-standard")},
        },
        {
            "id": "premium",
            "name": "Alpha Premium",
            "price": {"quote_only": True, **sourced_quote},
            "min_seats": 50,
            "facts": {"directory_auto_groups": fact("native", "docs/groups-premium")},
        },
    ]


@pytest.fixture
def shown(tmp_path, monkeypatch):
    """The dashboard reading a catalogue written in tmp_path instead of the shipped one."""
    catalogue = Catalogue(tmp_path / "catalogue")
    catalogue.platform(
        "alpha",
        facts={
            "directory_auto_groups": fact(
                "paid_tier",
                source=TEAMS_PAGE,
                source_title="Overview of dynamic membership for teams",
                publisher="Microsoft Learn",
                source_date=dt.date(2024, 9, 16),
            ),
            "e2ee": fact("none", "blog/e2ee", source_kind="secondary", publisher="Tech News", verified=False),
        },
        plans=_plans(),
    )
    catalogue.platform("beta", pricing_note={"nl": "op aanvraag", "en": "quote-based"})
    monkeypatch.setattr(common, "load_catalog", partial(load_catalog, catalogue.root))
    common.catalog.clear()
    state._catalog_with.clear()
    yield catalogue
    common.catalog.clear()
    state._catalog_with.clear()


def _frames(at):
    """The facts table and the plans table of the chosen platform (after the overview)."""
    return at.dataframe[1].value, at.dataframe[2].value if len(at.dataframe) > 2 else None


def test_each_fact_shows_its_source_title_publisher_link_date_kind_and_verification(shown):
    at = open_app("en-US", "catalog")
    facts, _ = _frames(at)
    assert {"Ref.", "Source", "Link", "Source date", "Kind", "Verification", "Checked on"} <= set(
        facts.columns
    )
    row = facts.set_index("Indicator").loc["Directory-driven automatic groups"]
    assert row["Source"] == "Overview of dynamic membership for teams · Microsoft Learn"
    assert row["Link"] == TEAMS_PAGE
    assert row["Source date"] == dt.date(2024, 9, 16)
    assert (row["Kind"], row["Verification"], bool(row["Stale"])) == ("primary", "verified", True)
    e2ee = facts.set_index("Indicator").loc["End-to-end encryption"]
    assert (e2ee["Kind"], e2ee["Verification"]) == ("secondary", "not verified")


def test_the_sources_are_listed_once_each_as_numbered_links_with_title_and_publisher(shown):
    at = open_app("en-US", "catalog")
    facts, _ = _frames(at)
    sources = next(m.value for m in at.markdown if m.value.startswith("1. "))
    ref = facts.set_index("Indicator").loc["Directory-driven automatic groups", "Ref."]
    number = ref.strip("[]")
    line = next(item for item in sources.splitlines() if item.startswith(f"{number}. "))
    assert f"[Overview of dynamic membership for teams · Microsoft Learn]({TEAMS_PAGE})" in line
    assert "dated 2024-09-16 · primary" in line
    urls = [item.split("](")[1].split(")")[0] for item in sources.splitlines()]
    assert len(urls) == len(set(urls)), "a source is listed twice"


def test_the_plans_table_shows_price_term_seats_limits_and_differences_in_english(shown):
    at = open_app("en-US", "catalog")
    _, plans = _frames(at)
    table = plans.set_index("Plan")
    standard, premium = table.loc["Alpha Standard"], table.loc["Alpha Premium"]
    assert standard["Price per user per month"] == "€12.50"
    assert standard["Term"] == "annual commitment"
    assert standard["Seats"] == "1–300"
    assert standard["Limits"] == "90 days of message history"
    assert standard["Differs from the platform"].startswith(
        "Directory-driven automatic groups: not available ["
    )
    assert premium["Price per user per month"] == "quote only"
    assert premium["Seats"] == "50 or more"
    assert premium["Differs from the platform"].startswith("Directory-driven automatic groups: built in [")


def test_the_plans_table_is_in_dutch_by_default(shown):
    at = open_app("nl-NL", "catalog")
    _, plans = _frames(at)
    table = plans.set_index("Abonnement")
    assert table.loc["Alpha Standard", "Prijs per gebruiker per maand"] == "€ 12,50"
    assert table.loc["Alpha Standard", "Looptijd"] == "jaarcontract"
    assert table.loc["Alpha Premium", "Prijs per gebruiker per maand"] == "op aanvraag"
    assert "Abonnementen en prijzen" in texts(at)


def test_a_platform_without_plans_or_pricing_note_shows_without_error(shown):
    at = open_app("en-US", "catalog")
    assert "**Price:**" not in texts(at)  # alpha has plans and no pricing_note
    at.selectbox(key="catalog_platform").set_value("beta").run()
    assert not at.exception, [e.value for e in at.exception]
    page = texts(at)
    assert "**Price:** quote-based" in page and "No plans listed yet." in page


def test_the_overview_counts_plan_facts_and_prices_as_catalog_check_does(shown):
    at = open_app("en-US", "catalog")
    overview = at.dataframe[0].value.set_index("Platform")
    # alpha: 24 base facts (1 unverified) + 2 prices + 2 plan facts = 28, 27 verified
    assert overview.loc["Alpha", "Verified facts"] == "27/28"
    assert overview.loc["Beta", "Verified facts"] == "24/24"
