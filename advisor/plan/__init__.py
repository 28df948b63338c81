"""The adoption plan: a one-page summary and the full plan behind it; Markdown/HTML/Word."""

from advisor.plan.build import build_plan, check_platform, metric_names, next_monday, plan_for_survey
from advisor.plan.context import PlanSettings
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
