"""The shipped catalogue: validity, sourced facts, rubric-derived scores, lifecycle."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from advisor.catalog import load_catalog, score_platform, score_table
from advisor.catalog.models import Fact

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


def test_unverified_facts_widen_the_score_interval(catalog):
    scores = score_platform(catalog, catalog.platform("slack"))
    usability = scores["usability"]  # slack's usability facts are all unverified
    assert all(part.evidence == "unverified" for part in usability.indicators)
    assert usability.low < usability.score < usability.high


def test_slack_scores_match_the_rubric_worked_by_hand(catalog):
    """Slack, from criteria/platforms/slack.yaml and the weights in criteria.yaml.

    control: membership_admin full 10 (w3), directory_provisioning paid_tier 7 (w3),
             guest_policy policy_and_expiry 10 (w2), retention_ediscovery paid_tier 7 (w2),
             audit_log paid_tier 7 (w1)
             = (3*10 + 3*7 + 2*10 + 2*7 + 1*7) / 11 = 92 / 11 = 8.3636
    privacy: e2ee none 0 (w2), eu_data_residency paid_tier 7 (w2), self_hosting no 0 (w1.5),
             us_jurisdiction yes 0 (w2), ad_business_model none 10 (w1.5), open_source no 0 (w1)
             = (0 + 14 + 0 + 0 + 15 + 0) / 10 = 2.9
    separation: work_identity work_account 10 (w3), org_quiet_hours user_only 5 (w2),
             separate_app yes 10 (w3), managed_device full 10 (w2) = (30+10+30+20)/10 = 9.0
    """
    scores = score_platform(catalog, catalog.platform("slack"))
    assert scores["control"].score == pytest.approx(92 / 11)
    assert scores["privacy"].score == pytest.approx(2.9)
    assert scores["separation"].score == pytest.approx(9.0)


def test_whatsapp_scores_match_the_rubric_worked_by_hand(catalog):
    """WhatsApp (consumer): the organisation controls nothing.

    control: membership_admin none 0, directory_provisioning none 0, guest_policy none 0,
             retention_ediscovery none 0, audit_log no 0 = 0 / 11 = 0.0
    separation: work_identity phone_number 0 (w3), org_quiet_hours user_only 5 (w2)
             separate_app no 0 (w3), managed_device none 0 (w2) = 10 / 10 = 1.0
    """
    platform = catalog.platform("whatsapp")
    facts = {k: v.value for k, v in platform.facts.items()}
    scores = score_platform(catalog, platform)
    assert [
        facts[i]
        for i in (
            "membership_admin",
            "directory_provisioning",
            "guest_policy",
            "retention_ediscovery",
            "audit_log",
        )
    ] == ["none", "none", "none", "none", "no"]
    assert scores["control"].score == pytest.approx(0.0)
    assert [facts[i] for i in ("work_identity", "org_quiet_hours", "separate_app", "managed_device")] == [
        "phone_number",
        "user_only",
        "no",
        "none",
    ]
    assert scores["separation"].score == pytest.approx(1.0)


def test_retired_platforms_are_flagged(catalog):
    workplace = catalog.platform("workplace")
    assert workplace.retired
    assert workplace.lifecycle.read_only_from == dt.date(2025, 9, 1)
    assert workplace.lifecycle.retired_on == dt.date(2026, 6, 1)
    assert workplace.lifecycle.migration is not None
    assert catalog.platform("skype_for_business").retired
    assert not catalog.platform("teams").retired


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
    result = cli("catalog", "check", "--today", "2026-11-23")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
