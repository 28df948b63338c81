"""The plan's budget: per chosen platform the plan ranked, its price, seats, annual cost and source.

The plan (edition) is the one the organisation's ranking chose: the cheapest that meets the
must-haves and fits seats and budget (:mod:`advisor.scoring.musthaves`). Seats come from the
organisation file's headcounts, or from the respondents with a note saying so.
"""

from __future__ import annotations

from collections.abc import Callable

from advisor.catalog import Catalog
from advisor.catalog.describe import money, source_label
from advisor.catalog.models import Platform
from advisor.catalog.options import Option
from advisor.plan.model import BudgetRow
from advisor.scoring import Ranking
from advisor.scoring.prices import OptionCost, Seats, price_text

Text = Callable[..., str]  # the plan's text(key, **values) in the plan's language


def chosen_option(ranking: Ranking | None, platform: Platform) -> Option:
    """The option the ranking chose for ``platform``; its base facts when it was not ranked."""
    choice = ranking.choice(platform.id) if ranking is not None else None
    return choice.option if choice is not None else Option.of(platform)


def budget_rows(
    catalog: Catalog, platform: Platform, ranking: Ranking | None, text: Text, lang: str
) -> tuple[BudgetRow, ...]:
    """One row for the plan's platform (the model allows one per chosen platform)."""
    if ranking is None:
        return ()
    choice, cost = ranking.choice(platform.id), ranking.cost(platform.id)
    if choice is None or cost is None:
        reason = next((e.reason(catalog, lang) for e in ranking.excluded if e.platform_id == platform.id), "")
        seats = _seats(ranking.costing.seats, text)
        note = text("budget.excluded", reason=reason)
        return (
            BudgetRow(
                platform=platform.name, plan="–", price="–", seats=seats, annual="–", source="–", note=note
            ),
        )
    return (_row(catalog, ranking, choice.reason(catalog, ranking.costing, lang), cost, text, lang),)


def _row(
    catalog: Catalog, ranking: Ranking, reason: str, cost: OptionCost, text: Text, lang: str
) -> BudgetRow:
    option, price = cost.option, cost.option.price
    seats = _seats(cost.seats, text)
    if cost.billed_seats is not None and cost.seats is not None and cost.billed_seats > cost.seats.count:
        seats += " " + text("budget.min_seats", min=cost.billed_seats)
    if price is None:
        annual, source = text("budget.no_price"), "–"
    else:
        annual = _annual(cost, ranking, text, lang)
        date = price.source_date.isoformat() if price.source_date else text("budget.undated")
        status = text("evidence.verified" if price.verified else "evidence.unverified")
        source = text(
            "budget.source",
            title=source_label(price),
            url=price.source,
            date=date,
            checked=price.checked.isoformat(),
            status=status,
        )
    notes = [reason] if reason else []
    if cost.seats is not None and cost.seats.source == "respondents":
        notes.append(text("budget.respondents_note"))
    return BudgetRow(
        platform=option.platform.name,
        plan=option.plan.name if option.plan else text("budget.no_plans"),
        price=price_text(option, lang),
        seats=seats,
        annual=annual,
        source=source,
        note=" ".join(notes),
        quote_only=bool(price and price.quote_only),
        annual_cost=cost.annual,
        currency=price.currency if price else None,
        billed_seats=cost.billed_seats,
    )


def _annual(cost: OptionCost, ranking: Ranking, text: Text, lang: str) -> str:
    price = cost.option.price
    if price is None or price.quote_only or price.currency is None:
        return text("budget.quote_only")
    if cost.annual is None:
        return text("budget.no_seats")
    shown = money(cost.annual, price.currency, lang)
    if cost.rate_used and cost.annual_converted is not None:
        converted = money(cost.annual_converted, ranking.costing.currency, lang)
        shown += " " + text(
            "budget.converted", amount=converted, rate=ranking.costing.rate_text(price.currency, lang)
        )
    return shown


def _seats(seats: Seats | None, text: Text) -> str:
    if seats is None:
        return "–"
    key = "budget.seats_headcount" if seats.source == "headcount" else "budget.seats_respondents"
    return text(key, n=seats.count)
