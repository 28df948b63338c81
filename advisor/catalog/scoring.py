"""The rubric: from indicator facts to criterion scores (0-10) with an uncertainty interval.

    indicator score  = score of the fact's value on the indicator scale (criteria.yaml)
    criterion score  = sum(weight_i * score_i) / sum(weight_i)          over the criterion's indicators
    interval         = same weighted sum over [score_i - spread_i, score_i + spread_i], clipped to 0-10

``spread_i`` depends on the evidence behind the fact (criteria.yaml ``uncertainty``): 0 for a fact
verified against its source, larger for secondary or unverified facts; a value ``unknown`` is
scored at 5 with the full range. A manual override replaces the derived score (interval collapses
to the override) and is always reported as an override, with its justification.

A platform with plans is scored per option (:mod:`advisor.catalog.options`): on the facts that hold
on that plan, its base facts overlaid by the plan's. ``score_platform`` scores the base facts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from advisor.catalog.loader import Catalog
from advisor.catalog.models import UNKNOWN, Fact, Indicator, Override, Platform, Uncertainty
from advisor.catalog.options import Option


@dataclass(frozen=True)
class IndicatorScore:
    indicator_id: str
    value: str
    score: float
    low: float
    high: float
    evidence: str
    fact: Fact
    spread: float = 0.0  # half-width of the uncertainty before clipping to 0-10


@dataclass(frozen=True)
class CriterionScore:
    criterion_id: str
    derived: float
    low: float
    high: float
    indicators: tuple[IndicatorScore, ...]
    override: Override | None = None

    @property
    def score(self) -> float:
        return self.override.score if self.override else self.derived


def indicator_score(indicator: Indicator, fact: Fact, uncertainty: Uncertainty) -> IndicatorScore:
    if fact.value == UNKNOWN:
        point, spread = 5.0, uncertainty.unknown
    else:
        point = indicator.scale[fact.value].score
        spread = getattr(uncertainty, fact.evidence)
    return IndicatorScore(
        indicator.id,
        fact.value,
        point,
        max(0.0, point - spread),
        min(10.0, point + spread),
        fact.evidence,
        fact,
        spread,
    )


def score_platform(catalog: Catalog, platform: Platform) -> dict[str, CriterionScore]:
    """Every criterion's score for one platform on its base facts, with the indicator scores."""
    return score_facts(catalog, platform.facts, platform.overrides)


def score_option(catalog: Catalog, option: Option) -> dict[str, CriterionScore]:
    """Every criterion's score for one platform on one plan (its effective facts)."""
    return score_facts(catalog, option.facts, option.platform.overrides)


def score_facts(
    catalog: Catalog, facts: Mapping[str, Fact], overrides: Mapping[str, Override]
) -> dict[str, CriterionScore]:
    """Every criterion's score from a set of indicator facts; an override replaces a criterion's."""
    result: dict[str, CriterionScore] = {}
    for criterion in catalog.criteria:
        parts = tuple(
            indicator_score(ind, facts[ind.id], catalog.rubric.uncertainty) for ind in criterion.indicators
        )
        weights = np.array([ind.weight for ind in criterion.indicators])
        total = weights.sum()

        def weighted(values: list[float], w: np.ndarray = weights, t: float = total) -> float:
            return float(np.dot(w, values) / t)

        override = overrides.get(criterion.id)
        derived = weighted([p.score for p in parts])
        low, high = weighted([p.low for p in parts]), weighted([p.high for p in parts])
        if override is not None:
            low = high = override.score
        result[criterion.id] = CriterionScore(criterion.id, derived, low, high, parts, override)
    return result


@dataclass(frozen=True)
class ScoreTable:
    """Platforms (or options: one platform on one plan each) x criteria as arrays, the input of
    the decision engine. ``platform_ids`` names each row's platform."""

    platform_ids: tuple[str, ...]
    criterion_ids: tuple[str, ...]
    score: np.ndarray
    low: np.ndarray
    high: np.ndarray
    overridden: np.ndarray

    def row(self, platform_id: str) -> int:
        return self.platform_ids.index(platform_id)


def score_table(
    catalog: Catalog, platform_ids: list[str] | None = None, options: Sequence[Option] | None = None
) -> ScoreTable:
    """One row per option (``options``), or per platform on its base facts (``platform_ids``,
    default every platform)."""
    if options is None:
        options = [Option.of(catalog.platform(pid)) for pid in platform_ids or catalog_ids(catalog)]
    ids = [option.platform.id for option in options]
    crit = catalog.criterion_ids
    shape = (len(ids), len(crit))
    score, low, high = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    overridden = np.zeros(shape, dtype=bool)
    for row, option in enumerate(options):
        scores = score_option(catalog, option)
        for col, crit_id in enumerate(crit):
            item = scores[crit_id]
            score[row, col], low[row, col], high[row, col] = item.score, item.low, item.high
            overridden[row, col] = item.override is not None
    return ScoreTable(tuple(ids), tuple(crit), score, low, high, overridden)


def catalog_ids(catalog: Catalog) -> list[str]:
    return [p.id for p in catalog.platforms]


def sample_scores(
    catalog: Catalog,
    platform_ids: list[str],
    n: int,
    rng: np.random.Generator,
    options: Sequence[Option] | None = None,
) -> np.ndarray:
    """``n`` plausible score matrices (n, A, C), drawn per indicator fact.

    The rows are ``options`` (each platform on one plan) when given, else the platforms named by
    ``platform_ids`` on their base facts.

    Each indicator score is drawn uniformly from ``score +/- spread`` (zero width for verified facts)
    independently of the others, then combined by the rubric weights. Drawing per fact rather than
    per criterion keeps a criterion with one doubtful fact among verified ones nearly certain.

    The draws are deliberately not clipped to 0-10: clipping would pull every unverified 10 down
    and every unverified 0 up on average, so the most likely winner would drift away from the
    platform the facts put on top. Symmetric draws keep the recorded fact the best estimate and
    only add doubt around it. Overridden criteria keep their override value.
    """
    indicators = [ind for c in catalog.criteria for ind in c.indicators]
    mix = np.zeros((len(indicators), len(catalog.criteria)))
    row = 0
    for col, criterion in enumerate(catalog.criteria):
        weights = np.array([ind.weight for ind in criterion.indicators])
        mix[row : row + len(weights), col] = weights / weights.sum()
        row += len(weights)
    uncertainty = catalog.rubric.uncertainty
    if options is None:
        options = [Option.of(catalog.platform(pid)) for pid in platform_ids]
    low = np.empty((len(options), len(indicators)))
    high = np.empty_like(low)
    for a, option in enumerate(options):
        facts = option.facts
        for i, ind in enumerate(indicators):
            part = indicator_score(ind, facts[ind.id], uncertainty)
            low[a, i], high[a, i] = part.score - part.spread, part.score + part.spread
    draws = rng.uniform(low, high, size=(n, *low.shape)) if n else np.zeros((0, *low.shape))
    result = draws @ mix
    for a, option in enumerate(options):
        for col, criterion in enumerate(catalog.criteria):
            override = option.platform.overrides.get(criterion.id)
            if override is not None:
                result[:, a, col] = override.score
    return result
