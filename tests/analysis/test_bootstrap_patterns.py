"""The bootstrap draws over distinct weight patterns (advisor.analysis.weights.bootstrap_means).

The draw is the Bayesian bootstrap (Rubin 1981): flat Dirichlet weights over the respondents, one
weighted mean per draw. Added up over identical rows, those weights are Dirichlet weights over the
distinct rows ("patterns") with their counts as parameters, so the draw runs over patterns at a
cost in patterns instead of respondents. These tests hold the pattern draw against the row-level
Bayesian bootstrap (kept below as the reference), against the classical row resampling it replaced
(same centre, covariance within a factor n/(n+1)), and against the exact distribution where that is
small enough to write down.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from advisor.analysis import weights as wt

CRITERIA = ["control", "privacy", "usability", "integrations", "separation"]


def row_resampling_means(w: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """The classical bootstrap before patterns: a multinomial over every row."""
    n, c = w.shape
    out = np.empty((samples, c))
    if n == 0:
        out.fill(np.nan)
        return out
    step = max(1, 2_000_000 // n)
    uniform = np.full(n, 1.0 / n)
    for start in range(0, samples, step):
        size = min(step, samples - start)
        counts = rng.multinomial(n, uniform, size=size)
        out[start : start + size] = counts @ w / n
    return out


def row_dirichlet_means(w: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """The Bayesian bootstrap over every row (flat Dirichlet weights): the reference."""
    weights = rng.dirichlet(np.ones(len(w)), size=samples)
    return weights @ w


def likert_weights(n: int, seed: int) -> np.ndarray:
    """Weight vectors of n respondents rating 5 criteria 1-5: few distinct rows, like a survey."""
    ratings = np.random.default_rng(seed).integers(1, 6, (n, len(CRITERIA))).astype(float)
    ratings[:, 0] = np.minimum(ratings[:, 0], 3)  # fewer patterns, some repeated often
    return ratings / ratings.sum(axis=1, keepdims=True)


@pytest.fixture(scope="module")
def survey_weights() -> np.ndarray:
    return likert_weights(400, seed=3)


def test_likert_weights_have_far_fewer_patterns_than_respondents(survey_weights):
    patterns, counts = wt._weight_patterns(survey_weights)
    assert len(patterns) < len(survey_weights)
    assert counts.sum() == len(survey_weights)
    # every respondent's row is one of the patterns
    assert {tuple(r) for r in survey_weights} == {tuple(p) for p in patterns}


def test_pattern_bootstrap_has_the_mean_and_covariance_of_the_row_bootstraps(survey_weights):
    samples = 40_000
    new = wt.bootstrap_means(survey_weights, samples, np.random.default_rng(20260301))
    rows = row_dirichlet_means(survey_weights, samples, np.random.default_rng(20260302))
    classical = row_resampling_means(survey_weights, samples, np.random.default_rng(20260303))
    n = len(survey_weights)
    point = survey_weights.mean(axis=0)
    spread = np.cov(survey_weights, rowvar=False, ddof=0)
    exact_cov = spread / (n + 1)  # covariance of a Bayesian-bootstrap mean
    se_mean = np.sqrt(np.diag(exact_cov) / samples)
    for draws in (new, rows, classical):  # all centred on the point estimate, within 4 standard errors
        np.testing.assert_array_less(np.abs(draws.mean(axis=0) - point), 4 * se_mean)
    # the covariance of 40,000 draws is within a few per cent of the exact one
    scale = np.sqrt(np.outer(np.diag(exact_cov), np.diag(exact_cov)))
    tolerance = 4 * np.sqrt(2 / samples)  # relative sampling error of a (co)variance estimate
    np.testing.assert_array_less(np.abs(np.cov(new, rowvar=False) - exact_cov) / scale, tolerance)
    np.testing.assert_array_less(np.abs(np.cov(rows, rowvar=False) - exact_cov) / scale, tolerance)
    # the classical bootstrap's covariance is spread / n: the same within 1/n and sampling error
    np.testing.assert_array_less(
        np.abs(np.cov(classical, rowvar=False) - spread / n) / scale, tolerance * (n + 1) / n
    )


def test_pattern_bootstrap_reproduces_the_exact_distribution():
    # 3 respondents, two of them identical: a draw is a + s (b - a) / 1 where s, the weight on the
    # odd one out, is Beta(1, 2) (Dirichlet(1, 1, 1) added up over the two identical rows).
    a, b = np.array([0.4, 0.2, 0.2, 0.1, 0.1]), np.full(5, 0.2)
    w = np.vstack([a, a, b])
    samples = 30_000
    edges = np.linspace(0, 1, 11)
    expected = np.diff(1 - (1 - edges) ** 2)  # Beta(1, 2) has distribution function 1 - (1 - x)^2
    for draws in (
        wt.bootstrap_means(w, samples, np.random.default_rng(5)),
        row_dirichlet_means(w, samples, np.random.default_rng(6)),
    ):
        share = (draws[:, 0] - a[0]) / (b[0] - a[0])
        np.testing.assert_allclose(draws, a + share[:, None] * (b - a), atol=1e-12)
        frequency = np.histogram(share, bins=edges)[0] / samples
        se = np.sqrt(expected * (1 - expected) / samples)
        np.testing.assert_array_less(np.abs(frequency - expected), 4 * se)


def test_same_seed_same_draws_other_seed_other_draws(survey_weights):
    a = wt.bootstrap_means(survey_weights, 500, np.random.default_rng(8))
    b = wt.bootstrap_means(survey_weights, 500, np.random.default_rng(8))
    c = wt.bootstrap_means(survey_weights, 500, np.random.default_rng(9))
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_chunking_does_not_change_the_draws(survey_weights):
    whole = wt.bootstrap_means(survey_weights, 300, np.random.default_rng(4))
    chunked = wt.bootstrap_means(survey_weights, 300, np.random.default_rng(4), chunk_elements=1_000)
    np.testing.assert_allclose(chunked, whole, rtol=0, atol=1e-15)


def test_segment_bootstrap_is_reproducible_per_seed():
    weights = pd.DataFrame(likert_weights(90, seed=1), columns=CRITERIA)
    segments = pd.Series(["a"] * 50 + ["b"] * 30 + ["c"] * 10, index=weights.index, dtype=object)
    first = wt.bootstrap_segments(weights, segments, 200, seed=17)
    again = wt.bootstrap_segments(weights, segments, 200, seed=17)
    other = wt.bootstrap_segments(weights, segments, 200, seed=18)
    assert list(first) == ["a", "b", "c"]
    for name in first:
        np.testing.assert_array_equal(first[name], again[name])
        assert not np.array_equal(first[name], other[name])


def test_a_group_of_one_respondent_always_draws_that_respondent():
    w = np.array([[0.1, 0.2, 0.2, 0.25, 0.25]])
    samples = wt.bootstrap_means(w, 50, np.random.default_rng(0))
    np.testing.assert_array_equal(samples, np.repeat(w, 50, axis=0))


def test_a_group_of_nobody_gives_no_figures():
    samples = wt.bootstrap_means(np.empty((0, 5)), 10, np.random.default_rng(0))
    assert samples.shape == (10, 5)
    assert np.isnan(samples).all()


def test_rows_without_a_weight_vector_are_left_out(survey_weights):
    with_gaps = survey_weights.copy()
    with_gaps[[3, 10, 11]] = np.nan
    kept = np.delete(survey_weights, [3, 10, 11], axis=0)
    np.testing.assert_array_equal(
        wt.bootstrap_means(with_gaps, 200, np.random.default_rng(2)),
        wt.bootstrap_means(kept, 200, np.random.default_rng(2)),
    )
    all_gaps = np.full((4, 5), np.nan)
    assert np.isnan(wt.bootstrap_means(all_gaps, 5, np.random.default_rng(2))).all()


def test_respondents_with_fewer_than_two_ratings_stay_out_of_their_segments_bootstrap():
    rows = [[1, 2, 3, 4, 5], [5, 4, 3, 2, 1], [4, None, None, None, None], [None] * 5, [3, 3, 3, 3, 3]]
    frame = pd.DataFrame(
        {f"importance.{c}": pd.array([r[i] for r in rows], dtype="Int64") for i, c in enumerate(CRITERIA)},
        index=pd.Index([f"r{i}" for i in range(len(rows))], name="response_id"),
    )
    segments = pd.Series(["a", "a", "a", "b", "c"], index=frame.index, dtype=object)
    respondent = wt.respondent_weights(frame, CRITERIA)
    assert respondent.excluded == 2
    samples = wt.bootstrap_segments(respondent.weights, segments, 400, seed=1)
    assert set(samples) == {"a", "c"}  # b's only respondent has no weight vector
    a_rows = respondent.weights.loc[["r0", "r1"]].to_numpy()
    np.testing.assert_array_equal(
        samples["a"],
        wt.bootstrap_means(a_rows, 400, np.random.default_rng(np.random.SeedSequence(1).spawn(2)[0])),
    )
    np.testing.assert_allclose(samples["c"], np.full((400, 5), 0.2))


def test_segments_drawn_side_by_side_equal_the_segments_drawn_one_after_another():
    weights = pd.DataFrame(likert_weights(3000, seed=2), columns=CRITERIA)
    labels = np.random.default_rng(4).choice(["d", "a", "c", "b", "e"], 3000, p=[0.4, 0.3, 0.15, 0.1, 0.05])
    segments = pd.Series(labels, index=weights.index, dtype=object)
    drawn = wt.bootstrap_segments(weights, segments, 300, seed=11)
    children = np.random.SeedSequence(11).spawn(5)
    assert list(drawn) == ["a", "b", "c", "d", "e"]
    for name, child in zip(drawn, children, strict=True):
        rows = weights[segments == name].to_numpy()
        np.testing.assert_array_equal(
            drawn[name], wt.bootstrap_means(rows, 300, np.random.default_rng(child))
        )


def test_a_pooled_stratum_is_drawn_from_its_members_draws_with_the_union_s_distribution():
    # Segments are drawn before the anonymity rules pool some of them; the pool's draws are made
    # from its members' gamma sums. They must be the Bayesian bootstrap of the union of the rows.
    w = likert_weights(600, seed=5)
    labels = np.array(["a"] * 250 + ["b"] * 50 + ["c"] * 300, dtype=object)
    weights = pd.DataFrame(w, columns=CRITERIA)
    segments = pd.Series(labels, index=weights.index, dtype=object)
    samples = 30_000
    draws = wt.SegmentBootstrap(weights, segments, samples, seed=3)
    pooled = draws.pooled({"remainder": ["a", "b"], "c": ["c"]})
    np.testing.assert_array_equal(pooled["c"], draws.result()["c"])  # a stratum of one is that segment
    union = w[:300]
    n = len(union)
    exact_cov = np.cov(union, rowvar=False, ddof=0) / (n + 1)
    se_mean = np.sqrt(np.diag(exact_cov) / samples)
    np.testing.assert_array_less(np.abs(pooled["remainder"].mean(axis=0) - union.mean(axis=0)), 4 * se_mean)
    scale = np.sqrt(np.outer(np.diag(exact_cov), np.diag(exact_cov)))
    tolerance = 4 * np.sqrt(2 / samples)
    np.testing.assert_array_less(
        np.abs(np.cov(pooled["remainder"], rowvar=False) - exact_cov) / scale, tolerance
    )
    # and not the mean of the two segments' means (which would weigh b's 50 rows like a's 250)
    naive = (draws.result()["a"] + draws.result()["b"]) / 2
    assert np.abs(naive.mean(axis=0) - union.mean(axis=0)).max() > 10 * se_mean.max()
