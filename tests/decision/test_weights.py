"""AHP, rank-order centroid and weight normalisation."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from advisor.decision import RANDOM_INDEX, DecisionInputError, ahp, normalise_weights, roc_weights
from advisor.decision.weights import aggregate_judgements

DRINKS = ["coffee", "wine", "tea", "beer", "soda", "milk", "water"]
DRINK_JUDGEMENTS = {
    ("coffee", "wine"): 9, ("coffee", "tea"): 5, ("coffee", "beer"): 2,
    ("coffee", "soda"): 1, ("coffee", "milk"): 1, ("coffee", "water"): 1 / 2,
    ("wine", "tea"): 1 / 3, ("wine", "beer"): 1 / 9, ("wine", "soda"): 1 / 9,
    ("wine", "milk"): 1 / 9, ("wine", "water"): 1 / 9,
    ("tea", "beer"): 1 / 3, ("tea", "soda"): 1 / 4, ("tea", "milk"): 1 / 3,
    ("tea", "water"): 1 / 9,
    ("beer", "soda"): 1 / 2, ("beer", "milk"): 1, ("beer", "water"): 1 / 3,
    ("soda", "milk"): 2, ("soda", "water"): 1 / 2,
    ("milk", "water"): 1 / 3,
}  # fmt: skip


def pairwise_from(judgements: dict[tuple[str, str], float], names: list[str]) -> np.ndarray:
    a = np.eye(len(names))
    for (row, column), value in judgements.items():
        i, j = names.index(row), names.index(column)
        a[i, j], a[j, i] = value, 1 / value
    return a


def consistent_pairwise(priorities: np.ndarray) -> np.ndarray:
    return priorities[:, None] / priorities[None, :]


def test_ahp_reproduces_saaty_2008_drink_consumption() -> None:
    """Saaty, T. L. (2008) 'Decision making with the analytic hierarchy process',
    Int. J. Services Sciences 1(1), relative drink consumption in the US; matrix as
    in the AHPy README (PhilipGriffith/AHPy). Published weights to 3 dp,
    lambda_max 7.1766, CR 0.0223 with Saaty's 1980 random index."""
    result = ahp(pairwise_from(DRINK_JUDGEMENTS, DRINKS))
    published = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
    np.testing.assert_allclose(result.weights, published, atol=5e-4)
    assert round(result.lambda_max, 4) == 7.1766
    assert round(result.cr, 4) == 0.0223
    assert result.n == 7 and result.random_index == 1.32
    assert result.consistent


def test_ahp_geometric_method_is_close_to_eigenvector_on_drinks() -> None:
    """Row geometric mean differs slightly from the eigenvector on an inconsistent matrix."""
    result = ahp(pairwise_from(DRINK_JUDGEMENTS, DRINKS), method="geometric")
    assert result.method == "geometric"
    np.testing.assert_allclose(result.weights.sum(), 1.0)
    np.testing.assert_allclose(result.weights, [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327], atol=4e-3)
    a = pairwise_from(DRINK_JUDGEMENTS, DRINKS)
    assert result.lambda_max == pytest.approx(np.mean(a @ result.weights / result.weights))


def test_group_judgements_are_aggregated_by_geometric_mean_keeping_reciprocity() -> None:
    """Judgements 2, 3, 4 aggregate to 24**(1/3) = 2.8845; reciprocals to exactly 1/that."""
    stack = np.array([[[1, v], [1 / v, 1]] for v in (2.0, 3.0, 4.0)])
    aggregate = aggregate_judgements(stack)
    assert round(aggregate[0, 1], 4) == 2.8845
    assert aggregate[1, 0] == 1 / aggregate[0, 1]
    result = ahp(stack)
    np.testing.assert_allclose(result.weights, [2.8845 / 3.8845, 1 / 3.8845], atol=1e-4)


def test_group_of_identical_judgements_equals_one_participant() -> None:
    a = pairwise_from(DRINK_JUDGEMENTS, DRINKS)
    np.testing.assert_allclose(ahp(np.stack([a, a, a])).weights, ahp(a).weights, atol=1e-12)


@pytest.mark.parametrize("table", sorted(RANDOM_INDEX))
def test_consistent_matrix_has_zero_cr_and_recovers_priorities(table: str) -> None:
    priorities = np.array([0.4, 0.3, 0.2, 0.1])
    for method in ("eigenvector", "geometric"):
        result = ahp(consistent_pairwise(priorities), method=method, random_index=table)
        np.testing.assert_allclose(result.weights, priorities, atol=1e-10)
        assert result.cr == pytest.approx(0.0, abs=1e-10)
        assert result.random_index_table == table


def test_random_index_tables_match_reference() -> None:
    assert RANDOM_INDEX["saaty1980"][2:10] == (0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49)
    assert RANDOM_INDEX["saaty1980"][10:] == (1.51, 1.48, 1.56, 1.57, 1.59)
    assert RANDOM_INDEX["saaty2005"][2:] == (0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49)
    assert RANDOM_INDEX["donegan_dodd1991"][6] == 1.2519
    assert RANDOM_INDEX["tummala_ling1998"][9] == 1.4882
    assert all(table[:2] == (0.0, 0.0) for table in RANDOM_INDEX.values())


def test_two_criteria_always_have_cr_zero() -> None:
    result = ahp([[1, 7], [1 / 7, 1]])
    assert result.cr == 0.0 and result.random_index == 0.0
    np.testing.assert_allclose(result.weights, [7 / 8, 1 / 8])


def test_single_criterion_gets_all_weight() -> None:
    result = ahp([[1.0]])
    assert result.weights.tolist() == [1.0] and result.cr == 0.0


def test_strongly_inconsistent_matrix_is_flagged() -> None:
    cyclic = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    assert not ahp(cyclic).consistent


def test_ahp_result_weights_are_read_only() -> None:
    result = ahp([[1, 2], [0.5, 1]])
    with pytest.raises(ValueError):
        result.weights[0] = 1.0


def test_non_reciprocal_cell_is_named() -> None:
    a = consistent_pairwise(np.array([0.4, 0.3, 0.2, 0.1]))
    a[2, 3], a[3, 2] = 4.0, 0.5
    with pytest.raises(DecisionInputError, match=r"cell \(2,3\)=4 but \(3,2\)=0.5, expected 0.25"):
        ahp(a)


def test_non_reciprocal_participant_is_named() -> None:
    good = [[1, 2], [0.5, 1]]
    bad = [[1, 2], [2, 1]]
    with pytest.raises(DecisionInputError, match="participant 1: cell"):
        ahp([good, bad])


@pytest.mark.parametrize(
    ("pairwise", "fragment"),
    [
        ([[1, 2, 3], [0.5, 1, 1]], "square"),
        (np.ones((2, 3, 4)), "square"),
        ([[1, -2], [-0.5, 1]], "positive"),
        ([[1, np.nan], [1, 1]], "positive finite"),
        ([[2, 2], [0.5, 2]], r"diagonal cell \(0,0\)=2, expected 1"),
        (np.zeros((0, 0)), "empty"),
    ],
)
def test_malformed_pairwise_matrix_is_rejected(pairwise: object, fragment: str) -> None:
    with pytest.raises(DecisionInputError, match=fragment):
        ahp(pairwise)


def test_matrix_larger_than_random_index_table_is_rejected() -> None:
    a = consistent_pairwise(np.arange(1.0, 12.0))
    with pytest.raises(DecisionInputError, match="saaty2005 random index table stops at n=10"):
        ahp(a, random_index="saaty2005")
    assert ahp(a, random_index="saaty1980").n == 11


def test_unknown_method_and_table_are_rejected() -> None:
    with pytest.raises(DecisionInputError, match="unknown AHP method"):
        ahp([[1.0]], method="mean")  # type: ignore[arg-type]
    with pytest.raises(DecisionInputError, match="unknown random index table"):
        ahp([[1.0]], random_index="saaty")  # type: ignore[arg-type]


def test_roc_weights_match_published_values() -> None:
    """Barron & Barrett (1996) rank-order centroid, w_k = (1/n) sum_{i>=k} 1/i."""
    np.testing.assert_allclose(roc_weights([0, 1, 2]), [0.6111, 0.2778, 0.1111], atol=5e-5)
    np.testing.assert_allclose(roc_weights(range(5)), [0.4567, 0.2567, 0.1567, 0.0900, 0.0400], atol=5e-5)


def test_roc_weights_are_aligned_with_criterion_index() -> None:
    """order [2, 0, 1]: criterion 2 is most important, criterion 1 least."""
    np.testing.assert_allclose(roc_weights([2, 0, 1]), [0.2778, 0.1111, 0.6111], atol=5e-5)


@pytest.mark.parametrize("order", [[0, 0, 1], [1, 2, 3], [], [0.0, 1.0]])
def test_roc_order_must_be_a_permutation(order: list) -> None:
    with pytest.raises(DecisionInputError, match="order must be"):
        roc_weights(order)


@given(st.permutations(list(range(8))))
def test_roc_weights_sum_to_one_and_follow_the_order(order: list[int]) -> None:
    w = roc_weights(order)
    assert w.sum() == pytest.approx(1.0)
    assert all(np.diff(w[order]) < 0)


positive_weights = arrays(
    np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)),
    elements=st.floats(0, 100, allow_subnormal=False),
).filter(lambda w: (w.sum(axis=1) > 1e-6).all())  # fmt: skip


@given(positive_weights)
def test_normalised_weights_sum_to_one_per_row_and_stack_equals_rows(w: np.ndarray) -> None:
    stacked = normalise_weights(w)
    np.testing.assert_allclose(stacked.sum(axis=1), 1.0)
    for row, normalised in zip(w, stacked, strict=True):
        np.testing.assert_allclose(normalise_weights(row), normalised)


@given(st.lists(st.floats(0.05, 1), min_size=2, max_size=7))
def test_ahp_weights_sum_to_one(priorities: list[float]) -> None:
    result = ahp(consistent_pairwise(np.array(priorities)))
    assert result.weights.sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ([0.5, np.nan], r"not a finite number \(nan\) at criterion 1"),
        ([[0.5, 0.5], [0.5, np.inf]], "weight sample 1, criterion 1"),
        ([0.5, -0.1], r"negative \(-0.1\) at criterion 1"),
        ([0.0, 0.0], "all zero"),
        ([[1, 0], [0, 0]], "weight sample 1 is all zero"),
        (np.ones((2, 2, 2)), "one vector"),
        ([], "empty"),
    ],
)
def test_malformed_weights_are_rejected(weights: object, fragment: str) -> None:
    with pytest.raises(DecisionInputError, match=fragment):
        normalise_weights(weights)


def test_decision_input_error_is_a_value_error() -> None:
    assert issubclass(DecisionInputError, ValueError)
