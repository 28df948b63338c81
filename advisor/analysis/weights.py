"""Criterion weights from the importance ratings: per respondent, per segment, for the organisation.

Respondent weights
    With ratings ``r_c`` (1-5) for criteria c = 1..C, the weight of criterion c is
    ``w_c = r_c / sum_k r_k``. The weights sum to 1; someone rating every criterion the same gets
    equal weights ``1/C``; a criterion rated 4 weighs twice one rated 2.

Missing ratings
    A skipped rating is imputed with the respondent's own mean of the ratings they gave. That
    treats "no answer" as "average importance for me": it does not pull the weight to zero (as 0
    would), does not impose the group's profile on the individual (as the segment mean would), and
    keeps the answered criteria in the proportions the respondent gave them. Respondents with fewer
    than 2 answered ratings carry no information on trade-offs: they get no weight vector and are
    counted (``RespondentWeights.excluded``).

    Imputation is for a respondent who skipped a criterion that others answered. A criterion that
    *nobody* answered (the export lacks the question, or the mapping missed it) is different: the
    own mean would hand every respondent a made-up "average" rating for it, a weight nobody gave.
    That is never done: :func:`check_answered` raises :class:`~advisor.analysis.missing.MissingQuestions`
    naming the unanswered ``importance.*`` questions, and ``summarise`` then computes no weights at
    all (``SurveySummary.missing_questions`` says why).

Segment weights
    The mean of the respondent weight vectors of the segment (each respondent counts once).

Organisation weights
    When the organisation gives headcounts for the segment question, segment weights are combined
    by headcount: ``w_org = sum_s H_s w_s / sum_s H_s`` over the segments that have respondents and
    a headcount (respondents who did not answer the segment question cannot be placed and are left
    out). This corrects for segments that answered more often than others. Without headcounts for
    every answered segment, ``w_org`` is the mean over all respondents.

Pooled remainder
    Segments whose weights are withheld (see ``advisor.analysis.anonymity``) are never strata of
    their own: :func:`pool_strata` relabels them as one remainder stratum, whose headcount is the
    sum of theirs. The organisation figure is then a combination of shown segments and that pool,
    so no headcounts (real or extreme) and no pair of runs can single out a withheld segment.

Bootstrap
    ``B`` draws of each segment's mean weight vector, as a ``(B, C)`` array: the Bayesian bootstrap
    (Rubin 1981). Where the classical bootstrap gives every respondent a multinomial count (how
    often they are drawn in a resample of n), the Bayesian bootstrap gives every respondent a weight
    from a flat Dirichlet distribution, and each draw is the weighted mean. Its draws have the
    classical bootstrap's centre and, up to a factor n/(n+1), its covariance; they are continuous
    instead of lumped on a lattice. The draw runs over patterns: Likert ratings give few distinct
    weight vectors, and a Dirichlet(1, ..., 1) over respondents, added up over identical rows, is a
    Dirichlet over the distinct rows ``P`` (m, C) with their counts ``k`` as parameters (the
    Dirichlet's aggregation property), so a draw is ``g @ P / sum(g)`` with ``g_j ~ Gamma(k_j)``:
    exact, at a cost in patterns (a few thousand) instead of respondents, and a gamma variate costs
    a fifth of the binomial a multinomial count needs per pattern. Drawn in chunks so ``B x m``
    stays small. For the organisation the draws are stratified per segment and the strata are
    combined with the same segment shares as the point estimate, so the draws centre on ``w_org``.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from advisor.analysis.anonymity import NOT_ANSWERED, REMAINDER
from advisor.analysis.missing import MissingQuestions

FloatArray = NDArray[np.float64]
MIN_RATINGS = 2
CHUNK_ELEMENTS = 2_000_000  # gamma variates held in memory at once (B_chunk x patterns)
BOOTSTRAP_THREADS = 4  # segments drawn at once (each holds up to CHUNK_ELEMENTS counts)


@dataclass(frozen=True)
class RespondentWeights:
    """``weights``: index response_id (respondents with >= 2 ratings), one column per criterion.

    ``excluded``: respondents without a weight vector; ``imputed``: ratings imputed.
    """

    weights: pd.DataFrame
    excluded: int
    imputed: int


def aligned(labels: pd.Series, index: pd.Index) -> pd.Series:
    """``labels`` for the rows of ``index``; without a lookup when they already are (the same index
    object), since matching 100,000 response ids again costs more than the figures themselves."""
    return labels if labels.index is index else labels.reindex(index)


def importance_ratings(answers: pd.DataFrame, criteria: list[str]) -> pd.DataFrame:
    """The 1-5 ratings as floats (NaN when not answered), one column per criterion."""
    columns = [f"importance.{c}" for c in criteria]
    ratings = answers[columns].astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan)
    return pd.DataFrame(ratings, index=answers.index, columns=criteria)


def check_answered(answers: pd.DataFrame, criteria: list[str]) -> None:
    """Raise :class:`MissingQuestions` for the criteria whose importance question nobody answered."""
    absent = [
        f"importance.{c}"
        for c in criteria
        if f"importance.{c}" not in answers.columns or not answers[f"importance.{c}"].notna().any()
    ]
    if absent:
        raise MissingQuestions(absent)


def respondent_weights(answers: pd.DataFrame, criteria: list[str]) -> RespondentWeights:
    """``w_c = r_c / sum_k r_k`` per respondent, missing ratings imputed by the own mean.

    Imputes within the frame it is given; call :func:`check_answered` on the whole survey first so
    that a criterion nobody rated is reported instead of imputed (``summarise`` does).
    """
    ratings = importance_ratings(answers, criteria)
    r = ratings.to_numpy()
    answered = ~np.isnan(r)
    keep = answered.sum(axis=1) >= MIN_RATINGS
    r = r[keep]
    own_mean = np.nanmean(r, axis=1, keepdims=True) if len(r) else np.empty((0, 1))
    imputed = int((~answered[keep]).sum())
    r = np.where(np.isnan(r), own_mean, r)
    w = r / r.sum(axis=1, keepdims=True)
    frame = pd.DataFrame(w, index=ratings.index[keep], columns=criteria)
    return RespondentWeights(frame, excluded=int((~keep).sum()), imputed=imputed)


def segment_weights(weights: pd.DataFrame, segments: pd.Series) -> pd.DataFrame:
    """Mean respondent weight vector per segment (rows: segments present among ``weights``)."""
    return weights.groupby(aligned(segments, weights.index), sort=True).mean()


def disagreement(answers: pd.DataFrame, criteria: list[str], segments: pd.Series) -> dict[str, pd.DataFrame]:
    """Per segment and criterion: ``std`` (sample standard deviation, ddof=1, of the answered 1-5
    ratings; NaN below 2 answers), ``share_high`` (share of answered ratings that are 4 or 5) and
    ``n`` (answered ratings)."""
    ratings = importance_ratings(answers, criteria)
    grouped = ratings.groupby(aligned(segments, ratings.index), sort=True)
    high = (ratings >= 4).where(ratings.notna())
    return {
        "std": grouped.std(ddof=1),
        "share_high": high.groupby(aligned(segments, ratings.index), sort=True).mean(),
        "n": grouped.count(),
    }


def stratum_shares(
    weights: pd.DataFrame, segments: pd.Series, headcounts: Mapping[str, int]
) -> tuple[pd.Series, str]:
    """Share of each segment in the organisation weights, and the method ('headcount'/'respondents')."""
    counts = aligned(segments, weights.index).value_counts()
    answered = [s for s in counts.index if s != NOT_ANSWERED]
    if headcounts and answered and all(headcounts.get(s, 0) > 0 for s in answered):
        shares = pd.Series({s: float(headcounts[s]) for s in answered})
        return shares / shares.sum(), "headcount"
    return counts / counts.sum(), "respondents"


def organisation_weights(
    weights: pd.DataFrame, segments: pd.Series, headcounts: Mapping[str, int]
) -> tuple[pd.Series, str]:
    """``sum_s pi_s w_s`` with ``pi_s`` from :func:`stratum_shares`; returns the weights and method."""
    shares, method = stratum_shares(weights, segments, headcounts)
    per_segment = segment_weights(weights, segments).loc[shares.index]
    return per_segment.mul(shares, axis=0).sum(), method


def pool_strata(
    segments: pd.Series, hidden: Collection[str], headcounts: Mapping[str, int]
) -> tuple[pd.Series, dict[str, int]]:
    """Segment labels with every ``hidden`` segment relabelled as one remainder stratum, and the
    headcounts with the remainder's the sum of the hidden segments' (left out when one of them has
    none, so the organisation falls back to the respondent mean, as for any segment without one).

    Hidden respondents who did not answer the segment question join the remainder when it holds a
    named segment; on their own they stay ``(not answered)``, outside the headcount strata.
    """
    hidden = set(hidden)
    present = set(segments.unique())
    named = sorted(g for g in hidden & present if g != NOT_ANSWERED)
    pooled = {g: int(h) for g, h in headcounts.items() if g not in hidden}
    if not named:
        return segments, pooled
    labels = segments.where(~segments.isin(hidden), REMAINDER)
    if all(headcounts.get(g, 0) > 0 for g in named):
        pooled[REMAINDER] = int(sum(headcounts[g] for g in named))
    return labels, pooled


def bootstrap_means(
    w: FloatArray, samples: int, rng: np.random.Generator, chunk_elements: int = CHUNK_ELEMENTS
) -> FloatArray:
    """``samples`` Bayesian-bootstrap means of the rows of ``w`` (n, C) as a (samples, C) array.

    Draws over the distinct rows (see :func:`_weight_patterns` and the module docstring); rows with
    a NaN carry no weight vector and are left out. No rows: every sample is NaN.
    """
    return _means(w, *bootstrap_sums(w, samples, rng, chunk_elements))


def bootstrap_sums(
    w: FloatArray, samples: int, rng: np.random.Generator, chunk_elements: int = CHUNK_ELEMENTS
) -> tuple[FloatArray, FloatArray]:
    """The draws behind :func:`bootstrap_means` before dividing: per draw the Dirichlet-weighted sum
    of the rows, ``sums`` (samples, C), and the total of the (unnormalised) gamma weights,
    ``totals`` (samples,); ``sums / totals`` are the means.

    Sums and totals of groups drawn independently add up to those of their union, whose draw is
    the same flat Dirichlet over all its rows: a pooled stratum's draws are made from its members'
    draws, so the segments can be drawn before anyone knows which of them will be pooled.
    """
    patterns, counts = _weight_patterns(w)
    sums, totals = np.zeros((samples, w.shape[1])), np.zeros(samples)
    if not len(patterns):
        return sums, totals
    step = max(1, chunk_elements // len(patterns))
    shape = counts.astype(np.float64)
    for start in range(0, samples, step):
        size = min(step, samples - start)
        gamma = rng.standard_gamma(shape, size=(size, len(shape)))
        sums[start : start + size] = gamma @ patterns
        totals[start : start + size] = gamma.sum(axis=1)
    return sums, totals


def _means(w: FloatArray, sums: FloatArray, totals: FloatArray) -> FloatArray:
    """``sums / totals``; NaN without rows; exactly the one row when all rows are the same.

    Looks at the rows directly instead of finding their patterns again (the draw already did).
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        out = sums / totals[:, None]
    finite = w[~np.isnan(w).any(axis=1)]
    if not len(finite):
        out.fill(np.nan)
    elif (finite == finite[0]).all():
        out[:] = finite[0]
    return out


def _weight_patterns(w: FloatArray) -> tuple[FloatArray, NDArray[np.int64]]:
    """The distinct finite rows of ``w`` and how often each occurs.

    Likert ratings give few distinct weight vectors (at most 5^C, in practice a few thousand for
    100,000 respondents). Flat Dirichlet weights over the rows, added up over identical rows, are
    Dirichlet weights over the patterns with the counts as parameters: the same distribution of the
    weighted mean at a cost in patterns, not respondents.
    """
    finite = np.ascontiguousarray(w[~np.isnan(w).any(axis=1)], dtype=np.float64)
    if not len(finite):
        return np.empty((0, w.shape[1])), np.empty(0, dtype=np.int64)
    # What np.unique(axis=0, return_counts=True) gives, by hashing whole rows instead of sorting
    # them (8x faster on 100,000 rows); sorted so the row order of the export does not matter.
    rows = finite.view(np.dtype((np.void, finite.itemsize * finite.shape[1]))).ravel()
    codes, uniques = pd.factorize(rows)
    patterns = np.asarray(uniques).view(np.float64).reshape(-1, finite.shape[1])
    order = np.lexsort(patterns.T[::-1])
    return patterns[order], np.bincount(codes).astype(np.int64)[order]


def bootstrap_segments(
    weights: pd.DataFrame, segments: pd.Series, samples: int, seed: int | None
) -> dict[str, FloatArray]:
    """Per segment a (samples, C) bootstrap of its mean weight vector; one child seed per segment."""
    return SegmentBootstrap(weights, segments, samples, seed).result()


class SegmentBootstrap:
    """:func:`bootstrap_segments`, drawn in background threads while the caller goes on.

    numpy releases the GIL in the gamma draw and the matrix product, which are nearly all of the
    bootstrap's time, so the segments are drawn side by side and beside the caller's own work.
    Each segment has its own generator (a child of ``seed``), so which thread draws it, and when,
    changes nothing. The draws can start before the anonymity rules have decided which segments
    are pooled: :meth:`pooled` combines the members' draws (see :func:`bootstrap_sums`).
    """

    def __init__(self, weights: pd.DataFrame, segments: pd.Series, samples: int, seed: int | None) -> None:
        groups = aligned(segments, weights.index)
        names = sorted(groups.dropna().unique(), key=str)
        children = np.random.SeedSequence(seed).spawn(len(names))
        w = weights.to_numpy(dtype=np.float64)
        rows = pd.Series(np.arange(len(groups))).groupby(groups.to_numpy(), sort=False).indices
        self._rows = {name: w[rows[name]] for name in names}
        largest_first = sorted(zip(names, children, strict=True), key=lambda job: -len(rows[job[0]]))
        pool = _bootstrap_pool()
        pending = {
            name: pool.submit(bootstrap_sums, self._rows[name], samples, np.random.default_rng(child))
            for name, child in largest_first
        }
        self._pending = {name: pending[name] for name in names}

    def result(self) -> dict[str, FloatArray]:
        """Per segment (sorted by name) its (samples, C) array, waiting for the draws still running."""
        return {name: _means(self._rows[name], *future.result()) for name, future in self._pending.items()}

    def pooled(self, members: Mapping[str, Collection[str]]) -> dict[str, FloatArray]:
        """Per stratum (label -> the segments it holds) the (samples, C) draws of its mean."""
        out = {}
        for label, names in members.items():
            names = [n for n in names if n in self._pending]
            if len(names) == 1:
                name = names[0]
                out[label] = _means(self._rows[name], *self._pending[name].result())
                continue
            draws = [self._pending[n].result() for n in names]
            rows = np.vstack([self._rows[n] for n in names])
            out[label] = _means(rows, sum(d[0] for d in draws), sum(d[1] for d in draws))
        return out


@cache
def _bootstrap_pool() -> ThreadPoolExecutor:
    """One pool per process: a thread per core but one (at most :data:`BOOTSTRAP_THREADS`).

    The caller goes on computing the other figures while the draws run; with a thread on every
    core the caller had to share its core with them and finished later than the draws did.
    """
    return ThreadPoolExecutor(max(1, min(BOOTSTRAP_THREADS, (os.cpu_count() or 1) - 1)), "bootstrap")


# A forked child has none of its parent's threads: it starts a pool of its own.
os.register_at_fork(after_in_child=_bootstrap_pool.cache_clear)


def bootstrap_organisation(
    weights: pd.DataFrame,
    segments: pd.Series,
    headcounts: Mapping[str, int],
    samples: int,
    seed: int | None,
    per_segment: dict[str, FloatArray] | None = None,
) -> FloatArray:
    """Stratified bootstrap of the organisation weights: resample within each segment, combine the
    segment means with the point estimate's shares. Returns (samples, C). Pass ``per_segment`` (from
    :func:`bootstrap_segments` with the same seed) to reuse segment samples already drawn."""
    shares, _ = stratum_shares(weights, segments, headcounts)
    if per_segment is None:
        per_segment = bootstrap_segments(weights, segments, samples, seed)
    total = np.zeros((samples, weights.shape[1]))
    for name, share in shares.items():
        total += share * per_segment[name]
    return total
