"""Prices and seats in words, as the catalogue listing and the dashboard say them."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.catalog.describe import billing_text, money, price_amount, seats_text
from advisor.catalog.models import Plan, Price

SOURCED = {"source": "https://example.org/pricing", "checked": dt.date(2026, 12, 1), "verified": True}


@pytest.mark.parametrize(
    ("amount", "currency", "dutch", "english"),
    [
        (12.5, "EUR", "€ 12,50", "€12.50"),
        (1234.5, "EUR", "€ 1.234,50", "€1,234.50"),
        (5.25, "USD", "$ 5,25", "$5.25"),
        (8, "CHF", "CHF 8,00", "CHF 8.00"),
    ],
)
def test_money_uses_the_languages_decimal_mark_and_the_currency(amount, currency, dutch, english):
    assert (money(amount, currency, "nl"), money(amount, currency, "en")) == (dutch, english)


def test_a_price_gives_its_amount_and_term_or_says_quote_only():
    annual = Price(amount=10.83, currency="EUR", billing="annual", **SOURCED)
    monthly = Price(amount=4, currency="USD", billing="monthly", vat="included", **SOURCED)
    quote = Price(quote_only=True, **SOURCED)
    assert (price_amount(annual, "nl"), billing_text(annual, "nl")) == ("€ 10,83", "jaarcontract")
    assert (price_amount(monthly, "en"), billing_text(monthly, "en")) == (
        "$4.00 (incl. VAT)",
        "month to month",
    )
    assert (price_amount(quote, "nl"), price_amount(quote, "en"), billing_text(quote, "en")) == (
        "op aanvraag",
        "quote only",
        "",
    )


@pytest.mark.parametrize(
    ("low", "high", "english"),
    [(1, 300, "1–300"), (None, 300, "up to 300"), (50, None, "50 or more"), (None, None, "any number")],
)
def test_seats_say_the_range_a_plan_is_sold_for(low, high, english):
    plan = Plan(id="p", name="P", price=Price(quote_only=True, **SOURCED), min_seats=low, max_seats=high)
    assert seats_text(plan, "en") == english
