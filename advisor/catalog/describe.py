"""Catalogue entries in words: prices, seats, sources and plan differences, in the user's language.

Shared by the ``catalog`` command and the dashboard, so both say a price the same way.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from advisor.catalog.loader import Catalog
from advisor.catalog.models import Plan, Price, Sourced
from advisor.i18n import normalise_language, t

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}


def money(amount: float, currency: str, lang: str | None) -> str:
    """``€ 12,50`` in Dutch, ``€12.50`` in English; currencies without a symbol by their code."""
    text = f"{amount:,.2f}"
    dutch = normalise_language(lang) == "nl"
    if dutch:
        text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
    symbol = _SYMBOLS.get(currency)
    if symbol is None:
        return f"{currency} {text}"
    return f"{symbol} {text}" if dutch else f"{symbol}{text}"


def price_amount(price: Price, lang: str | None) -> str:
    """The amount with its currency (and VAT when included), or "quote only"."""
    if price.quote_only or price.amount is None or price.currency is None:
        return t("catalog.price.quote_only", lang)
    text = money(price.amount, price.currency, lang)
    return f"{text} ({t('catalog.price.vat_included', lang)})" if price.vat == "included" else text


def billing_text(price: Price, lang: str | None) -> str:
    return t(f"catalog.price.{price.billing}", lang) if price.billing else ""


def seats_text(plan: Plan, lang: str | None) -> str:
    low, high = plan.min_seats, plan.max_seats
    if low and high:
        return t("catalog.price.seats_range", lang, low=low, high=high)
    if high:
        return t("catalog.price.seats_up_to", lang, high=high)
    if low and low > 1:
        return t("catalog.price.seats_from", lang, low=low)
    return t("catalog.price.seats_any", lang)


def source_label(entry: Sourced) -> str:
    """The page's title and publisher (``Overview of dynamic membership · Microsoft Learn``); the
    host name when the entry has neither."""
    parts = [part for part in (entry.source_title.strip(), entry.publisher.strip()) if part]
    return " · ".join(parts) if parts else urlsplit(entry.source).netloc


def plan_differences(catalog: Catalog, plan: Plan, lang: str | None) -> list[str]:
    """Each indicator value that differs on this plan, as "indicator: level"."""
    lang = normalise_language(lang)
    lines = []
    for ind_id, fact in plan.facts.items():
        _, indicator = catalog.indicators[ind_id]
        level = indicator.scale.get(fact.value)
        value = level.label(lang) if level else t("evidence.unknown", lang)
        lines.append(f"{indicator.name.get(lang)}: {value}")
    return lines
