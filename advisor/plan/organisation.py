"""The parts of the plan that apply to everyone, stated once: measures per worry and what convinces,
the channel moves and structure, governance, roles, KPIs, risks and phasing out.

Governance rows, roles and KPIs apply by sector and works council, and when the chosen platform
does not meet their premise they say what can be done instead, or are left out. For a platform the
organisation cannot administer (``contain``) the KPIs measure containment, not adoption.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from advisor.plan.context import PlanContext, clean
from advisor.plan.metrics import Metrics
from advisor.plan.model import (
    ChannelMove,
    ChannelSpec,
    Evidence,
    Figure,
    GovernanceRow,
    KpiRow,
    MeasureRow,
    Risk,
    RoleRow,
    SegmentPlan,
    SunsetRow,
)
from advisor.plan.rules import Localised, fill

RISK_MIN = 0.10  # a landscape risk enters the register from this share of the organisation


def measure_rows(
    ctx: PlanContext, segments: Sequence[SegmentPlan], question: str, texts: Mapping[str, Localised]
) -> tuple[MeasureRow, ...]:
    """One row per worry (or reason) any group named, with what the plan does and who named it."""
    prefix = "concern" if question == "concerns" else "convincer"
    named: dict[str, list[str]] = {}
    for segment in segments:
        for figure in segment.figures:
            if figure.metric.startswith(f"{prefix}_") and figure.metric.endswith("_share"):
                option = figure.metric[len(prefix) + 1 : -len("_share")]
                named.setdefault(option, []).append(f"{segment.label} {figure.value}")
    rows = []
    options = (
        [str(v) for v in ctx.questionnaire[question].values] if question in ctx.questionnaire.by_id else []
    )
    for option in options:
        if option not in named:
            continue
        text = ctx.choose(texts.get(option))
        rows.append(
            MeasureRow(
                option=option,
                label=ctx.option_label(question, option),
                text=ctx.fill(text) if text else "",
                groups=", ".join(named[option]),
            )
        )
    return tuple(rows)


def moves_table(ctx: PlanContext, segments: Sequence[SegmentPlan]) -> tuple[ChannelMove, ...]:
    """Each channel some group uses weekly, once, with what happens to it (most groups first)."""
    seen: dict[str, ChannelMove] = {}
    count: dict[str, int] = {}
    for segment in segments:
        for move in segment.channels:
            seen.setdefault(move.channel, move)
            count[move.channel] = count.get(move.channel, 0) + 1
    order = [c.id for c in ctx.questionnaire.channels]
    return tuple(seen[c] for c in sorted(seen, key=lambda c: (-count[c], order.index(c))))


def structure(ctx: PlanContext) -> tuple[ChannelSpec, ...]:
    """The kinds of channel every group gets, as name patterns."""
    group, place = (
        f"<{ctx.text('structure.group_placeholder')}>",
        f"<{ctx.text('structure.place_placeholder')}>",
    )
    automatic = ctx.meets({"directory_auto_groups": ["native", "paid_tier", "manual_sync"]})
    auto = ctx.text("structure.members_directory" if automatic else "structure.members_admin")
    everyone, restricted = ctx.text("structure.posting_all"), ctx.text("structure.posting_restricted")

    def spec(kind: str, name: str, members: str, posting: str = everyone) -> ChannelSpec:
        return ChannelSpec(
            kind=kind, name=name, purpose=ctx.text(f"structure.{kind}"), members=members, posting=posting
        )

    prefix = {k: ctx.text(f"structure.prefix_{k}") for k in ("department", "announcements", "location")}
    project, koffiehoek = ctx.text("structure.prefix_project"), ctx.text("structure.prefix_koffiehoek")
    return (
        spec("department", f"{prefix['department']}-{group}", auto),
        spec("announcements", f"{prefix['announcements']}-{group}", auto, restricted),
        spec("location", f"{prefix['location']}-{place}", auto),
        spec(
            "project",
            f"{project}-{group}-{ctx.text('structure.project_placeholder')}",
            ctx.text("structure.members_invited"),
        ),
        spec("koffiehoek", f"{koffiehoek}-{group}", ctx.text("structure.members_optional")),
    )


def governance(ctx: PlanContext) -> tuple[GovernanceRow, ...]:
    rows = []
    days = ctx.schedule.guest_expiry_days
    for entry in ctx.data.texts.governance:
        if not ctx.org.applies(entry):
            continue
        if ctx.meets(entry.premise):
            text, capability = (
                ctx.fill(entry.text, days=days),
                ctx.capability(entry.fact, entry.capability, days=days),
            )
        elif entry.instead is not None:
            text, capability = ctx.fill(entry.instead, days=days), None
        else:
            continue
        rows.append(GovernanceRow(topic=entry.topic.get(ctx.lang), text=text, capability=capability))
    return tuple(rows)


def roles(ctx: PlanContext) -> tuple[RoleRow, ...]:
    rows = []
    for role in ctx.data.texts.roles:
        if not ctx.org.applies(role):
            continue
        if ctx.meets(role.premise):
            tasks = ctx.fill(role.tasks)
        elif role.instead is not None:
            tasks = ctx.fill(role.instead)
        else:
            continue
        rows.append(RoleRow(role=role.role.get(ctx.lang), tasks=tasks))
    return tuple(rows)


def kpis(ctx: PlanContext) -> tuple[KpiRow, ...]:
    org = ctx.metrics["organisation"]
    values: dict[str, str] = {}
    for name, value in org.items():
        values[name] = ctx.format_metric(name, value)
        values[f"{name}_half"] = ctx.format_metric(name, None if value is None else value / 2)
    mode = "contain" if ctx.contain else "adopt"
    rows = []
    for k in ctx.data.texts.kpis:
        if mode not in k.modes or not ctx.org.applies(k) or not ctx.meets(k.premise):
            continue
        rows.append(
            KpiRow(
                id=k.id,
                name=k.name.get(ctx.lang),
                target=fill(k.target.get(ctx.lang), values),
                measure=k.measure.get(ctx.lang),
                when=k.when.get(ctx.lang),
            )
        )
    return tuple(rows)


OWNERS = {
    "silos": "owner_comms",
    "shadow_it": "owner_comms",
    "ex_colleagues": "owner_it",
    "wrong_recipient": "owner_it",
    "after_hours": "owner_managers",
    "resistance": "owner_comms",
}
RISK_METRICS = {
    "shadow_it": "shadow_it_share",
    "ex_colleagues": "ex_colleagues_share",
    "wrong_recipient": "wrong_recipient_share",
    "after_hours": "after_hours_share",
}


def risks(ctx: PlanContext, waves: Mapping[str, str], premise_risks: Sequence[Risk]) -> tuple[Risk, ...]:
    found: list[Risk] = list(premise_risks)
    org: Metrics = ctx.metrics["organisation"]
    n = ctx.summary.organisation.n

    def add(
        risk_id: str,
        text: str,
        weight: float,
        evidence: tuple[Evidence, ...] = (),
        measure: str = "",
        figures: tuple[Figure, ...] = (),
    ) -> None:
        owner = OWNERS[risk_id]
        if ctx.contain and owner == "owner_it":
            owner = "owner_comms"  # nobody administers the platform
        found.append(
            Risk(
                id=risk_id,
                risk=text,
                measure=measure or ctx.text(f"risks.{risk_id}_do"),
                owner=ctx.text(f"risks.{owner}"),
                evidence=evidence,
                weight=weight,
                figures=figures,
            )
        )

    for a, b in ctx.summary.silos:
        add("silos", ctx.text("risks.silos", a=ctx.group_label(a), b=ctx.group_label(b)), 0.0)
    for risk_id, metric in RISK_METRICS.items():
        value = org.get(metric)
        if value is None or value < RISK_MIN:
            continue
        shown = ctx.format_metric(metric, value)
        evidence = (ctx.survey(metric, value, n),)
        figure = (Figure(metric=metric, label=ctx.metric_label(metric), value=shown),)
        if risk_id == "shadow_it" and ctx.contain:
            text = ctx.text("risks.shadow_it_contain", share=shown)
            add(risk_id, text, value, evidence, ctx.text("risks.shadow_it_contain_do"), figure)
        else:
            add(risk_id, ctx.text(f"risks.{risk_id}", share=shown), value, evidence, figures=figure)
    slow = [k for k, wave in waves.items() if wave == "scale"]
    if slow:
        evidence = tuple(
            ctx.survey("willingness_high_share", ctx.metrics[k].get("willingness_high_share")) for k in slow
        )
        text = ctx.text(
            "risks.resistance",
            groups=ctx.label_list([ctx.group_label(k) for k in slow]),
            threshold=f"{round(100 * ctx.schedule.slow_willingness)}%",
        )
        figures = tuple(
            Figure(
                metric="willingness_high_share",
                label=ctx.group_label(k),
                value=ctx.format_metric(
                    "willingness_high_share", ctx.metrics[k].get("willingness_high_share")
                ),
            )
            for k in slow
        )
        add("resistance", text, len(slow) / max(1, len(waves)), evidence, figures=figures)
    return tuple(found)


def top_risks(all_risks: Sequence[Risk], count: int = 3) -> tuple[Risk, ...]:
    """The biggest: a risk the platform itself carries first, then by the share concerned."""
    ranked = sorted(enumerate(all_risks), key=lambda ir: (-ir[1].weight, ir[0]))
    return tuple(r for _, r in ranked[:count])


def sunset(ctx: PlanContext, day: dt.date) -> tuple[SunsetRow, ...]:
    org = ctx.summary.organisation
    if org.landscape is None:
        return ()
    rows = []
    for channel in ctx.questionnaire.channels:
        share = clean(org.landscape.regular.get(channel.id))
        as_platform = ctx.channel_platform(channel.id)
        retired = as_platform is not None and as_platform.retired
        if share is None or share < RISK_MIN or not (channel.shadow_it or retired):
            continue
        if as_platform is not None and as_platform.id == ctx.platform.id:
            continue
        if retired:
            assert as_platform is not None
            plan = ctx.text("sunset.retired", retired=as_platform.lifecycle.retired_on, date=ctx.date(day))
        else:
            plan = ctx.text("sunset.shadow", date=ctx.date(day))
        used = ctx.text("sunset.used_by", share=f"{round(100 * share)}%")
        rows.append(
            SunsetRow(
                tool=channel.label(ctx.lang),
                plan=plan,
                date=day,
                evidence=(Evidence(kind="survey", text=used),),
            )
        )
    return tuple(rows)
