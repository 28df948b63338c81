"""Criteria rubric and platform catalogue: models, loading with located errors, rubric scoring.

The names below are loaded on first use: ``advisor.catalog.models`` alone (as the questionnaire
needs it) does not pull in the loader and the scoring.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from advisor.catalog.loader import DEFAULT_DIR, Catalog, CatalogInvalid, Problem, collect, load_catalog
    from advisor.catalog.scoring import CriterionScore, ScoreTable, score_platform, score_table

_HOME = {
    "DEFAULT_DIR": "loader",
    "Catalog": "loader",
    "CatalogInvalid": "loader",
    "Problem": "loader",
    "collect": "loader",
    "load_catalog": "loader",
    "CriterionScore": "scoring",
    "ScoreTable": "scoring",
    "score_platform": "scoring",
    "score_table": "scoring",
}

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


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'advisor.catalog' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"advisor.catalog.{_HOME[name]}"), name)
    globals()[name] = value
    return value
