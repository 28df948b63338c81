"""Scoring methods: weighted sum (WSM) and TOPSIS, vectorised over weight stacks.

Conventions
-----------
* ``matrix`` is ``(A, C)``: A alternatives (rows) scored on C criteria
  (columns). It must be finite and non-empty.
* ``weights`` is one vector ``(C,)`` or a stack ``(S, C)``; it is normalised
  to sum 1 per row. Results are ``(A,)`` or ``(S, A)`` to match.
* Higher result = better, for both methods.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from advisor.decision.errors import DecisionInputError
from advisor.decision.weights import weight_stack

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
Normalization = Literal["vector", "minmax"]


def decision_matrix(matrix: ArrayLike) -> FloatArray:
    """Validate a decision matrix ``(A, C)`` and return it as float64."""
    m = np.asarray(matrix, dtype=np.float64)
    if m.ndim != 2:
        raise DecisionInputError(
            f"decision matrix must be 2-D (alternatives x criteria), got shape {m.shape}"
        )
    if m.size == 0:
        raise DecisionInputError(f"decision matrix is empty: shape {m.shape}")
    bad = ~np.isfinite(m)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise DecisionInputError(
            f"decision matrix has a non-finite value ({m[r, c]}) at row {r}, column {c} "
            f"(alternative {r}, criterion {c})"
        )
    return m


def benefit_mask(benefit: ArrayLike | None, n_criteria: int) -> BoolArray:
    """Validate ``benefit`` (bool per criterion, None = all benefit)."""
    if benefit is None:
        return np.ones(n_criteria, dtype=bool)
    b = np.asarray(benefit)
    if b.shape != (n_criteria,) or b.dtype != np.bool_:
        raise DecisionInputError(
            f"benefit must be {n_criteria} booleans (True = more is better), got {b.tolist()!r}"
        )
    return b


def weighted_sum(matrix: ArrayLike, weights: ArrayLike) -> FloatArray:
    """Weighted sum of scores: ``sum_c w_c * matrix[a, c]`` with weights summing to 1.

    Scores are used as given (benefit direction, no normalisation): put them on
    a common scale first. Returns ``(A,)`` for one weight vector, ``(S, A)``
    for a stack.
    """
    m = decision_matrix(matrix)
    w, stacked = weight_stack(weights, m.shape[1])
    scores = w @ m.T
    return scores if stacked else scores[0]


def normalise_columns(m: FloatArray, normalization: Normalization) -> FloatArray:
    """Normalise each criterion column of ``m`` (last two axes ``(A, C)``).

    ``"vector"``: ``x / sqrt(sum x^2)``; an all-zero column stays 0.
    ``"minmax"``: ``(x - min) / (max - min)``; a constant column is defined
    as 0, so it contributes nothing to any distance.
    """
    if normalization == "vector":
        norm = np.sqrt((m * m).sum(axis=-2, keepdims=True))
        return np.divide(m, norm, out=np.zeros_like(m), where=norm > 0)
    if normalization == "minmax":
        low = m.min(axis=-2, keepdims=True)
        span = m.max(axis=-2, keepdims=True) - low
        return np.divide(m - low, span, out=np.zeros_like(m), where=span > 0)
    raise DecisionInputError(f"unknown normalization {normalization!r}; use 'vector' or 'minmax'")


def closeness(n: FloatArray, w: FloatArray, benefit: BoolArray) -> FloatArray:
    """TOPSIS closeness from normalised matrices and normalised weights.

    ``n`` is ``(A, C)`` or ``(S, A, C)`` (one normalised matrix per weight
    row), ``w`` is ``(S, C)``; returns ``(S, A)``. Because weights are >= 0 the
    weighted ideal is ``w * ideal(n)``, so no ``(S, A, C)`` weighted tensor is
    needed when ``n`` is shared. Cost criteria take their ideal at the minimum.
    """
    best = np.where(benefit, n.max(axis=-2), n.min(axis=-2))
    worst = np.where(benefit, n.min(axis=-2), n.max(axis=-2))
    w2 = w * w
    if n.ndim == 2:
        d_best = w2 @ np.square(n - best).T
        d_worst = w2 @ np.square(n - worst).T
    else:
        d_best = np.einsum("sac,sc->sa", np.square(n - best[:, None, :]), w2)
        d_worst = np.einsum("sac,sc->sa", np.square(n - worst[:, None, :]), w2)
    np.sqrt(d_best, out=d_best)
    np.sqrt(d_worst, out=d_worst)
    total = d_best
    total += d_worst
    coincide = total <= 0
    if coincide.any():
        # All alternatives coincide on every weighted criterion: nobody is closer.
        total[coincide], d_worst[coincide] = 1.0, 0.5
    d_worst /= total
    return d_worst


def topsis(
    matrix: ArrayLike,
    weights: ArrayLike,
    benefit: ArrayLike | None = None,
    normalization: Normalization = "vector",
) -> FloatArray:
    """TOPSIS closeness coefficients (Hwang & Yoon 1981), higher = better.

    Steps: normalise each column (``"vector"`` by default, as in Hwang & Yoon;
    ``"minmax"`` as in pymcdm's default), weight it, then measure Euclidean
    distance to the ideal and anti-ideal points. ``benefit`` is a bool per
    criterion (None = all benefit); cost criteria are handled after
    normalising, by taking their ideal at the minimum (equivalent to inverting
    the normalised column). Constant columns: under minmax the column is 0 and
    contributes nothing; under vector it is fine (every alternative is at both
    ideals on it) and an all-zero column is 0. When all alternatives coincide
    on all weighted criteria (e.g. a single alternative) the closeness is
    defined as 0.5. Returns ``(A,)`` or ``(S, A)`` to match ``weights``.
    """
    m = decision_matrix(matrix)
    w, stacked = weight_stack(weights, m.shape[1])
    b = benefit_mask(benefit, m.shape[1])
    c = closeness(normalise_columns(m, normalization), w, b)
    return c if stacked else c[0]
