"""`catalog check` on plans, prices, hosts and reference entries."""

from __future__ import annotations

import pytest

from advisor.catalog.loader import collect
from advisor.catalog.models import is_plan_dependent
from advisor.yamlio import load_yaml
from tests.catalog.conftest import RUBRIC, TODAY, fact, price


def _plan(plan_id: str, facts: dict | None = None, **fields) -> dict:
    return {"id": plan_id, "name": plan_id.title(), "price": price(), "facts": facts or {}, **fields}


def _errors(catalogue, lang="en"):
    return [p for p in collect(catalogue.root, today=TODAY, lang=lang)[1] if p.severity == "error"]


def _plan_dependent_levels() -> list[tuple[str, str]]:
    rubric = load_yaml(RUBRIC)
    return [
        (indicator["id"], level)
        for criterion in rubric["criteria"]
        for indicator in criterion["indicators"]
        for level in indicator["scale"]
        if is_plan_dependent(level)
    ]


def test_the_plan_dependent_levels_are_found_from_the_scales_not_a_list():
    found = _plan_dependent_levels()
    assert ("membership_admin", "paid_tier") in found
    assert ("managed_device", "paid_tier") in found
    assert ("guest_policy", "expiry_paid_tier") in found
    assert ("guest_policy", "no_guests") not in found


@pytest.mark.parametrize(("indicator", "level"), _plan_dependent_levels())
def test_a_plan_dependent_base_fact_left_unresolved_on_a_plan_is_an_error_naming_plan_and_indicator(
    catalogue, indicator, level
):
    concrete = next(value for value in catalogue.scales[indicator] if not is_plan_dependent(value))
    catalogue.platform(
        facts={indicator: fact(level)},
        plans=[_plan("free", {indicator: fact(concrete)}), _plan("business")],
    )
    [error] = _errors(catalogue)
    assert error.field == f"plans.1.facts.{indicator}"
    assert error.line == catalogue.line("alpha", "facts:", after="id: business")
    assert "alpha" in error.message and "'business'" in error.message and indicator in error.message


def test_a_plan_dependent_fact_resolved_on_every_plan_is_valid(catalogue):
    catalogue.platform(
        facts={"guest_policy": fact("expiry_paid_tier")},
        plans=[
            _plan("standard", {"guest_policy": fact("policy")}),
            _plan("premium", {"guest_policy": fact("policy_and_expiry")}),
        ],
    )
    catalog, problems = collect(catalogue.root, today=TODAY)
    assert catalog is not None and problems == []


def test_a_plan_fact_that_is_itself_plan_dependent_is_an_error(catalogue):
    catalogue.platform(
        facts={"audit_log": fact("paid_tier")},
        plans=[_plan("pro", {"audit_log": fact("paid_tier")})],
    )
    [error] = _errors(catalogue)
    assert error.field == "plans.0.facts.audit_log.value"
    assert error.line == catalogue.line("alpha", "value: paid_tier", after="plans:")
    assert "yes" in error.message and "paid_tier" in error.message


def test_plan_facts_must_be_known_indicators_with_values_on_the_scale(catalogue):
    catalogue.platform(
        plans=[_plan("pro", {"audit_log": fact("sometimes"), "price_level": fact("low")})],
    )
    errors = {p.field: p for p in _errors(catalogue)}
    assert set(errors) == {"plans.0.facts.audit_log.value", "plans.0.facts.price_level"}
    assert "'sometimes' is not on the scale" in errors["plans.0.facts.audit_log.value"].message
    assert errors["plans.0.facts.price_level"].line == catalogue.line("alpha", "price_level:")


def test_two_plans_with_the_same_id_are_an_error_on_the_second(catalogue):
    catalogue.platform(plans=[_plan("pro"), _plan("pro")])
    [error] = _errors(catalogue)
    assert error.field == "plans.1.id"
    lines = [
        i + 1
        for i, line in enumerate((catalogue.root / "platforms" / "alpha.yaml").read_text().splitlines())
        if "id: pro" in line
    ]
    assert error.line == lines[1]


def test_plan_dependent_values_without_any_plan_are_incomplete_not_an_error(catalogue):
    catalogue.platform(facts={"audit_log": fact("paid_tier")})
    catalog, problems = collect(catalogue.root, today=TODAY)
    assert catalog is not None
    [problem] = problems
    assert (problem.severity, problem.field) == ("incomplete", "facts")
    assert "audit_log" in problem.message


@pytest.mark.parametrize(
    ("written", "english", "dutch"),
    [
        (
            {"amount": 5, "currency": "EUR", "billing": "annual", "quote_only": True},
            "has no 'amount'",
            "geen 'amount'",
        ),
        ({"amount": 5, "billing": "annual"}, "needs 'amount', 'currency'", "heeft 'amount', 'currency'"),
    ],
)
def test_an_impossible_price_is_an_error_on_its_line_in_both_languages(catalogue, written, english, dutch):
    sourced = {k: v for k, v in price(None).items()}
    catalogue.platform(plans=[{"id": "pro", "name": "Pro", "price": {**written, **sourced}}])
    [error_en] = _errors(catalogue, "en")
    [error_nl] = _errors(catalogue, "nl")
    assert error_en.field == "plans.0.price"
    assert error_en.line == catalogue.line("alpha", "price:")
    assert english in error_en.message and dutch in error_nl.message


def test_a_quote_only_price_is_valid(catalogue):
    sourced = {k: v for k, v in price(None).items()}
    catalogue.platform(
        plans=[{"id": "enterprise", "name": "Enterprise", "price": {"quote_only": True, **sourced}}]
    )
    assert collect(catalogue.root, today=TODAY)[1] == []


def _hetzner_and_aws() -> list[dict]:
    sourced = {k: v for k, v in fact("x", "subprocessors").items() if k != "value"}
    return [
        {"provider": "Hetzner", "provider_country": "DE", "region": "Falkenstein", **sourced},
        {"provider": "Amazon Web Services", "provider_country": "US", "region": "eu-central-1", **sourced},
    ]


def test_a_european_vendor_on_a_us_host_that_claims_no_us_jurisdiction_is_warned(catalogue):
    catalogue.platform(facts={"us_jurisdiction": fact("no")}, hosted_by=_hetzner_and_aws())
    catalog, problems = collect(catalogue.root, today=TODAY, lang="en")
    assert catalog is not None
    [warning] = problems
    assert (warning.severity, warning.field) == ("warning", "facts.us_jurisdiction.value")
    assert warning.line == catalogue.line("alpha", "value: 'no'", after="us_jurisdiction:")
    assert "Amazon Web Services" in warning.message and "eu-central-1" in warning.message
    assert "Hetzner" not in warning.message


@pytest.mark.parametrize(
    ("vendor_country", "value"),
    [("NL", "us_host"), ("US", "no"), ("NL", "yes")],
)
def test_no_host_warning_when_the_value_already_counts_the_host_or_the_vendor_is_american(
    catalogue, vendor_country, value
):
    catalogue.platform(
        vendor_country=vendor_country, facts={"us_jurisdiction": fact(value)}, hosted_by=_hetzner_and_aws()
    )
    assert collect(catalogue.root, today=TODAY)[1] == []


def test_a_reference_entry_needs_a_reference_note(catalogue):
    catalogue.platform(recommend=False)
    [error] = _errors(catalogue)
    assert (error.field, error.line) == ("recommend", catalogue.line("alpha", "recommend: false"))
    assert "reference_note" in error.message
    catalogue.platform(
        recommend=False,
        reference_note={
            "nl": "Bewaard voor de kanalen in de enquête",
            "en": "Kept for the survey's channels",
        },
    )
    assert _errors(catalogue) == []
