"""What an option costs the organisation, and whether its price fits the budget and its seat count.

* **Seats** come from the organisation file's headcounts (their total over the segment question), or,
  without headcounts, from the number of respondents, and then the output says so.
* **Annual cost** = price per user per month x 12 x billed seats, where billed seats = the larger of
  the seats and the plan's ``min_seats``. A plan whose ``max_seats`` is below the seats is refused.
* **Currencies**: a price is compared with a budget (or another price) only in the same currency,
  unless the organisation file gives ``exchange_rates``; then those are used, and the output says so.
  A price of 0 is 0 in every currency.
* **Order of plans** (the cheapest plan that meets the must-haves is the one ranked): priced plans
  whose price can be expressed in the organisation's currency, cheapest first; then priced plans in
  another currency without a rate (per currency, cheapest first: never an invented rate); then
  quote-only plans. Ties keep catalogue order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from advisor.catalog.describe import billing_text, money, price_amount
from advisor.catalog.options import Option
from advisor.i18n import t

if TYPE_CHECKING:
    from advisor.survey.questionnaire import ExchangeRates

CURRENCIES = ("EUR", "USD", "GBP", "CHF")
DEFAULT_CURRENCY = "EUR"
SeatSource = Literal["headcount", "respondents"]
PriceRefusal = Literal["seats", "no_price", "quote_only", "currency", "over_budget"]


@dataclass(frozen=True)
class Seats:
    """How many users the organisation licenses, and where that number comes from."""

    count: int
    source: SeatSource
    question: str = ""  # the segment question whose headcounts were added up

    def describe(self, lang: str) -> str:
        return t(f"prices.seats.{self.source}", lang, n=self.count, question=self.question)


def organisation_seats(questionnaire: Any, segment_by: str, respondents: int) -> Seats:
    """The headcount total of the organisation file (for ``segment_by``, else the first segment
    question that has headcounts); without headcounts, the number of respondents."""
    questions = [segment_by, *[q for q in questionnaire.segment_ids if q != segment_by]]
    for question in questions:
        total = sum(questionnaire.headcounts(question).values())
        if total > 0:
            return Seats(total, "headcount", question)
    return Seats(max(respondents, 1), "respondents")


@dataclass(frozen=True, eq=False)
class Costing:
    """How prices are weighed for one organisation: its currency, budget, seats and exchange rates.

    ``max_price``: the budget must-have, at most this much per user per month in ``currency``
    (None: no budget). ``seats``: None when unknown (then no seat limit is checked and no annual cost
    is given).
    """

    currency: str = DEFAULT_CURRENCY
    max_price: float | None = None
    seats: Seats | None = None
    rates: ExchangeRates | None = None

    def convert(self, amount: float, currency: str) -> float | None:
        """``amount`` in ``currency`` expressed in the organisation's currency, or None."""
        if amount == 0 or currency == self.currency:
            return float(amount)
        return self.rates.convert(amount, currency, self.currency) if self.rates else None

    def converts(self, currency: str) -> bool:
        """A rate of the organisation's is used for prices in ``currency``."""
        return currency != self.currency and self.convert(1.0, currency) is not None

    def budget_text(self, lang: str) -> str:
        return money(self.max_price or 0.0, self.currency, lang)

    def rate_text(self, currency: str, lang: str) -> str:
        """'1 USD = 0,8600 EUR (organisation.yaml, 2026-11-30)'."""
        rate = self.convert(1.0, currency) or 0.0
        date = self.rates.date.isoformat() if self.rates and self.rates.date else "-"
        return t("prices.rate", lang, source=currency, rate=f"{rate:.4f}", target=self.currency, date=date)


def comparable_price(option: Option, costing: Costing) -> float | None:
    """The option's price per user per month in the organisation's currency; None when it has no
    price, only a quote, or a currency without a rate."""
    price = option.price
    if price is None or price.quote_only or price.amount is None or price.currency is None:
        return None
    return costing.convert(price.amount, price.currency)


def price_order(options: Sequence[Option], costing: Costing) -> list[Option]:
    """The options from cheapest to dearest, as the module docstring says (stable: catalogue order)."""

    def key(option: Option) -> tuple[int, str, float]:
        price = option.price
        if price is None or price.quote_only or price.amount is None:
            return 2, "", 0.0
        converted = comparable_price(option, costing)
        if converted is not None:
            return 0, "", converted
        return 1, price.currency or "", price.amount

    return sorted(options, key=key)


def price_refusal(option: Option, costing: Costing) -> PriceRefusal | None:
    """Why this option cannot be bought here: too many seats, or its price cannot be shown to fit
    the budget; None when it can."""
    plan = option.plan
    seats = costing.seats
    if plan is not None and seats is not None and plan.max_seats and seats.count > plan.max_seats:
        return "seats"
    if costing.max_price is None:
        return None
    price = option.price
    if price is None:
        return "no_price"
    if price.quote_only:
        return "quote_only"
    converted = comparable_price(option, costing)
    if converted is None:
        return "currency"
    if converted > costing.max_price + 1e-9:
        return "over_budget"
    return None


def refusal_text(option: Option, kind: PriceRefusal, costing: Costing, lang: str) -> str:
    """The price or seat count that refuses ``option``, in words."""
    price, plan = option.price, option.plan
    values: dict[str, Any] = {"budget": costing.budget_text(lang), "currency": costing.currency}
    if kind == "seats" and plan is not None and costing.seats is not None:
        values.update(max=plan.max_seats, seats=costing.seats.count)
    if price is not None and not price.quote_only:
        values.update(price=price_amount(price, lang), price_currency=price.currency)
    if kind == "over_budget" and price is not None and price.currency != costing.currency:
        values["price"] += " (" + costing.rate_text(price.currency or "", lang) + ")"
    return t(f"prices.refused.{kind}", lang, **values)


@dataclass(frozen=True)
class OptionCost:
    """What one option costs the organisation per year (None where the price is not known)."""

    option: Option
    seats: Seats | None
    billed_seats: int | None
    annual: float | None  # in the price's currency
    annual_converted: float | None  # in the organisation's currency
    rate_used: bool  # annual_converted needed one of the organisation's exchange rates


def option_cost(option: Option, costing: Costing) -> OptionCost:
    """price x 12 x max(seats, min_seats); see the module docstring."""
    price, seats = option.price, costing.seats
    if price is None or price.quote_only or price.amount is None or price.currency is None or seats is None:
        return OptionCost(option, seats, None, None, None, False)
    billed = max(seats.count, option.plan.min_seats or 1) if option.plan else seats.count
    annual = price.amount * 12 * billed
    converted = costing.convert(annual, price.currency)
    return OptionCost(
        option, seats, billed, annual, converted, costing.converts(price.currency) and annual > 0
    )


def price_text(option: Option, lang: str) -> str:
    """'$ 12,50 per gebruiker per maand (jaarcontract)', 'op aanvraag', or 'geen prijs in de catalogus'."""
    price = option.price
    if price is None:
        return t("prices.no_price", lang)
    if price.quote_only:
        return price_amount(price, lang)
    return t(
        "prices.per_user_month", lang, price=price_amount(price, lang), billing=billing_text(price, lang)
    )


def annual_text(cost: OptionCost, costing: Costing, lang: str) -> str:
    """'€ 52.000,00 per jaar voor 400 gebruikers', with the converted sum when a rate was used."""
    price = cost.option.price
    if cost.annual is None or price is None or price.currency is None:
        reason = "quote_only" if price is not None and price.quote_only else "no_price"
        return t(f"prices.annual_unknown.{reason}" if cost.seats else "prices.annual_unknown.no_seats", lang)
    text = t("prices.annual", lang, amount=money(cost.annual, price.currency, lang), seats=cost.billed_seats)
    if cost.rate_used and cost.annual_converted is not None:
        converted = money(cost.annual_converted, costing.currency, lang)
        text += " " + t(
            "prices.annual_converted", lang, amount=converted, rate=costing.rate_text(price.currency, lang)
        )
    if cost.option.plan and cost.seats and cost.billed_seats and cost.billed_seats > cost.seats.count:
        text += " " + t("prices.min_seats", lang, min=cost.billed_seats)
    return text


def cost_record(cost: OptionCost, costing: Costing) -> dict[str, Any]:
    """The option and its cost as JSON-ready data (``score --json``)."""
    option, price = cost.option, cost.option.price
    return {
        "platform_id": option.platform.id,
        "platform_name": option.platform.name,
        "plan_id": option.plan.id if option.plan else None,
        "plan_name": option.plan.name if option.plan else None,
        "price_per_user_month": None if price is None or price.quote_only else price.amount,
        "currency": None if price is None else price.currency,
        "billing": None if price is None else price.billing,
        "vat": None if price is None else price.vat,
        "quote_only": bool(price and price.quote_only),
        "price_date": price.source_date.isoformat() if price and price.source_date else None,
        "price_source": None if price is None else price.source,
        "price_verified": None if price is None else price.verified,
        "seats": cost.seats.count if cost.seats else None,
        "seats_source": cost.seats.source if cost.seats else None,
        "seats_question": cost.seats.question or None if cost.seats else None,
        "billed_seats": cost.billed_seats,
        "annual_cost": None if cost.annual is None else round(cost.annual, 2),
        "annual_cost_currency": None if cost.annual is None or price is None else price.currency,
        "annual_cost_in_organisation_currency": None
        if cost.annual_converted is None
        else round(cost.annual_converted, 2),
        "organisation_currency": costing.currency,
        "exchange_rate_used": cost.rate_used,
    }
