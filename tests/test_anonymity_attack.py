"""The anonymity engine under attack: the issue's attacks, each with its numbers, and a property
test that solves every published count and sum of random organisations as a linear system."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from advisor.analysis import summarise
from advisor.analysis.anonymity import NOT_ANSWERED, check_threshold
from advisor.analysis.anonymity.engine import RESPONDENTS, plan_publication
from advisor.analysis.weights import respondent_weights
from advisor.errors import InputError
from advisor.survey.demo import generate_demo


@pytest.fixture(scope="module")
def demo():
    return generate_demo(400, 2026)


def _with_departments(demo, sizes: dict[str, int]):
    """The demo answers with departments reassigned to ``sizes`` (the rest keep theirs)."""
    answers = demo.complete.copy()
    answers["department"] = answers["department"].astype(object)
    start = 0
    for name, n in sizes.items():
        answers.iloc[start : start + n, answers.columns.get_loc("department")] = name
        start += n
    rest = answers.index[start:]
    pool = ["editorial", "printing", "sales", "marketing", "it"]
    answers.loc[rest, "department"] = [pool[i % len(pool)] for i in range(len(rest))]
    answers["department"] = answers["department"].astype("string")
    return answers


def _true_mean(answers, criteria, mask) -> np.ndarray:
    w = respondent_weights(answers, criteria).weights
    return w.loc[w.index.intersection(answers.index[mask])].mean().to_numpy()


def _questionnaire_with_headcounts(demo, headcounts):
    q = demo.questionnaire
    organisation = q.organisation.model_copy(update={"headcounts": {"department": headcounts}})
    return dataclasses.replace(q, organisation=organisation)


# --- attack 1: headcount weighting isolates a hidden group -------------------------------------


def test_two_runs_with_and_without_headcounts_do_not_give_the_hidden_groups(demo):
    answers = _with_departments(demo, {"legal": 4, "management": 12})
    q0 = _questionnaire_with_headcounts(demo, {})  # run 1: no headcounts (respondent mean)
    criteria = q0.criterion_ids
    counts = answers["department"].value_counts().to_dict()
    headcounts = {d: 2 * n for d, n in counts.items()} | {"legal": 10, "management": 15}
    q1 = _questionnaire_with_headcounts(demo, headcounts)
    plain = summarise(answers, q0, bootstrap=0, breakdowns=["department"])
    weighted = summarise(answers, q1, bootstrap=0, breakdowns=["department"])
    assert set(plain.suppressed_segments) == {"legal", "management"}  # 4 hidden, 12 protects it
    assert (plain.organisation_method, weighted.organisation_method) == ("respondents", "headcount")
    visible = plain.visible_segments
    w = {k: np.array([plain.segments[k].weights[c] for c in criteria]) for k in visible}
    n = {k: plain.segments[k].weighted_n for k in visible}
    org_plain = np.array([plain.organisation.weights[c] for c in criteria])
    org_hc = np.array([weighted.organisation.weights[c] for c in criteria])
    # The attacker knows the sizes (4, 12) and headcounts and solves, per criterion:
    #   N * org_plain - sum_visible n_g w_g = 4 w_legal + 12 w_mgmt
    #   org_hc - sum_visible pi_g w_g       = pi_legal w_legal + pi_mgmt w_mgmt
    total_n = plain.organisation.weighted_n
    share = {k: v / sum(headcounts.values()) for k, v in headcounts.items()}
    lhs1 = total_n * org_plain - sum(n[k] * w[k] for k in visible)
    lhs2 = org_hc - sum(share[k] * w[k] for k in visible)
    n_l, n_m = 4, 12
    pooled_n = total_n - sum(n.values())  # respondents with weights in the two groups together
    # Pooling makes the second equation a multiple of the first: rank 1, two unknowns.
    np.testing.assert_allclose(lhs2, (share["legal"] + share["management"]) / pooled_n * lhs1, atol=1e-9)
    attacker = np.array([[n_l, n_m], [share["legal"], share["management"]]])
    solved = np.linalg.solve(attacker, np.vstack([lhs1, lhs2]))
    truth_legal = _true_mean(answers, criteria, answers["department"] == "legal")
    truth_mgmt = _true_mean(answers, criteria, answers["department"] == "management")
    pooled = _true_mean(answers, criteria, answers["department"].isin(["legal", "management"]))
    # the "solution" is the pooled mean for both, not the groups' own weights
    np.testing.assert_allclose(solved[0], pooled, atol=1e-9)
    np.testing.assert_allclose(solved[1], pooled, atol=1e-9)
    assert np.abs(solved[0] - truth_legal).max() > 0.01
    assert np.abs(solved[1] - truth_mgmt).max() > 0.001
    print("legal true", truth_legal.round(3), "solved", solved[0].round(3))


def test_an_extreme_headcount_for_a_hidden_group_gives_only_the_pooled_remainder(demo):
    answers = _with_departments(demo, {"legal": 4, "management": 12})
    criteria = demo.questionnaire.criterion_ids
    counts = answers["department"].value_counts().to_dict()
    headcounts = {d: n for d, n in counts.items()} | {"legal": 10**7}
    summary = summarise(
        answers, _questionnaire_with_headcounts(demo, headcounts), bootstrap=0, breakdowns=["department"]
    )
    org = np.array([summary.organisation.weights[c] for c in criteria])
    legal = _true_mean(answers, criteria, answers["department"] == "legal")
    pooled = _true_mean(answers, criteria, answers["department"].isin(["legal", "management"]))
    assert np.abs(org - pooled).max() < 1e-4
    assert np.abs(org - legal).max() > 0.01


# --- attack 2: k on answers, not on group size -------------------------------------------------


def test_a_group_of_six_with_one_rater_shows_no_weights_and_no_willingness(demo):
    answers = _with_departments(demo, {"management": 6})
    six = answers.index[:6]
    for column in [c for c in answers.columns if c.startswith("importance.")] + ["willingness"]:
        answers.loc[six[1:], column] = pd.NA
    summary = summarise(answers, demo.questionnaire, bootstrap=50, breakdowns=["department"])
    group = summary.segments["management"]
    assert not group.suppressed and group.n == 6
    assert group.weights is None and group.weighted_n is None and "weights" in group.withheld
    assert group.willingness is None and "willingness" in group.withheld
    assert "management" not in summary.bootstrap
    data = summary.to_dict()["segments"]["management"]
    assert data["weights"] is None and data["willingness"] is None and data["weighted_n"] is None


def test_score_never_ranks_for_one_respondent(demo):
    from advisor.catalog import load_catalog
    from advisor.scoring import rank_survey

    answers = _with_departments(demo, {"management": 6})
    for column in [c for c in answers.columns if c.startswith("importance.")]:
        answers.loc[answers.index[1:6], column] = pd.NA
    summary = summarise(answers, demo.questionnaire, bootstrap=50, breakdowns=["department"])
    rankings = rank_survey(load_catalog(), summary, samples=200)
    assert "management" not in rankings
    assert "management" in summary.withheld_weights
    assert all(r.source.respondents >= 5 for r in rankings.values())


# --- attack 3: comments by difference ----------------------------------------------------------


def test_organisation_comments_minus_the_listed_groups_never_leave_one_small_group(demo):
    answers = _with_departments(demo, {"management": 6})
    answers["comment"] = [f"comment {i}" for i in range(len(answers))]
    summary = summarise(answers, demo.questionnaire, bootstrap=0)
    rest = list(summary.organisation.comments)
    for g in summary.segments.values():
        for c in g.comments or []:
            rest.remove(c)
    management = {f"comment {i}" for i in range(6)}
    assert len(rest) == 0 or len(rest) >= 10
    assert set(rest) != management
    # and every intersection of published lists (across breakdowns) holds 0 or >= 10 comments
    lists = []
    for segment_by in summary.breakdowns:
        s = summarise(answers, demo.questionnaire, segment_by=segment_by, bootstrap=0)
        assert s.organisation.comments == summary.organisation.comments  # one list for every breakdown
        lists += [set(g.comments) for g in s.segments.values() if g.comments]
    for a in lists:
        for b in lists:
            assert len(a & b) == 0 or len(a & b) >= 10


# --- attack 4: exact sizes ---------------------------------------------------------------------


def test_hidden_sizes_are_not_printed_nor_derivable(demo):
    answers = _with_departments(demo, {"legal": 3, "management": 12})
    answers.loc[answers.index[20:28], "department"] = pd.NA  # 8 not answered, visible
    summary = summarise(answers, demo.questionnaire, bootstrap=0, breakdowns=["department"])
    data = json.loads(json.dumps(summary.to_dict()))
    hidden = summary.suppressed_segments
    assert "legal" in hidden
    for key in hidden:
        assert data["segments"][key] == {"n": None, "suppressed": True}
    shown = sum(data["segments"][k]["n"] for k in summary.visible_segments)
    # total - shown = the hidden groups together, which is published and at least k
    assert summary.total - shown == summary.hidden_together >= summary.min_group
    assert "fewer_than" not in json.dumps(data)


# --- attack 5: crossing breakdowns -------------------------------------------------------------


def test_a_location_of_five_holding_four_hidden_managers_is_withheld(demo):
    answers = demo.complete.copy()
    for column in ("role", "location"):
        answers[column] = answers[column].astype(object)
    answers.loc[answers["role"] == "manager", "role"] = "staff"
    answers.loc[answers["location"] == "remote", "location"] = "zwolle"
    managers, other = answers.index[:4], answers.index[4]
    answers.loc[managers, "role"] = "manager"
    answers.loc[managers, "location"] = "remote"
    answers.loc[other, "location"] = "remote"
    for column in ("role", "location"):
        answers[column] = answers[column].astype("string")
    roles = summarise(answers, demo.questionnaire, segment_by="role", bootstrap=0)
    assert "manager" in roles.suppressed_segments
    locations = summarise(answers, demo.questionnaire, segment_by="location", bootstrap=0)
    remote = locations.segments["remote"]
    assert remote.suppressed, "a 5-person location with 4 hidden managers would show the managers"


# --- the threshold -----------------------------------------------------------------------------


def test_threshold_below_five_needs_acknowledgement_and_never_below_three_or_the_lock(demo):
    with pytest.raises(InputError, match="--acknowledge-small-groups"):
        check_threshold(4, lang="en")
    assert check_threshold(4, acknowledged=True) == 4
    with pytest.raises(InputError):
        check_threshold(2, acknowledged=True)
    with pytest.raises(InputError, match="7"):
        check_threshold(5, locked_at=7, lang="en")
    with pytest.raises(InputError):
        summarise(demo.complete, demo.questionnaire, min_group=3, bootstrap=0)
    assert summarise(
        demo.complete, demo.questionnaire, min_group=3, bootstrap=0, acknowledge_small_groups=True
    )


# --- the property test -------------------------------------------------------------------------


def _in_row_space(rows: np.ndarray, target: np.ndarray) -> bool:
    if not len(rows):
        return False
    coef, *_ = np.linalg.lstsq(rows.T, target, rcond=None)
    return bool(np.abs(rows.T @ coef - target).max() < 1e-6)


@st.composite
def organisations(draw):
    n = draw(st.integers(12, 70))
    k = draw(st.integers(3, 7))
    m = draw(st.integers(2, 3))
    columns = {}
    for j in range(m):
        labels = draw(st.integers(2, 6))
        weights = draw(st.lists(st.integers(1, 12), min_size=labels, max_size=labels))
        p = np.array(weights, dtype=float) / sum(weights)
        rng = np.random.default_rng(draw(st.integers(0, 2**31)))
        values = rng.choice([f"g{i}" for i in range(labels)], size=n, p=p).astype(object)
        if j and draw(st.booleans()):
            # a breakdown that mostly follows an earlier one (locations holding whole departments):
            # nested and near-nested groups are where differencing across breakdowns bites
            parent = columns[f"b{draw(st.integers(0, j - 1))}"].to_numpy()
            follow = rng.random(n) < draw(st.sampled_from([0.8, 0.95, 1.0]))
            mapped = np.array(
                [v if v == NOT_ANSWERED else f"g{int(v[1:]) % labels}" for v in parent], dtype=object
            )
            values = np.where(follow, mapped, values)
        values[rng.random(n) < draw(st.sampled_from([0.0, 0.05, 0.15]))] = NOT_ANSWERED
        columns[f"b{j}"] = pd.Series(values)
    rng = np.random.default_rng(draw(st.integers(0, 2**31)))
    answered = rng.random(n) < draw(st.sampled_from([1.0, 0.9, 0.7]))
    headcounts = {f"g{i}": int(rng.integers(1, 10**6)) for i in range(6)}
    return columns, k, answered, headcounts


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(organisations())
def test_no_published_combination_determines_fewer_than_k_people(org):
    groups, k, answered, headcounts = org
    pub = plan_publication(groups, {"x": answered}, k, 10)
    n = len(answered)
    for figure, mask in ((RESPONDENTS, np.ones(n, dtype=bool)), ("x", answered)):
        people = np.flatnonzero(mask)
        rows = []
        if pub.shows_organisation(figure):
            rows.append(np.ones(len(people)))
        for b, labels in groups.items():
            lab = labels.to_numpy()[people]
            shown = [g for g in np.unique(lab) if pub.shows(figure, b, g)]
            rows += [(lab == g).astype(float) for g in shown]
            if pub.shows_organisation(figure) and shown:
                # the headcount-weighted organisation figure (extreme random headcounts): shown strata
                # plus the pooled remainder as one stratum, as the summary computes it
                rest = ~np.isin(lab, shown)
                strata = [(lab == g, headcounts.get(g, 1)) for g in shown]
                if rest.any():
                    hidden_named = {g for g in np.unique(lab[rest]) if g != NOT_ANSWERED}
                    strata.append((rest, sum(headcounts.get(g, 1) for g in hidden_named) or 1))
                total = sum(h for _, h in strata)
                rows.append(sum(h / total * s / s.sum() for s, h in strata))
        matrix = np.array(rows) if rows else np.zeros((0, len(people)))
        cells = pd.DataFrame({b: v.to_numpy()[people] for b, v in groups.items()})
        candidates = [ix.to_numpy() for _, ix in cells.groupby(list(groups), dropna=False).groups.items()]
        for b, labels in groups.items():
            lab = labels.to_numpy()[people]
            candidates += [np.flatnonzero(lab == g) for g in pub.hidden[figure][b]]
            candidates += [np.flatnonzero(lab == g) for g in np.unique(lab)]
        for members in candidates:
            if 0 < len(members) < k:
                target = np.zeros(len(people))
                target[members] = 1.0
                assert not _in_row_space(matrix, target), (figure, len(members), k)
