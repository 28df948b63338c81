"""A dossier's decision inputs as the services take them: one place, used by ``score --dossier``,
``plan --dossier``, ``dossier memo`` and the dashboard, so every face ranks the same way.

- :func:`catalog_with` -- the catalogue with the dossier's overrides (each with its justification,
  who and when), so every output that scores a platform sees and marks them.
- :func:`load` -- the dossier's answers (all datasets, a linked workshop as it is now), its
  questionnaire (the shipped one with the dossier's organisation file) and the survey summary with
  the dossier's segment question and anonymity threshold.
- :func:`weights` -- the weight set the dossier chose: a survey group's weights (with their
  bootstrap draws), equal weights, or slider positions moved away from one of those.
- :func:`ranking` -- the ranking on those weights with the dossier's method, must-haves, budget,
  currency and cost weight.

Nothing here invents an input: a dossier without survey data, or whose weight source is a group
that is hidden or has no weights, raises :class:`NotComputable` naming what is missing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from advisor.catalog import Catalog
from advisor.catalog.models import Override
from advisor.dossier.model import Dossier, DossierError, OverrideEntry, Settings, who_label

EQUAL = "equal"
SURVEY = "survey:"


class NotComputable(DossierError):
    """The dossier lacks what the output needs (``what``: ``survey``, ``weights`` or ``segment``)."""

    key = "not_computable"


def catalog_with(
    catalog: Catalog, overrides: dict[str, dict[str, OverrideEntry]], lang: str | None = None
) -> Catalog:
    """The catalogue with the dossier's overrides replacing (or adding to) the shipped ones."""
    if not overrides:
        return catalog
    platforms = []
    for platform in catalog.platforms:
        mine = overrides.get(platform.id)
        if not mine:
            platforms.append(platform)
            continue
        extra = {
            cid: Override(
                score=entry.score,
                justification=entry.justification,
                by=who_label(entry.by, lang),
                date=entry.at.date(),
            )
            for cid, entry in mine.items()
            if cid in catalog.criterion_ids
        }
        platforms.append(platform.model_copy(update={"overrides": {**platform.overrides, **extra}}))
    return Catalog(catalog.rubric, tuple(platforms), catalog.files)


def overrides_key(settings: Settings) -> str:
    return json.dumps(
        {p: {c: e.model_dump(mode="json") for c, e in v.items()} for p, v in settings.overrides.items()},
        sort_keys=True,
    )


@dataclass(frozen=True)
class Inputs:
    """What a dossier's outputs are computed from."""

    dossier: Dossier
    questionnaire: Any  # Questionnaire
    answers: pd.DataFrame
    summary: Any  # SurveySummary
    catalog: Catalog  # with the dossier's overrides


def load(
    store: Any,
    dossier: Dossier,
    catalog: Catalog,
    *,
    lang: str,
    seed: int = 0,
    bootstrap: int | None = None,
) -> Inputs:
    """The dossier's answers, questionnaire and survey summary (see the module docstring)."""
    from advisor.analysis.summary import DEFAULT_BOOTSTRAP, summarise

    if not dossier.datasets:
        raise NotComputable(what="survey", dossier=dossier.name)
    questionnaire = dossier.questionnaire()
    s = dossier.settings
    if s.segment_by not in questionnaire.segment_ids:
        raise NotComputable(what="segment", dossier=dossier.name, segment=s.segment_by)
    answers = store.answers(dossier.id)
    summary = summarise(
        answers,
        questionnaire,
        segment_by=s.segment_by,
        min_group=s.min_group,
        acknowledge_small_groups=s.acknowledge_small_groups,
        bootstrap=DEFAULT_BOOTSTRAP if bootstrap is None else bootstrap,
        seed=seed,
        lang=lang,
    )
    return Inputs(dossier, questionnaire, answers, summary, catalog_with(catalog, s.overrides, lang))


@dataclass(frozen=True)
class ChosenWeights:
    """The weights a dossier ranks with: per criterion (summing to 1), their bootstrap draws (None
    once the sliders moved or for equal weights) and where they came from."""

    weights: dict[str, float]
    samples: np.ndarray | None
    source: Any  # WeightSource
    positions: dict[str, int]  # the sliders' positions (0-100), as the dashboard shows them
    adjusted: bool


def group_weights(
    summary: Any, catalog: Catalog, key: str
) -> tuple[dict[str, float], np.ndarray | None, Any] | None:
    """A survey group's weights (``organisation`` or a segment value) with draws and source, or
    None when the group is hidden, withheld or lacks a criterion's weight."""
    from advisor.scoring import WeightSource

    group = summary.organisation if key == "organisation" else summary.segments.get(key)
    if group is None or group.suppressed or not group.weights:
        return None
    if any(c not in summary.criteria or c not in group.weights for c in catalog.criterion_ids):
        return None
    columns = [summary.criteria.index(c) for c in catalog.criterion_ids]
    boot = summary.bootstrap.get(key)
    source = WeightSource(
        "survey",
        None if key == "organisation" else key,
        group.weighted_n or group.n,
    )
    weights = {c: float(group.weights[c]) for c in catalog.criterion_ids}
    return weights, None if boot is None else boot[:, columns], source


def weights(inputs: Inputs, *, lang: str, labels: dict[str, str] | None = None) -> ChosenWeights:
    """The dossier's weight set (see :class:`advisor.dossier.model.WeightSet`)."""
    from advisor.i18n import t
    from advisor.scoring import WeightSource

    catalog, chosen = inputs.catalog, inputs.dossier.settings.weights
    if chosen.source == EQUAL:
        base = dict.fromkeys(catalog.criterion_ids, 1 / len(catalog.criterion_ids))
        samples, source = None, WeightSource("equal")
    elif chosen.source.startswith(SURVEY):
        key = chosen.source[len(SURVEY) :]
        found = group_weights(inputs.summary, catalog, key)
        if found is None:
            raise NotComputable(what="weights", dossier=inputs.dossier.name, source=chosen.source)
        base, samples, source = found
        label = (labels or {}).get(key) or (t("scoring.organisation", lang) if key == "organisation" else key)
        boot = "" if samples is None else t("scoring.bootstrap", lang, b=len(samples))
        source = WeightSource(source.kind, source.segment, source.respondents, detail=boot, label=label)
    else:
        raise NotComputable(what="weights", dossier=inputs.dossier.name, source=chosen.source)
    positions = {c: round(100 * base[c]) for c in catalog.criterion_ids}
    moved = {c: v for c, v in chosen.changes.items() if c in positions and positions[c] != v}
    if not moved:
        return ChosenWeights(base, samples, source, positions, False)
    positions = {**positions, **moved}
    total = sum(positions.values())
    if total <= 0:
        raise NotComputable(what="weights", dossier=inputs.dossier.name, source=chosen.source)
    described = source.describe(lang)
    user = WeightSource(
        "user", source.segment, source.respondents, detail=t("compare.adjusted_from", lang, source=described)
    )
    return ChosenWeights({c: v / total for c, v in positions.items()}, None, user, positions, True)


def ranking(
    inputs: Inputs,
    *,
    lang: str,
    samples: int | None = None,
    seed: int | None = None,
    labels: dict[str, str] | None = None,
) -> Any:
    """The ranking on the dossier's weights, method, must-haves, budget, currency and cost weight;
    by default drawn as Compare, the plan and the memo draw (``RANKING_SAMPLES``, ``RANKING_SEED``)."""
    from advisor.scoring import RANKING_SAMPLES, RANKING_SEED, rank_platforms

    s = inputs.dossier.settings
    chosen = weights(inputs, lang=lang, labels=labels)
    return rank_platforms(
        inputs.catalog,
        chosen.weights,
        source=chosen.source,
        weight_samples=chosen.samples,
        method=s.method,
        must=list(s.must_haves),
        samples=RANKING_SAMPLES if samples is None else samples,
        seed=RANKING_SEED if seed is None else seed,
        lang=lang,
        costing=costing(inputs, s),
        cost_weight=s.cost_weight,
    )


def costing(inputs: Inputs, s: Settings) -> Any:
    from advisor.scoring import Costing, organisation_seats

    q, summary = inputs.questionnaire, inputs.summary
    return Costing(
        s.currency,
        s.max_price,
        organisation_seats(q, summary.segment_by, summary.total),
        q.organisation.exchange_rates,
    )
