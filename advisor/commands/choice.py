"""Options shared by the commands that rank platforms: must-haves, budget, currency, cost weight."""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from advisor.errors import InputError
from advisor.i18n import t
from advisor.scoring.prices import CURRENCIES, DEFAULT_CURRENCY, Costing, organisation_seats


def add_choice_options(parser: argparse.ArgumentParser) -> None:
    """--must, --max-price, --currency and --cost-weight."""
    parser.add_argument(
        "--must",
        default="",
        metavar="ID,ID",
        help="must-haves, comma-separated (e.g. eu_residency,scim); retired platforms are always "
        "excluded; per platform the cheapest plan that meets them is ranked",
    )
    parser.add_argument(
        "--max-price",
        type=float,
        metavar="AMOUNT",
        help="budget must-have: at most AMOUNT per user per month (in --currency); plans above it, "
        "and plans whose price is only on request, drop out",
    )
    parser.add_argument(
        "--currency",
        choices=CURRENCIES,
        default=DEFAULT_CURRENCY,
        help="the organisation's currency for the budget and the cost criterion "
        f"(default {DEFAULT_CURRENCY}); prices in another currency are compared only with "
        "exchange_rates in the organisation file",
    )
    parser.add_argument(
        "--cost-weight",
        type=float,
        default=0.0,
        metavar="SHARE",
        help="weight of the cost criterion as a share of all weights, 0 to 1 (default 0: off); "
        "cheaper plans score higher",
    )


def add_criteria_dir(parser: argparse.ArgumentParser) -> None:
    """--criteria-dir: another catalogue folder (criteria.yaml and platforms/), as ``catalog`` takes."""
    parser.add_argument(
        "--criteria-dir",
        dest="directory",
        type=Path,
        default=None,
        metavar="DIR",
        help="catalogue directory with criteria.yaml and platforms/ (default: criteria/)",
    )


def must_list(args: argparse.Namespace) -> list[str]:
    return [m.strip() for m in args.must.split(",") if m.strip()]


def check_choice_options(args: argparse.Namespace) -> None:
    """The budget is an amount of 0 or more, the cost weight a share from 0 to 1 (before any work)."""
    lang = args.lang
    if args.max_price is not None and (not math.isfinite(args.max_price) or args.max_price < 0):
        raise InputError(t("prices.max_price_range", lang, value=args.max_price))
    if not math.isfinite(args.cost_weight) or not 0 <= args.cost_weight <= 1:
        raise InputError(t("prices.cost_weight_range", lang, value=args.cost_weight))


def costing_for(args: argparse.Namespace, questionnaire: Any, respondents: int) -> Costing:
    """The organisation's currency, budget, seats (headcounts, else respondents) and exchange rates."""
    return Costing(
        currency=args.currency,
        max_price=args.max_price,
        seats=organisation_seats(questionnaire, args.segment_by, respondents),
        rates=questionnaire.organisation.exchange_rates,
    )
