"""A group's chapter: only what is that group's own.

Its rank and weightiest criteria, what it gives up where the platform is weak and what the plan does
about it, its worries and reasons (their measures are stated once for everyone), the channels it
uses now, the guidelines that concern it (with its figure), its channels, integrations, start and
champions. Every survey figure shown is also listed in ``figures``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from advisor.analysis.summary import GroupSummary
from advisor.catalog.options import Option
from advisor.catalog.scoring import score_option
from advisor.plan.context import PlanContext, clean, lower_first
from advisor.plan.model import ChannelMove, Figure, GuidelineRef, Item, SegmentPlan
from advisor.scoring import Ranking

CONVINCER_MIN, CONCERN_MIN = 0.15, 0.15
WEAK_SCORE = 5.0  # a criterion score below this is 'what the group gives up'


def top(shares: Mapping[str, Any] | None, minimum: float, limit: int) -> list[tuple[str, Any]]:
    present = [(k, v) for k, v in (shares or {}).items() if clean(v.share) is not None]
    ranked = sorted(present, key=lambda kv: (-kv[1].share, kv[0]))
    return [kv for kv in ranked if kv[1].share >= minimum][:limit]


def segment_chapter(
    ctx: PlanContext,
    key: str,
    wave: str,
    channels: tuple[ChannelMove, ...],
    guidelines: tuple[GuidelineRef, ...],
    integrations: tuple[Item, ...],
    integration_figures: list[Figure],
) -> SegmentPlan:
    group = ctx.summary.segments[key]
    label = ctx.group_label(key)
    headcount = ctx.questionnaire.headcounts(ctx.summary.segment_by).get(key)
    intro = (
        ctx.text("segment.respondents_headcount", n=group.n, headcount=headcount)
        if headcount
        else ctx.text("segment.respondents", n=group.n)
    )
    figures: list[Figure] = []
    why = _why(ctx, key, group, figures)
    for move in channels:
        figures.append(Figure(metric=f"{move.channel}_regular_share", label=move.label, value=move.weekly))
    for ref in guidelines:
        figures += [Figure(metric=t.metric, label=t.label, value=t.value_text) for t in ref.triggered_by]
    return SegmentPlan(
        key=key,
        label=label,
        respondents=group.n,
        headcount=headcount,
        wave=wave,  # type: ignore[arg-type]
        intro=intro,
        why=why,
        tradeoff=_tradeoff(ctx, key, group),
        gives_up=gives_up(ctx, group) or "",
        convincers=_shares(ctx, group.convincers, "convincers", "convincer", CONVINCER_MIN, 3, figures),
        concerns=_shares(ctx, group.concerns, "concerns", "concern", CONCERN_MIN, 4, figures),
        channels=channels,
        guidelines=guidelines,
        integrations=integrations,
        willing=clean(group.willingness.share_high) if group.willingness else None,
        adopters=_adopters(ctx, group, wave, figures),
        champions=_champions(ctx, group.n, headcount),
        figures=tuple(figures + integration_figures),
    )


def _rank_of(ranking: Ranking, platform_id: str) -> tuple[int, int] | None:
    if platform_id not in ranking.platform_ids:
        return None
    i = ranking.platform_ids.index(platform_id)
    return ranking.order.index(i) + 1, i


def _why(ctx: PlanContext, key: str, group: GroupSummary, figures: list[Figure]) -> tuple[Item, ...]:
    items = []
    ranking = ctx.rankings.get(key)
    found = _rank_of(ranking, ctx.platform.id) if ranking is not None else None
    if ranking is not None and found is not None:
        rank, i = found
        score = ctx.number(ranking.scores[i])
        items.append(Item(text=ctx.text("why.rank", rank=rank, of=len(ranking.platform_ids), score=score)))
        figures += [
            Figure(metric="rank", label="rank", value=f"{rank}/{len(ranking.platform_ids)}"),
            Figure(metric="score", label="score", value=score),
        ]
    else:
        items.append(Item(text=ctx.text("why.unranked")))
    weights = group.weights or {}
    scores = score_option(ctx.catalog, ctx.option or Option.of(ctx.platform))
    ordered = [c for c in sorted(weights, key=lambda c: (-weights[c], list(weights).index(c))) if c in scores]
    following = []
    for rank, cid in enumerate(ordered[:3], start=1):
        criterion, score = ctx.catalog.criterion(cid), scores[cid]
        values = {
            "criterion": lower_first(criterion.name.get(ctx.lang)),
            "weight": ctx.format_metric(f"{cid}_weight", weights[cid]),
            "rank": rank,
            "of": len(weights),
            "score": ctx.number(score.score),
            "derived": ctx.number(score.derived),
        }
        figures.append(
            Figure(metric=f"{cid}_weight", label=ctx.metric_label(f"{cid}_weight"), value=values["weight"])
        )
        evidence = (ctx.survey(f"{cid}_weight", weights[cid], group.weighted_n),)
        if rank == 1 or score.override:  # never a silent override
            key_ = "why.criterion_override" if score.override else "why.criterion"
            items.append(Item(text=ctx.text(key_, **values), evidence=evidence))
        else:
            key_ = "why.next_item_override" if score.override else "why.next_item"
            following.append(ctx.text(key_, **values))
    if following:
        items.append(Item(text=ctx.text("why.next", items="; ".join(following))))
    return tuple(items)


def gives_up(ctx: PlanContext, group: GroupSummary) -> str | None:
    """The group's weightiest criterion (of its first three) where the platform is weak."""
    weights = group.weights or {}
    scores = score_option(ctx.catalog, ctx.option or Option.of(ctx.platform))
    ordered = [c for c in sorted(weights, key=lambda c: (-weights[c], list(weights).index(c))) if c in scores]
    return next((c for c in ordered[:3] if scores[c].score < WEAK_SCORE), None)


def _tradeoff(ctx: PlanContext, key: str, group: GroupSummary) -> Item | None:
    """What the group gives up: its weightiest criterion where the platform is weak (what the plan
    does about it is said once, in the choice chapter), and another platform it would choose."""
    weights = group.weights or {}
    scores = score_option(ctx.catalog, ctx.option or Option.of(ctx.platform))
    weak = gives_up(ctx, group)
    ranking = ctx.rankings.get(key)
    rival = None
    if ranking is not None and ranking.best not in (None, ctx.platform.id):
        own, best = _rank_of(ranking, ctx.platform.id), _rank_of(ranking, ranking.best)  # type: ignore[arg-type]
        if own is not None and best is not None and best[0] < own[0]:
            rival = (ctx.catalog.platform(ranking.best).name, ranking.scores[best[1]], ranking.scores[own[1]])  # type: ignore[arg-type]
    if weak is None and rival is None:
        return None
    parts, refs = [], []
    if weak is not None:
        indicators = [
            p for p in scores[weak].indicators if p.score < WEAK_SCORE and p.indicator_id in ctx.facts
        ]
        for part in sorted(indicators, key=lambda p: (p.score, p.indicator_id)):
            ref = ctx.cite(part.indicator_id)
            refs += [] if ref in refs else [ref]
        weak_text = " ".join(f"[{r}]" for r in sorted(refs))  # the facts are in the profile
        parts.append(
            ctx.text(
                "why.gives_up",
                criterion=lower_first(ctx.catalog.criterion(weak).name.get(ctx.lang)),
                weight=ctx.format_metric(f"{weak}_weight", weights[weak]),
                group=ctx.group_label(key),
                score=ctx.number(scores[weak].score),
                weak=weak_text.strip(),
            )
        )
    if rival is not None:
        name, winner, own_score = rival
        parts.append(
            ctx.text("why.rival", winner=name, winner_score=ctx.number(winner), score=ctx.number(own_score))
        )
    return Item(text=" ".join(parts), refs=tuple(refs))


def _shares(
    ctx: PlanContext,
    shares: Mapping[str, Any] | None,
    question: str,
    prefix: str,
    minimum: float,
    limit: int,
    figures: list[Figure],
) -> tuple[Item, ...]:
    items = []
    for option, share in top(shares, minimum, limit):
        metric = f"{prefix}_{option}_share"
        shown = f"{round(100 * share.share)}%"
        figures.append(Figure(metric=metric, label=ctx.metric_label(metric), value=shown))
        text = ctx.text("segment.option_share", option=ctx.option_label(question, option), share=shown)
        items.append(Item(text=text, evidence=(ctx.survey(metric, share.share, share.n),)))
    return tuple(items)


def _adopters(ctx: PlanContext, group: GroupSummary, wave: str, figures: list[Figure]) -> Item:
    w = group.willingness
    if w is None or w.n == 0:
        return Item(text=ctx.text("adopters.unknown"))
    share, mean = f"{round(100 * w.share_high)}%", ctx.number(w.mean)
    figures += [
        Figure(
            metric="willingness_high_share", label=ctx.metric_label("willingness_high_share"), value=share
        ),
        Figure(metric="willingness_mean", label="willingness_mean", value=mean),
    ]
    return Item(
        text=ctx.text(f"adopters.{wave}", share=share, mean=mean),
        evidence=(ctx.survey("willingness_high_share", w.share_high, w.n),),
    )


def _champions(ctx: PlanContext, n: int, headcount: int | None) -> Item:
    share = ctx.schedule.champion_share
    if headcount:
        count = max(1, math.ceil(share * headcount))
        return Item(text=ctx.text("adopters.champions_headcount", count=count, headcount=headcount))
    return Item(text=ctx.text("adopters.champions_respondents", count=max(1, math.ceil(share * n)), n=n))


def channel_moves(ctx: PlanContext, group: GroupSummary, sunset: dt.date) -> tuple[ChannelMove, ...]:
    """The channels the group uses weekly, most used first, with what happens to each."""
    land = group.landscape
    if land is None:
        return ()
    moves = []
    channels = {c.id: c for c in ctx.questionnaire.channels}
    regular = [(c, clean(land.regular.get(c))) for c in land.regular_channels]
    for channel, share in sorted(regular, key=lambda cs: (-(cs[1] or 0), cs[0])):
        moves.append(channel_move(ctx, channel, share or 0.0, sunset, channels[channel]))
    return tuple(moves)


def channel_move(ctx: PlanContext, channel: str, share: float, sunset: dt.date, spec: Any) -> ChannelMove:
    as_platform = ctx.channel_platform(channel)
    retired = as_platform is not None and as_platform.retired
    stop = sunset if spec.shadow_it or retired else None
    migration = ctx.data.texts.migration
    if as_platform is not None and as_platform.id == ctx.platform.id:
        template, stop = migration["contain_itself" if ctx.contain else "platform_itself"], None
    else:
        template = ctx.choose(migration.get(channel)) or migration["default"]
    action = ctx.fill(template, sunset=ctx.date(stop) if stop else "")
    return ChannelMove(
        channel=channel,
        label=spec.label(ctx.lang),
        weekly=f"{round(100 * share)}%",
        shadow=spec.shadow_it,
        action=action,
        sunset=stop,
    )
