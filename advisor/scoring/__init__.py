"""The scoring service: catalogue + weights -> must-haves and plans, rankings, uncertainty, sensitivity."""

from advisor.scoring.cost import COST_CRITERION
from advisor.scoring.musthaves import Choice, Exclusion, apply_must_haves, choose_options, resolve_must_haves
from advisor.scoring.prices import Costing, OptionCost, Seats, organisation_seats
from advisor.scoring.service import (
    RANKING_SAMPLES,
    RANKING_SEED,
    Ranking,
    WeightSource,
    align_weights,
    criterion_name,
    rank_platforms,
    rank_survey,
)
from advisor.scoring.verdict import Flip, Verdict, verdict

__all__ = [
    "COST_CRITERION",
    "RANKING_SAMPLES",
    "RANKING_SEED",
    "Choice",
    "Costing",
    "Exclusion",
    "Flip",
    "OptionCost",
    "Ranking",
    "Seats",
    "Verdict",
    "WeightSource",
    "align_weights",
    "apply_must_haves",
    "choose_options",
    "criterion_name",
    "organisation_seats",
    "rank_platforms",
    "rank_survey",
    "resolve_must_haves",
    "verdict",
]
