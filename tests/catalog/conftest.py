"""Small catalogues of our own in tmp_path: the shipped rubric and platform files written per test.

The shipped platform files are being rewritten, so the checker is tested on files written here:
each platform gets a valid, dated, verified fact for every indicator unless a test says otherwise.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.catalog.models import is_plan_dependent
from advisor.yamlio import load_yaml
from tests.conftest import ROOT

RUBRIC = ROOT / "criteria" / "criteria.yaml"
TODAY = dt.date(2026, 12, 2)


def fact(value: str, page: str = "docs/page", **fields: Any) -> dict[str, Any]:
    """A fact as written in a platform file: a specific page, dated, primary, verified."""
    return {
        "value": value,
        "source": f"https://docs.example.org/{page}",
        "source_title": f"About {page}",
        "publisher": "Example Docs",
        "source_date": dt.date(2026, 6, 1),
        "source_kind": "primary",
        "checked": dt.date(2026, 11, 30),
        "verified": True,
        **fields,
    }


def price(amount: float | None = 6.5, **fields: Any) -> dict[str, Any]:
    base = fact("x", "pricing", **fields)
    del base["value"]
    return {
        **({"amount": amount, "currency": "EUR", "billing": "annual"} if amount is not None else {}),
        **base,
    }


class Catalogue:
    """A catalogue directory: criteria.yaml copied from the repository, platform files from dicts."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "platforms").mkdir(parents=True)
        shutil.copy(RUBRIC, root / "criteria.yaml")
        self.rubric = load_yaml(RUBRIC)  # YAML 1.2: the levels "yes" and "no" stay text

    @property
    def scales(self) -> dict[str, dict[str, Any]]:
        return {i["id"]: i["scale"] for c in self.rubric["criteria"] for i in c["indicators"]}

    def base_facts(self) -> dict[str, dict[str, Any]]:
        """A concrete (not plan-dependent) level for every indicator, each from its own page."""
        return {
            ind_id: fact(next(level for level in scale if not is_plan_dependent(level)), f"docs/{ind_id}")
            for ind_id, scale in self.scales.items()
        }

    def platform(self, platform_id: str = "alpha", facts: dict | None = None, **fields: Any) -> Path:
        """Write ``platforms/<id>.yaml``; ``facts`` replace or add to the base facts."""
        data = {
            "id": platform_id,
            "name": platform_id.title(),
            "vendor": f"{platform_id.title()} BV",
            "vendor_country": "NL",
            "jurisdiction": "NL",
            "lifecycle": {"status": "active"},
            "hosting": ["saas"],
            **copy.deepcopy(fields),
            "facts": {**self.base_facts(), **(facts or {})},
        }
        path = self.root / "platforms" / f"{platform_id}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return path

    def line(self, platform_id: str, text: str, after: str = "") -> int:
        """The 1-based line of the first line containing ``text`` (after the line containing ``after``)."""
        lines = (self.root / "platforms" / f"{platform_id}.yaml").read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if after in line) if after else 0
        return next(i for i, line in enumerate(lines) if i >= start and text in line) + 1


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return Catalogue(tmp_path / "catalogue")
