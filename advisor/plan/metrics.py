"""The named survey figures guideline conditions use, per visible group and for the organisation.

Only what the anonymity engine published enters (``SurveySummary``): a hidden group has no figures
at all, and a withheld figure is None (a comparison with it is false).
"""

from __future__ import annotations

import pandas as pd

from advisor.analysis.summary import GroupSummary, SurveySummary
from advisor.plan.context import clean
from advisor.survey.questionnaire import Questionnaire

Metrics = dict[str, float | None]


def metric_names(questionnaire: Questionnaire) -> set[str]:
    """Every metric a guideline condition may use (see surveys/plan/guidelines.yaml)."""
    names = {
        "respondents",
        "after_hours_share",
        "overload_share",
        "ex_colleagues_share",
        "wrong_recipient_share",
        "works_with_externals_share",
        "shadow_it_share",
        "willingness_high_share",
        "willingness_mean",
    }
    names |= {f"{c}_regular_share" for c in questionnaire.channel_ids}
    names |= {f"{c}_weight" for c in questionnaire.criterion_ids}
    names |= {f"{c}_weight_rank" for c in questionnaire.criterion_ids}
    for question, prefix in (("concerns", "concern"), ("convincers", "convincer")):
        if question in questionnaire.by_id:
            names |= {f"{prefix}_{v}_share" for v in questionnaire[question].values}
    return names


RISKS = {
    "after_hours": "after_hours_share",
    "overload": "overload_share",
    "ex_colleagues_in_groups": "ex_colleagues_share",
    "wrong_recipient": "wrong_recipient_share",
}


def group_metrics(group: GroupSummary, externals: float | None) -> Metrics:
    """The named figures of one visible group (never called for a suppressed one)."""
    assert not group.suppressed
    metrics: Metrics = {"respondents": float(group.n), "works_with_externals_share": externals}
    land = group.landscape
    if land is not None:
        for risk, name in RISKS.items():
            metrics[name] = clean(land.risks[risk].share) if risk in land.risks else None
        metrics["shadow_it_share"] = clean(land.shadow_it.share)
        for channel, share in land.regular.items():
            metrics[f"{channel}_regular_share"] = clean(share)
    if group.willingness is not None:
        metrics["willingness_high_share"] = clean(group.willingness.share_high)
        metrics["willingness_mean"] = clean(group.willingness.mean)
    if group.weights:
        ordered = sorted(group.weights, key=lambda c: (-group.weights[c], list(group.weights).index(c)))
        for rank, criterion in enumerate(ordered, start=1):
            metrics[f"{criterion}_weight"] = group.weights[criterion]
            metrics[f"{criterion}_weight_rank"] = float(rank)
    for shares, prefix in ((group.concerns, "concern"), (group.convincers, "convincer")):
        for option, share in (shares or {}).items():
            metrics[f"{prefix}_{option}_share"] = clean(share.share)
    return metrics


def survey_metrics(
    answers: pd.DataFrame, summary: SurveySummary, questionnaire: Questionnaire
) -> dict[str, Metrics]:
    """Metrics of the organisation and of every visible segment (suppressed segments have none)."""
    groups = {"organisation": summary.organisation}
    groups |= {key: summary.segments[key] for key in summary.visible_segments}
    result = {}
    for key, group in groups.items():
        shown = group.externals is not None and not group.externals.withheld
        result[key] = group_metrics(group, clean(group.externals.share) if shown else None)
    return result
