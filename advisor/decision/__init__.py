"""Decision methods for choosing among alternatives: pure numpy, no domain knowledge.

Arrays in, arrays or small frozen dataclasses out. A decision matrix is
``(A, C)``: A alternatives scored on C criteria. Functions that take weights
accept one vector ``(C,)`` or a stack ``(S, C)`` and answer in the matching
shape. Malformed input raises :class:`DecisionInputError` naming the row,
column, sample or cell (0-based indices).

* :mod:`.weights` - weight normalisation, AHP (eigenvector or geometric mean,
  four random-index tables, group aggregation), rank-order centroid weights.
* :mod:`.methods` - weighted sum and TOPSIS (vector or min-max normalisation).
* :mod:`.uncertainty` - SMAA-2 rank acceptability, central weights, confidence.
* :mod:`.sensitivity` - exact weight-stability intervals for the weighted sum.
"""

from advisor.decision.errors import DecisionInputError
from advisor.decision.methods import topsis, weighted_sum
from advisor.decision.sensitivity import StabilityIntervals, stability_intervals
from advisor.decision.uncertainty import RankAcceptability, rank_acceptability, ranks
from advisor.decision.weights import (
    RANDOM_INDEX,
    AHPResult,
    ahp,
    normalise_weights,
    roc_weights,
)

__all__ = [
    "RANDOM_INDEX",
    "AHPResult",
    "DecisionInputError",
    "RankAcceptability",
    "StabilityIntervals",
    "ahp",
    "normalise_weights",
    "rank_acceptability",
    "ranks",
    "roc_weights",
    "stability_intervals",
    "topsis",
    "weighted_sum",
]
