"""The optional cost criterion: cheaper is better, derived from the ranked option's price.

Off unless an organisation gives it a weight (``--cost-weight``, the Compare page's control). Then:

    p_i      = option i's price per user per month in the organisation's currency
    score_i  = 10 x (max p - p_i) / (max p - min p)       over the ranked options with a price
    score_i  = 10 for every priced option when all prices are equal (nothing is dearer)

An option without a comparable price (quote only, no plan in the catalogue, or a currency without
an exchange rate) scores 5 with the full interval 0-10 (the rubric's ``unknown`` spread). A price
keeps the uncertainty of its evidence as a fact does: none when verified against a primary page,
wider when secondary or unverified. The min-max is a cost criterion inverted after normalising;
it only compares the options being ranked, so adding or excluding a platform can move the scores.

Weights: the cost criterion takes ``cost_weight`` (a share, 0-1) of the total; the rubric criteria
share the rest in the proportions the survey (or the sliders) gave them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from advisor.catalog.coverage import evidence
from advisor.catalog.models import Uncertainty
from advisor.catalog.options import Option
from advisor.scoring.prices import Costing, comparable_price

COST_CRITERION = "cost"


@dataclass(frozen=True)
class CostColumn:
    """The cost criterion for a list of options: price, score 0-10 and its interval."""

    prices: np.ndarray  # per user per month in the organisation's currency; nan when not comparable
    score: np.ndarray
    spread: np.ndarray
    low: np.ndarray
    high: np.ndarray


def cost_column(options: Sequence[Option], costing: Costing, uncertainty: Uncertainty) -> CostColumn:
    """See the module docstring."""
    prices = np.array(
        [np.nan if (p := comparable_price(o, costing)) is None else p for o in options], dtype=float
    )
    known = ~np.isnan(prices)
    score = np.full(len(options), 5.0)
    spread = np.full(len(options), uncertainty.unknown)
    if known.any():
        cheapest, dearest = prices[known].min(), prices[known].max()
        span = dearest - cheapest
        score[known] = 10.0 if span == 0 else 10.0 * (dearest - prices[known]) / span
        for i in np.flatnonzero(known):
            spread[i] = getattr(uncertainty, evidence(options[i].price))
    return CostColumn(prices, score, spread, np.clip(score - spread, 0, 10), np.clip(score + spread, 0, 10))


def with_cost_weight(weights: np.ndarray, cost_weight: float) -> np.ndarray:
    """Weights (..., C) normalised, then scaled to 1 - cost_weight, with cost_weight appended."""
    weights = np.asarray(weights, dtype=float)
    total = weights.sum(axis=-1, keepdims=True)
    scaled = weights / np.where(total > 0, total, 1.0) * (1.0 - cost_weight)
    extra = np.full((*weights.shape[:-1], 1), cost_weight)
    return np.concatenate([scaled, extra], axis=-1)
