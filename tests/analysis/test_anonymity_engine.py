"""The anonymity engine's rules one by one (advisor.analysis.anonymity.engine and .audit)."""

import numpy as np
import pandas as pd

from advisor.analysis.anonymity import NOT_ANSWERED, REMAINDER
from advisor.analysis.anonymity.audit import determined_small_set
from advisor.analysis.anonymity.engine import plan_publication
from advisor.analysis.weights import pool_strata


def _groups(**columns: list[str]) -> dict[str, pd.Series]:
    return {name: pd.Series(values, dtype=object) for name, values in columns.items()}


def test_a_figure_needs_k_answers_to_its_question_not_k_people():
    department = ["a"] * 20 + ["b"] * 15 + ["c"] * 6
    answered = np.array([True] * 35 + [True] + [False] * 5)  # c: 6 people, 1 answer
    pub = plan_publication(_groups(department=department), {"x": answered}, 5, 10)
    assert pub.shows("respondents", "department", "c")
    assert not pub.shows("x", "department", "c")
    # remainder rule per question: c's one answer would be org - a - b, so b's figure goes too
    assert not pub.shows("x", "department", "b") and pub.shows("x", "department", "a")


def test_hidden_together_is_published_only_pooled_and_at_least_k():
    pub = plan_publication(_groups(department=["a"] * 20 + ["b"] * 9 + ["c"] * 3), {}, 5, 10)
    assert pub.suppressed("department") == {"b", "c"}
    assert pub.hidden_together("department") == 12


def test_a_group_nested_in_another_breakdown_up_to_fewer_than_k_people_is_withheld():
    # location x holds all of department a (10) plus 2 people of b: x - a = those 2 people
    department = ["a"] * 10 + ["b"] * 12 + ["c"] * 10
    location = ["x"] * 12 + ["y"] * 20
    pub = plan_publication(_groups(department=department, location=location), {}, 5, 10)
    shown_a = pub.shows("respondents", "department", "a")
    shown_x = pub.shows("respondents", "location", "x")
    assert not (shown_a and shown_x)


def test_the_audit_finds_a_set_only_a_chain_of_three_breakdowns_reveals():
    # atoms: sizes; blocks: rows. 1_{atom 0} = row0 - row1 + row2 - row3 (a chain)
    matrix = np.array([[1, 1, 0, 0], [0, 1, 1, 0], [0, 0, 1, 1], [0, 0, 0, 1], [1, 1, 1, 1]], dtype=float)
    sizes = np.array([2.0, 10.0, 10.0, 10.0])
    found = determined_small_set(matrix, sizes, 5)
    assert found is not None and list(found) == [0]
    assert determined_small_set(matrix[[0, 4]], sizes, 5) is None


def test_comment_lists_whose_intersection_is_small_are_withheld():
    department = ["a"] * 12 + ["b"] * 12 + ["c"] * 12
    location = ["x"] * 3 + ["y"] * 33  # x holds 3 of a's 12 commenters
    comments = np.ones(36, dtype=bool)
    pub = plan_publication(_groups(department=department, location=location), {"comment": comments}, 5, 10)
    lists = [("department", g) for g in "abc"] + [("location", g) for g in "xy"]
    shown = [(b, g) for b, g in lists if pub.shows("comment", b, g)]
    members = {
        (b, g): {i for i, v in enumerate(department if b == "department" else location) if v == g}
        for b, g in shown
    }
    for s1 in members.values():
        for s2 in members.values():
            assert len(s1 & s2) in (0,) or len(s1 & s2) >= 10


def test_not_answered_joins_the_pooled_stratum_only_with_a_named_group():
    segments = pd.Series(["a"] * 5 + ["b"] * 3 + [NOT_ANSWERED] * 2)
    labels, headcounts = pool_strata(segments, {"b", NOT_ANSWERED}, {"a": 50, "b": 7})
    assert set(labels) == {"a", REMAINDER} and headcounts == {"a": 50, REMAINDER: 7}
    labels, headcounts = pool_strata(segments, {NOT_ANSWERED}, {"a": 50, "b": 7})
    assert NOT_ANSWERED in set(labels) and REMAINDER not in headcounts
