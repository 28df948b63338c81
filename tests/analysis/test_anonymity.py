"""Minimum group size and complementary suppression (advisor.analysis.anonymity)."""

import pandas as pd
import pytest

from advisor.analysis.anonymity import (
    NOT_ANSWERED,
    check_min_group,
    may_show_comments,
    segment_values,
    suppressed_groups,
)
from advisor.errors import InputError


def test_groups_at_or_above_the_threshold_are_shown():
    assert suppressed_groups({"a": 10, "b": 8, "c": 5}, 5) == set()


def test_small_segment_is_suppressed_with_its_complement():
    # d (3) alone could be derived as total - visible; the next smallest, c (6), hides with it: 9 >= 5.
    assert suppressed_groups({"a": 20, "b": 9, "c": 6, "d": 3}, 5) == {"c", "d"}


def test_two_small_groups_that_together_reach_the_threshold_need_no_complement():
    assert suppressed_groups({"a": 20, "b": 9, "c": 3, "d": 2}, 5) == {"c", "d"}


def test_complement_continues_until_the_hidden_total_reaches_the_threshold():
    # k = 10: c (2) + d (3) = 5 < 10, so the next smallest b (12) is hidden too: 17 >= 10.
    assert suppressed_groups({"a": 50, "b": 12, "c": 2, "d": 3}, 10) == {"b", "c", "d"}


def test_ties_for_next_smallest_are_broken_alphabetically():
    assert suppressed_groups({"b": 6, "a": 6, "c": 2}, 5) == {"a", "c"}


def test_organisation_below_threshold_hides_everything():
    assert suppressed_groups({"a": 2, "b": 1}, 5) == {"a", "b"}


def test_one_visible_group_left_is_hidden_with_the_small_one():
    assert suppressed_groups({"a": 100, "b": 3}, 5) == {"a", "b"}


def test_not_answered_is_its_own_group_under_the_same_rules():
    answers = pd.DataFrame({"department": pd.array(["x"] * 20 + ["y"] * 9 + [None] * 3, dtype="string")})
    segments = segment_values(answers, "department")
    counts = segments.value_counts().to_dict()
    assert counts[NOT_ANSWERED] == 3
    assert suppressed_groups(counts, 5) == {NOT_ANSWERED, "y"}


def test_min_group_below_three_is_an_input_error():
    with pytest.raises(InputError, match="3"):
        check_min_group(2, "nl")
    with pytest.raises(InputError):
        suppressed_groups({"a": 10}, 1)
    assert check_min_group(3) == 3


def test_comments_need_ten_respondents_and_a_visible_group():
    assert not may_show_comments(9, False)
    assert may_show_comments(10, False)
    assert not may_show_comments(50, True)
