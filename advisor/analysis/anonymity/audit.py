"""The linear audit: can published sums, put together, give the sum over fewer than k people?

Every published figure of one question is a sum (a mean times its published count, a share times
its count) over a *block*: a visible group of some breakdown, or the whole organisation. Blocks are
unions of *atoms*: the sets of respondents with the same block in every breakdown. Whatever an
attacker computes from the published sums by adding and subtracting is a vector in the row space
of the block x atom incidence matrix ``M``; the sum over a set S of atoms is determined exactly
when its indicator ``1_S`` lies in that row space.

:func:`determined_small_set` decides this for *every* S whose atoms hold fewer than k answers in
total, not only for a list of suspects, and stays cheap:

* Bring ``M`` to reduced row echelon form ``G`` with the large atoms (>= k answers) as pivots first.
  Any vector ``v`` of the row space is ``v = v[P] @ G`` (P: the pivot atoms, ``G[:, P] = I``).
* If ``1_S`` is in the row space, ``S n P`` fixes it: ``1_S = 1_{S n P} @ G``. A small S holds only
  small atoms, so ``S n P`` is a subset Q of the *small pivots* with fewer than k answers in total.
* So it suffices to try every such Q (at most k-1 of the small pivots, whose number is at most the
  rank of ``M``, i.e. the number of published blocks) and check whether ``1_Q @ G`` is a 0/1 vector
  over fewer than k answers. That is exhaustive: no small determined set is missed.

When the number of candidates Q would exceed :data:`MAX_CANDIDATES` the audit answers
conservatively with the small pivots themselves (the caller then withholds more), never "safe".
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
from numpy.typing import NDArray

TOLERANCE = 1e-7
MAX_CANDIDATES = 200_000
BATCH_ELEMENTS = 4_000_000  # candidates x atoms evaluated at once


def row_echelon(matrix: NDArray[np.float64], order: NDArray[np.int64]) -> tuple[NDArray, NDArray]:
    """Reduced row echelon form of ``matrix`` (rows: blocks, columns: atoms), choosing pivot
    columns in ``order``; returns ``G`` (rank x atoms, original column order) and the pivot atoms."""
    a = matrix[:, order].astype(float, copy=True)
    rows, cols = a.shape
    pivots: list[int] = []
    r = c = 0
    while r < rows and c < cols:
        nonzero = (np.abs(a[r:, c:]) > TOLERANCE).any(axis=0)
        if not nonzero.any():
            break
        c += int(np.argmax(nonzero))
        p = r + int(np.argmax(np.abs(a[r:, c])))
        a[[r, p]] = a[[p, r]]
        a[r] /= a[r, c]
        others = np.arange(rows) != r
        a[others] -= np.outer(a[others, c], a[r])
        pivots.append(c)
        r += 1
        c += 1
    g = np.empty((r, cols))
    g[:, order] = a[:r]
    return g, order[np.array(pivots, dtype=np.int64)]


_ECHELONS: dict[bytes, tuple[NDArray, NDArray]] = {}


def _echelon_cached(matrix: NDArray, atom_sizes: NDArray) -> tuple[NDArray, NDArray]:
    """:func:`row_echelon` with the large atoms first, reused for the same block structure.

    Any choice of pivots gives a correct audit (a small set's pivots are small atoms whatever the
    order); putting large atoms first only keeps the number of small pivots, and so of candidates,
    low. Figures with the same blocks (most questions, on complete data) share one echelon form.
    """
    key = np.array(matrix.shape, dtype=np.int64).tobytes() + np.packbits(matrix > 0.5).tobytes()
    if key not in _ECHELONS:
        if len(_ECHELONS) > 64:
            _ECHELONS.clear()
        order = np.lexsort((np.arange(len(atom_sizes)), -atom_sizes))
        _ECHELONS[key] = row_echelon(matrix, order)
    return _ECHELONS[key]


def _subsets(sizes: list[float], budget: float, start: int = 0) -> Iterator[tuple[int, ...]]:
    """Non-empty index subsets of ``sizes`` (ascending) whose sizes sum to less than ``budget``."""
    for i in range(start, len(sizes)):
        if sizes[i] >= budget:
            break
        yield (i,)
        for rest in _subsets(sizes, budget - sizes[i], i + 1):
            yield (i, *rest)


def determined_small_set(
    matrix: NDArray[np.float64], atom_sizes: NDArray[np.float64], k: int
) -> NDArray[np.int64] | None:
    """Atoms of a set with fewer than ``k`` answers whose sum the rows of ``matrix`` determine, or
    None when there is none (see the module docstring)."""
    small = atom_sizes < k
    if not small.any() or not len(matrix):
        return None
    g, pivots = _echelon_cached(matrix, atom_sizes)
    chosen = [i for i, p in enumerate(pivots) if small[p]]
    if not chosen:
        return None
    chosen.sort(key=lambda i: atom_sizes[pivots[i]])
    sizes = [float(atom_sizes[pivots[i]]) for i in chosen]
    rows = g[chosen]
    candidates = _subsets(sizes, float(k))
    batch = max(1, BATCH_ELEMENTS // max(1, g.shape[1]))
    tried = 0
    while True:
        block = [q for _, q in zip(range(batch), candidates, strict=False)]
        if not block:
            return None
        tried += len(block)
        if tried > MAX_CANDIDATES:
            return pivots[chosen]  # too many to try: answer "not shown to be safe"
        indicator = np.zeros((len(block), len(chosen)))
        for row, q in enumerate(block):
            indicator[row, list(q)] = 1.0
        values = indicator @ rows
        binary = (np.abs(values) < TOLERANCE) | (np.abs(values - 1) < TOLERANCE)
        members = values > 0.5
        total = members @ atom_sizes
        valid = binary.all(axis=1) & (total < k) & (total > 0)
        if valid.any():
            return np.flatnonzero(members[int(np.argmax(valid))])
