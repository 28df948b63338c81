"""Rank platforms for a set of weights: must-haves first, then the method, uncertainty, sensitivity.

This joins the catalogue (scores derived from facts) with weights from wherever they come from (the
survey, sliders, AHP answers, a ranking for ROC) and hands arrays to :mod:`advisor.decision`.

* Uncertainty (SMAA-2): weight samples are the bootstrap samples of the respondents behind the
  weights (resampled to ``samples`` rows); when the weights come from a person there is no spread
  in them. Criterion scores are sampled uniformly inside their rubric interval, which is wider for
  facts that are not verified (criteria.yaml ``uncertainty``).
* Sensitivity: exact weight-stability intervals of the weighted sum, per criterion.
* Contributions: weight x score per criterion, the part of a platform's weighted sum each carries.
* Plans: each platform is ranked on one option, the cheapest plan that meets the must-haves and
  fits the organisation's seats and budget (:mod:`advisor.scoring.musthaves`), scored on that plan's
  effective facts; its annual cost comes with it (:mod:`advisor.scoring.prices`). The optional cost
  criterion (:mod:`advisor.scoring.cost`) is an extra column when it has a weight.
* Reference entries (``recommend: false``) are ranked for comparison, never the best choice.
* Overrides (criterion scores set by hand) replace the derived score and are listed with each
  ranking, beside the score the facts give (:mod:`advisor.scoring.overrides`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from advisor.catalog import Catalog, score_table
from advisor.catalog.options import Option, options_of
from advisor.catalog.scoring import ScoreTable, sample_scores
from advisor.decision import (
    DecisionInputError,
    RankAcceptability,
    StabilityIntervals,
    rank_acceptability,
    stability_intervals,
    topsis,
    weighted_sum,
)
from advisor.errors import InputError
from advisor.i18n import t
from advisor.scoring.cost import COST_CRITERION, cost_column, with_cost_weight
from advisor.scoring.musthaves import Choice, Exclusion, choose_options, resolve_must_haves
from advisor.scoring.overrides import ranking_overrides
from advisor.scoring.prices import Costing, OptionCost, cost_record, option_cost

Method = Literal["wsm", "topsis"]
WeightKind = Literal["survey", "user", "ahp", "roc", "equal"]

# The simulation behind every chance of ranking first a user is shown: Compare, the adoption plan,
# the decision memo and the dossier's ranking draw these samples with this seed (which also seeds
# the survey's bootstrap), so the same weights, facts and requirements give the same figure on every
# page and in every document. The command line's `score` draws 20,000 unless told otherwise.
RANKING_SAMPLES = 5000
RANKING_SEED = 0


@dataclass(frozen=True)
class WeightSource:
    """Where the weights came from; always reported with a ranking."""

    kind: WeightKind
    segment: str | None = None  # segment value; None = whole organisation
    respondents: int | None = None
    detail: str = ""
    label: str = ""  # the segment as the user calls it

    def describe(self, lang: str) -> str:
        text = t(
            f"scoring.source.{self.kind}",
            lang,
            n=self.respondents or 0,
            segment=self.label or self.segment or t("scoring.organisation", lang),
        )
        return f"{text} ({self.detail})" if self.detail else text


@dataclass(frozen=True, eq=False)
class Ranking:
    """One ranking of the eligible platforms, with how sure it is and what would change it."""

    criterion_ids: tuple[str, ...]
    weights: np.ndarray
    source: WeightSource
    method: Method
    platform_ids: tuple[str, ...]  # eligible platforms, catalogue order
    scores: np.ndarray  # (A,) method score: weighted sum 0-10 or TOPSIS closeness 0-1
    matrix: np.ndarray  # (A, C) criterion scores used
    contributions: np.ndarray  # (A, C) weight x criterion score
    acceptability: RankAcceptability | None
    stability: StabilityIntervals | None
    excluded: tuple[Exclusion, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    choices: tuple[Choice, ...] = ()  # per row: the option ranked (platform on one plan) and why
    costs: tuple[OptionCost, ...] = ()  # per row: what that option costs the organisation
    costing: Costing = field(default_factory=Costing)
    cost_weight: float = 0.0

    @property
    def order(self) -> list[int]:
        """Row indices from best to worst (ties: catalogue order)."""
        return sorted(range(len(self.platform_ids)), key=lambda i: (-self.scores[i], i))

    @property
    def winner(self) -> str | None:
        """The platform ranked first, which may be a reference entry (see :attr:`best`)."""
        return self.platform_ids[self.order[0]] if self.platform_ids else None

    @property
    def options(self) -> tuple[Option, ...]:
        return tuple(choice.option for choice in self.choices)

    def recommendable(self, row: int) -> bool:
        return self.choices[row].option.platform.recommend if self.choices else True

    @property
    def best(self) -> str | None:
        """The best choice: the highest-ranked platform that may be recommended (never a
        reference entry, ``recommend: false``); None when only reference entries are ranked."""
        return next((self.platform_ids[i] for i in self.order if self.recommendable(i)), None)

    def choice(self, platform_id: str) -> Choice | None:
        if platform_id not in self.platform_ids or not self.choices:
            return None
        return self.choices[self.platform_ids.index(platform_id)]

    def cost(self, platform_id: str) -> OptionCost | None:
        if platform_id not in self.platform_ids or not self.costs:
            return None
        return self.costs[self.platform_ids.index(platform_id)]

    def p_first(self) -> np.ndarray:
        if self.acceptability is None:
            return np.zeros(len(self.platform_ids))
        return self.acceptability.acceptability[:, 0]

    def most_sensitive(self) -> tuple[int, float, float] | None:
        """(criterion index, lower, upper) of the criterion whose weight can move least."""
        if self.stability is None or len(self.platform_ids) < 2:
            return None
        current = self.stability.current
        room = np.minimum(current - self.stability.lower, self.stability.upper - current)
        j = int(np.argmin(room))
        return j, float(self.stability.lower[j]), float(self.stability.upper[j])

    def to_dict(self, catalog: Catalog, lang: str) -> dict[str, Any]:
        p_first = self.p_first()
        rows = []
        for rank, i in enumerate(self.order, start=1):
            pid = self.platform_ids[i]
            entry: dict[str, Any] = {
                "rank": rank,
                "id": pid,
                "name": catalog.platform(pid).name,
                "recommend": self.recommendable(i),
                "score": round(float(self.scores[i]), 4),
                "criterion_scores": dict(
                    zip(self.criterion_ids, np.round(self.matrix[i], 3).tolist(), strict=True)
                ),
                "contributions": dict(
                    zip(self.criterion_ids, np.round(self.contributions[i], 4).tolist(), strict=True)
                ),
            }
            if self.acceptability is not None:
                entry["p_rank"] = np.round(self.acceptability.acceptability[i], 4).tolist()
                entry["p_first"] = round(float(p_first[i]), 4)
                confidence = self.acceptability.confidence[i]
                entry["confidence"] = None if np.isnan(confidence) else round(float(confidence), 4)
            if self.choices:
                entry["option"] = cost_record(self.costs[i], self.costing)
                entry["plan_reason"] = self.choices[i].reason(catalog, self.costing, lang)
            rows.append(entry)
        best = self.best
        result: dict[str, Any] = {
            "weights": dict(zip(self.criterion_ids, np.round(self.weights, 4).tolist(), strict=True)),
            "weight_source": {
                "kind": self.source.kind,
                "segment": self.source.segment,
                "respondents": self.source.respondents,
                "detail": self.source.detail,
                "text": self.source.describe(lang),
            },
            "method": self.method,
            "samples": self.acceptability.n_samples if self.acceptability else 0,
            "best_choice": None
            if best is None
            else {
                "id": best,
                "name": catalog.platform(best).name,
                "rank": self.order.index(self.platform_ids.index(best)) + 1,
            },
            "costing": self._costing_dict(lang),
            "ranking": rows,
            "excluded": [self._excluded_dict(e, catalog, lang) for e in self.excluded],
            # every score set by hand behind this ranking (ranked and excluded platforms); [] if none
            "overrides": [o.to_dict(catalog, lang) for o in ranking_overrides(catalog, self)],
            "notes": list(self.notes),
        }
        if self.stability is not None and len(self.platform_ids) >= 2:
            result["stability"] = {
                cid: {
                    "current": round(float(self.stability.current[j]), 4),
                    "lower": round(float(self.stability.lower[j]), 4),
                    "upper": round(float(self.stability.upper[j]), 4),
                    "rival_at_lower": self._rival(int(self.stability.rival_at_lower[j])),
                    "rival_at_upper": self._rival(int(self.stability.rival_at_upper[j])),
                }
                for j, cid in enumerate(self.criterion_ids)
            }
            sensitive = self.most_sensitive()
            if sensitive is not None:
                result["most_sensitive"] = {
                    "criterion": self.criterion_ids[sensitive[0]],
                    "lower": round(sensitive[1], 4),
                    "upper": round(sensitive[2], 4),
                }
        return result

    def _rival(self, index: int) -> str | None:
        return self.platform_ids[index] if index >= 0 else None

    def _costing_dict(self, lang: str) -> dict[str, Any]:
        costing = self.costing
        seats = costing.seats
        rates = costing.rates
        return {
            "currency": costing.currency,
            "max_price_per_user_month": costing.max_price,
            "cost_weight": self.cost_weight,
            "seats": None
            if seats is None
            else {
                "count": seats.count,
                "source": seats.source,
                "question": seats.question or None,
                "text": seats.describe(lang),
            },
            "exchange_rates": None
            if rates is None
            else {
                "base": rates.base,
                "rates": dict(rates.rates),
                "date": rates.date.isoformat() if rates.date else None,
                "source": rates.source,
            },
        }

    def _excluded_dict(self, exclusion: Exclusion, catalog: Catalog, lang: str) -> dict[str, Any]:
        return {
            "id": exclusion.platform_id,
            "name": catalog.platform(exclusion.platform_id).name,
            "must_have": exclusion.must_have_id or None,
            "kind": exclusion.kind,
            "reason": exclusion.reason(catalog, lang),
            "plans": [
                {
                    "plan_id": r.option.plan.id,
                    "plan_name": r.option.plan.name,
                    "must_have": r.must_have_id or None,
                    "price_problem": r.price,
                    "reason": r.reason(catalog, self.costing, lang),
                }
                for r in exclusion.refusals
                if r.option.plan is not None
            ],
        }


def criterion_name(catalog: Catalog, criterion_id: str, lang: str) -> str:
    """A criterion's name, the cost criterion's too."""
    if criterion_id == COST_CRITERION and criterion_id not in catalog.criterion_ids:
        return t("prices.cost_criterion", lang)
    return catalog.criterion(criterion_id).name.get(lang)


def align_weights(
    catalog: Catalog, weights: dict[str, float] | Sequence[float], lang: str = "nl"
) -> np.ndarray:
    """Weights as a vector in catalogue criterion order; every criterion needs a weight."""
    ids = catalog.criterion_ids
    if isinstance(weights, dict):
        missing = [c for c in ids if c not in weights]
        unknown = [c for c in weights if c not in ids]
        if missing or unknown:
            raise InputError(
                t(
                    "scoring.weights_mismatch",
                    lang,
                    missing=", ".join(missing) or "-",
                    unknown=", ".join(unknown) or "-",
                )
            )
        vector = np.array([float(weights[c]) for c in ids])
    else:
        vector = np.asarray(weights, dtype=float)
        if vector.shape != (len(ids),):
            raise InputError(t("scoring.weights_length", lang, expected=len(ids), found=vector.size))
    if not np.isfinite(vector).all() or (vector < 0).any() or vector.sum() <= 0:
        raise InputError(t("scoring.weights_invalid", lang))
    return vector / vector.sum()


def rank_platforms(
    catalog: Catalog,
    weights: dict[str, float] | Sequence[float],
    *,
    source: WeightSource,
    weight_samples: np.ndarray | None = None,
    method: Method = "wsm",
    must: Sequence[str] | None = None,
    samples: int = 20_000,
    seed: int = 0,
    uncertain_facts: bool = True,
    lang: str = "nl",
    costing: Costing | None = None,
    cost_weight: float = 0.0,
) -> Ranking:
    """Rank the catalogue's platforms for ``weights``; see the module docstring.

    ``costing``: the organisation's currency, budget, seats and exchange rates (default: euros, no
    budget, seats unknown). ``cost_weight``: the cost criterion's share of the weights (0: off).
    """
    w = align_weights(catalog, weights, lang)
    costing = costing or Costing()
    check_cost_weight(catalog, cost_weight, lang)
    chosen, excluded = choose_options(catalog, resolve_must_haves(catalog, must, lang), costing)
    costed = cost_weight > 0
    criterion_ids = (*catalog.criterion_ids, *([COST_CRITERION] if costed else []))
    if costed:
        w = with_cost_weight(w, cost_weight)
    notes: list[str] = []
    eligible = [c.option.platform.id for c in chosen]
    if not eligible:
        empty = np.zeros((0, len(criterion_ids)))
        return Ranking(
            criterion_ids,
            w,
            source,
            method,
            (),
            np.zeros(0),
            empty,
            empty,
            None,
            None,
            tuple(excluded),
            (t("scoring.none_eligible", lang),),
            costing=costing,
            cost_weight=cost_weight,
        )
    options = [c.option for c in chosen]
    table = _options_table(catalog, tuple(option.key for option in options))
    matrix, low, high = table.score, table.low, table.high
    cost = cost_column(options, costing, catalog.rubric.uncertainty) if costed else None
    if cost is not None:
        matrix = np.column_stack([matrix, cost.score])
        low, high = np.column_stack([low, cost.low]), np.column_stack([high, cost.high])
    try:
        scores = weighted_sum(matrix, w) if method == "wsm" else topsis(matrix, w)
        rng = np.random.default_rng(seed)
        stack = _weight_stack(w[: len(catalog.criterion_ids)], weight_samples, samples, rng)
        if costed:
            stack = with_cost_weight(stack, cost_weight)
        uncertain = uncertain_facts and bool((high > low).any())
        drawn = None
        if uncertain:
            keys = tuple(option.key for option in options)
            drawn = _score_draws(catalog, keys, len(stack), seed)
            if cost is not None:
                drawn = np.concatenate(
                    [drawn, _cost_draws(cost.score, cost.spread, len(stack), seed)], axis=2
                )
        acceptability = rank_acceptability(matrix, stack, drawn, method=method, rng=rng)
        stability = stability_intervals(matrix, w)
    except DecisionInputError as exc:
        raise InputError(t("scoring.decision_error", lang, detail=str(exc))) from None
    if method == "topsis":
        notes.append(t("scoring.stability_is_wsm", lang))
    return Ranking(
        criterion_ids,
        w,
        source,
        method,
        tuple(eligible),
        scores,
        matrix,
        matrix * w,
        acceptability,
        stability,
        tuple(excluded),
        tuple(notes),
        tuple(chosen),
        tuple(option_cost(option, costing) for option in options),
        costing,
        cost_weight,
    )


def check_cost_weight(catalog: Catalog, cost_weight: float, lang: str) -> None:
    """The cost weight is a share from 0 to 1, and the catalogue has no criterion of that name."""
    if not np.isfinite(cost_weight) or not 0 <= cost_weight <= 1:
        raise InputError(t("prices.cost_weight_range", lang, value=cost_weight))
    if cost_weight > 0 and COST_CRITERION in catalog.criterion_ids:
        raise InputError(t("prices.cost_criterion_taken", lang, id=COST_CRITERION))


def _option(catalog: Catalog, key: tuple[str, str]) -> Option:
    return next(o for o in options_of(catalog.platform(key[0])) if o.key == key)


@lru_cache(maxsize=32)
def _options_table(catalog: Catalog, keys: tuple[tuple[str, str], ...]) -> ScoreTable:
    """The options' scores do not depend on the weights either: computed once per catalogue and
    options (about 10 ms of every slider move on Compare), shared read-only."""
    table = score_table(catalog, options=[_option(catalog, key) for key in keys])
    for array in (table.score, table.low, table.high, table.overridden):
        array.flags.writeable = False
    return table


@lru_cache(maxsize=16)
def _score_draws(catalog: Catalog, keys: tuple[tuple[str, str], ...], n: int, seed: int) -> np.ndarray:
    """Score draws do not depend on the weights: drawn once per catalogue, options, size and seed."""
    options = [_option(catalog, key) for key in keys]
    draws = sample_scores(catalog, [k[0] for k in keys], n, np.random.default_rng([seed, 1]), options)
    draws.flags.writeable = False
    return draws


def _cost_draws(score: np.ndarray, spread: np.ndarray, n: int, seed: int) -> np.ndarray:
    """(n, A, 1) draws of the cost criterion, uniform in score +/- spread (unclipped, as the facts')."""
    rng = np.random.default_rng([seed, 2])
    return rng.uniform(score - spread, score + spread, size=(n, score.size))[:, :, None]


def _weight_stack(
    w: np.ndarray, samples_in: np.ndarray | None, samples: int, rng: np.random.Generator
) -> np.ndarray:
    """``samples`` weight vectors: resampled bootstrap rows, or the one vector repeated."""
    if samples_in is None or len(samples_in) == 0:
        return np.broadcast_to(w, (max(samples, 1), w.size))
    samples_in = np.asarray(samples_in, dtype=float)
    if samples_in.shape[1] != w.size:
        raise InputError(f"weight samples have {samples_in.shape[1]} criteria, expected {w.size}")
    if len(samples_in) == samples:
        return samples_in
    return samples_in[rng.integers(0, len(samples_in), size=samples)]


def rank_survey(
    catalog: Catalog,
    summary: Any,
    *,
    method: Method = "wsm",
    must: Sequence[str] | None = None,
    samples: int = 20_000,
    seed: int = 0,
    lang: str = "nl",
    labels: dict[str, str] | None = None,
    costing: Costing | None = None,
    cost_weight: float = 0.0,
) -> dict[str, Ranking]:
    """Rankings for the organisation and each segment that may be shown (suppressed ones never).

    ``summary`` is an :class:`advisor.analysis.summary.SurveySummary`; weights and their bootstrap
    samples come from it, aligned to the catalogue's criteria. ``labels`` names the segments.
    """
    missing = [c for c in catalog.criterion_ids if c not in summary.criteria]
    if missing:
        raise InputError(t("scoring.no_importance", lang, criteria=", ".join(missing)))
    columns = [summary.criteria.index(c) for c in catalog.criterion_ids]
    groups = [("organisation", summary.organisation)] + [
        (key, group) for key, group in summary.segments.items() if not group.suppressed
    ]
    result: dict[str, Ranking] = {}
    for key, group in groups:
        if group.suppressed or not group.weights:
            continue
        boot = summary.bootstrap.get(key)
        source = WeightSource(
            "survey",
            None if key == "organisation" else key,
            group.weighted_n or group.n,
            detail=t("scoring.bootstrap", lang, b=len(boot)) if boot is not None else "",
            label=(labels or {}).get(key, ""),
        )
        result[key] = rank_platforms(
            catalog,
            {c: group.weights[c] for c in catalog.criterion_ids},
            source=source,
            weight_samples=None if boot is None else boot[:, columns],
            method=method,
            must=must,
            samples=samples,
            seed=seed,
            lang=lang,
            costing=costing,
            cost_weight=cost_weight,
        )
    return result
