"""Exact weight-stability intervals for the weighted sum.

Move the weight of criterion j from its current value w_j to w while the other
weights keep their proportions (each scaled by (1 - w) / (1 - w_j)). Every
alternative's score is then linear in w::

    score_a(w) = rest_a + w * (m[a, j] - rest_a),
    rest_a = sum_{k != j} w_k m[a, k] / (1 - w_j)

so the w at which a rival overtakes the current winner is the root of one
linear equation per rival: no search, no sampling.

Conventions
-----------
* The winner is the top alternative at the current weights; ties (scores
  within 1e-12 of the largest absolute matrix value) go to the lower index,
  as in :func:`advisor.decision.uncertainty.rank_acceptability`.
* ``[lower, upper]`` is closed: at an inner bound the rival ties with the
  winner, and just beyond it the rival is strictly ahead. If the winner is
  tied at the current weights with a rival that pulls ahead when w_j moves
  one way, the bound on that side equals the current weight.
* ``w_j = 1``: the other weights are 0 and have no proportions; by convention
  they then share ``1 - w`` equally.
* A single criterion cannot move: its interval is ``[1, 1]``. A single
  alternative is never overtaken: ``[0, 1]``.
* ``rival_at_lower`` / ``rival_at_upper`` is the alternative that takes over
  just beyond the bound, or -1 when the bound is the end of [0, 1]. When
  several rivals cross at the same point, the one gaining fastest beyond it
  is reported (the lower index if they gain equally fast).
* Rounding: crossings within 1e-12 of 0 or 1 count as the end of the range,
  and rivals whose score lines are parallel to the winner's within 1e-12
  (relative to the largest score) never cross.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from advisor.decision.methods import decision_matrix
from advisor.decision.uncertainty import ranking_key
from advisor.decision.weights import weight_stack

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Weights this close to 1 leave no proportions to keep among the others.
_FULL_WEIGHT = 1.0 - 1e-12
# A crossing this close to 0 or 1 is a rounding-level tie at the end of the range.
_EDGE = 1e-12


@dataclass(frozen=True, eq=False)
class StabilityIntervals:
    """Per criterion, the weight range over which the winner stays on top.

    Shapes: ``winner`` is an int and the arrays are ``(C,)`` for one weight
    vector; with a stack of S weight vectors ``winner`` is ``(S,)`` and the
    arrays are ``(S, C)``. ``current`` holds the normalised weights.
    """

    winner: int | IntArray
    lower: FloatArray
    upper: FloatArray
    current: FloatArray
    rival_at_lower: IntArray
    rival_at_upper: IntArray


def _rest_scores(m: FloatArray, w: FloatArray, scores: FloatArray) -> FloatArray:
    """``rest[s, a, j]``: score of a on all criteria but j, renormalised."""
    own = w[:, np.newaxis, :] * m[np.newaxis, :, :]
    others = 1.0 - w[:, np.newaxis, :]
    full = others <= 1.0 - _FULL_WEIGHT
    equal_share = (m.sum(axis=1, keepdims=True) - m) / max(m.shape[1] - 1, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        proportional = (scores[:, :, np.newaxis] - own) / others
    return np.where(full, equal_share[np.newaxis], proportional)


def _bounds(slope_gap: FloatArray, crossing: FloatArray, side: int) -> tuple[FloatArray, IntArray]:
    """Tightest crossing on one side (side=+1 lower bound, -1 upper bound).

    Of several rivals crossing at the same point, the one whose advantage
    grows fastest beyond it takes over (lower index if equally fast).
    """
    candidates = np.where(side * slope_gap > 0, side * crossing, -np.inf)
    best = candidates.max(axis=1, keepdims=True)
    at_best = candidates >= best - _EDGE
    speed = ranking_key(np.where(at_best, side * slope_gap, 0.0).transpose(0, 2, 1))
    no_rival = np.iinfo(np.int64).max
    rival = np.argmin(np.where(at_best.transpose(0, 2, 1), speed, no_rival), axis=2)
    best = side * best[:, 0, :]
    inside = (best > _EDGE) if side > 0 else (best < 1.0 - _EDGE)
    bound = np.where(inside, best, 0.0 if side > 0 else 1.0)
    return bound, np.where(inside, rival, -1)


def stability_intervals(matrix: ArrayLike, weights: ArrayLike) -> StabilityIntervals:
    """Exact stability interval of every criterion weight (weighted sum).

    ``matrix`` is ``(A, C)`` benefit-direction scores; ``weights`` ``(C,)``
    or ``(S, C)``, normalised to sum 1. See the module docstring for the
    conventions on ties, w_j = 1 and single alternatives or criteria.
    """
    m = decision_matrix(matrix)
    w, stacked = weight_stack(weights, m.shape[1])
    n_samples, n_criteria = w.shape
    scores = w @ m.T
    winner = np.argmin(ranking_key(scores, float(np.abs(m).max())), axis=1)
    rest = _rest_scores(m, w, scores)  # (S, A, C)
    slope = m[np.newaxis] - rest
    rows = np.arange(n_samples)
    # gap(w) = score_winner(w) - score_a(w) = intercept_gap + w * slope_gap
    intercept_gap = rest[rows, winner][:, np.newaxis, :] - rest
    slope_gap = slope[rows, winner][:, np.newaxis, :] - slope
    with np.errstate(invalid="ignore", divide="ignore"):
        crossing = -intercept_gap / slope_gap
    # Slopes within rounding noise of each other are parallel: never cross.
    slope_gap[np.abs(slope_gap) <= _EDGE * max(np.abs(m).max(), 1.0)] = 0.0
    lower, rival_low = _bounds(slope_gap, crossing, +1)
    upper, rival_high = _bounds(slope_gap, crossing, -1)
    # Rounding can put a tie's crossing a hair on the wrong side of w_j.
    lower, upper = np.minimum(lower, w), np.maximum(upper, w)
    if n_criteria == 1:
        lower, upper = np.ones_like(w), np.ones_like(w)
        rival_low = rival_high = np.full_like(rival_low, -1)
    if stacked:
        return StabilityIntervals(winner, lower, upper, w, rival_low, rival_high)
    return StabilityIntervals(int(winner[0]), lower[0], upper[0], w[0], rival_low[0], rival_high[0])
