"""Integrations people use: from the business systems each group works in daily and wants
notifications from (questionnaire ``business_systems`` and ``system_notifications``), and the
catalogue fact for the chosen platform that decides what it offers for each system.

A survey without the question gets a message, never a default integration. The shares are published
only where the anonymity engine allows them, over every breakdown the summary guarded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from advisor.analysis import anonymity, landscape
from advisor.analysis.missing import is_answered
from advisor.plan.context import PlanContext, clean
from advisor.plan.model import Figure, IntegrationRow, Integrations, Item

SYSTEMS = "business_systems"
NOTIFY = "system_notifications"
Shares = dict[str, float]


@dataclass
class SystemFigures:
    """Per shown group (and 'organisation'): per system the share working in it daily and the share
    wanting its notifications. ``asked``: the survey has answers to the question at all."""

    asked: bool
    use: dict[str, Shares] = field(default_factory=dict)
    notify: dict[str, Shares] = field(default_factory=dict)


def _answered(answers: pd.DataFrame, question: str, options: list[str]) -> np.ndarray:
    columns = [f"{question}.{o}" for o in options if f"{question}.{o}" in answers.columns]
    if not columns:
        return np.zeros(len(answers), dtype=bool)
    return answers[columns].notna().any(axis=1).to_numpy()


def system_figures(ctx: PlanContext, answers: pd.DataFrame) -> SystemFigures:
    q = ctx.questionnaire
    if SYSTEMS not in q.by_id or NOTIFY not in q.by_id or not is_answered(answers, q, SYSTEMS):
        return SystemFigures(asked=False)
    options = [str(v) for v in q[SYSTEMS].values]
    masks = {question: _answered(answers, question, options) for question in (SYSTEMS, NOTIFY)}
    summary = ctx.summary
    pub = anonymity.publication_for(answers, list(summary.breakdowns), masks, summary.min_group)
    segments = anonymity.segment_values(answers, summary.segment_by)
    figures = SystemFigures(asked=True)
    groups: dict[str, pd.DataFrame] = {}
    if pub.shows_organisation(SYSTEMS) and pub.shows_organisation(NOTIFY):
        groups["organisation"] = answers
    for key in summary.visible_segments:
        if pub.shows(SYSTEMS, summary.segment_by, key) and pub.shows(NOTIFY, summary.segment_by, key):
            groups[key] = answers[(segments == key).to_numpy()]
    for key, rows in groups.items():
        use = landscape.option_shares(rows, SYSTEMS, options)
        notify = landscape.option_shares(rows, NOTIFY, options)
        figures.use[key] = {o: clean(s.share) or 0.0 for o, s in use.items()}
        figures.notify[key] = {o: clean(s.share) or 0.0 for o, s in notify.items()}
    return figures


def _wanted(ctx: PlanContext, figures: SystemFigures, key: str) -> list[str]:
    s = ctx.schedule
    use, notify = figures.use.get(key, {}), figures.notify.get(key, {})
    return [o for o in use if use[o] >= s.system_use_min and notify.get(o, 0.0) >= s.system_notify_min]


def _percent(value: float) -> str:
    return f"{round(100 * value)}%"


def integrations_part(ctx: PlanContext, figures: SystemFigures) -> Integrations:
    """The organisation's table: per system what the platform offers, and which groups want it."""
    if not figures.asked:
        return Integrations(asked=False, intro=ctx.text("integrations.not_asked"))
    rows = []
    labels = {str(o.value): o.label(ctx.lang) for o in ctx.questionnaire[SYSTEMS].options}
    for system, label in labels.items():
        spec = ctx.data.texts.systems.get(system)
        groups = [k for k in ctx.summary.visible_segments if system in _wanted(ctx, figures, k)]
        if spec is None or not groups:
            continue
        capability = ctx.capability(spec.fact, spec.capability)
        if capability is None:
            continue
        named = [
            ctx.text(
                "integrations.group_share",
                group=ctx.group_label(k),
                use=_percent(figures.use[k][system]),
                notify=_percent(figures.notify[k][system]),
            )
            for k in groups
        ]
        rows.append(
            IntegrationRow(system=system, label=label, capability=capability, groups="; ".join(named))
        )
    if not rows:
        return Integrations(asked=True, intro=ctx.text("integrations.none_needed"))
    intro = ctx.text(
        "integrations.intro",
        use=_percent(ctx.schedule.system_use_min),
        notify=_percent(ctx.schedule.system_notify_min),
    )
    return Integrations(asked=True, intro=intro, rows=tuple(rows))


def group_integrations(
    ctx: PlanContext, figures: SystemFigures, key: str
) -> tuple[tuple[Item, ...], list[Figure]]:
    """A group's integration lines (system, its figures, the platform's fact, cited) and figures."""
    if not figures.asked or key not in figures.use:
        return (), []
    labels = {str(o.value): o.label(ctx.lang) for o in ctx.questionnaire[SYSTEMS].options}
    items, shown = [], []
    for system in _wanted(ctx, figures, key):
        spec = ctx.data.texts.systems.get(system)
        if spec is None or spec.fact not in ctx.facts:
            continue
        use, notify = _percent(figures.use[key][system]), _percent(figures.notify[key][system])
        ref = ctx.cite(spec.fact)
        text = ctx.text(
            "integrations.line",
            system=labels[system],
            use=use,
            notify=notify,
            capability=ctx.fact_value(spec.fact),
        )
        items.append(Item(text=text, refs=(ref,), evidence=(ctx.fact_evidence(spec.fact),)))
        shown.append(Figure(metric=f"system_{system}_daily_share", label=labels[system], value=use))
        shown.append(Figure(metric=f"system_{system}_notify_share", label=labels[system], value=notify))
    return tuple(items), shown
