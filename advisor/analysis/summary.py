"""Everything the CLI and the dashboard show about a survey, per segment, with suppression applied.

``summarise`` is the only way figures leave the analysis: a suppressed segment (see
``advisor.analysis.anonymity``) carries its respondent count and ``suppressed=True`` and nothing
else, in the object and in ``to_dict()``. Silos and the overlap matrix only name visible segments;
bootstrap samples exist only for visible segments and the organisation. Comments are included only
for groups of at least 10 respondents, sorted alphabetically (so their order says nothing about who
answered when).

Nothing is invented for a question the data does not answer at all (see
``advisor.analysis.missing``): when an ``importance.*`` question has no answer, no group gets
weights and there are no bootstrap samples; ``missing_questions`` names, per output, the questions
that are missing (an empty mapping when everything is there).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from advisor.analysis import anonymity, landscape, missing
from advisor.analysis import weights as wt
from advisor.survey.questionnaire import Questionnaire

DEFAULT_BOOTSTRAP = 2000
SUMMARY_OUTPUTS = ("weights", "landscape", "attitudes")


@dataclass(frozen=True)
class GroupSummary:
    """One segment (or the whole organisation). Only ``key``, ``n`` and ``suppressed`` are set for a
    suppressed group; every other field is None then."""

    key: str
    n: int
    suppressed: bool
    weighted_n: int | None = None  # respondents with a weight vector
    weights: dict[str, float] | None = None
    disagreement: dict[str, dict[str, float | int | None]] | None = None
    landscape: landscape.Landscape | None = None
    convincers: dict[str, landscape.Share] | None = None
    concerns: dict[str, landscape.Share] | None = None
    willingness: landscape.Willingness | None = None
    comments: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.suppressed:
            return {"n": self.n, "suppressed": True}
        return {
            "n": self.n,
            "suppressed": False,
            "weighted_n": self.weighted_n,
            "weights": {c: landscape._round(v) for c, v in (self.weights or {}).items()},
            "disagreement": self.disagreement,
            "landscape": self.landscape.to_dict() if self.landscape else None,
            "convincers": {k: v.to_dict() for k, v in (self.convincers or {}).items()},
            "concerns": {k: v.to_dict() for k, v in (self.concerns or {}).items()},
            "willingness": self.willingness.to_dict() if self.willingness else None,
            "comments": self.comments,
        }


@dataclass(frozen=True)
class SurveySummary:
    segment_by: str
    min_group: int
    criteria: list[str]
    segments: dict[str, GroupSummary]
    organisation: GroupSummary
    organisation_method: str | None  # 'headcount' or 'respondents'; None when suppressed
    excluded_from_weights: int
    imputed_ratings: int
    silos: list[tuple[str, str]] = field(default_factory=list)
    overlap: pd.DataFrame | None = None
    bootstrap: dict[str, np.ndarray] = field(default_factory=dict)  # 'organisation' or segment -> (B, C)
    # output ('weights', 'landscape', 'attitudes', ...) -> question ids nobody answered
    missing_questions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def has_weights(self) -> bool:
        """False when the importance questions are not all in the data (no weights were computed)."""
        return "weights" not in self.missing_questions

    @property
    def visible_segments(self) -> list[str]:
        return [k for k, s in self.segments.items() if not s.suppressed]

    @property
    def suppressed_segments(self) -> list[str]:
        return [k for k, s in self.segments.items() if s.suppressed]

    def to_dict(self) -> dict[str, Any]:
        overlap = None
        if self.overlap is not None:
            overlap = {
                a: {b: landscape._round(v) for b, v in row.items()} for a, row in self.overlap.iterrows()
            }
        return {
            "segment_by": self.segment_by,
            "min_group": self.min_group,
            "criteria": self.criteria,
            "segments": {k: s.to_dict() for k, s in self.segments.items()},
            "organisation": {**self.organisation.to_dict(), "weights_method": self.organisation_method},
            "excluded_from_weights": self.excluded_from_weights,
            "imputed_ratings": self.imputed_ratings,
            "silos": [list(pair) for pair in self.silos],
            "overlap": overlap,
            "bootstrap_samples": {k: int(v.shape[0]) for k, v in self.bootstrap.items()},
            "missing_questions": {k: list(v) for k, v in self.missing_questions.items()},
        }


def summarise(
    answers: pd.DataFrame,
    questionnaire: Questionnaire,
    segment_by: str = "department",
    min_group: int = anonymity.DEFAULT_MIN_GROUP,
    bootstrap: int = DEFAULT_BOOTSTRAP,
    seed: int | None = 0,
    lang: str | None = None,
) -> SurveySummary:
    """Per-segment and organisation figures, with suppression applied (see the module docstring)."""
    min_group = anonymity.check_min_group(min_group, lang)
    q = questionnaire
    criteria = q.criterion_ids
    segments = anonymity.segment_values(answers, segment_by)
    counts = segments.value_counts()
    order = _segment_order(q, segment_by, counts.index)
    hidden = anonymity.suppressed_groups(counts.to_dict(), min_group)
    missing_questions = _missing(answers, q)
    if "weights" in missing_questions:  # a criterion nobody rated: no weights, nothing imputed
        respondent = wt.RespondentWeights(pd.DataFrame(columns=criteria, dtype=float), len(answers), 0)
    else:
        respondent = wt.respondent_weights(answers, criteria)
    seg_weights = wt.segment_weights(respondent.weights, segments)
    spread = wt.disagreement(answers, criteria, segments)
    org_hidden = len(answers) < min_group

    summaries = {}
    for key in order:
        n = int(counts[key])
        if key in hidden:
            summaries[key] = GroupSummary(key, n, True)
            continue
        rows = segments.index[segments == key]
        summaries[key] = _group(key, answers.loc[rows], q, seg_weights, spread, respondent.weights)

    headcounts = q.headcounts(segment_by)
    if org_hidden:
        organisation, method = GroupSummary("organisation", len(answers), True), None
    else:
        org_w, method = (
            wt.organisation_weights(respondent.weights, segments, headcounts)
            if len(respondent.weights)
            else (pd.Series(dtype=float), None)
        )
        organisation = _group("organisation", answers, q, None, None, respondent.weights, org_w)
        # Comments of hidden segments stay out of the organisation list too: their content could
        # identify the few people in a small group.
        visible_rows = segments.index[~segments.isin(hidden)]
        if organisation.comments is not None and "comment" in answers:
            organisation = replace(
                organisation, comments=sorted(map(str, answers.loc[visible_rows, "comment"].dropna()))
            )

    visible = [k for k in order if k not in hidden]
    regular_sets = {k: set(summaries[k].landscape.regular_channels) for k in visible}
    samples: dict[str, np.ndarray] = {}
    if bootstrap and not org_hidden and len(respondent.weights):
        per_segment = wt.bootstrap_segments(respondent.weights, segments, bootstrap, seed)
        samples["organisation"] = wt.bootstrap_organisation(
            respondent.weights, segments, headcounts, bootstrap, seed, per_segment
        )
        samples.update({k: v for k, v in per_segment.items() if k in visible})
    return SurveySummary(
        segment_by=segment_by,
        min_group=min_group,
        criteria=criteria,
        segments=summaries,
        organisation=organisation,
        organisation_method=method,
        excluded_from_weights=respondent.excluded,
        imputed_ratings=respondent.imputed,
        silos=landscape.silos(regular_sets) if len(visible) > 1 else [],
        overlap=landscape.jaccard_matrix(regular_sets) if visible else None,
        bootstrap=samples,
        missing_questions=missing_questions,
    )


def _missing(answers: pd.DataFrame, q: Questionnaire) -> dict[str, tuple[str, ...]]:
    """Per output of the summary, the questions it needs that nobody answered (only non-empty)."""
    found = {output: missing.availability(answers, q, output).missing for output in SUMMARY_OUTPUTS}
    return {output: ids for output, ids in found.items() if ids}


def _segment_order(q: Questionnaire, segment_by: str, present: pd.Index) -> list[str]:
    """Segments in the questionnaire's option order, then others alphabetically, '(not answered)' last."""
    known = [str(v) for v in q[segment_by].values] if segment_by in q.by_id else []
    first = [v for v in known if v in present]
    rest = sorted(v for v in present if v not in known and v != anonymity.NOT_ANSWERED)
    return first + rest + ([anonymity.NOT_ANSWERED] if anonymity.NOT_ANSWERED in present else [])


def _group(
    key: str,
    rows: pd.DataFrame,
    q: Questionnaire,
    seg_weights: pd.DataFrame | None,
    spread: dict[str, pd.DataFrame] | None,
    respondent_w: pd.DataFrame,
    weights: pd.Series | None = None,
) -> GroupSummary:
    criteria = q.criterion_ids
    weighted = respondent_w.index.intersection(rows.index)
    if weights is None and seg_weights is not None and key in seg_weights.index:
        weights = seg_weights.loc[key]
    if spread is None:
        spread = wt.disagreement(rows, criteria, pd.Series(key, index=rows.index))
    known = key in spread["n"].index
    disagreement = {
        c: {
            "std": landscape._round(spread["std"].at[key, c]) if known else None,
            "share_high": landscape._round(spread["share_high"].at[key, c]) if known else None,
            "n": int(spread["n"].at[key, c]) if known else 0,
        }
        for c in criteria
    }
    comments = None
    if "comment" in rows and anonymity.may_show_comments(len(rows), False):
        comments = sorted(str(c) for c in rows["comment"].dropna())
    return GroupSummary(
        key=key,
        n=len(rows),
        suppressed=False,
        weighted_n=len(weighted),
        weights={c: float(weights[c]) for c in criteria} if weights is not None and len(weights) else None,
        disagreement=disagreement,
        landscape=landscape.landscape(rows, q.channel_ids, q.shadow_channels),
        convincers=_multi(rows, q, "convincers"),
        concerns=_multi(rows, q, "concerns"),
        willingness=landscape.willingness(rows) if "willingness" in rows else None,
        comments=comments,
    )


def _multi(rows: pd.DataFrame, q: Questionnaire, question_id: str) -> dict[str, landscape.Share] | None:
    if question_id not in q.by_id:
        return None
    return landscape.option_shares(rows, question_id, [str(v) for v in q[question_id].values])
