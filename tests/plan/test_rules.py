"""Guideline rules as data: the condition language, validation with file and line, and each rule."""

from __future__ import annotations

import shutil

import pytest

from advisor.plan import PlanDataInvalid, load_plan_data, metric_names, parse_condition
from advisor.plan.rules import GUIDELINES_FILE, TEXTS_FILE
from tests.plan.conftest import guideline_ids

# rule id -> answers that trigger it for every respondent of a segment
TRIGGERS = {
    "quiet_hours": {"after_hours": "weekly"},
    "guests": {"works_with_externals": "yes"},
    "leavers": {"ex_colleagues_in_groups": "yes"},
    "never_in_chat": {"importance.privacy": 5, "importance.control": 2, "importance.usability": 2},
    "check_recipient": {"wrong_recipient": "yes"},
    "announcements_out_of_email": {"overload": "gt4"},
    "deskless": {"use.email": "never", "use.whatsapp": "daily"},
}


def test_conditions_combine_comparisons_with_and_or_and_parentheses():
    node = parse_condition("a_share < 0.5 and (b_share >= 0.5 or c_share >= 0.5)")
    assert node.evaluate({"a_share": 0.2, "b_share": 0.1, "c_share": 0.9})[0]
    assert not node.evaluate({"a_share": 0.7, "b_share": 0.9, "c_share": 0.9})[0]
    holds, trace = node.evaluate({"a_share": 0.2, "b_share": 0.6, "c_share": 0.1})
    assert holds and [c.metric for c in trace] == ["a_share", "b_share"]
    assert parse_condition("always").evaluate({})[0]


def test_a_comparison_with_a_missing_figure_is_false():
    assert not parse_condition("x_share >= 0.1").evaluate({"x_share": None})[0]
    assert not parse_condition("x_share >= 0.1").evaluate({})[0]


@pytest.mark.parametrize(
    "text", ["__import__('os').system('x')", "a >= ", "a >= 0.3 and", "(a >= 1", "a => 1", "1 >= a", ""]
)
def test_anything_but_the_condition_language_is_refused(text):
    with pytest.raises(ValueError):
        parse_condition(text)


def test_shipped_rules_and_texts_are_valid_and_name_only_known_metrics(questionnaire):
    data = load_plan_data(known_metrics=metric_names(questionnaire))
    sector_rules = {"public_records", "patient_data"}  # tested in test_sector.py
    assert {g.id for g in data.guidelines.guidelines} == {"work_by_default", *TRIGGERS, *sector_rules}


def test_a_broken_rule_file_names_file_line_and_field(tmp_path, questionnaire):
    bad = tmp_path / "guidelines.yaml"
    text = GUIDELINES_FILE.read_text(encoding="utf-8").replace(
        "condition: after_hours_share >= 0.30", "condition: after_hours_share >= 0.30 and"
    )
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(PlanDataInvalid) as info:
        load_plan_data(bad, TEXTS_FILE)
    line = text.splitlines().index("    condition: after_hours_share >= 0.30 and") + 1
    assert f"guidelines.yaml:{line}: guidelines.1.condition" in str(info.value)


def test_an_unknown_metric_is_refused_on_load_with_its_line(tmp_path, questionnaire):
    bad = tmp_path / "guidelines.yaml"
    bad.write_text(
        GUIDELINES_FILE.read_text(encoding="utf-8").replace(
            "overload_share >= 0.40", "overlaod_share >= 0.40"
        ),
        encoding="utf-8",
    )
    with pytest.raises(PlanDataInvalid, match=r"guidelines.yaml:\d+: .*unknown metric 'overlaod_share'"):
        load_plan_data(bad, TEXTS_FILE, metric_names(questionnaire))


def test_a_comms_department_adds_a_guideline_without_code(tmp_path, catalog, questionnaire):
    from advisor.analysis.summary import summarise
    from advisor.plan import PlanSettings, plan_for_survey
    from tests.plan.conftest import START, make_answers

    shutil.copy(TEXTS_FILE, tmp_path / "texts.yaml")
    extra = """
  - id: meeting_free_friday
    condition: overload_share >= 0.10
    title: {nl: "Vrijdag zonder vergaderingen", en: "Meeting-free Friday"}
    text: {nl: "Op vrijdag geen vergaderingen.", en: "No meetings on Fridays."}
    why: {nl: "{overload_share} zit lang in de mail.", en: "{overload_share} spend long on e-mail."}
"""
    (tmp_path / "guidelines.yaml").write_text(
        GUIDELINES_FILE.read_text(encoding="utf-8") + extra, encoding="utf-8"
    )
    data = load_plan_data(tmp_path / "guidelines.yaml", tmp_path / "texts.yaml", metric_names(questionnaire))
    answers = make_answers({"a": (6, {"overload": "gt4"}), "b": (6, {})}, questionnaire)
    summary = summarise(answers, questionnaire, bootstrap=20)
    plan = plan_for_survey(
        catalog, questionnaire, answers, summary, PlanSettings("teams", START), samples=100, data=data
    )
    assert "meeting_free_friday" in guideline_ids(plan, "a")
    assert "meeting_free_friday" not in guideline_ids(plan, "b")


@pytest.mark.parametrize("rule_id", sorted(TRIGGERS))
def test_each_guideline_follows_its_rule(plan_of, rule_id):
    plan = plan_of({"triggered": (6, TRIGGERS[rule_id]), "quiet": (6, {})})
    assert rule_id in guideline_ids(plan, "triggered")
    assert rule_id not in guideline_ids(plan, "quiet")
    assert guideline_ids(plan, "quiet") == {"work_by_default"}


def test_a_guideline_records_the_figure_and_threshold_that_triggered_it(plan_of):
    # 2 of 6 (33%) get messages after hours: over the 30% threshold; 1 of 6 (17%) is not
    two = ["weekly", "daily", "never", "never", "never", "never"]
    one = ["weekly", "never", "never", "never", "never", "never"]
    plan = plan_of({"two": (6, {"after_hours": two}), "one": (6, {"after_hours": one})})
    assert "quiet_hours" not in guideline_ids(plan, "one")
    segment = next(s for s in plan.segments if s.key == "two")
    rule = next(g for g in segment.guidelines if g.id == "quiet_hours")
    (trigger,) = rule.triggered_by
    assert (trigger.metric, trigger.op, trigger.threshold) == ("after_hours_share", "≥", 0.30)
    assert trigger.value == pytest.approx(2 / 6)
    assert (trigger.value_text, trigger.threshold_text) == ("33%", "30%")
    assert rule.why.startswith("33% krijgt wekelijks werkberichten buiten werktijd")
    always = next(g for g in segment.guidelines if g.id == "work_by_default")
    assert always.always and always.triggered_by == ()
