"""The plan states how clear the choice is, with the verdict's figures (advisor/scoring/verdict.py)."""

from __future__ import annotations

from advisor.plan.render import render


def test_the_plan_summary_states_whether_the_winner_is_clear_and_the_choice_gives_the_figures(plan_of):
    plan = plan_of({"a": (12, {}), "b": (12, {})}, lang="en")
    verdicts = [i for i in plan.summary if "clear winner" in i.text]
    assert len(verdicts) == 1, [i.text for i in plan.summary]
    md = render(plan, "md").decode()
    assert verdicts[0].text in md.split("## Contents")[0]  # on the steering group's page
    (figures,) = plan.choice  # the details behind it, in the choice chapter
    assert "chance of ranking first" in figures.text and "names" in figures.text  # margin, P(1), methods
    assert figures.text in md.split("## The choice")[1]
