"""Criterion weights: validation and normalisation, AHP, rank-order centroid.

Conventions
-----------
* A weight vector has shape ``(C,)``; a stack of weight vectors (samples,
  participants, segments) has shape ``(S, C)``. Every function accepts both and
  runs the same code path: inputs are reshaped to 2-D and the result is
  returned in the matching shape.
* Weights must be finite and non-negative with a positive sum; they are
  normalised to sum to 1 per row.
* AHP: the pairwise matrix holds ``a[i, j]`` = how much more important
  criterion ``i`` is than criterion ``j`` (Saaty's 1-9 scale), so
  ``a[j, i] = 1 / a[i, j]`` and the diagonal is 1. Several participants'
  matrices, stacked as ``(K, n, n)``, are first aggregated element-wise by the
  geometric mean (aggregation of individual judgements, AIJ), which keeps
  reciprocity.
* Consistency ratio CR = CI / RI with CI = (lambda_max - n) / (n - 1); the
  random index table used is part of the result. CR <= 0.10 counts as
  consistent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from advisor.decision.errors import DecisionInputError

FloatArray = NDArray[np.float64]

AHPMethod = Literal["eigenvector", "geometric"]
RandomIndexTable = Literal["saaty1980", "saaty2005", "donegan_dodd1991", "tummala_ling1998"]

#: Random consistency indices RI(n), n = 1, 2, ...; RI(1) = RI(2) = 0.
# fmt: off
RANDOM_INDEX: dict[str, tuple[float, ...]] = {
    "saaty1980": (
        0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
        1.51, 1.48, 1.56, 1.57, 1.59,
    ),
    "saaty2005": (0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49),
    "donegan_dodd1991": (
        0.0, 0.0, 0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055,
    ),
    "tummala_ling1998": (
        0.0, 0.0, 0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882,
    ),
}
# fmt: on

#: CR at or below this threshold is the usual "consistent enough" (Saaty).
CONSISTENCY_THRESHOLD = 0.10


def _where(row: int, column: int, stacked: bool) -> str:
    if stacked:
        return f"weight sample {row}, criterion {column}"
    return f"criterion {column}"


def weight_stack(weights: ArrayLike, n_criteria: int | None = None) -> tuple[FloatArray, bool]:
    """Validate weights and return them as a normalised ``(S, C)`` stack.

    Returns the stack and whether the input was a stack (2-D), so callers can
    return results in the matching shape. Raises :class:`DecisionInputError`
    for wrong shapes, NaN/inf, negative entries or an all-zero row.
    """
    w = np.asarray(weights, dtype=np.float64)
    stacked = w.ndim == 2
    if w.ndim not in (1, 2):
        raise DecisionInputError(f"weights must be one vector (C,) or a stack (S, C), got shape {w.shape}")
    w2 = w if stacked else w[np.newaxis, :]
    if w2.shape[0] == 0 or w2.shape[1] == 0:
        raise DecisionInputError(f"weights are empty: shape {w.shape}")
    if n_criteria is not None and w2.shape[1] != n_criteria:
        raise DecisionInputError(
            f"weights have {w2.shape[1]} entries per vector but the matrix has {n_criteria} criteria"
        )
    bad = ~np.isfinite(w2)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise DecisionInputError(f"weight is not a finite number ({w2[r, c]}) at {_where(r, c, stacked)}")
    negative = w2 < 0
    if negative.any():
        r, c = np.argwhere(negative)[0]
        raise DecisionInputError(
            f"weight is negative ({w2[r, c]:g}) at {_where(r, c, stacked)}; weights must be >= 0"
        )
    totals = w2 @ np.ones(w2.shape[1])  # faster than sum(axis=1) on short rows
    if (totals <= 0).any():
        r = int(np.flatnonzero(totals <= 0)[0])
        which = f"weight sample {r}" if stacked else "weight vector"
        raise DecisionInputError(f"{which} is all zero; at least one weight must be > 0")
    return w2 / totals[:, np.newaxis], stacked


def normalise_weights(weights: ArrayLike) -> FloatArray:
    """Return weights scaled to sum to 1 (per row for a stack), same shape."""
    w2, stacked = weight_stack(weights)
    return w2 if stacked else w2[0]


def roc_weights(order: Sequence[int] | ArrayLike) -> FloatArray:
    """Rank-order centroid weights from a ranking of criteria.

    ``order`` lists criterion indices from most to least important and must be
    a permutation of ``0..C-1`` (no ties). The criterion at rank k (1-based) of
    n gets ``w_k = (1/n) * sum_{i=k..n} 1/i`` (Barron & Barrett 1996). The
    result is aligned with criterion index, not with rank.
    """
    idx = np.asarray(order)
    if idx.ndim != 1 or idx.size == 0:
        raise DecisionInputError(f"order must be a non-empty list of criterion indices, got {order!r}")
    n = idx.size
    if not np.issubdtype(idx.dtype, np.integer) or sorted(idx.tolist()) != list(range(n)):
        raise DecisionInputError(
            f"order must be a permutation of 0..{n - 1} (each criterion exactly once), got {idx.tolist()}"
        )
    by_rank = np.cumsum((1.0 / np.arange(1, n + 1))[::-1])[::-1] / n
    weights = np.empty(n)
    weights[idx] = by_rank
    return weights


@dataclass(frozen=True, eq=False)
class AHPResult:
    """Priorities and consistency of one (possibly group-aggregated) AHP matrix.

    ``lambda_max`` is the principal eigenvalue for ``method="eigenvector"``;
    for ``method="geometric"`` it is estimated as mean_i (A w)_i / w_i.
    ``random_index`` is RI(n) from ``random_index_table``; ``cr`` is 0 for
    n <= 2 (RI = 0, every such matrix is consistent).
    """

    weights: FloatArray
    lambda_max: float
    ci: float
    cr: float
    n: int
    method: AHPMethod
    random_index_table: RandomIndexTable
    random_index: float

    @property
    def consistent(self) -> bool:
        """CR <= 0.10, Saaty's usual threshold for acceptable judgements."""
        return self.cr <= CONSISTENCY_THRESHOLD


def _check_pairwise(p: FloatArray, tolerance: float) -> None:
    stacked = p.shape[0] > 1
    for k, a in enumerate(p):
        who = f"participant {k}: " if stacked else ""
        bad = ~np.isfinite(a) | (a <= 0)
        if bad.any():
            i, j = np.argwhere(bad)[0]
            raise DecisionInputError(
                f"{who}cell ({i},{j})={a[i, j]:g}; judgements must be positive finite numbers"
            )
        off_diagonal = np.abs(np.diag(a) - 1.0) > tolerance
        if off_diagonal.any():
            i = int(np.flatnonzero(off_diagonal)[0])
            raise DecisionInputError(f"{who}diagonal cell ({i},{i})={a[i, i]:g}, expected 1")
        broken = np.abs(a * a.T - 1.0) > tolerance
        if broken.any():
            i, j = np.argwhere(np.triu(broken))[0]
            raise DecisionInputError(
                f"{who}cell ({i},{j})={a[i, j]:g} but ({j},{i})={a[j, i]:g}, "
                f"expected {1.0 / a[i, j]:g} (judgements must be reciprocal)"
            )


def aggregate_judgements(pairwise: ArrayLike, tolerance: float = 1e-3) -> FloatArray:
    """Validate pairwise matrices and aggregate a stack by element-wise geometric mean.

    Accepts ``(n, n)`` (returned validated) or ``(K, n, n)``. The lower
    triangle of the aggregate is set to the exact reciprocal of the upper one,
    so reciprocity holds to the last bit. ``tolerance`` bounds
    ``|a[i,j] * a[j,i] - 1|`` and ``|a[i,i] - 1|`` (0.333 for 1/3 passes).
    """
    p = np.asarray(pairwise, dtype=np.float64)
    if p.ndim == 2:
        p = p[np.newaxis]
    if p.ndim != 3 or p.shape[1] != p.shape[2]:
        raise DecisionInputError(
            f"pairwise comparisons must be a square matrix (n, n) or a stack (K, n, n), "
            f"got shape {np.shape(pairwise)}"
        )
    if p.shape[0] == 0 or p.shape[1] == 0:
        raise DecisionInputError(f"pairwise comparisons are empty: shape {np.shape(pairwise)}")
    _check_pairwise(p, tolerance)
    mean = np.exp(np.log(p).mean(axis=0))
    upper = np.triu(mean, k=1)
    lower_from_upper = np.tril(1.0 / mean.T, k=-1)
    return upper + lower_from_upper + np.eye(p.shape[1])


def _priorities(a: FloatArray, method: AHPMethod) -> tuple[FloatArray, float]:
    if method == "eigenvector":
        values, vectors = np.linalg.eig(a)
        k = int(np.argmax(values.real))
        w = np.abs(vectors[:, k].real)
        return w / w.sum(), float(values[k].real)
    # Row geometric mean; lambda_max estimated as mean_i (A w)_i / w_i.
    g = np.exp(np.log(a).mean(axis=1))
    w = g / g.sum()
    return w, float(np.mean((a @ w) / w))


def ahp(
    pairwise: ArrayLike,
    method: AHPMethod = "eigenvector",
    random_index: RandomIndexTable = "saaty1980",
    tolerance: float = 1e-3,
) -> AHPResult:
    """Priority weights and consistency ratio from pairwise comparisons.

    ``pairwise`` is one ``(n, n)`` matrix or a stack ``(K, n, n)`` of several
    participants' judgements, aggregated element-wise by geometric mean first.
    ``method="eigenvector"`` (Saaty) takes the principal right eigenvector;
    ``method="geometric"`` takes normalised row geometric means and estimates
    lambda_max as mean_i (A w)_i / w_i. The two agree on consistent matrices
    and differ on inconsistent ones. CI is clipped at 0 (rounding can put
    lambda_max a hair below n). Raises :class:`DecisionInputError` for
    non-square, non-positive, non-reciprocal input, a diagonal other than 1,
    an unknown RI table, or n beyond the chosen RI table.
    """
    if method not in ("eigenvector", "geometric"):
        raise DecisionInputError(f"unknown AHP method {method!r}; use 'eigenvector' or 'geometric'")
    if random_index not in RANDOM_INDEX:
        raise DecisionInputError(
            f"unknown random index table {random_index!r}; use one of {sorted(RANDOM_INDEX)}"
        )
    a = aggregate_judgements(pairwise, tolerance)
    n = a.shape[0]
    table = RANDOM_INDEX[random_index]
    if n > len(table):
        raise DecisionInputError(
            f"{n} criteria compared but the {random_index} random index table stops at "
            f"n={len(table)}; compare fewer criteria or pick another table"
        )
    weights, lambda_max = _priorities(a, method)
    ci = max((lambda_max - n) / (n - 1), 0.0) if n > 1 else 0.0
    ri = table[n - 1]
    cr = ci / ri if ri > 0 else 0.0
    weights.flags.writeable = False
    return AHPResult(
        weights=weights,
        lambda_max=lambda_max,
        ci=ci,
        cr=cr,
        n=n,
        method=method,
        random_index_table=random_index,
        random_index=ri,
    )
