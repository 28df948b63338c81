"""The "no clear winner" rule (advisor/scoring/verdict.py) on small constructed rankings, and `score`."""

from __future__ import annotations

import json

import numpy as np
import pytest

from advisor.decision import RankAcceptability, stability_intervals, weighted_sum
from advisor.scoring import Ranking, WeightSource
from advisor.scoring.verdict import verdict
from tests.scoring.conftest import DEMO_SURVEY


def _ranking(matrix: list[list[float]], weights: list[float], p_first: list[float]) -> Ranking:
    """A weighted-sum ranking of platforms a, b, c... with the given chances of ranking first."""
    m, w = np.array(matrix, dtype=float), np.array(weights, dtype=float)
    n = len(m)
    table = np.zeros((n, n))
    table[:, 0] = p_first
    acceptability = RankAcceptability(
        table, np.full((n, w.size), np.nan), np.zeros(n, int), np.ones(n), 1000, "wsm"
    )
    ids = tuple("abcdefgh"[:n])
    return Ranking(
        tuple(f"c{j}" for j in range(w.size)),
        w,
        WeightSource("user"),
        "wsm",
        ids,
        weighted_sum(m, w),
        m,
        m * w,
        acceptability,
        stability_intervals(m, w),
    )


def test_a_clear_winner_leads_on_score_chance_and_both_methods():
    judged = verdict(_ranking([[9, 9], [5, 6], [4, 4]], [0.5, 0.5], [0.9, 0.1, 0.0]))
    assert judged.clear and judged.reasons == ()
    assert (judged.best, judged.runner_up) == ("a", "b")
    assert judged.margin == pytest.approx(3.5)
    assert (judged.p_first_best, judged.p_first_runner_up) == (0.9, 0.1)
    assert judged.methods_agree and judged.other_method == "topsis"
    assert judged.flip is None  # a beats b on every criterion: no weight change hands it over


def test_a_near_tie_in_the_chance_of_ranking_first_is_no_clear_winner():
    judged = verdict(_ranking([[8, 6], [6, 7.9], [3, 3]], [0.5, 0.5], [0.52, 0.46, 0.02]))
    assert not judged.clear
    assert "close_p_first" in judged.reasons
    # a leads on c0 and b on c1: a = 6 + 2 w0, b = 7.9 - 1.9 w0 tie at w0 = 1.9 / 3.9 (48.7%)
    assert judged.flip is not None and (judged.flip.criterion, judged.flip.rival) == ("c0", "b")
    assert judged.flip.weight == pytest.approx(1.9 / 3.9, abs=1e-9)
    assert judged.flip.change == pytest.approx(0.5 - 1.9 / 3.9, abs=1e-9)


def test_a_winner_below_half_the_chance_of_ranking_first_is_no_clear_winner():
    judged = verdict(_ranking([[9, 9], [5, 6], [4, 4], [4, 3]], [0.5, 0.5], [0.45, 0.2, 0.2, 0.15]))
    assert judged.reasons == ("low_p_first",)


def test_when_topsis_names_another_winner_there_is_no_clear_winner():
    # weighted sum: a 5.5, b 5.0; TOPSIS (vector normalisation): b 0.669, a 0.518
    judged = verdict(_ranking([[2, 9], [5, 5], [1, 3]], [0.5, 0.5], [0.9, 0.1, 0.0]))
    assert judged.best == "a" and judged.other_best == "b"
    assert judged.reasons == ("methods_disagree",)
    assert judged.rival == "b"


def test_score_json_carries_the_verdict_and_text_says_no_clear_winner_for_the_demo(cli):
    result = cli("score", "--survey", str(DEMO_SURVEY), "--samples", "500", "--json")
    assert result.returncode == 0, result.stderr
    organisation = json.loads(result.stdout)["rankings"]["organisation"]
    judged = organisation["verdict"]
    assert set(judged) >= {"clear", "best", "runner_up", "margin", "p_first_best", "p_first_runner_up"}
    assert {"flip", "other_best", "methods_agree", "reasons", "rule"} <= set(judged)
    assert judged["best"] == organisation["best_choice"]["id"]
    assert judged["rule"] == {"min_p_first": 0.5, "min_p_first_lead": 0.1}
    text = cli("--lang", "en", "score", "--survey", str(DEMO_SURVEY), "--samples", "500").stdout
    if judged["clear"]:
        pytest.fail("the demo organisation is a near tie: TOPSIS names another winner")
    assert "No clear winner between" in text and "TOPSIS names another winner" in text
    assert "Best choice:" not in text.split("== the whole organisation")[1].split("==")[0]
