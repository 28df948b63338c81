"""Guidelines stated once: each rule evaluated for every visible group (and, for the groups too small
to show, on the whole organisation's figures), with the figures that triggered it.

A rule that does not apply to the organisation (its sector, no works council) is left out. A rule
whose premise the chosen platform does not meet (WhatsApp cannot block an account) gives what can be
done instead, citing the fact, and its risk; without an ``instead`` it becomes a risk of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from advisor.plan.context import PlanContext
from advisor.plan.metrics import Metrics
from advisor.plan.model import GroupTrigger, Guideline, GuidelineRef, Item, Risk, Trigger
from advisor.plan.rules import Comparison, GuidelineRule, Node, fill

OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}
ORGANISATION = "organisation"


@dataclass
class GuidelineSet:
    """The plan's guidelines, each group's view of them, and the risks of what cannot be kept."""

    guidelines: list[Guideline] = field(default_factory=list)
    per_group: dict[str, list[GuidelineRef]] = field(default_factory=dict)
    risks: list[Risk] = field(default_factory=list)

    def ids_for(self, key: str) -> list[str]:
        return [g.id for g in self.per_group.get(key, [])]


def _shown(ctx: PlanContext, metrics: Metrics) -> dict[str, str]:
    values = {name: ctx.format_metric(name, value) for name, value in metrics.items()}
    return {**values, "platform": ctx.platform.name, "days": str(ctx.schedule.guest_expiry_days)}


def _triggers(ctx: PlanContext, comparisons: list[Comparison], metrics: Metrics) -> tuple[Trigger, ...]:
    return tuple(
        Trigger(
            metric=c.metric,
            label=ctx.metric_label(c.metric),
            value=float(metrics[c.metric]),  # type: ignore[arg-type]
            op=OPS[c.op],
            threshold=c.threshold,
            value_text=ctx.format_metric(c.metric, metrics[c.metric]),
            threshold_text=ctx.format_metric(c.metric, c.threshold),
        )
        for c in comparisons
    )


def describe(ctx: PlanContext, node: Node) -> str:
    """The condition in words: 'drempel ≥ 30%' for one figure (the why names it), else each
    figure named: 'drempel: plaats van privacy in de gewichten ≤ 2 of gewicht van privacy ≥ 22%'."""
    if node.kind == "always":
        return ctx.text("guideline.always")
    if node.kind == "cmp":
        assert node.comparison is not None
        return f"{ctx.text('guideline.threshold')} {_comparison(ctx, node.comparison)}"
    return f"{ctx.text('guideline.threshold')}: {_words(ctx, node)}"


def _comparison(ctx: PlanContext, c: Comparison) -> str:
    return f"{OPS[c.op]} {ctx.format_metric(c.metric, c.threshold)}"


def _words(ctx: PlanContext, node: Node, nested: bool = False) -> str:
    if node.kind == "cmp":
        assert node.comparison is not None
        return f"{ctx.metric_label(node.comparison.metric)} {_comparison(ctx, node.comparison)}"
    word = ctx.text("guideline.and" if node.kind == "and" else "guideline.or")
    text = f" {word} ".join(_words(ctx, child, True) for child in node.children)
    return f"({text})" if nested else text


def _condition(ctx: PlanContext, rule: GuidelineRule) -> str:
    if rule.node.kind != "always":
        return describe(ctx, rule.node)
    if rule.applies_to and ctx.org.sector is not None:
        return f"{ctx.text('guideline.sector')} ({ctx.org.sector.label(ctx.lang).lower()})"
    if rule.works_council:
        return ctx.text("guideline.works_council")
    return ctx.text("guideline.always")


def _premise_facts(ctx: PlanContext, rule: GuidelineRule) -> Item:
    """The facts that rule the usual arrangement out, cited."""
    refs, parts = [], []
    for indicator_id in rule.premise:
        if indicator_id not in ctx.facts:
            continue
        _, indicator = ctx.catalog.indicators[indicator_id]
        refs.append(ctx.cite(indicator_id))
        parts.append(f"{indicator.name.get(ctx.lang).lower()}: {ctx.fact_value(indicator_id)}")
    return Item(text="; ".join(parts), refs=tuple(refs))


def _groups(ctx: PlanContext, rule: GuidelineRule, with_organisation: bool) -> list[GroupTrigger]:
    found = []
    keys = list(ctx.summary.visible_segments) + ([ORGANISATION] if with_organisation else [])
    for key in keys:
        holds, comparisons = rule.node.evaluate(ctx.metrics[key])
        if not holds:
            continue
        label = ctx.text("guideline.organisation_row") if key == ORGANISATION else ctx.group_label(key)
        found.append(
            GroupTrigger(key=key, label=label, triggers=_triggers(ctx, comparisons, ctx.metrics[key]))
        )
    return found


def build_guidelines(ctx: PlanContext, with_organisation: bool) -> GuidelineSet:
    """Every rule that applies, once; ``with_organisation``: the small groups follow the whole
    organisation's figures (they are named under Other staff)."""
    result = GuidelineSet()
    for rule in ctx.data.guidelines.guidelines:
        if not ctx.org.applies(rule):
            continue
        groups = _groups(ctx, rule, with_organisation)
        if not groups:
            continue
        met = ctx.meets(rule.premise)
        if not met and rule.instead is None:
            result.risks.append(_cannot_risk(ctx, rule, rule.title.get(ctx.lang)))
            continue
        guideline = _guideline(ctx, rule, groups, met)
        result.guidelines.append(guideline)
        if not met and rule.instead is not None and rule.instead.risk is not None:
            risk = Risk(
                id=f"premise_{rule.id}",
                risk=ctx.fill(rule.instead.risk),
                measure=ctx.text("guideline.instead_measure", title=guideline.title),
                owner=ctx.text("risks.owner_sponsor"),
                weight=1.0,  # a risk the platform itself carries: always among the biggest
                refs=guideline.cannot.refs if guideline.cannot else (),
            )
            result.risks.append(risk)
        for group in groups:
            shown = _shown(ctx, ctx.metrics[group.key])
            ref = GuidelineRef(
                id=rule.id,
                title=guideline.title,
                why=fill(rule.why.get(ctx.lang), shown),
                always=rule.node.kind == "always",
                triggered_by=group.triggers,
            )
            result.per_group.setdefault(group.key, []).append(ref)
    return result


def _guideline(ctx: PlanContext, rule: GuidelineRule, groups: list[GroupTrigger], met: bool) -> Guideline:
    org = _shown(ctx, ctx.metrics[ORGANISATION])
    why = fill(rule.why.get(ctx.lang), org)
    if rule.node.kind != "always":
        why = ctx.text("guideline.organisation_why", why=why)
    title, text = rule.title.get(ctx.lang), fill(rule.text.get(ctx.lang), org)
    capability, cannot = None, None
    if met:
        capability = ctx.capability(rule.fact, rule.capability, days=ctx.schedule.guest_expiry_days)
    else:
        assert rule.instead is not None
        if rule.instead.title is not None:
            title = rule.instead.title.get(ctx.lang)
        text = ctx.fill(rule.instead.text, days=ctx.schedule.guest_expiry_days)
        facts = _premise_facts(ctx, rule)
        usual = rule.title.get(ctx.lang)
        cannot = Item(text=ctx.text("guideline.cannot", title=usual, facts=facts.text), refs=facts.refs)
    return Guideline(
        id=rule.id,
        title=title,
        text=text,
        why=why,
        always=rule.node.kind == "always",
        condition=_condition(ctx, rule),
        groups=tuple(groups),
        capability=capability,
        cannot=cannot,
    )


def _cannot_risk(ctx: PlanContext, rule: GuidelineRule, title: str) -> Risk:
    facts = _premise_facts(ctx, rule)
    return Risk(
        id=f"premise_{rule.id}",
        risk=ctx.text("guideline.cannot_risk", title=title, facts=facts.text),
        measure=ctx.text("guideline.cannot_do"),
        owner=ctx.text("risks.owner_sponsor"),
        weight=1.0,
        refs=facts.refs,
    )


def group_trigger_text(ctx: PlanContext, group: GroupTrigger) -> str:
    """'Redactie 76%' or 'Redactie 1, 25%' (the values that triggered it), or just the group."""
    values = ", ".join(t.value_text for t in group.triggers)
    return f"{group.label} {values}" if values else group.label


def per_group(result: GuidelineSet, key: str) -> tuple[GuidelineRef, ...]:
    return tuple(result.per_group.get(key, []))


def organisation_ids(result: GuidelineSet) -> tuple[str, ...]:
    return tuple(result.ids_for(ORGANISATION))
