"""The plan states how clear the choice is, with the verdict's figures (advisor/scoring/verdict.py)."""

from __future__ import annotations

from advisor.plan.render import render


def test_the_plan_summary_states_whether_the_winner_is_clear_with_the_figures(plan_of):
    plan = plan_of({"a": (12, {}), "b": (12, {})}, lang="en")
    verdicts = [i for i in plan.summary if "clear winner" in i.text]
    assert len(verdicts) == 1, [i.text for i in plan.summary]
    detail = verdicts[0].detail
    assert "chance of ranking first" in detail and "names" in detail  # margin, P(1) and the methods
    assert verdicts[0].text in render(plan, "md").decode()
