"""The steering group's page and the choice behind it.

The summary says the decision, why (rank, how clear the winner is, hand-set scores), what it costs,
for whom what changes, the phases, the biggest risks and the KPIs; it fits on one page. The choice
chapter holds the details: the verdict's figures and the platform's profile on every criterion,
each score with the facts behind it.
"""

from __future__ import annotations

from collections.abc import Sequence

from advisor.catalog.options import Option
from advisor.catalog.scoring import score_option
from advisor.plan.context import PlanContext
from advisor.plan.model import (
    BudgetRow,
    ChangeRow,
    CriterionRow,
    FactRow,
    Item,
    OverrideRow,
    SegmentPlan,
    TradeoffRow,
)
from advisor.plan.overrides import override_summary
from advisor.scoring import Ranking
from advisor.scoring.verdict import verdict

STRONG, WEAK = 7.0, 5.0  # indicator scores named as strong (from) and weaker (below) in the profile


def decision(ctx: PlanContext, organisation: str) -> str:
    size = ctx.org.size
    staff = ctx.text("summary.staff", n=size) if size else ctx.text("summary.staff_unknown")
    who = organisation.strip() or ctx.text("summary.the_organisation")
    key = "summary.decision_contain" if ctx.contain else "summary.decision"
    return ctx.text(key, organisation=who, size=staff, n=ctx.summary.organisation.n)


def _position(ranking: Ranking, platform_id: str) -> tuple[int, int] | None:
    if platform_id not in ranking.platform_ids:
        return None
    i = ranking.platform_ids.index(platform_id)
    return ranking.order.index(i) + 1, i


def _not_best(ctx: PlanContext, ranking: Ranking) -> str:
    """A note when a recommendable platform ranks above the plan's (reference entries never count)."""
    best, pid = ranking.best, ctx.platform.id
    if best is None or best == pid:
        return ""
    if ranking.order.index(ranking.platform_ids.index(best)) > ranking.order.index(
        ranking.platform_ids.index(pid)
    ):
        return ""
    return ctx.text("summary.not_first", winner=ctx.catalog.platform(best).name)


def _verdict(ctx: PlanContext, ranking: Ranking, details: bool, record: bool = True) -> tuple[Item, ...]:
    """How clear the winner is; ``record``: ask the steering group to record why (unless the
    summary already asks it because the chosen platform is not the best)."""
    judged = verdict(ranking)
    if judged is None:
        return ()
    name = ctx.catalog.platform
    if judged.clear or judged.rival is None:
        text = ctx.text("summary.verdict_clear", best=name(judged.best).name)
    else:
        key = "summary.verdict_unclear" if record else "summary.verdict_unclear_plain"
        text = ctx.text(key, best=name(judged.best).name, rival=name(judged.rival).name)
    detail = " ".join(judged.details(ctx.catalog, ctx.lang)) if details else ""
    return (Item(text=text, detail=detail),)


def ranking_items(ctx: PlanContext, details: bool) -> list[Item]:
    """The rank of the chosen platform with the organisation's weights, and how clear it is."""
    ranking = ctx.rankings.get("organisation")
    if ranking is None:
        return []
    found = _position(ranking, ctx.platform.id)
    if found is None:
        reason = next(
            (e.reason(ctx.catalog, ctx.lang) for e in ranking.excluded if e.platform_id == ctx.platform.id),
            "",
        )
        return [Item(text=ctx.text("summary.excluded", reason=reason))]
    rank, i = found
    p_first = ranking.p_first()
    text = ctx.text(
        "summary.rank",
        rank=rank,
        of=len(ranking.platform_ids),
        score=ctx.number(ranking.scores[i]),
        p_first=f"{round(100 * float(p_first[i]))}%",
    )
    not_best = _not_best(ctx, ranking)
    return [Item(text=text, detail=not_best), *_verdict(ctx, ranking, details, record=not not_best)]


def choice_items(ctx: PlanContext) -> tuple[Item, ...]:
    """The choice chapter: the verdict's figures behind the summary's rank (not the rank again)."""
    ranking = ctx.rankings.get("organisation")
    if ranking is None or _position(ranking, ctx.platform.id) is None:
        return ()  # the summary says why it is not ranked
    return tuple(Item(text=i.detail) for i in _verdict(ctx, ranking, details=True) if i.detail)


def summary_items(
    ctx: PlanContext, budget: Sequence[BudgetRow], overrides: tuple[OverrideRow, ...]
) -> tuple[Item, ...]:
    items = [i.model_copy(update={"role": "why"}) for i in ranking_items(ctx, details=False)]
    items.extend(i.model_copy(update={"role": "why"}) for i in override_summary(overrides, ctx.text))
    for row in budget:
        if row.annual_cost is not None:
            text = ctx.text(
                "summary.budget", plan=row.plan, price=row.price, annual=row.annual, seats=row.billed_seats
            )
            items.append(Item(text=text, role="cost", refs=row.refs))
        elif row.plan != "–":
            text = ctx.text("summary.budget_unknown", plan=row.plan, annual=row.annual)
            items.append(Item(text=text, role="cost", refs=row.refs))
    approach = ctx.text("summary.approach_contain" if ctx.contain else "summary.approach")
    items.append(Item(text=approach, role="approach"))
    return tuple(items)


def _change_rank(ctx: PlanContext, channel: str) -> int:
    """What changes most for a group comes first: a consumer app or retired service that stops,
    another platform that moves over, then the chosen platform tidied up, then e-mail and phone."""
    platform = ctx.channel_platform(channel)
    spec = next(c for c in ctx.questionnaire.channels if c.id == channel)
    if spec.shadow_it or (platform is not None and platform.retired):
        return 0
    if platform is not None and platform.id != ctx.platform.id:
        return 1
    if channel not in ("email", "sms_phone", "intranet"):
        return 2
    return 3


def changes(ctx: PlanContext, segments: Sequence[SegmentPlan], limit: int = 2) -> tuple[ChangeRow, ...]:
    """Per group in a few words what changes most: its channels' moves."""
    texts = ctx.data.texts.changes
    rows = []
    for segment in segments:
        parts: list[str] = []
        moves = sorted(segment.channels, key=lambda m: _change_rank(ctx, m.channel))
        for move in moves:
            platform = ctx.channel_platform(move.channel)
            if platform is not None and platform.id == ctx.platform.id:
                entry = texts.get("contain_itself" if ctx.contain else "platform_itself")
            elif move.channel == "intranet":
                continue
            else:
                entry = ctx.choose(texts.get(move.channel)) or texts.get("default")
            if entry is None:
                continue
            part = ctx.fill(entry, channel=move.label)
            if part not in parts:
                parts.append(part)
        change = "; ".join(parts[:limit]) if parts else (ctx.fill(texts["none"]) if "none" in texts else "–")
        rows.append(
            ChangeRow(
                group=segment.label,
                wave=ctx.text(f"adopters.wave_{segment.wave}"),
                willing="–" if segment.willing is None else f"{round(100 * segment.willing)}%",
                change=change,
            )
        )
    return tuple(rows)


def profile(ctx: PlanContext) -> tuple[CriterionRow, ...]:
    """The platform on every criterion: score, strong and weaker facts (cited)."""
    scores = score_option(ctx.catalog, ctx.option or Option.of(ctx.platform))
    rows = []
    for criterion in ctx.catalog.criteria:
        score = scores.get(criterion.id)
        if score is None:
            continue
        strong, weak, refs = [], [], []
        for part in sorted(score.indicators, key=lambda p: (-p.score, p.indicator_id)):
            if WEAK <= part.score < STRONG or part.indicator_id not in ctx.facts:
                continue
            _, indicator = ctx.catalog.indicators[part.indicator_id]
            ref = ctx.cite(part.indicator_id)
            refs.append(ref)
            unverified = (
                "" if ctx.facts[part.indicator_id].verified else f", {ctx.text('evidence.unverified')}"
            )
            shown = f"{indicator.name.get(ctx.lang)}: {ctx.fact_value(part.indicator_id)}{unverified} [{ref}]"
            (strong if part.score >= STRONG else weak).append(shown)
        shown_score = ctx.number(score.score)
        if score.override:
            shown_score = (
                f"{shown_score} ({ctx.text('table.override_score').lower()}; {ctx.number(score.derived)})"
            )
        rows.append(
            CriterionRow(
                criterion=criterion.name.get(ctx.lang),
                score=shown_score,
                strong="; ".join(strong) or "–",
                weak="; ".join(weak) or "–",
                refs=tuple(refs),
            )
        )
    return tuple(rows)


def tradeoffs(ctx: PlanContext, segments: Sequence[SegmentPlan]) -> tuple[TradeoffRow, ...]:
    """Each weak criterion some group gives up, the groups with their weights, and what the plan
    does about it (stated once here; a group's chapter names what it gives up)."""
    scores = score_option(ctx.catalog, ctx.option or Option.of(ctx.platform))
    rows = []
    for criterion in ctx.catalog.criteria:
        groups = [s for s in segments if s.gives_up == criterion.id]
        if not groups:
            continue
        weights = []
        for segment in groups:
            shown = next((f.value for f in segment.figures if f.metric == f"{criterion.id}_weight"), "–")
            weights.append(f"{segment.label} {shown}")
        texts = ctx.data.texts.tradeoffs
        measure = ctx.choose(texts.get(criterion.id)) or ctx.choose(texts.get("default"))
        rows.append(
            TradeoffRow(
                criterion=criterion.name.get(ctx.lang),
                score=ctx.number(scores[criterion.id].score),
                groups=", ".join(weights),
                measure=ctx.fill(measure) if measure else "–",
            )
        )
    return tuple(rows)


def price_ref(ctx: PlanContext, row: BudgetRow) -> int | None:
    """The price's page as a numbered source (prices are cited like facts)."""
    option = ctx.option
    price = option.price if option is not None else None
    if price is None or not price.source:
        return None
    fact = FactRow(
        ref=0,
        indicator=ctx.text("budget.price_fact", plan=row.plan),
        value=row.price,
        source=price.source,
        source_title=price.source_title,
        publisher=price.publisher,
        source_date=price.source_date,
        checked=price.checked,
        verified=price.verified,
        secondary=price.secondary,
        kind="price",
    )
    return ctx.cite_row(f"price:{row.plan}", fact)
