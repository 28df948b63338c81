"""Exact weight-stability intervals (weighted sum)."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from advisor.decision import DecisionInputError, ranks, stability_intervals, weighted_sum

MATRIX = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)


def moved(weights: np.ndarray, j: int, w: float) -> np.ndarray:
    """Set weight j to w, keeping the others' proportions."""
    others = np.delete(np.arange(weights.size), j)
    result = np.empty_like(weights)
    result[j] = w
    result[others] = weights[others] * (1 - w) / (1 - weights[j])
    return result


def winner(matrix: np.ndarray, weights: np.ndarray) -> int:
    """Top alternative under the package's tie rule (lower index wins ties)."""
    return int(np.argmin(ranks(weighted_sum(matrix, weights))))


def test_interval_for_worked_example_is_found_by_hand() -> None:
    """Scores at (.3,.4,.3) are 5.9, 6.9, 7.4, 5.5: A3 wins. Moving w_2 down to
    0.2 (others rescaled to .4, .4) makes A2 and A3 tie at 7.2."""
    result = stability_intervals(MATRIX, [0.3, 0.4, 0.3])
    assert result.winner == 2
    assert result.lower[1] == pytest.approx(0.2)
    assert result.rival_at_lower[1] == 1
    assert result.upper[1] == 1.0 and result.rival_at_upper[1] == -1
    assert result.upper[2] == pytest.approx(0.44) and result.rival_at_upper[2] == 1
    np.testing.assert_allclose(result.current, [0.3, 0.4, 0.3])


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    a, c = draw(st.integers(2, 6)), draw(st.integers(2, 5))
    m = draw(arrays(np.float64, (a, c), elements=st.integers(0, 10)))
    w = draw(arrays(np.float64, c, elements=st.integers(1, 10)))
    return m, w / w.sum()


@given(problems(), st.data())
def test_weight_inside_interval_keeps_winner_and_just_outside_changes_it(
    problem: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    m, w = problem
    result = stability_intervals(m, w)
    j = data.draw(st.integers(0, w.size - 1))
    lo, hi = result.lower[j], result.upper[j]
    assert lo <= result.current[j] <= hi  # the weights as the method normalised them
    np.testing.assert_allclose(result.current, w)
    if hi - lo > 1e-9:
        inside = data.draw(st.floats(lo, hi).filter(lambda x: lo + 1e-7 < x < hi - 1e-7))
        assume(lo + 1e-7 < inside < hi - 1e-7)
        assert winner(m, moved(w, j, inside)) == result.winner
    if result.rival_at_lower[j] >= 0:
        assert winner(m, moved(w, j, lo - 1e-6)) != result.winner
    if result.rival_at_upper[j] >= 0 and hi + 1e-6 <= 1:
        assert winner(m, moved(w, j, hi + 1e-6)) == result.rival_at_upper[j]


@given(problems())
def test_stacked_weights_equal_one_vector_at_a_time(problem: tuple[np.ndarray, np.ndarray]) -> None:
    m, w = problem
    stack = np.vstack([w, w[::-1], np.roll(w, 1)])
    stacked = stability_intervals(m, stack)
    assert stacked.lower.shape == (3, w.size) and stacked.winner.shape == (3,)
    for s, row in enumerate(stack):
        single = stability_intervals(m, row)
        assert single.winner == stacked.winner[s]
        np.testing.assert_allclose(single.lower, stacked.lower[s])
        np.testing.assert_allclose(single.upper, stacked.upper[s])
        np.testing.assert_array_equal(single.rival_at_lower, stacked.rival_at_lower[s])
        np.testing.assert_array_equal(single.rival_at_upper, stacked.rival_at_upper[s])


def test_single_alternative_is_stable_over_the_whole_range() -> None:
    result = stability_intervals([[3.0, 1.0, 2.0]], [0.2, 0.3, 0.5])
    assert result.winner == 0
    assert result.lower.tolist() == [0.0] * 3 and result.upper.tolist() == [1.0] * 3
    assert result.rival_at_lower.tolist() == [-1] * 3


def test_single_criterion_cannot_move() -> None:
    result = stability_intervals([[1.0], [2.0]], [5.0])
    assert result.lower.tolist() == [1.0] and result.upper.tolist() == [1.0]


def test_full_weight_on_one_criterion_spreads_the_rest_equally() -> None:
    """w_j = 1 leaves no proportions: the others share 1 - w equally."""
    m = np.array([[10.0, 0.0, 0.0], [0.0, 10.0, 10.0]])
    result = stability_intervals(m, [1.0, 0.0, 0.0])
    assert result.winner == 0
    # A1 scores 10w, A2 scores 10(1-w): tie at w = 0.5.
    assert result.lower[0] == pytest.approx(0.5) and result.rival_at_lower[0] == 1


def test_tie_at_current_weight_goes_to_lower_index_and_bounds_that_side() -> None:
    m = np.array([[1.0, 0.0], [0.0, 1.0]])
    result = stability_intervals(m, [0.5, 0.5])
    assert result.winner == 0
    assert result.lower[0] == pytest.approx(0.5) and result.rival_at_lower[0] == 1
    assert result.upper[0] == 1.0 and result.rival_at_upper[0] == -1
    assert result.upper[1] == pytest.approx(0.5) and result.rival_at_upper[1] == 1


def test_identical_alternatives_never_overtake() -> None:
    result = stability_intervals([[1.0, 2.0], [1.0, 2.0]], [0.5, 0.5])
    assert result.winner == 0
    assert result.lower.tolist() == [0.0, 0.0] and result.upper.tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    ("matrix", "weights", "fragment"),
    [
        (MATRIX, [0.5, 0.5], "matrix has 3 criteria"),
        (MATRIX, [0.5, 0.5, -1], "negative"),
        (MATRIX, [0, 0, 0], "all zero"),
        ([[1.0, np.nan]], [0.5, 0.5], "row 0, column 1"),
    ],
)
def test_malformed_input_is_rejected(matrix: object, weights: object, fragment: str) -> None:
    with pytest.raises(DecisionInputError, match=fragment):
        stability_intervals(matrix, weights)
