"""`python -m advisor score` on the demo organisation and on bad input."""

from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT

DEMO = ROOT / "surveys" / "demo" / "demo-native.csv"


@pytest.fixture(scope="module")
def demo_json():
    from tests.conftest import run_cli

    result = run_cli("score", "--survey", str(DEMO), "--samples", "2000", "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_demo_score_ranks_every_visible_segment_with_p_first_and_stability(demo_json):
    rankings = demo_json["rankings"]
    assert "organisation" in rankings
    assert {"editorial", "sales", "it", "marketing", "printing", "management"} <= set(rankings)
    for ranking in rankings.values():
        assert ranking["ranking"][0]["rank"] == 1
        assert 0 <= ranking["ranking"][0]["p_first"] <= 1
        assert set(ranking["stability"]) == {"control", "privacy", "usability", "integrations", "separation"}
        assert ranking["most_sensitive"]["lower"] <= ranking["most_sensitive"]["upper"]
        assert ranking["weight_source"]["kind"] == "survey"


def test_demo_score_excludes_workplace_as_retired(demo_json):
    for ranking in demo_json["rankings"].values():
        excluded = {e["id"]: e for e in ranking["excluded"]}
        assert excluded["workplace"]["must_have"] == "not_retired"
        assert "workplace" not in {r["id"] for r in ranking["ranking"]}


def test_small_segment_is_never_ranked_and_listed_as_suppressed(demo_json):
    assert "legal" not in demo_json["rankings"]
    assert "(not answered)" not in demo_json["rankings"]  # complementary suppression
    suppressed = {s["segment"]: s for s in demo_json["suppressed_segments"]}
    assert set(suppressed) == {"legal", "(not answered)"}
    assert suppressed["legal"] == {"segment": "legal"}  # no size, not even "fewer than 5"


def test_score_text_output_shows_segments_p_first_and_sensitive_criterion(cli):
    result = cli("--lang", "en", "score", "--survey", str(DEMO), "--samples", "500")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Editorial" in out and "P(1)" in out and "Most sensitive criterion" in out
    assert "Workplace from Meta: retired since 2026-06-01" in out
    assert "Legal affairs: withheld" in out


def test_must_haves_exclude_with_the_failed_condition(cli):
    from advisor.catalog import load_catalog
    from advisor.catalog.options import options_of

    result = cli(
        "--lang", "en", "score", "--survey", str(DEMO), "--samples", "300", "--must", "e2ee", "--json"
    )
    data = json.loads(result.stdout)
    excluded = {e["id"]: e for e in data["rankings"]["organisation"]["excluded"]}
    assert "does not meet 'End-to-end encryption of messages'" in excluded["slack"]["reason"]
    # ranked: only platforms with a plan whose facts meet the must-have, each on such a plan
    condition = {"default_all", "default_private"}
    catalog = load_catalog()
    for row in data["rankings"]["organisation"]["ranking"]:
        options = {o.key: o for o in options_of(catalog.platform(row["id"]))}
        chosen = options[(row["id"], row["option"]["plan_id"] or "")]
        assert chosen.facts["e2ee"].value in condition


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["--must", "eu_residence"], "Unknown must-have 'eu_residence'"),
        (["--segment-by", "shoe_size"], "Unknown segment question 'shoe_size'"),
        (["--min-group", "2"], "3"),
        (["--samples", "5"], "at least 100"),
    ],
)
def test_score_bad_options_exit_2_with_a_clear_message(cli, args, fragment):
    result = cli("--lang", "en", "score", "--survey", str(DEMO), *args)
    assert result.returncode == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr


def test_score_on_a_missing_file_exits_2(cli):
    result = cli("--lang", "en", "score", "--survey", "/nonexistent/survey.csv")
    assert result.returncode == 2 and "/nonexistent/survey.csv" in result.stderr
