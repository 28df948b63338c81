"""Scoring service: must-haves before ranking, weight sources, uncertainty and sensitivity."""

from __future__ import annotations

import json

import numpy as np
import pytest

from advisor.catalog import load_catalog, score_table
from advisor.errors import InputError
from advisor.scoring import WeightSource, apply_must_haves, rank_platforms, resolve_must_haves
from tests.conftest import FIXTURES

EQUAL = {"control": 1, "privacy": 1, "usability": 1, "integrations": 1, "separation": 1}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_retired_platforms_are_excluded_by_default_with_their_date(catalog):
    eligible, excluded = apply_must_haves(catalog, resolve_must_haves(catalog, None))
    by_id = {e.platform_id: e for e in excluded}
    retired = {p.id for p in catalog.platforms if p.retired}
    assert {"workplace", "skype"} <= retired
    assert {pid for pid, e in by_id.items() if e.kind == "retired"} == retired
    assert not retired & set(eligible)
    assert "2026-06-01" in by_id["workplace"].reason(catalog, "en")
    assert "retired" in by_id["workplace"].reason(catalog, "en")


def test_each_excluded_platform_names_the_condition_and_the_fact(catalog):
    _, excluded = apply_must_haves(catalog, resolve_must_haves(catalog, ["e2ee"]))
    slack = next(e for e in excluded if e.platform_id == "slack")
    assert slack.must_have_id == "e2ee"
    assert "End-to-end encryption: no" in slack.reason(catalog, "en")
    assert "End-to-end-versleuteling" in slack.reason(catalog, "nl")


def test_must_have_met_only_by_an_alternative_condition_keeps_the_platform(catalog):
    """EU residency is met by self-hosting too: Mattermost stays in."""
    eligible, _ = apply_must_haves(catalog, resolve_must_haves(catalog, ["eu_residency"]))
    assert "mattermost" in eligible and "whatsapp" not in eligible


def test_unknown_must_have_is_a_clear_error(catalog):
    with pytest.raises(InputError, match="eu_residence"):
        resolve_must_haves(catalog, ["eu_residence"], "en")


def test_ranking_reports_its_weight_source_and_scores_follow_the_weighted_sum(catalog):
    ranking = rank_platforms(catalog, EQUAL, source=WeightSource("equal"), samples=2000, seed=1)
    table = score_table(catalog, options=ranking.options)  # each platform on the plan it is ranked on
    assert np.allclose(ranking.scores, table.score.mean(axis=1))
    data = ranking.to_dict(catalog, "en")
    assert data["weight_source"]["kind"] == "equal" and data["weight_source"]["text"] == "equal weights"
    assert [r["rank"] for r in data["ranking"]] == list(range(1, len(ranking.platform_ids) + 1))
    assert sum(r["p_first"] for r in data["ranking"]) == pytest.approx(1.0)
    assert "workplace" not in ranking.platform_ids
    json.dumps(data)  # JSON-ready


def test_contributions_add_up_to_the_score(catalog):
    ranking = rank_platforms(catalog, EQUAL, source=WeightSource("equal"), samples=500)
    assert np.allclose(ranking.contributions.sum(axis=1), ranking.scores)


def test_a_weight_inside_the_stability_interval_keeps_the_winner(catalog):
    ranking = rank_platforms(catalog, EQUAL, source=WeightSource("equal"), samples=500)
    j, low, high = ranking.most_sensitive()
    for inside in (low + 1e-3, high - 1e-3):
        w = ranking.stability.current.copy()
        w_other = np.delete(w, j)
        moved = np.insert(w_other / w_other.sum() * (1 - inside), j, inside)
        again = rank_platforms(
            catalog,
            dict(zip(ranking.criterion_ids, moved, strict=True)),
            source=WeightSource("user"),
            samples=10,
            uncertain_facts=False,
        )
        assert again.winner == ranking.winner


def test_weights_that_miss_a_criterion_are_refused(catalog):
    with pytest.raises(InputError, match="Missing: separation"):
        rank_platforms(catalog, {k: 1 for k in list(EQUAL)[:4]}, source=WeightSource("user"), lang="en")


def test_all_zero_weights_are_refused(catalog):
    with pytest.raises(InputError):
        rank_platforms(catalog, dict.fromkeys(EQUAL, 0), source=WeightSource("user"))


def test_verified_facts_only_gives_certain_scores_and_confidence_one(catalog):
    ranking = rank_platforms(catalog, EQUAL, source=WeightSource("equal"), samples=300, uncertain_facts=False)
    p_first = ranking.p_first()
    assert p_first[ranking.order[0]] == 1.0


def test_topsis_method_ranks_and_notes_that_stability_is_for_the_weighted_sum(catalog):
    ranking = rank_platforms(catalog, EQUAL, source=WeightSource("equal"), method="topsis", samples=300)
    assert ((ranking.scores >= 0) & (ranking.scores <= 1)).all()
    assert ranking.notes


def test_ahp_cli_reproduces_saaty_drinks_example(cli):
    """Saaty (2008), relative drink consumption: lambda max 7.1766, CR 0.0223 (Saaty 1980 RI)."""
    result = cli("ahp", str(FIXTURES / "ahp" / "drinks.csv"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lambda_max"] == pytest.approx(7.1766, abs=1e-4)
    assert data["cr"] == pytest.approx(0.0223, abs=1e-4)
    assert round(data["weights"]["water"], 3) == 0.327
    assert data["random_index_table"] == "saaty1980"


def test_ahp_cli_warns_on_inconsistent_judgements(cli, tmp_path):
    matrix = tmp_path / "m.csv"
    matrix.write_text("1,9,1/9\n1/9,1,9\n9,1/9,1\n")
    result = cli("--lang", "en", "ahp", str(matrix))
    assert result.returncode == 0
    assert "CR" in result.stderr and "above 0.10" in result.stderr


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("", "is empty"),
        ("1,3\n1/3\n", "row 2: 1 values, expected 2"),
        ("1,x\n1/3,1\n", "row 1, column 2: 'x' is not a number"),
        ("1,3\n3,1\n", "reciproc"),
    ],
)
def test_ahp_cli_bad_input_exits_2_with_a_clear_message(cli, tmp_path, content, fragment):
    matrix = tmp_path / "bad.csv"
    matrix.write_text(content)
    result = cli("--lang", "en", "ahp", str(matrix))
    assert result.returncode == 2
    assert fragment in result.stderr and "Traceback" not in result.stderr
