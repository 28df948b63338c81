"""Criteria rubric and platform catalogue: models, loading with located errors, rubric scoring."""

from advisor.catalog.loader import DEFAULT_DIR, Catalog, CatalogInvalid, Problem, collect, load_catalog
from advisor.catalog.scoring import CriterionScore, ScoreTable, score_platform, score_table

__all__ = [
    "DEFAULT_DIR",
    "Catalog",
    "CatalogInvalid",
    "CriterionScore",
    "Problem",
    "ScoreTable",
    "collect",
    "load_catalog",
    "score_platform",
    "score_table",
]
