"""The scoring service: catalogue + weights -> must-haves, rankings, uncertainty, sensitivity."""

from advisor.scoring.musthaves import Exclusion, apply_must_haves, resolve_must_haves
from advisor.scoring.service import Ranking, WeightSource, align_weights, rank_platforms, rank_survey

__all__ = [
    "Exclusion",
    "Ranking",
    "WeightSource",
    "align_weights",
    "apply_must_haves",
    "rank_platforms",
    "rank_survey",
    "resolve_must_haves",
]
