"""The adoption plan: per segment why, channels, guidelines; rollout, KPIs, risks; Markdown/HTML/Word."""

from advisor.plan.build import (
    PlanSettings,
    build_plan,
    check_platform,
    metric_names,
    next_monday,
    plan_for_survey,
)
from advisor.plan.model import Plan
from advisor.plan.rules import PlanData, PlanDataInvalid, default_plan_data, load_plan_data, parse_condition

__all__ = [
    "Plan",
    "PlanData",
    "PlanDataInvalid",
    "PlanSettings",
    "build_plan",
    "check_platform",
    "default_plan_data",
    "load_plan_data",
    "metric_names",
    "next_monday",
    "parse_condition",
    "plan_for_survey",
]
