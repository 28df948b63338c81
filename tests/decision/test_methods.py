"""Weighted sum and TOPSIS."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from advisor.decision import DecisionInputError, ranks, topsis, weighted_sum

TZENG_HUANG = np.array([[5, 8, 4], [7, 6, 8], [8, 8, 6], [7, 4, 6]], dtype=float)
TZENG_HUANG_WEIGHTS = np.array([0.3, 0.4, 0.3])


def test_topsis_reproduces_tzeng_huang_2011() -> None:
    """Tzeng, G.-H. & Huang, J.-J. (2011) Multiple Attribute Decision Making:
    Methods and Applications, TOPSIS example (as in scikit-criteria
    tests/agg/test_topsis.py): vector normalisation, all benefit."""
    c = topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS)
    np.testing.assert_allclose(c, [0.5037, 0.6581, 0.7482, 0.3340], atol=5e-5)
    assert np.argsort(-c).tolist() == [2, 1, 0, 3]  # A3, A2, A1, A4


def test_topsis_cost_criterion_is_inverted_after_normalising() -> None:
    """A cost criterion takes its ideal at the minimum: same as negating the
    normalised column, i.e. hand-computed distances on 1 - n for that column."""
    benefit = np.array([True, True, False])
    c = topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS, benefit=benefit)
    n = TZENG_HUANG / np.sqrt((TZENG_HUANG**2).sum(axis=0))
    n[:, 2] = 1 - n[:, 2]
    v = n * TZENG_HUANG_WEIGHTS
    d_best = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    d_worst = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    np.testing.assert_allclose(c, d_worst / (d_best + d_worst))
    # Criterion 3 favoured A2 (8); as a cost it now favours A1 (4).
    assert c[0] > topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS)[0]


def test_topsis_minmax_matches_hand_computation() -> None:
    c = topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS, normalization="minmax")
    low, high = TZENG_HUANG.min(axis=0), TZENG_HUANG.max(axis=0)
    v = (TZENG_HUANG - low) / (high - low) * TZENG_HUANG_WEIGHTS
    d_best = np.sqrt(((v - TZENG_HUANG_WEIGHTS) ** 2).sum(axis=1))
    d_worst = np.sqrt((v**2).sum(axis=1))
    np.testing.assert_allclose(c, d_worst / (d_best + d_worst))


def test_constant_criterion_contributes_nothing_under_minmax() -> None:
    with_constant = np.column_stack([TZENG_HUANG, np.full(4, 3.0)])
    c = topsis(with_constant, [0.3, 0.4, 0.3, 0.5], normalization="minmax")
    np.testing.assert_allclose(c, topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS, normalization="minmax"))


def test_constant_and_all_zero_criteria_are_defined_under_vector() -> None:
    matrix = np.column_stack([TZENG_HUANG, np.full(4, 3.0), np.zeros(4)])
    c = topsis(matrix, [0.3, 0.4, 0.3, 0.5, 0.5])
    assert np.isfinite(c).all()
    assert np.argsort(-c).tolist() == [2, 1, 0, 3]


def test_single_alternative_and_identical_alternatives_get_half() -> None:
    """All alternatives coincide with both ideals: closeness defined as 0.5."""
    assert topsis([[3.0, 4.0]], [0.5, 0.5]).tolist() == [0.5]
    assert topsis([[3.0, 4.0]] * 3, [0.5, 0.5]).tolist() == [0.5] * 3
    assert weighted_sum([[3.0, 4.0]], [1, 3]).tolist() == [3.75]


def test_weighted_sum_normalises_weights() -> None:
    np.testing.assert_allclose(weighted_sum(TZENG_HUANG, [3, 4, 3]), [5.9, 6.9, 7.4, 5.5])


def test_ranks_break_ties_by_lower_index() -> None:
    assert ranks([1.0, 3.0, 3.0, 2.0]).tolist() == [3, 0, 1, 2]
    assert ranks([[1.0, 1.0], [0.0, 2.0]]).tolist() == [[0, 1], [1, 0]]
    # 0.1 + 0.2 != 0.3 in floating point; rounding noise must not decide the tie.
    assert ranks([0.1 + 0.2, 0.3]).tolist() == [0, 1]
    assert ranks([0.3, 0.1 + 0.2]).tolist() == [0, 1]


matrices = arrays(np.float64, st.tuples(st.integers(1, 6), st.integers(1, 5)), elements=st.integers(0, 10))


@st.composite
def problems(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray]:
    m = draw(matrices)
    w = draw(
        arrays(np.float64, (draw(st.integers(1, 4)), m.shape[1]), elements=st.integers(0, 10)).filter(
            lambda w: (w.sum(axis=1) > 0).all()
        )
    )
    return m, w


@given(problems(), st.sampled_from(["vector", "minmax"]))
def test_stacked_weights_equal_one_vector_at_a_time(
    problem: tuple[np.ndarray, np.ndarray], normalization: str
) -> None:
    m, w = problem
    benefit = np.arange(m.shape[1]) % 2 == 0
    stacked_wsm = weighted_sum(m, w)
    stacked_topsis = topsis(m, w, benefit, normalization)  # type: ignore[arg-type]
    assert stacked_wsm.shape == stacked_topsis.shape == (w.shape[0], m.shape[0])
    for row, wsm_row, topsis_row in zip(w, stacked_wsm, stacked_topsis, strict=True):
        np.testing.assert_allclose(weighted_sum(m, row), wsm_row)
        np.testing.assert_allclose(topsis(m, row, benefit, normalization), topsis_row)  # type: ignore[arg-type]


@given(problems(), st.floats(0.01, 100), st.data())
def test_topsis_vector_closeness_is_invariant_to_scaling_a_criterion(
    problem: tuple[np.ndarray, np.ndarray], factor: float, data: st.DataObject
) -> None:
    m, w = problem
    j = data.draw(st.integers(0, m.shape[1] - 1))
    scaled = m.copy()
    scaled[:, j] *= factor
    np.testing.assert_allclose(topsis(scaled, w), topsis(m, w), atol=1e-9)


@given(problems(), st.floats(0.01, 100), st.data())
def test_wsm_scaling_a_criterion_equals_scaling_its_weight(
    problem: tuple[np.ndarray, np.ndarray], factor: float, data: st.DataObject
) -> None:
    """WSM scores change when a criterion is rescaled; what is invariant is the
    ranking once that criterion's weight is divided by the same factor."""
    m, w = problem
    j = data.draw(st.integers(0, m.shape[1] - 1))
    scaled, compensated = m.copy(), w.copy()
    scaled[:, j] *= factor
    compensated[:, j] /= factor
    before = weighted_sum(m, w)
    after = weighted_sum(scaled, compensated)
    ratio = compensated.sum(axis=1, keepdims=True) / w.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(after * ratio, before, atol=1e-9)


@given(problems(), st.data())
def test_dominating_alternative_never_ranks_below_the_dominated(
    problem: tuple[np.ndarray, np.ndarray], data: st.DataObject
) -> None:
    m, w = problem
    if m.shape[0] < 2:
        m = np.vstack([m, m])
    bump = data.draw(arrays(np.float64, m.shape[1], elements=st.integers(0, 3)))
    m[0] = m[1] + bump  # alternative 0 dominates alternative 1
    for scores in (weighted_sum(m, w), topsis(m, w), topsis(m, w, normalization="minmax")):
        assert (ranks(scores)[:, 0] < ranks(scores)[:, 1]).all()
        assert (scores[:, 0] >= scores[:, 1] - 1e-12).all()


@pytest.mark.parametrize(
    ("matrix", "fragment"),
    [
        ([1.0, 2.0], "must be 2-D"),
        (np.zeros((0, 3)), "empty"),
        ([[1, 2], [3, np.nan]], "row 1, column 1"),
        ([[1, np.inf], [3, 4]], r"non-finite value \(inf\) at row 0, column 1"),
    ],
)
def test_malformed_matrix_is_rejected(matrix: object, fragment: str) -> None:
    for method in (weighted_sum, topsis):
        with pytest.raises(DecisionInputError, match=fragment):
            method(matrix, [0.5, 0.5])


def test_weights_of_the_wrong_length_are_rejected() -> None:
    with pytest.raises(DecisionInputError, match="2 entries per vector but the matrix has 3"):
        topsis(TZENG_HUANG, [0.5, 0.5])


def test_bad_benefit_and_normalization_are_rejected() -> None:
    with pytest.raises(DecisionInputError, match="benefit must be 3 booleans"):
        topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS, benefit=[1, 0, 1])
    with pytest.raises(DecisionInputError, match="unknown normalization"):
        topsis(TZENG_HUANG, TZENG_HUANG_WEIGHTS, normalization="sum")  # type: ignore[arg-type]
