"""summarise(): figures per segment, and no figure of a suppressed segment on any path."""

import json

import numpy as np
import pandas as pd
import pytest

from advisor.analysis import NOT_ANSWERED, summarise
from advisor.errors import InputError
from advisor.survey.demo import generate_demo


@pytest.fixture(scope="module")
def demo():
    return generate_demo(400, 2026)


@pytest.fixture(scope="module")
def summary(demo):
    return summarise(demo.complete, demo.questionnaire, bootstrap=200, seed=1)


def test_legal_and_its_complement_are_suppressed(summary):
    assert summary.segments["legal"].n == 0  # a hidden group's size is not published
    assert summary.hidden_together == 11  # legal (3) and (not answered) (8) pooled
    assert set(summary.suppressed_segments) == {"legal", NOT_ANSWERED}
    legal = summary.segments["legal"]
    assert legal.suppressed
    assert all(
        getattr(legal, f) is None
        for f in ("weights", "disagreement", "landscape", "convincers", "concerns", "willingness", "comments")
    )


def test_suppressed_segment_has_not_even_its_count_in_json(summary):
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["segments"]["legal"] == {"n": None, "suppressed": True}
    assert data["segments"][NOT_ANSWERED] == {"n": None, "suppressed": True}
    for path in ("silos", "overlap", "bootstrap_samples"):
        assert "legal" not in json.dumps(data[path])
    assert "legal" not in summary.bootstrap and NOT_ANSWERED not in summary.bootstrap


def test_organisation_comments_are_never_the_listed_groups_plus_one_small_group(demo, summary):
    listed = [c for g in summary.segments.values() for c in (g.comments or [])]
    rest = list(summary.organisation.comments or [])
    for c in listed:
        rest.remove(c)
    assert len(rest) == 0 or len(rest) >= 10


def test_visible_segments_carry_weights_that_sum_to_one(summary):
    for key in summary.visible_segments:
        weights = summary.segments[key].weights
        assert sum(weights.values()) == pytest.approx(1.0)
    assert summary.organisation_method == "headcount"
    assert sum(summary.organisation.weights.values()) == pytest.approx(1.0)


def test_demo_structure_shows_in_the_analysis(summary):
    s = summary.segments
    assert s["editorial"].weights["privacy"] > s["sales"].weights["privacy"]
    assert s["sales"].weights["integrations"] == max(s["sales"].weights.values())
    assert s["printing"].weights["usability"] == max(s["printing"].weights.values())
    assert "slack" in s["it"].landscape.regular_channels
    assert "email" not in s["printing"].landscape.regular_channels
    assert ("it", "printing") in summary.silos


def test_bootstrap_arrays_per_visible_segment_and_organisation(summary):
    assert summary.bootstrap["organisation"].shape == (200, 5)
    np.testing.assert_allclose(summary.bootstrap["editorial"].sum(axis=1), 1.0)


def test_whole_organisation_below_threshold_hides_everything(demo):
    small = demo.complete.iloc[:4]
    result = summarise(small, demo.questionnaire, bootstrap=50)
    assert result.organisation.suppressed and result.organisation.weights is None
    assert all(s.suppressed for s in result.segments.values())
    assert result.bootstrap == {}
    assert result.to_dict()["organisation"] == {"n": 4, "suppressed": True, "weights_method": None}


def test_not_answered_group_is_shown_when_large_enough(demo):
    answers = demo.complete.copy()
    answers.loc[answers.index[:12], "department"] = pd.NA
    # without legal (3) nothing is small, so no complement: otherwise 20 unanswered would hide with it
    answers.loc[answers["department"] == "legal", "department"] = "management"
    result = summarise(answers, demo.questionnaire, bootstrap=0)
    assert not result.segments[NOT_ANSWERED].suppressed
    assert result.segments[NOT_ANSWERED].weights is not None


def test_min_group_below_three_is_refused(demo):
    with pytest.raises(InputError):
        summarise(demo.complete, demo.questionnaire, min_group=2)
