"""Rank platforms for a set of weights: must-haves first, then the method, uncertainty, sensitivity.

This joins the catalogue (scores derived from facts) with weights from wherever they come from (the
survey, sliders, AHP answers, a ranking for ROC) and hands arrays to :mod:`advisor.decision`.

* Uncertainty (SMAA-2): weight samples are the bootstrap samples of the respondents behind the
  weights (resampled to ``samples`` rows); when the weights come from a person there is no spread
  in them. Criterion scores are sampled uniformly inside their rubric interval, which is wider for
  facts that are not verified (criteria.yaml ``uncertainty``).
* Sensitivity: exact weight-stability intervals of the weighted sum, per criterion.
* Contributions: weight x score per criterion, the part of a platform's weighted sum each carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from advisor.catalog import Catalog, score_table
from advisor.catalog.scoring import sample_scores
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
from advisor.scoring.musthaves import Exclusion, apply_must_haves, resolve_must_haves

Method = Literal["wsm", "topsis"]
WeightKind = Literal["survey", "user", "ahp", "roc", "equal"]


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

    @property
    def order(self) -> list[int]:
        """Row indices from best to worst (ties: catalogue order)."""
        return sorted(range(len(self.platform_ids)), key=lambda i: (-self.scores[i], i))

    @property
    def winner(self) -> str | None:
        return self.platform_ids[self.order[0]] if self.platform_ids else None

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
            rows.append(entry)
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
            "ranking": rows,
            "excluded": [
                {
                    "id": e.platform_id,
                    "name": catalog.platform(e.platform_id).name,
                    "must_have": e.must_have_id,
                    "reason": e.reason(catalog, lang),
                }
                for e in self.excluded
            ],
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
) -> Ranking:
    """Rank the catalogue's platforms for ``weights``; see the module docstring."""
    w = align_weights(catalog, weights, lang)
    eligible, excluded = apply_must_haves(catalog, resolve_must_haves(catalog, must, lang))
    notes: list[str] = []
    c = len(catalog.criterion_ids)
    if not eligible:
        empty = np.zeros((0, c))
        return Ranking(
            tuple(catalog.criterion_ids),
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
        )
    table = score_table(catalog, eligible)
    matrix = table.score
    try:
        scores = weighted_sum(matrix, w) if method == "wsm" else topsis(matrix, w)
        rng = np.random.default_rng(seed)
        stack = _weight_stack(w, weight_samples, samples, rng)
        uncertain = uncertain_facts and bool((table.high > table.low).any())
        drawn = _score_draws(catalog, tuple(eligible), len(stack), seed) if uncertain else None
        acceptability = rank_acceptability(matrix, stack, drawn, method=method, rng=rng)
        stability = stability_intervals(matrix, w)
    except DecisionInputError as exc:
        raise InputError(t("scoring.decision_error", lang, detail=str(exc))) from None
    if method == "topsis":
        notes.append(t("scoring.stability_is_wsm", lang))
    return Ranking(
        tuple(catalog.criterion_ids),
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
    )


@lru_cache(maxsize=16)
def _score_draws(catalog: Catalog, eligible: tuple[str, ...], n: int, seed: int) -> np.ndarray:
    """Score draws do not depend on the weights: drawn once per catalogue, platforms, size and seed."""
    draws = sample_scores(catalog, list(eligible), n, np.random.default_rng([seed, 1]))
    draws.flags.writeable = False
    return draws


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
        )
    return result
