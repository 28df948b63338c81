"""The coverage report of `catalog check`: facts by evidence per platform and in total, in nl and en."""

from __future__ import annotations

import json

import pytest

from advisor.catalog.coverage import Coverage, platform_coverage, total_coverage
from advisor.catalog.loader import check
from tests.catalog.conftest import TODAY, fact, price

ROOT_PAGE = "https://alpha.example.org/"


def _mixed(catalogue):
    """alpha: 24 base facts (20 primary, 2 secondary, 1 unverified on a site root, 1 unknown; one
    undated) and one plan (a primary price, an unverified plan fact): 26 facts. beta: 24 primary."""
    ids = list(catalogue.scales)
    undated = fact(catalogue.base_facts()[ids[4]]["value"], f"docs/{ids[4]}")
    del undated["source_date"]
    catalogue.platform(
        "alpha",
        facts={
            ids[0]: fact(catalogue.base_facts()[ids[0]]["value"], source_kind="secondary"),
            ids[1]: fact(catalogue.base_facts()[ids[1]]["value"], source_kind="secondary"),
            ids[2]: fact(catalogue.base_facts()[ids[2]]["value"], source=ROOT_PAGE, verified=False),
            ids[3]: fact("unknown", verified=False),
            ids[4]: undated,
        },
        plans=[
            {
                "id": "pro",
                "name": "Alpha Pro",
                "price": price(4.0),
                "facts": {"audit_log": fact("no", source_kind="secondary", verified=False)},
            }
        ],
    )
    catalogue.platform("beta")


EXPECTED_ALPHA = Coverage(primary=21, secondary=2, unverified=2, unknown=1, dated=25, site_roots=1)


def test_coverage_counts_base_facts_plan_facts_and_prices_by_evidence(catalogue):
    _mixed(catalogue)
    result = check(catalogue.root, today=TODAY)
    by_id = {p.id: p for p in result.platforms}
    alpha = platform_coverage(by_id["alpha"])
    assert alpha == EXPECTED_ALPHA
    assert (alpha.facts, alpha.verified, alpha.share) == (26, 23, pytest.approx(23 / 26))
    total = total_coverage(result.platforms)
    assert total == EXPECTED_ALPHA + Coverage(primary=24, dated=24)
    assert (total.facts, total.verified) == (50, 47)


def _table(output: str, first_cell: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(first_cell))
    end = next(i for i in range(start, len(lines)) if not lines[i].strip())
    return lines[start:end]


def test_check_prints_the_coverage_per_platform_and_in_total_aligned_in_dutch(catalogue, cli):
    _mixed(catalogue)
    result = cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    table = _table(result.stdout, "Platform")
    assert table[0].split() == [
        "Platform",
        "Feiten",
        "Primair",
        "Secundair",
        "Niet",
        "gecontroleerd",
        "Onbekend",
        "Gecontroleerd",
        "Brondatum",
        "Voorpagina's",
    ]
    assert len({len(line) for line in table}) == 1, "columns are not aligned"
    rows = {line.split()[0]: line.split()[1:] for line in table}
    assert rows["Alpha"] == ["26", "21", "2", "2", "1", "88,5%", "25", "1"]
    assert rows["Beta"] == ["24", "24", "0", "0", "0", "100,0%", "24", "0"]
    assert rows["Totaal"] == ["50", "45", "2", "2", "1", "94,0%", "49", "1"]
    assert "Doel: 80% van alle feiten" in result.stdout and "nu 94,0% (47 van 50)" in result.stdout


def test_check_prints_the_coverage_in_english_with_lang_en(catalogue, cli):
    _mixed(catalogue)
    result = cli("--lang", "en", "catalog", "check", str(catalogue.root), "--today", TODAY.isoformat())
    table = _table(result.stdout, "Platform")
    assert "Primary" in table[0] and "Site roots" in table[0]
    rows = {line.split()[0]: line.split()[1:] for line in table}
    assert rows["Total"] == ["50", "45", "2", "2", "1", "94.0%", "49", "1"]
    assert "Target: 80% of all facts" in result.stdout and "now 94.0% (47 of 50)" in result.stdout


def test_the_80_percent_target_is_reported_not_checked(catalogue, cli):
    catalogue.platform(facts={i: fact(f["value"], verified=False) for i, f in catalogue.base_facts().items()})
    result = cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat(), "--strict")
    assert result.returncode == 0, result.stderr
    assert "nu 0,0% (0 van 24)" in result.stdout


def test_check_json_carries_problems_with_lines_and_the_coverage(catalogue, cli):
    _mixed(catalogue)
    result = cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat(), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["valid"], report["passed"]) == (True, True)
    assert report["counts"] == {"error": 0, "warning": 1, "incomplete": 1, "stale": 0}
    warning = next(p for p in report["problems"] if p["severity"] == "warning")
    assert warning["file"].endswith("alpha.yaml") and warning["line"] == catalogue.line("alpha", ROOT_PAGE)
    alpha = next(p for p in report["coverage"]["platforms"] if p["id"] == "alpha")
    assert alpha == {"id": "alpha", "name": "Alpha", **EXPECTED_ALPHA.as_dict()}
    assert report["coverage"]["total"]["facts"] == 50 and report["coverage"]["target_share"] == 0.8


def test_check_json_of_an_invalid_catalogue_exits_2_and_still_has_the_coverage_of_valid_files(catalogue, cli):
    catalogue.platform("alpha", facts={"audit_log": fact("yes", source=ROOT_PAGE)})
    catalogue.platform("beta")
    result = cli("catalog", "check", str(catalogue.root), "--today", TODAY.isoformat(), "--json")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert (report["valid"], report["counts"]["error"]) == (False, 1)
    assert [p["id"] for p in report["coverage"]["platforms"]] == ["alpha", "beta"]


def test_catalog_listing_carries_plans_coverage_and_no_pricing_note(catalogue, cli):
    _mixed(catalogue)
    listing = cli("catalog", "--criteria-dir", str(catalogue.root), "--json")
    assert listing.returncode == 0, listing.stderr
    alpha = next(r for r in json.loads(listing.stdout) if r["id"] == "alpha")
    assert alpha["pricing_note"] is None
    assert alpha["plans"][0]["price"] | {"amount": 4.0, "currency": "EUR"} == alpha["plans"][0]["price"]
    assert alpha["coverage"]["verified"] == 23 and alpha["coverage"]["facts"] == 26
    table = cli("catalog", "--criteria-dir", str(catalogue.root))
    assert "23/26" in table.stdout
