"""Small catalogues with plans and prices, written to tmp_path (the shipped files are being edited).

``shop`` is the catalogue most tests use:

* alpha: EU data residency only on Business and Enterprise. Free €0 (month to month), Pro €6.50,
  Business €12.50 (annual), Enterprise quote only.
* beta: Standard €10.83 (at most 300 users), Minimum $4.00 (at least 500 users); Dutch interface
  only partial.
* gamma: a reference entry (``recommend: false``) with the best facts of all; Free €0.

Every fact is verified against a specific page, so scores have no spread unless a test adds one.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.catalog import Catalog, load_catalog
from tests.catalog.conftest import TODAY, Catalogue, fact, price
from tests.conftest import ROOT

EQUAL = {"control": 1, "privacy": 1, "usability": 1, "integrations": 1, "separation": 1}
DEMO_SURVEY = ROOT / "surveys" / "demo" / "demo-native.csv"
DEMO_ORGANISATION = ROOT / "surveys" / "demo" / "organisation.yaml"
# The demo survey's departments with headcounts that add up to 400 (each at least its respondents).
HEADCOUNTS_400 = {
    "editorial": 140,
    "printing": 90,
    "sales": 64,
    "marketing": 44,
    "it": 34,
    "management": 22,
    "legal": 6,
}


def plan(
    plan_id: str,
    amount: float | None,
    currency: str = "EUR",
    billing: str = "annual",
    facts: dict[str, Any] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A plan as written in a platform file; ``amount`` None is a quote-only price."""
    if amount is None:
        cost = {**price(None), "quote_only": True}
    else:
        cost = {**price(amount), "currency": currency, "billing": billing}
    name = fields.pop("name", plan_id.replace("_", " ").title())
    return {"id": plan_id, "name": name, "price": cost, "facts": facts or {}, **fields}


def no(indicator: str = "eu_data_residency") -> dict[str, Any]:
    return {indicator: fact("no", f"docs/{indicator}-no")}


def write_shop(catalogue: Catalogue) -> Catalogue:
    eu_yes = {"eu_data_residency": fact("yes", "docs/eu-yes")}
    catalogue.platform(
        "alpha",
        facts={**no("eu_data_residency"), **no("self_hosting")},
        plans=[
            plan("free", 0, billing="monthly"),
            plan("pro", 6.5),
            plan("business", 12.5, facts=eu_yes),
            plan("enterprise", None, facts=eu_yes),
        ],
    )
    catalogue.platform(
        "beta",
        facts={"dutch_ui": fact("partial", "docs/dutch")},
        plans=[plan("standard", 10.83, max_seats=300), plan("minimum", 4.0, "USD", min_seats=500)],
    )
    catalogue.platform(
        "gamma",
        recommend=False,
        reference_note={"nl": "Alleen ter vergelijking.", "en": "For comparison only."},
        plans=[plan("free", 0, billing="monthly")],
    )
    return catalogue


@pytest.fixture
def shop_dir(tmp_path: Path) -> Path:
    return write_shop(Catalogue(tmp_path / "catalogue")).root


@pytest.fixture
def shop(shop_dir: Path) -> Catalog:
    return load_catalog(shop_dir, today=TODAY)


@pytest.fixture
def catalogue(tmp_path: Path) -> Catalogue:
    return Catalogue(tmp_path / "own")


def survey_with_headcounts(folder: Path, headcounts: dict[str, int] | None, **extra: Any) -> Path:
    """The demo survey beside an organisation file with these headcounts (None: no headcounts)."""
    folder.mkdir(parents=True, exist_ok=True)
    survey = folder / "survey.csv"
    shutil.copy(DEMO_SURVEY, survey)
    organisation = yaml.safe_load(DEMO_ORGANISATION.read_text(encoding="utf-8"))
    organisation.pop("headcounts", None)
    if headcounts is not None:
        organisation["headcounts"] = {"department": headcounts}
    organisation.update(extra)
    text = yaml.safe_dump(organisation, sort_keys=False, allow_unicode=True)
    (folder / "organisation.yaml").write_text(text, encoding="utf-8")
    return survey
