"""The shipped catalogue: validity, sourced facts, rubric-derived scores, lifecycle."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from advisor.catalog import load_catalog, score_platform, score_table
from advisor.catalog.models import Fact
from tests.catalog.conftest import TODAY, price
from tests.catalog.conftest import fact as make_fact

CORE = ["control", "privacy", "usability", "integrations", "separation"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_shipped_catalogue_loads_with_the_five_core_criteria(catalog):
    assert catalog.criterion_ids[:5] == CORE
    for criterion in catalog.criteria:
        assert criterion.name.nl and criterion.name.en and criterion.description.nl
        assert abs(sum(i.weight for i in criterion.indicators)) > 0


def test_catalogue_has_every_required_platform(catalog):
    required = {
        "whatsapp",
        "slack",
        "teams",
        "viva_engage",
        "workplace",
        "google_chat",
        "mattermost",
        "rocketchat",
        "element",
        "zulip",
        "threema_work",
        "wire",
        "signal",
        "nextcloud_talk",
        "staffbase",
        "workvivo",
        "simpplr",
        "lumapps",
        "skype_for_business",
        "salesforce_chatter",
    }
    assert required <= {p.id for p in catalog.platforms}


def test_every_platform_has_a_sourced_dated_fact_for_every_indicator(catalog):
    for platform in catalog.platforms:
        assert set(platform.facts) == set(catalog.indicators), platform.id
        for indicator_id, fact in platform.facts.items():
            assert isinstance(fact, Fact)
            assert fact.source.startswith(("http://", "https://")), (platform.id, indicator_id)
            assert isinstance(fact.checked, dt.date)
            assert isinstance(fact.verified, bool)


def test_unverified_facts_widen_the_score_interval(catalogue):
    facts = {
        ind: make_fact(value, verified=False)
        for ind, value in {
            "mobile_apps": "native",
            "deskless_support": "some",
            "familiar_ux": "business_standard",
            "dutch_ui": "partial",
        }.items()
    }
    catalogue.platform("alpha", facts=facts)
    catalog = load_catalog(catalogue.root, today=TODAY)
    usability = score_platform(catalog, catalog.platform("alpha"))["usability"]
    assert all(part.evidence == "unverified" for part in usability.indicators)
    assert usability.low < usability.score < usability.high
    verified = score_platform(catalog, catalog.platform("alpha"))["control"]  # every fact verified
    assert verified.low == verified.score == verified.high


def test_scores_match_the_rubric_worked_by_hand(catalogue):
    """A platform of our own, scored by the weights and levels in criteria.yaml.

    control: membership_admin full 10 (w3), directory_provisioning paid_tier 7 (w3),
             guest_policy expiry_paid_tier 8 (w2), retention_ediscovery paid_tier 7 (w2),
             audit_log paid_tier 7 (w1)
             = (3*10 + 3*7 + 2*8 + 2*7 + 1*7) / 11 = 88 / 11 = 8.0
    privacy: e2ee none 0 (w2), eu_data_residency paid_tier 7 (w2), self_hosting no 0 (w1.5),
             us_jurisdiction us_host 6 (w2), ad_business_model none 10 (w1.5), open_source no 0 (w1)
             = (0 + 14 + 0 + 12 + 15 + 0) / 10 = 4.1
    separation: work_identity phone_number 0 (w3), org_quiet_hours user_only 5 (w2),
             separate_app no 0 (w3), managed_device none 0 (w2) = 10 / 10 = 1.0
    """
    values = {
        "membership_admin": "full",
        "directory_provisioning": "paid_tier",
        "guest_policy": "expiry_paid_tier",
        "retention_ediscovery": "paid_tier",
        "audit_log": "paid_tier",
        "e2ee": "none",
        "eu_data_residency": "paid_tier",
        "self_hosting": "no",
        "us_jurisdiction": "us_host",
        "ad_business_model": "none",
        "open_source": "no",
        "work_identity": "phone_number",
        "org_quiet_hours": "user_only",
        "separate_app": "no",
        "managed_device": "none",
    }
    resolved = {  # the one plan resolves every plan-dependent value (the checker requires it)
        "directory_provisioning": make_fact("native"),
        "guest_policy": make_fact("policy_and_expiry"),
        "retention_ediscovery": make_fact("full"),
        "audit_log": make_fact("yes"),
        "eu_data_residency": make_fact("yes"),
    }
    plan = {"id": "business", "name": "Business", "price": price(), "facts": resolved}
    catalogue.platform("alpha", facts={i: make_fact(v) for i, v in values.items()}, plans=[plan])
    catalog = load_catalog(catalogue.root, today=TODAY)
    scores = score_platform(catalog, catalog.platform("alpha"))
    assert scores["control"].score == pytest.approx(88 / 11)
    assert scores["privacy"].score == pytest.approx(4.1)
    assert scores["separation"].score == pytest.approx(1.0)


def test_every_shipped_score_is_the_weighted_mean_of_its_fact_levels(catalog):
    """The rubric by a second, plain computation over every shipped platform and criterion."""
    for platform in catalog.platforms:
        scores = score_platform(catalog, platform)
        for criterion in catalog.criteria:
            total = weight = 0.0
            for indicator in criterion.indicators:
                value = platform.facts[indicator.id].value
                level = indicator.scale[value].score if value != "unknown" else 5.0
                total += indicator.weight * level
                weight += indicator.weight
            if criterion.id in platform.overrides:
                continue
            assert scores[criterion.id].score == pytest.approx(total / weight), (platform.id, criterion.id)


def test_retired_platforms_are_flagged(catalog):
    workplace = catalog.platform("workplace")
    assert workplace.retired
    assert workplace.lifecycle.read_only_from == dt.date(2025, 9, 1)
    assert workplace.lifecycle.retired_on == dt.date(2026, 6, 1)
    assert workplace.lifecycle.migration is not None
    skype = catalog.platform("skype")  # consumer Skype, what staff mean by "Skype"
    assert skype.retired and skype.lifecycle.retired_on == dt.date(2025, 5, 5)
    # Skype for Business: Online retired, Server 2015/2019 support ended, Subscription Edition sold
    sfb = catalog.platform("skype_for_business")
    assert not sfb.retired
    events = {m.date for m in sfb.lifecycle.milestones}
    assert {dt.date(2021, 7, 31), dt.date(2025, 10, 14)} <= events
    assert not catalog.platform("teams").retired
    for reference in ("workplace", "salesforce_chatter", "skype"):
        assert not catalog.platform(reference).recommend and catalog.platform(reference).reference_note


def test_score_table_is_derived_not_typed(catalog):
    table = score_table(catalog)
    assert table.score.shape == (len(catalog.platforms), len(catalog.criterion_ids))
    assert ((table.low <= table.score) & (table.score <= table.high)).all()
    row = table.row("slack")
    derived = score_platform(catalog, catalog.platform("slack"))
    assert table.score[row].tolist() == pytest.approx([derived[c].score for c in table.criterion_ids])


def test_catalog_json_lists_platforms_with_scores_lifecycle_and_sources(cli):
    result = cli("catalog", "--json")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) >= 18
    by_id = {r["id"]: r for r in records}
    assert by_id["workplace"]["lifecycle"] == "retired"
    for record in records:
        assert set(record["scores"]) >= set(CORE)
        assert all(0 <= v <= 10 for v in record["scores"].values())
        for fact in record["facts"].values():
            assert fact["source"] and fact["checked"] and "verified" in fact


def test_catalog_table_is_readable_in_both_languages(cli):
    dutch = cli("catalog")
    english = cli("--lang", "en", "catalog")
    assert dutch.returncode == english.returncode == 0
    assert "Scheiding werk en privé" in dutch.stdout and "uit de markt" in dutch.stdout
    assert "Work/private separation" in english.stdout and "retired" in english.stdout
    assert "Workplace from Meta" in english.stdout


def test_catalog_check_passes_on_the_shipped_data(cli):
    result = cli("catalog", "check")  # today: the shipped facts are checked up to today
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
