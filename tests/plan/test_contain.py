"""Any chosen platform makes sense (issue 14): a guideline whose premise the platform does not meet
is replaced by what can be done instead, and named as a risk; choosing the status quo (WhatsApp,
Signal) gives a plan about containing it, not one that pretends it is managed."""

from __future__ import annotations

import pytest

from advisor.plan import default_plan_data
from advisor.plan.render import render
from tests.plan.conftest import visible_text

GROUPS = {
    "a": (8, {"ex_colleagues_in_groups": "yes", "works_with_externals": "yes", "wrong_recipient": "yes"}),
    "b": (8, {"after_hours": "daily"}),
}
MANAGED_ONLY = (  # what only an administered platform can do
    "aparte werkapp",
    "IT blokkeert",
    "volgen de personeelsdirectory",
    "directory koppelen",
    "gebruiksrapport",
    "Koppelt de directory",
)


@pytest.mark.parametrize("platform", ["whatsapp", "signal"])
def test_no_guideline_whose_premise_the_platform_does_not_meet(plan_of, catalog, platform):
    plan = plan_of(GROUPS, platform=platform)
    facts = catalog.platform(platform).facts
    shown = {g.id: g for g in plan.guidelines}
    for rule in default_plan_data().guidelines.guidelines:
        met = all(facts[i].value in values for i, values in rule.premise.items() if i in facts)
        if met or rule.id not in shown:
            continue
        guideline = shown[rule.id]
        assert guideline.text != rule.text.nl and rule.instead is not None  # what can be done instead
        assert guideline.capability is None and guideline.cannot is not None and guideline.cannot.refs
    text = "\n".join(visible_text(render(plan, fmt), fmt) for fmt in ("md", "html", "docx"))
    assert not [phrase for phrase in MANAGED_ONLY if phrase in text]
    assert {"premise_guests", "premise_leavers"} <= {r.id for r in plan.risks}
    assert {c.members for c in plan.structure if c.kind == "department"} == {
        "de groepsbeheerder voegt ze toe"
    }


def test_choosing_whatsapp_gives_a_plan_to_contain_it(plan_of):
    plan = plan_of(GROUPS, platform="whatsapp", lang="en")
    assert plan.contain and plan.title == "Plan for working arrangements in WhatsApp"
    assert "cannot administer WhatsApp" in plan.decision and "contain the risks" in plan.decision
    assert {k.id for k in plan.kpis} == {"groups_with_admins", "ex_colleagues", "wrong_recipient"}
    review = next(p for p in plan.phases if p.id == "review")
    assert "choose again" in review.text
    assert not [s for s in plan.sunset if s.tool == "WhatsApp"]  # it is not phased out: it is the choice
    leavers = next(g for g in plan.guidelines if g.id == "leavers")
    assert leavers.title == "Group admins remove leavers" and "cannot block it" in leavers.text
    assert any(r.risk.startswith("Leavers keep work messages") for r in plan.top_risks)


def test_a_managed_platform_keeps_the_usual_guidelines(plan_of):
    plan = plan_of(GROUPS, platform="teams")
    assert not plan.contain
    leavers = next(g for g in plan.guidelines if g.id == "leavers")
    assert leavers.cannot is None and leavers.capability is not None
    assert not [r for r in plan.risks if r.id.startswith("premise_")]
