"""Everything the CLI and the dashboard show about a survey, per segment, with anonymity applied.

``summarise`` is the only way figures leave the analysis, and it asks the anonymity engine
(``advisor.analysis.anonymity``) about every figure, over all breakdowns of the data at once:

* A hidden segment (``suppressed=True``) carries nothing: not its figures, not its size (``n`` is 0
  in the object and ``None`` in ``to_dict()``). ``hidden_together`` is the pooled size of the hidden
  segments when that is at least k.
* A shown segment can still have single figures withheld (fewer than k answers to that question,
  or needed to protect another group): that figure is None (a Share/Landscape part is marked
  ``withheld``) and its id is in ``GroupSummary.withheld``; its ``n`` is not published either.
* Organisation weights, with headcounts or without, and the organisation bootstrap treat the
  segments whose weights are withheld as one pooled stratum (``weights.pool_strata``).
* Silos and the overlap matrix only name shown segments and shown channel shares; bootstrap samples
  exist only for segments whose weights are shown, and the organisation. Comments are listed per
  group only when the engine allows it (10 comments, remainder rule, intersections across
  breakdowns), sorted alphabetically so their order says nothing about who answered when.

Nothing is invented for a question the data does not answer at all (see
``advisor.analysis.missing``): when an ``importance.*`` question has no answer, no group gets
weights and there are no bootstrap samples; ``missing_questions`` names, per output, the questions
that are missing (an empty mapping when everything is there).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from advisor.analysis import anonymity, landscape, missing
from advisor.analysis import weights as wt
from advisor.survey.questionnaire import Questionnaire

DEFAULT_BOOTSTRAP = 2000
SUMMARY_OUTPUTS = ("weights", "landscape", "attitudes")
MULTI_SELECT = ("convincers", "concerns")


@dataclass(frozen=True)
class GroupSummary:
    """One segment (or the whole organisation). A hidden segment (``suppressed``) has ``n`` 0 and
    every other field None: its size is not published. In a shown group a withheld figure is None
    (or a ``withheld`` Share / landscape part) and named in ``withheld``."""

    key: str
    n: int
    suppressed: bool
    weighted_n: int | None = None  # respondents with a weight vector; None when weights are withheld
    weights: dict[str, float] | None = None
    disagreement: dict[str, dict[str, float | int | None]] | None = None
    landscape: landscape.Landscape | None = None
    convincers: dict[str, landscape.Share] | None = None
    concerns: dict[str, landscape.Share] | None = None
    willingness: landscape.Willingness | None = None
    comments: list[str] | None = None
    externals: landscape.Share | None = None  # share answering 'yes' to works_with_externals
    withheld: tuple[str, ...] = ()  # figure ids withheld (see advisor.analysis.anonymity)

    def to_dict(self) -> dict[str, Any]:
        if self.suppressed:
            return {"n": None, "suppressed": True}
        return {
            "n": self.n,
            "suppressed": False,
            "weighted_n": self.weighted_n,
            "weights": None
            if self.weights is None
            else {c: landscape._round(v) for c, v in self.weights.items()},
            "disagreement": self.disagreement,
            "landscape": self.landscape.to_dict() if self.landscape else None,
            "convincers": None
            if self.convincers is None
            else {k: v.to_dict() for k, v in self.convincers.items()},
            "concerns": None if self.concerns is None else {k: v.to_dict() for k, v in self.concerns.items()},
            "willingness": self.willingness.to_dict() if self.willingness else None,
            "works_with_externals": self.externals.to_dict() if self.externals else None,
            "comments": self.comments,
            "withheld": list(self.withheld),
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
    total: int = 0  # respondents
    hidden_together: int | None = None  # hidden segments together, only when >= min_group
    breakdowns: tuple[str, ...] = ()  # every breakdown the anonymity engine guarded together
    publication: anonymity.Publication | None = None

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

    @property
    def withheld_weights(self) -> list[str]:
        """Shown segments whose weights (and so their ranking) are withheld."""
        return [k for k, s in self.segments.items() if not s.suppressed and anonymity.WEIGHTS in s.withheld]

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
            "total": self.total,
            "hidden_together": self.hidden_together,
            "breakdowns_checked": list(self.breakdowns),
            "segments": {k: s.to_dict() for k, s in self.segments.items()},
            # the organisation's size is the total, published anyway (never below k when anything is shown)
            "organisation": {
                **self.organisation.to_dict(),
                "n": self.organisation.n,
                "weights_method": self.organisation_method,
            },
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
    acknowledge_small_groups: bool = False,
    breakdowns: Sequence[str] | None = None,
) -> SurveySummary:
    """Per-segment and organisation figures, with anonymity applied (see the module docstring).

    ``min_group`` below 5 needs ``acknowledge_small_groups`` (never below 3). ``breakdowns``: the
    segment questions guarded together (default: every segment question with an answer).
    """
    min_group = anonymity.check_threshold(min_group, acknowledge_small_groups, lang=lang)
    q = questionnaire
    criteria = q.criterion_ids
    segments = anonymity.segment_values(answers, segment_by)
    counts = segments.value_counts()
    order = _segment_order(q, segment_by, counts.index)
    missing_questions = _missing(answers, q)
    if "weights" in missing_questions:  # a criterion nobody rated: no weights, nothing imputed
        respondent = wt.RespondentWeights(pd.DataFrame(columns=criteria, dtype=float), len(answers), 0)
    else:
        respondent = wt.respondent_weights(answers, criteria)
    multi = {m: [str(v) for v in q[m].values] for m in MULTI_SELECT if m in q.by_id}
    weighted = np.zeros(len(answers), dtype=bool)
    if len(respondent.weights):  # the same rule as respondent_weights: at least MIN_RATINGS ratings
        ratings = answers[[f"importance.{c}" for c in criteria]].notna().sum(axis=1).to_numpy()
        weighted = ratings >= wt.MIN_RATINGS
    # the segment of each respondent with a weight vector, on the weights' own index (no lookup)
    w_index = respondent.weights.index
    aligned_rows = answers.index.is_unique and len(w_index) == int(weighted.sum())
    if aligned_rows:
        w_segments = pd.Series(segments.to_numpy()[weighted], index=w_index, dtype=object)
    else:
        w_segments = segments
    # The draws start now, per segment, in background threads; which segments the anonymity rules
    # pool is decided below, and the pooled stratum's draws are made from its members' draws.
    draws = wt.SegmentBootstrap(respondent.weights, w_segments, bootstrap, seed) if bootstrap else None
    figures = anonymity.figure_masks(answers, criteria, q.channel_ids, q.shadow_channels, multi, weighted)
    if breakdowns is None:
        breakdowns = anonymity.breakdowns_of(answers, q.segment_ids, segment_by)
    elif segment_by not in breakdowns:
        breakdowns = [*breakdowns, segment_by]
    pub = anonymity.publication_for(answers, breakdowns, figures, min_group)
    hidden = pub.suppressed(segment_by)

    # organisation figures combine shown segments with the withheld ones pooled as one stratum
    weight_hidden = pub.hidden[anonymity.WEIGHTS][segment_by]
    strata, headcounts = wt.pool_strata(segments, weight_hidden, q.headcounts(segment_by))
    w_strata = pd.Series(strata.to_numpy()[weighted], index=w_index, dtype=object) if aligned_rows else strata
    if not (
        len(respondent.weights)
        and pub.shows_organisation(anonymity.RESPONDENTS)
        and pub.shows_organisation(anonymity.WEIGHTS)  # what gives the organisation a method
    ):
        draws = None  # drawn for nothing: nothing below publishes them
    spread = wt.disagreement(answers, criteria, segments)
    seg_weights = wt.segment_weights(respondent.weights, w_segments)

    summaries = {}
    rows_of = _segment_rows(answers, segments)
    # respondents with a weight vector per segment (the same rule as respondent_weights)
    weighted_per = pd.Series(weighted).groupby(segments.to_numpy(), sort=False).sum()
    for key in order:
        if key in hidden:
            summaries[key] = GroupSummary(key, 0, True)
            continue
        rows = rows_of(key)
        summaries[key] = _group(
            key,
            rows,
            q,
            figures,
            lambda f, key=key: pub.shows(f, segment_by, key),
            seg_weights,
            spread,
            int(weighted_per.get(key, 0)),
        )

    method = None
    if not pub.shows_organisation(anonymity.RESPONDENTS):
        organisation = GroupSummary("organisation", len(answers), True)
    else:
        org_w = None
        if len(respondent.weights) and pub.shows_organisation(anonymity.WEIGHTS):
            org_w, method = wt.organisation_weights(respondent.weights, w_strata, headcounts)
        organisation = _group(
            "organisation",
            answers,
            q,
            figures,
            pub.shows_organisation,
            None,
            None,
            int(weighted.sum()),
            org_w,
        )

    visible = [k for k in order if k not in hidden and summaries[k].landscape is not None]
    regular_sets = {k: set(summaries[k].landscape.regular_channels) for k in visible}
    samples: dict[str, np.ndarray] = {}
    if draws is not None:
        per_segment = draws.result()
        members = pd.DataFrame({"stratum": w_strata.to_numpy(), "segment": w_segments.to_numpy()})
        members = members.dropna().drop_duplicates().groupby("stratum")["segment"].agg(list).to_dict()
        samples["organisation"] = wt.bootstrap_organisation(
            respondent.weights, w_strata, headcounts, bootstrap, seed, draws.pooled(members)
        )
        samples.update({k: v for k, v in per_segment.items() if summaries.get(k) and summaries[k].weights})
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
        total=len(answers),
        hidden_together=pub.hidden_together(segment_by),
        breakdowns=tuple(breakdowns),
        publication=pub,
    )


def _missing(answers: pd.DataFrame, q: Questionnaire) -> dict[str, tuple[str, ...]]:
    """Per output of the summary, the questions it needs that nobody answered (only non-empty)."""
    found = {output: missing.availability(answers, q, output).missing for output in SUMMARY_OUTPUTS}
    return {output: ids for output, ids in found.items() if ids}


def _segment_rows(answers: pd.DataFrame, segments: pd.Series) -> Callable[[str], pd.DataFrame]:
    """The rows of one segment; by position in one grouping pass when the respondents are unique
    (comparing every label again per segment took most of the time of slicing)."""
    if not (answers.index.is_unique and segments.index.equals(answers.index)):
        return lambda key: answers.loc[segments.index[segments == key]]
    positions = pd.Series(np.arange(len(segments))).groupby(segments.to_numpy(), sort=False).indices
    return lambda key: answers.take(positions[key])


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
    figures: dict[str, np.ndarray],
    may_show: Callable[[str], bool],
    seg_weights: pd.DataFrame | None,
    spread: dict[str, pd.DataFrame] | None,
    weighted_n: int,
    weights: pd.Series | None = None,
) -> GroupSummary:
    """A shown group's figures; each is computed, then withheld where the engine says so. A figure
    nobody in the whole data answered is not withheld (there is nothing to protect; it stays empty)."""

    def withheld(figure: str) -> bool:
        return figure in figures and bool(figures[figure].any()) and not may_show(figure)

    criteria = q.criterion_ids
    if weights is None and seg_weights is not None and key in seg_weights.index:
        weights = seg_weights.loc[key]
    if spread is None:
        spread = wt.disagreement(rows, criteria, pd.Series(key, index=rows.index))
    known = key in spread["n"].index
    disagreement = {}
    for c in criteria:
        show = known and not withheld(f"importance.{c}")
        disagreement[c] = {
            "std": landscape._round(spread["std"].at[key, c]) if show else None,
            "share_high": landscape._round(spread["share_high"].at[key, c]) if show else None,
            "n": (int(spread["n"].at[key, c]) if show else None) if known else 0,
        }
    channels = {c for c in q.channel_ids if withheld(f"use.{c}")}
    ls = landscape.landscape(rows, q.channel_ids, q.shadow_channels)
    risks = {name for name in ls.risks if withheld(f"risk.{name}")}
    if channels or risks or withheld("use") or withheld("shadow_it"):
        ls = landscape.withhold(ls, channels, withheld("use"), withheld("shadow_it"), risks)
    hidden = [f for f in figures if withheld(f)]
    comments = None
    if "comment" in rows and not withheld(anonymity.COMMENTS):
        comments = sorted(str(c) for c in rows["comment"].dropna() if str(c).strip())
    weights_shown = weights is not None and len(weights) and not withheld(anonymity.WEIGHTS)
    return GroupSummary(
        key=key,
        n=len(rows),
        suppressed=False,
        weighted_n=weighted_n if not withheld(anonymity.WEIGHTS) else None,
        weights={c: float(weights[c]) for c in criteria} if weights_shown else None,
        disagreement=disagreement,
        landscape=ls,
        convincers=None if withheld("convincers") else _multi(rows, q, "convincers"),
        concerns=None if withheld("concerns") else _multi(rows, q, "concerns"),
        willingness=landscape.willingness(rows)
        if "willingness" in rows and not withheld("willingness")
        else None,
        comments=comments,
        externals=None if withheld("works_with_externals") else _externals(rows),
        withheld=tuple(hidden),
    )


def _externals(rows: pd.DataFrame) -> landscape.Share | None:
    if "works_with_externals" not in rows:
        return None
    answered = rows["works_with_externals"].dropna()
    n = len(answered)
    return landscape.Share(float((answered == "yes").mean()) if n else float("nan"), n)


def _multi(rows: pd.DataFrame, q: Questionnaire, question_id: str) -> dict[str, landscape.Share] | None:
    if question_id not in q.by_id:
        return None
    return landscape.option_shares(rows, question_id, [str(v) for v in q[question_id].values])
