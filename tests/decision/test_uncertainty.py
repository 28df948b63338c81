"""SMAA-2 rank acceptability."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from advisor.decision import DecisionInputError, rank_acceptability, ranks, topsis, weighted_sum

MATRIX = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)


def brute_force_acceptability(scores: np.ndarray) -> np.ndarray:
    a = scores.shape[1]
    counts = np.zeros((a, a))
    for row in scores:
        for alternative, rank in enumerate(ranks(row)):
            counts[alternative, rank] += 1
    return counts / len(scores)


@st.composite
def samples(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    a, c, s = draw(st.integers(1, 6)), draw(st.integers(1, 4)), draw(st.integers(1, 30))
    m = draw(arrays(np.float64, (a, c), elements=st.integers(0, 5)))
    w = draw(
        arrays(np.float64, (s, c), elements=st.integers(0, 5)).filter(lambda w: (w.sum(axis=1) > 0).all())
    )
    return m, w


@settings(max_examples=60)
@given(samples(), st.sampled_from(["wsm", "topsis"]))
def test_acceptabilities_sum_to_one_over_ranks_and_over_alternatives(
    problem: tuple[np.ndarray, np.ndarray], method: str
) -> None:
    m, w = problem
    result = rank_acceptability(m, w, method=method)  # type: ignore[arg-type]
    np.testing.assert_allclose(result.acceptability.sum(axis=1), 1.0)
    np.testing.assert_allclose(result.acceptability.sum(axis=0), 1.0)
    assert result.first_rank_counts.sum() == w.shape[0]


@settings(max_examples=60)
@given(samples())
def test_vectorised_counts_equal_one_sample_at_a_time(problem: tuple[np.ndarray, np.ndarray]) -> None:
    m, w = problem
    result = rank_acceptability(m, w)
    expected = brute_force_acceptability(np.array([weighted_sum(m, row) for row in w]))
    np.testing.assert_allclose(result.acceptability, expected)
    topsis_result = rank_acceptability(m, w, method="topsis")
    expected = brute_force_acceptability(np.array([topsis(m, row) for row in w]))
    np.testing.assert_allclose(topsis_result.acceptability, expected)


def test_central_weights_are_the_mean_of_samples_won() -> None:
    w = np.array([[1.0, 0, 0], [0, 1, 0], [0, 0, 1], [0.5, 0, 0.5]])
    result = rank_acceptability(MATRIX, w)
    # Winners per sample: A3 (8), A1/A3 tie -> A1 (8, lower index), A2 (8), A2 (7.5).
    assert result.first_rank_counts.tolist() == [1, 2, 1, 0]
    np.testing.assert_allclose(result.central_weights[0], [0, 1, 0])
    np.testing.assert_allclose(result.central_weights[1], [0.25, 0, 0.75])
    assert np.isnan(result.central_weights[3]).all()


def test_confidence_is_one_or_zero_with_certain_scores() -> None:
    rng = np.random.default_rng(7)
    result = rank_acceptability(MATRIX, rng.dirichlet(np.ones(3), 2000))
    won = result.first_rank_counts > 0
    assert np.isin(result.confidence[won], [0.0, 1.0]).all()
    assert np.isnan(result.confidence[~won]).all()
    for i in np.flatnonzero(won):
        expected = float(np.argmax(weighted_sum(MATRIX, result.central_weights[i])) == i)
        assert result.confidence[i] == expected


def test_dominated_alternative_never_ranks_first() -> None:
    rng = np.random.default_rng(3)
    result = rank_acceptability(MATRIX, rng.dirichlet(np.ones(3), 5000))
    # A4 (7,4,6) is dominated by A2 (7,6,8): never first, never above A2.
    assert result.acceptability[3, 0] == 0.0
    assert np.isnan(result.confidence[3])


def test_uniform_score_bounds_are_drawn_from_the_generator() -> None:
    w = np.random.default_rng(1).dirichlet(np.ones(3), 3000)
    bounds = (MATRIX - 1, MATRIX + 1)
    first = rank_acceptability(MATRIX, w, bounds, rng=np.random.default_rng(5))
    again = rank_acceptability(MATRIX, w, bounds, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(first.acceptability, again.acceptability)
    assert 0 < first.acceptability[0, 0] < 1  # uncertainty lets A1 win sometimes
    assert ((first.confidence > 0) & (first.confidence < 1)).any()


def test_explicit_score_samples_pair_with_weight_samples() -> None:
    """Sample s is scored with weight sample s; zero-width samples equal certain scores."""
    w = np.random.default_rng(2).dirichlet(np.ones(3), 500)
    x = np.broadcast_to(MATRIX, (500, *MATRIX.shape))
    for method in ("wsm", "topsis"):
        certain = rank_acceptability(MATRIX, w, method=method)  # type: ignore[arg-type]
        sampled = rank_acceptability(MATRIX, w, x, method=method, chunk_size=64)  # type: ignore[arg-type]
        np.testing.assert_allclose(sampled.acceptability, certain.acceptability)
        np.testing.assert_allclose(sampled.central_weights, certain.central_weights)
        np.testing.assert_allclose(sampled.confidence, certain.confidence)


def test_topsis_with_cost_criterion_is_supported() -> None:
    w = np.random.default_rng(4).dirichlet(np.ones(3), 200)
    benefit = np.array([True, True, False])
    result = rank_acceptability(MATRIX, w, method="topsis", benefit=benefit)
    expected = brute_force_acceptability(topsis(MATRIX, w, benefit))
    np.testing.assert_allclose(result.acceptability, expected)


def test_identical_alternatives_tie_to_the_lower_index() -> None:
    """Tie rule: of two alternatives with equal scores the lower index ranks higher."""
    matrix = np.vstack([MATRIX[2], MATRIX[2], MATRIX[0]])
    w = np.random.default_rng(6).dirichlet(np.ones(3), 1000)
    for method in ("wsm", "topsis"):
        result = rank_acceptability(matrix, w, method=method)  # type: ignore[arg-type]
        assert result.acceptability[0, 0] + result.acceptability[2, 0] == 1.0
        assert result.acceptability[1, 0] == 0.0


def test_result_does_not_depend_on_chunk_size() -> None:
    w = np.random.default_rng(8).dirichlet(np.ones(3), 1001)
    for method in ("wsm", "topsis"):
        whole = rank_acceptability(MATRIX, w, method=method, chunk_size=10_000)  # type: ignore[arg-type]
        chunked = rank_acceptability(MATRIX, w, method=method, chunk_size=7)  # type: ignore[arg-type]
        np.testing.assert_array_equal(whole.acceptability, chunked.acceptability)
        np.testing.assert_allclose(whole.central_weights, chunked.central_weights)


def test_single_alternative_always_ranks_first() -> None:
    result = rank_acceptability([[1.0, 2.0]], [[0.5, 0.5], [1, 0]])
    assert result.acceptability.tolist() == [[1.0]]
    assert result.confidence.tolist() == [1.0]


def test_single_weight_vector_counts_as_one_sample() -> None:
    result = rank_acceptability(MATRIX, [0.3, 0.4, 0.3])
    assert result.n_samples == 1 and result.acceptability[2, 0] == 1.0


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"weight_samples": [[0.5, 0.5, np.nan]]}, "weight sample 0, criterion 2"),
        ({"weight_samples": [[0.5, -0.5, 1]]}, "negative"),
        ({"weight_samples": [[0.5, 0.5]]}, "matrix has 3 criteria"),
        ({"method": "electre"}, "unknown method"),
        ({"benefit": [True, False, True]}, "invert cost criteria"),
        ({"score_samples": np.ones((2, 4, 3))}, r"shape \(S, A, C\)"),
        ({"score_samples": (MATRIX + 1, MATRIX)}, "bounds inverted at row 0, column 0"),
        ({"score_samples": (MATRIX, MATRIX[:2])}, "matrix shape"),
        ({"method": "topsis", "normalization": "sum"}, "unknown normalization"),
    ],
)
def test_malformed_smaa_input_is_rejected(kwargs: dict, fragment: str) -> None:
    arguments = {"matrix": MATRIX, "weight_samples": [[0.3, 0.4, 0.3]]} | kwargs
    with pytest.raises(DecisionInputError, match=fragment):
        rank_acceptability(**arguments)


def test_nan_in_score_samples_is_located() -> None:
    x = np.ones((2, 4, 3))
    x[1, 2, 0] = np.nan
    with pytest.raises(DecisionInputError, match=r"score sample 1 .* row 2, column 0"):
        rank_acceptability(MATRIX, np.ones((2, 3)), x)
