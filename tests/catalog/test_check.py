"""`catalog check` names file, line and field for every broken fixture, and never tracebacks."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from advisor.catalog import CatalogInvalid, collect, load_catalog
from tests.conftest import FIXTURES

BROKEN = FIXTURES / "catalog" / "broken"
MINIMAL = FIXTURES / "catalog" / "minimal"
TODAY = dt.date(2026, 11, 23)

# case -> (file, line, field, fragment of the English message)
EXPECTED = {
    "syntax_error": ("platforms/alpha.yaml", 8, "", "YAML syntax error"),
    "unknown_criterion": ("platforms/alpha.yaml", 26, "overrides.costs", "unknown criterion 'costs'"),
    "score_out_of_range": ("criteria.yaml", 13, "criteria.0.indicators.0.scale.full.score", "at most 10"),
    "missing_source": ("platforms/alpha.yaml", 15, "facts.audit_log.source", "required field is missing"),
    "duplicate_id": ("platforms/alpha_copy.yaml", 1, "id", "duplicate platform id 'alpha'"),
    "duplicate_key": ("platforms/alpha.yaml", 4, "", "duplicate key 'vendor'"),
    "value_not_on_scale": ("platforms/alpha.yaml", 21, "facts.e2ee.value", "'sometimes' is not on the scale"),
    "missing_fact": ("platforms/alpha.yaml", 9, "facts.audit_log", "missing fact"),
    "override_without_reason": ("platforms/alpha.yaml", 28, "overrides.control.justification", "at least 20"),
    "unknown_must_have_indicator": (
        "criteria.yaml",
        37,
        "must_haves.0.any_of.0",
        "unknown indicator 'encryption'",
    ),
}


def test_minimal_fixture_is_valid_and_its_old_fact_is_stale():
    catalog, problems = collect(MINIMAL, today=TODAY)
    assert catalog is not None
    stale = [p for p in problems if p.severity == "stale"]
    assert [(p.field, p.line) for p in stale] == [("facts.e2ee.checked", 23)]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_broken_fixture_reports_file_line_and_field(case):
    file, line, field, fragment = EXPECTED[case]
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(BROKEN / case, today=TODAY)
    errors = info.value.problems
    assert len(errors) == 1, [str(e) for e in errors]
    error = errors[0]
    assert error.file == BROKEN / case / file
    assert (error.line, error.field) == (line, field)
    collect_en = collect(BROKEN / case, today=TODAY, lang="en")[1]
    assert fragment in next(p for p in collect_en if p.severity == "error").message


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_check_command_exits_2_with_location_and_no_traceback(cli, case):
    file, line, field, _ = EXPECTED[case]
    result = cli("catalog", "check", str(BROKEN / case), "--today", "2026-11-23")
    assert result.returncode == 2
    assert f"{Path(file).name}:{line}" in result.stderr
    assert field in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_stale_facts_are_reported_but_only_fail_with_strict(cli):
    relaxed = cli("catalog", "check", str(MINIMAL), "--today", "2026-11-23")
    strict = cli("catalog", "check", str(MINIMAL), "--today", "2026-11-23", "--strict")
    assert relaxed.returncode == 0 and "alpha.yaml:23" in relaxed.stdout
    assert strict.returncode == 2


def test_check_of_a_missing_directory_is_a_clear_error(cli):
    result = cli("catalog", "check", "/nonexistent/catalogue")
    assert result.returncode == 2
    assert "/nonexistent/catalogue" in result.stderr and "Traceback" not in result.stderr


def test_organisation_extension_adds_a_criterion_without_code_changes(tmp_path):
    """An organisation adds 'cost' with one indicator and the facts for it in its own file."""
    extension = tmp_path / "org.yaml"
    lines = [
        "criteria:",
        "  - id: cost",
        "    name: {nl: Kosten, en: Cost}",
        "    description: {nl: Wat kost het per persoon, en: What it costs per person}",
        "    indicators:",
        "      - id: price_level",
        "        name: {nl: Prijsniveau, en: Price level}",
        "        description: {nl: Licentie per persoon, en: Licence per person}",
        "        weight: 1",
        "        scale:",
        "          low: {score: 10, nl: laag, en: low}",
        "          high: {score: 2, nl: hoog, en: high}",
        "facts:",
        "  alpha:",
        "    price_level: {value: high, source: 'https://alpha.example.org/pricing', "
        "checked: 2026-10-01, verified: true}",
    ]
    extension.write_text("\n".join(lines) + "\n")
    catalog = load_catalog(MINIMAL, [extension], today=TODAY)
    assert catalog.criterion_ids == ["control", "privacy", "cost"]
    from advisor.catalog import score_platform

    assert score_platform(catalog, catalog.platform("alpha"))["cost"].score == 2


def test_extension_for_an_unknown_criterion_is_reported_with_its_line(tmp_path):
    extension = tmp_path / "org.yaml"
    extension.write_text("indicators:\n  costs:\n    - id: x\n")
    with pytest.raises(CatalogInvalid) as info:
        load_catalog(MINIMAL, [extension], today=TODAY)
    assert any(p.file == extension and p.line for p in info.value.problems)
