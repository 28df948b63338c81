"""Respondent, segment and organisation weights and the bootstrap (advisor.analysis.weights)."""

import numpy as np
import pandas as pd
import pytest

from advisor.analysis import weights as wt

CRITERIA = ["control", "privacy", "usability", "integrations", "separation"]


def ratings(rows: list[list[int | None]], segments: list[str] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {f"importance.{c}": pd.array([r[i] for r in rows], dtype="Int64") for i, c in enumerate(CRITERIA)},
        index=pd.Index([str(i) for i in range(len(rows))], name="response_id"),
    )
    if segments is not None:
        frame["department"] = pd.array(segments, dtype="string")
    return frame


def test_weight_is_rating_over_sum_of_ratings():
    # 2 + 4 + 4 + 5 + 5 = 20 -> 2/20, 4/20, 4/20, 5/20, 5/20
    result = wt.respondent_weights(ratings([[2, 4, 4, 5, 5]]), CRITERIA)
    np.testing.assert_allclose(result.weights.iloc[0], [0.1, 0.2, 0.2, 0.25, 0.25])


def test_equal_ratings_give_equal_weights():
    result = wt.respondent_weights(ratings([[3] * 5, [5] * 5, [1] * 5]), CRITERIA)
    np.testing.assert_allclose(result.weights.to_numpy(), np.full((3, 5), 0.2))


def test_missing_rating_is_imputed_with_the_respondents_own_mean():
    # answered 4, 2, 3 -> own mean 3; ratings become 4, 3, 2, 3, 3 (sum 15)
    result = wt.respondent_weights(ratings([[4, None, 2, None, 3]]), CRITERIA)
    np.testing.assert_allclose(result.weights.iloc[0], np.array([4, 3, 2, 3, 3]) / 15)
    assert result.imputed == 2


def test_fewer_than_two_ratings_gives_no_weight_vector_and_is_counted():
    result = wt.respondent_weights(
        ratings([[4, None, None, None, None], [None] * 5, [1, 2, 3, 4, 5]]), CRITERIA
    )
    assert list(result.weights.index) == ["2"]
    assert result.excluded == 2


def test_segment_weights_are_the_mean_of_respondent_vectors():
    frame = ratings([[1, 1, 1, 1, 1], [2, 4, 4, 5, 5], [1, 2, 3, 4, 5]], ["a", "a", "b"])
    w = wt.respondent_weights(frame, CRITERIA).weights
    seg = wt.segment_weights(w, frame["department"].astype(object))
    np.testing.assert_allclose(seg.loc["a"], (np.full(5, 0.2) + np.array([0.1, 0.2, 0.2, 0.25, 0.25])) / 2)
    np.testing.assert_allclose(seg.loc["b"], np.arange(1, 6) / 15)


def test_organisation_combines_segments_by_headcount_when_given():
    frame = ratings([[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 2, 3, 4, 5]], ["a", "a", "b"])
    w = wt.respondent_weights(frame, CRITERIA).weights
    segments = frame["department"].astype(object)
    by_headcount, method = wt.organisation_weights(w, segments, {"a": 10, "b": 30})
    assert method == "headcount"
    # a: 10 / 40 = 0.25 of the organisation, b: 0.75, whatever the response counts
    np.testing.assert_allclose(by_headcount, 0.25 * np.full(5, 0.2) + 0.75 * np.arange(1, 6) / 15)
    by_respondent, method = wt.organisation_weights(w, segments, {})
    assert method == "respondents"
    np.testing.assert_allclose(by_respondent, (2 * np.full(5, 0.2) + np.arange(1, 6) / 15) / 3)


def test_headcounts_missing_for_a_segment_fall_back_to_respondents():
    frame = ratings([[1, 1, 1, 1, 1], [1, 2, 3, 4, 5]], ["a", "b"])
    w = wt.respondent_weights(frame, CRITERIA).weights
    _, method = wt.organisation_weights(w, frame["department"].astype(object), {"a": 10})
    assert method == "respondents"


def test_disagreement_is_sample_std_and_share_rating_four_or_five():
    frame = ratings([[1, 5, 3, 3, 3], [3, 5, 3, 3, 3], [5, None, 3, 3, 3]], ["a", "a", "a"])
    spread = wt.disagreement(frame, CRITERIA, frame["department"].astype(object))
    # control 1, 3, 5: mean 3, squared deviations 4 + 0 + 4 = 8, / (3 - 1) = 4 -> std 2
    assert spread["std"].at["a", "control"] == pytest.approx(2.0)
    assert spread["share_high"].at["a", "control"] == pytest.approx(1 / 3)
    assert spread["share_high"].at["a", "privacy"] == pytest.approx(1.0)  # of the 2 who answered
    assert spread["n"].at["a", "privacy"] == 2


@pytest.fixture(scope="module")
def random_weights() -> np.ndarray:
    rng = np.random.default_rng(7)
    w = rng.random((200, 5)) + 0.1
    return w / w.sum(axis=1, keepdims=True)


def test_bootstrap_shape_and_rows_are_weight_vectors(random_weights):
    samples = wt.bootstrap_means(random_weights, 300, np.random.default_rng(1))
    assert samples.shape == (300, 5)
    np.testing.assert_allclose(samples.sum(axis=1), 1.0)


def test_bootstrap_is_reproducible_with_a_seed_and_chunking_does_not_matter(random_weights):
    a = wt.bootstrap_means(random_weights, 250, np.random.default_rng(3))
    b = wt.bootstrap_means(random_weights, 250, np.random.default_rng(3))
    c = wt.bootstrap_means(random_weights, 250, np.random.default_rng(4))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)
    small_chunks = wt.bootstrap_means(random_weights, 250, np.random.default_rng(3), chunk_elements=1000)
    assert small_chunks.shape == a.shape


def test_bootstrap_mean_approaches_the_point_estimate(random_weights):
    samples = wt.bootstrap_means(random_weights, 4000, np.random.default_rng(5))
    point = random_weights.mean(axis=0)
    # standard error of a criterion mean is about 0.1 / sqrt(200) = 0.007; of 4000 means, 0.0001
    np.testing.assert_allclose(samples.mean(axis=0), point, atol=5e-4)


def test_organisation_bootstrap_is_stratified_and_centred_on_headcount_weights():
    rng = np.random.default_rng(11)
    rows = rng.integers(1, 6, (120, 5)).tolist()
    frame = ratings(rows, ["a"] * 90 + ["b"] * 30)
    w = wt.respondent_weights(frame, CRITERIA).weights
    segments = frame["department"].astype(object)
    headcounts = {"a": 100, "b": 300}
    point, _ = wt.organisation_weights(w, segments, headcounts)
    samples = wt.bootstrap_organisation(w, segments, headcounts, 3000, seed=9)
    again = wt.bootstrap_organisation(w, segments, headcounts, 3000, seed=9)
    assert samples.shape == (3000, 5)
    np.testing.assert_array_equal(samples, again)
    np.testing.assert_allclose(samples.mean(axis=0), point.to_numpy(), atol=1.5e-3)
