"""Build the adoption plan from the chosen platform, the survey analysis, the ranking and settings.

Only segments that may be shown (``summary.visible_segments``) get a chapter; suppressed ones are
named in "Other staff" without any figure, and follow the guidelines of the whole organisation's
figures. Comments never enter the plan. Everything is sorted and dated from the given start date,
so the same inputs give the same plan.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from advisor.analysis.anonymity import NOT_ANSWERED
from advisor.analysis.summary import GroupSummary, SurveySummary
from advisor.catalog import Catalog
from advisor.catalog.models import Fact, Platform
from advisor.catalog.options import Option
from advisor.catalog.scoring import score_option
from advisor.errors import InputError
from advisor.i18n import keys, t
from advisor.plan.budget import budget_rows, chosen_option
from advisor.plan.model import (
    BudgetRow,
    ChannelMove,
    ChannelSpec,
    Evidence,
    FactRow,
    GovernanceRow,
    Guideline,
    Item,
    KpiRow,
    OtherStaff,
    OverrideRow,
    Phase,
    Plan,
    Risk,
    RoleRow,
    SegmentPlan,
    SunsetRow,
    Trigger,
    write_date,
)
from advisor.plan.overrides import override_rows, override_summary
from advisor.plan.rules import (
    Comparison,
    GuidelineRule,
    PlanData,
    Schedule,
    default_plan_data,
    fill,
    parse_condition,
)
from advisor.scoring import Costing, Ranking, organisation_seats, rank_survey
from advisor.scoring.verdict import verdict
from advisor.survey.questionnaire import Questionnaire

PLAN_SAMPLES = 5000  # SMAA samples for the "chance of ranking first" in the summary
CONVINCER_MIN, CONCERN_MIN = 0.15, 0.15
RISK_MIN = 0.10  # a landscape risk enters the register from this share of the organisation
OPS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}


@dataclass(frozen=True)
class PlanSettings:
    """What the plan is for; ``must``, ``max_price``, ``currency`` and ``cost_weight`` are the
    requirements of the ranking behind it (as on Compare and ``score``): they decide which plan
    (edition) of the platform the plan budgets for."""

    platform_id: str
    start: dt.date
    lang: str = "nl"
    organisation: str = ""  # default: the organisation file's name
    must: tuple[str, ...] = ()
    max_price: float | None = None
    currency: str = "EUR"
    cost_weight: float = 0.0


@dataclass
class _Context:
    catalog: Catalog
    platform: Platform
    questionnaire: Questionnaire
    summary: SurveySummary
    rankings: Mapping[str, Ranking]
    settings: PlanSettings
    data: PlanData
    metrics: dict[str, dict[str, float | None]]
    option: Option | None = None  # the platform on the plan the organisation's ranking chose
    facts_used: dict[str, Fact] = field(default_factory=dict)

    @property
    def facts(self) -> dict[str, Fact]:
        """The facts that hold on the chosen plan (the base facts overlaid by the plan's)."""
        return self.option.facts if self.option is not None else self.platform.facts

    @property
    def lang(self) -> str:
        return self.settings.lang

    def text(self, key: str, **values: Any) -> str:
        return self.data.text(key, self.lang, platform=self.platform.name, **values)

    def date(self, value: dt.date) -> str:
        return write_date(value, self.data.text("months", self.lang))

    @property
    def schedule(self) -> Schedule:
        return self.data.texts.schedule


# ---------------------------------------------------------------- checks and entry points
def next_monday(today: dt.date) -> dt.date:
    """The default start date: the Monday after ``today`` (a week later when today is a Monday)."""
    return today + dt.timedelta(days=7 - today.weekday())


def check_platform(catalog: Catalog, platform_id: str, lang: str) -> Platform:
    """The platform to plan for; an InputError for an unknown or retired one."""
    try:
        platform = catalog.platform(platform_id)
    except KeyError:
        valid = ", ".join(sorted(p.id for p in catalog.platforms if not p.retired))
        raise InputError(t("plan.unknown_platform", lang, value=platform_id, valid=valid)) from None
    if platform.retired:
        migration = platform.lifecycle.migration.get(lang) if platform.lifecycle.migration else ""
        raise InputError(
            t(
                "plan.retired_platform",
                lang,
                platform=platform.name,
                retired=platform.lifecycle.retired_on,
                migration=migration,
            )
        )
    return platform


def segment_label(questionnaire: Questionnaire, segment_by: str, key: str, lang: str, data: PlanData) -> str:
    if key == NOT_ANSWERED:
        return data.text("other_staff.not_answered", lang)
    question = questionnaire.by_id.get(segment_by)
    return question.label(key, lang) if question else key


def plan_for_survey(
    catalog: Catalog,
    questionnaire: Questionnaire,
    answers: pd.DataFrame,
    summary: SurveySummary,
    settings: PlanSettings,
    *,
    samples: int = PLAN_SAMPLES,
    seed: int = 0,
    data: PlanData | None = None,
) -> Plan:
    """Rank the catalogue on the survey's weights, then build the plan (used by CLI and dashboard)."""
    check_platform(catalog, settings.platform_id, settings.lang)
    data = data or default_plan_data()
    labels = {
        k: segment_label(questionnaire, summary.segment_by, k, settings.lang, data) for k in summary.segments
    }
    costing = Costing(
        settings.currency,
        settings.max_price,
        organisation_seats(questionnaire, summary.segment_by, summary.total),
        questionnaire.organisation.exchange_rates,
    )
    rankings = rank_survey(
        catalog,
        summary,
        samples=samples,
        seed=seed,
        lang=settings.lang,
        labels=labels,
        must=settings.must,
        costing=costing,
        cost_weight=settings.cost_weight,
    )
    return build_plan(catalog, questionnaire, answers, summary, rankings, settings, data)


def build_plan(
    catalog: Catalog,
    questionnaire: Questionnaire,
    answers: pd.DataFrame,
    summary: SurveySummary,
    rankings: Mapping[str, Ranking],
    settings: PlanSettings,
    data: PlanData | None = None,
) -> Plan:
    """The plan; see the module docstring."""
    lang = "en" if settings.lang == "en" else "nl"
    settings = replace(settings, lang=lang)
    platform = check_platform(catalog, settings.platform_id, lang)
    if summary.organisation.suppressed:
        raise InputError(t("plan.too_few", lang, n=summary.organisation.n, k=summary.min_group))
    data = data or default_plan_data()
    metrics = survey_metrics(answers, summary, questionnaire)
    option = chosen_option(rankings.get("organisation"), platform)
    ctx = _Context(catalog, platform, questionnaire, summary, rankings, settings, data, metrics, option)
    organisation = settings.organisation or questionnaire.organisation.name or ""
    waves = _waves(ctx)
    dates = _dates(ctx)
    segments = tuple(_segment(ctx, key, waves[key], dates) for key in summary.visible_segments)
    other = _other_staff(ctx)
    phases = _phases(ctx, segments, other, dates)
    plan_labels = _labels(ctx)
    budget = budget_rows(catalog, platform, rankings.get("organisation"), ctx.text, lang)
    overrides = override_rows(
        catalog, platform, option, rankings.values(), lang, ctx.text, lambda v: _number(v, lang)
    )
    return Plan(
        lang=lang,
        organisation=organisation,
        platform_id=platform.id,
        platform_name=platform.name,
        start=settings.start,
        title=ctx.text("title"),
        subtitle=ctx.text("subtitle", organisation=organisation, date=ctx.date(settings.start))
        if organisation.strip()
        else ctx.text("subtitle_no_organisation", date=ctx.date(settings.start)),
        generated=ctx.text("generated"),
        summary=_summary(ctx, segments, dates, budget, overrides),
        segments=segments,
        other_staff=other,
        governance=_governance(ctx),
        phases=phases,
        roles=tuple(RoleRow(role=r.role.get(lang), tasks=r.tasks.get(lang)) for r in data.texts.roles),
        kpis=_kpis(ctx),
        risks=_risks(ctx, waves),
        sunset=_sunset(ctx, dates),
        sunset_none=ctx.text("sunset.none"),
        budget=budget,
        overrides=overrides,
        sources=_sources(ctx),
        labels=plan_labels,
    )


# ---------------------------------------------------------------- survey metrics
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


def _value(number: float | None) -> float | None:
    return None if number is None or (isinstance(number, float) and math.isnan(number)) else float(number)


def group_metrics(group: GroupSummary, externals: float | None) -> dict[str, float | None]:
    """The named figures of one visible group (never called for a suppressed one)."""
    assert not group.suppressed
    metrics: dict[str, float | None] = {
        "respondents": float(group.n),
        "works_with_externals_share": externals,
    }
    land = group.landscape
    if land is not None:
        risks = {
            "after_hours": "after_hours_share",
            "overload": "overload_share",
            "ex_colleagues_in_groups": "ex_colleagues_share",
            "wrong_recipient": "wrong_recipient_share",
        }
        for risk, name in risks.items():
            metrics[name] = _value(land.risks[risk].share) if risk in land.risks else None
        metrics["shadow_it_share"] = _value(land.shadow_it.share)
        for channel, share in land.regular.items():
            metrics[f"{channel}_regular_share"] = _value(share)
    if group.willingness is not None:
        metrics["willingness_high_share"] = _value(group.willingness.share_high)
        metrics["willingness_mean"] = _value(group.willingness.mean)
    if group.weights:
        ordered = sorted(group.weights, key=lambda c: (-group.weights[c], list(group.weights).index(c)))
        for rank, criterion in enumerate(ordered, start=1):
            metrics[f"{criterion}_weight"] = group.weights[criterion]
            metrics[f"{criterion}_weight_rank"] = float(rank)
    for shares, prefix in ((group.concerns, "concern"), (group.convincers, "convincer")):
        for option, share in (shares or {}).items():
            metrics[f"{prefix}_{option}_share"] = _value(share.share)
    return metrics


def survey_metrics(
    answers: pd.DataFrame, summary: SurveySummary, questionnaire: Questionnaire
) -> dict[str, dict[str, float | None]]:
    """Metrics of the organisation and of every visible segment (suppressed segments have none)."""
    externals = _externals(answers, summary)
    result = {"organisation": group_metrics(summary.organisation, externals.get("organisation"))}
    for key in summary.visible_segments:
        result[key] = group_metrics(summary.segments[key], externals.get(key))
    return result


def _externals(answers: pd.DataFrame, summary: SurveySummary) -> dict[str, float | None]:
    """Share answering 'yes' to works_with_externals, for the organisation and visible segments,
    as the anonymity engine published it (None where withheld)."""
    groups = {"organisation": summary.organisation}
    groups |= {key: summary.segments[key] for key in summary.visible_segments}
    return {
        key: None if g.externals is None or g.externals.withheld else _value(g.externals.share)
        for key, g in groups.items()
    }


def _format_metric(ctx: _Context, name: str, value: float | None) -> str:
    if value is None:
        return "–"
    spec = ctx.data.texts.metrics.get(name)
    kind = spec.format if spec else ("rank" if name.endswith("_rank") else "percent")
    if name in ("respondents",):
        kind = "rank"
    if name.endswith("_mean"):
        kind = "number"
    if kind == "percent":
        return f"{round(100 * value)}%"
    if kind == "rank":
        return str(round(value))
    return _number(value, ctx.lang)


def _number(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def _metric_label(ctx: _Context, name: str) -> str:
    """The metric in words: from texts.yaml ``metrics``, else from its pattern (weight, channel, option)."""
    spec = ctx.data.texts.metrics.get(name)
    if spec:
        return spec.label.get(ctx.lang)
    criteria = {c.id: c.name.get(ctx.lang).lower() for c in ctx.catalog.criteria}
    channels = {c.id: c.label(ctx.lang) for c in ctx.questionnaire.channels}
    patterns = [
        (r"^(\w+)_weight_rank$", "weight_rank", criteria.get),
        (r"^(\w+)_weight$", "weight", criteria.get),
        (r"^(\w+)_regular_share$", "regular_share", channels.get),
        (r"^concern_(\w+)_share$", "concern", lambda o: _option_label(ctx, "concerns", o)),
        (r"^convincer_(\w+)_share$", "convincer", lambda o: _option_label(ctx, "convincers", o)),
    ]
    for pattern, key, lookup in patterns:
        match = re.match(pattern, name)
        if match and lookup(match.group(1)):
            return ctx.text(f"metric_patterns.{key}", name=lookup(match.group(1)))
    return name


def _survey(ctx: _Context, name: str, value: float | None, n: int | None = None) -> Evidence:
    return Evidence(
        kind="survey",
        text=ctx.text(
            "evidence.survey",
            label=_metric_label(ctx, name),
            value=_format_metric(ctx, name, value),
            n=n if n is not None else "–",
        ),
    )


def _fact(ctx: _Context, indicator_id: str) -> tuple[str, Evidence]:
    """The value for an indicator on the chosen plan and the evidence behind it (source, checked,
    verified)."""
    fact = ctx.facts[indicator_id]
    ctx.facts_used.setdefault(indicator_id, fact)  # numbered in order of first use
    ref = list(ctx.facts_used).index(indicator_id) + 1
    _, indicator = ctx.catalog.indicators[indicator_id]
    level = indicator.scale.get(fact.value)
    value = level.label(ctx.lang) if level else fact.value
    text = ctx.text(
        "evidence.fact" if fact.verified else "evidence.fact_unverified",
        indicator=indicator.name.get(ctx.lang),
        value=value,
        ref=ref,
    )
    return fact.value, Evidence(kind="fact", text=text, source=fact.source, verified=fact.verified)


def _capability(
    ctx: _Context, indicator_id: str | None, texts: Mapping[str, Any], **values: Any
) -> Item | None:
    if not indicator_id or indicator_id not in ctx.facts:
        return None
    value, evidence = _fact(ctx, indicator_id)
    text = texts.get(value)
    if text is None:  # 'unknown' or a value without a text: say so instead of guessing
        text_value = t("plan.capability_unknown", ctx.lang, platform=ctx.platform.name, value=value)
    else:
        text_value = fill(text.get(ctx.lang), {"platform": ctx.platform.name, **values})
    return Item(text=text_value, evidence=(evidence,))


# ---------------------------------------------------------------- guidelines
def guidelines_for(
    ctx: _Context, metrics: Mapping[str, float | None], n: int | None
) -> tuple[Guideline, ...]:
    result = []
    days = ctx.schedule.guest_expiry_days
    shown = {name: _format_metric(ctx, name, value) for name, value in metrics.items()}
    for rule in ctx.data.guidelines.guidelines:
        holds, comparisons = rule.node.evaluate(metrics)
        if not holds:
            continue
        result.append(_guideline(ctx, rule, comparisons, metrics, shown, days))
    return tuple(result)


def _guideline(
    ctx: _Context,
    rule: GuidelineRule,
    comparisons: list[Comparison],
    metrics: Mapping[str, float | None],
    shown: Mapping[str, str],
    days: int,
) -> Guideline:
    values = {**shown, "platform": ctx.platform.name, "days": days}
    triggers = tuple(
        Trigger(
            metric=c.metric,
            label=_metric_label(ctx, c.metric),
            value=float(metrics[c.metric]),
            op=OPS[c.op],
            threshold=c.threshold,
            value_text=shown[c.metric],
            threshold_text=_format_metric(ctx, c.metric, c.threshold),
        )
        for c in comparisons
    )
    return Guideline(
        id=rule.id,
        title=rule.title.get(ctx.lang),
        text=fill(rule.text.get(ctx.lang), values),
        why=fill(rule.why.get(ctx.lang), values),
        always=rule.node.kind == "always",
        triggered_by=triggers,
        capability=_capability(ctx, rule.fact, rule.capability, days=days),
    )


# ---------------------------------------------------------------- per segment
def _waves(ctx: _Context) -> dict[str, str]:
    """pilot: the most willing segments; scale: the least willing; launch: the rest."""
    s = ctx.schedule
    willing = {k: ctx.metrics[k].get("willingness_high_share") for k in ctx.summary.visible_segments}
    ranked = sorted((k for k in willing if willing[k] is not None), key=lambda k: (-willing[k], k))
    pilot = [k for k in ranked if willing[k] >= s.pilot_willingness][: s.pilot_segments] or ranked[:1]
    waves = {}
    for key, share in willing.items():
        if key in pilot:
            waves[key] = "pilot"
        elif share is not None and share < s.slow_willingness:
            waves[key] = "scale"
        else:
            waves[key] = "launch"
    return waves


def _dates(ctx: _Context) -> dict[str, dt.date]:
    s, start = ctx.schedule, ctx.settings.start
    pilot = start + dt.timedelta(days=s.prepare_days)
    launch = pilot + dt.timedelta(days=s.pilot_days)
    return {
        "start": start,
        "pilot": pilot,
        "launch": launch,
        "scale_end": launch + dt.timedelta(days=s.scale_days),
        "review": launch + dt.timedelta(days=s.review_after_days),
        "sunset": launch + dt.timedelta(days=s.sunset_after_days),
    }


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "groep"


def _segment(ctx: _Context, key: str, wave: str, dates: Mapping[str, dt.date]) -> SegmentPlan:
    group = ctx.summary.segments[key]
    metrics = ctx.metrics[key]
    label = segment_label(ctx.questionnaire, ctx.summary.segment_by, key, ctx.lang, ctx.data)
    headcount = ctx.questionnaire.headcounts(ctx.summary.segment_by).get(key)
    intro = (
        ctx.text("segment.respondents_headcount", n=group.n, headcount=headcount)
        if headcount
        else ctx.text("segment.respondents", n=group.n)
    )
    return SegmentPlan(
        key=key,
        label=label,
        respondents=group.n,
        headcount=headcount,
        wave=wave,  # type: ignore[arg-type]
        intro=intro,
        why=_why(ctx, key, group),
        convincers=_convincers(ctx, group),
        concerns=_concerns(ctx, group),
        channels_intro=ctx.text("channels.intro"),
        channels=_channels(ctx, group, dates),
        structure=_structure(ctx, label),
        structure_note=_capability(
            ctx, "directory_auto_groups", _governance_capability(ctx, "directory_auto_groups")
        ),
        guidelines=guidelines_for(ctx, metrics, group.n),
        integrations=_integrations(ctx, key, metrics),
        willing=_value(group.willingness.share_high) if group.willingness else None,
        adopters=_adopters(ctx, group, wave),
        champions=_champions(ctx, group.n, headcount),
    )


def _why(ctx: _Context, key: str, group: GroupSummary) -> tuple[Item, ...]:
    items = []
    ranking = ctx.rankings.get(key)
    pid = ctx.platform.id
    if ranking is not None and pid in ranking.platform_ids:
        i = ranking.platform_ids.index(pid)
        rank = ranking.order.index(i) + 1
        text = ctx.text(
            "why.rank", rank=rank, of=len(ranking.platform_ids), score=_number(ranking.scores[i], ctx.lang)
        )
        detail = ""
        best = ranking.best  # never a reference entry
        if (
            best is not None
            and best != pid
            and ranking.order.index(ranking.platform_ids.index(best)) < rank - 1
        ):
            detail = ctx.text(
                "why.rank_other",
                winner=ctx.catalog.platform(best).name,
                winner_score=_number(ranking.scores[ranking.platform_ids.index(best)], ctx.lang),
            )
        items.append(Item(text=text, detail=detail))
    else:
        items.append(Item(text=ctx.text("why.unranked")))
    weights = group.weights or {}
    scores = score_option(ctx.catalog, ctx.option or Option.of(ctx.platform))
    ordered = sorted(weights, key=lambda c: (-weights[c], list(weights).index(c)))
    for rank, cid in enumerate(ordered[:3], start=1):
        if cid not in scores:
            continue
        criterion = ctx.catalog.criterion(cid)
        score = scores[cid]
        text = ctx.text(
            "why.criterion_override" if score.override else "why.criterion",  # never a silent override
            criterion=criterion.name.get(ctx.lang),
            weight=_format_metric(ctx, f"{cid}_weight", weights[cid]),
            rank=rank,
            of=len(ordered),
            score=_number(score.score, ctx.lang),
            derived=_number(score.derived, ctx.lang),
        )
        strengths, weaker, evidence = [], [], [_survey(ctx, f"{cid}_weight", weights[cid], group.weighted_n)]
        for part in sorted(score.indicators, key=lambda p: (-p.score, p.indicator_id)):
            _, indicator = ctx.catalog.indicators[part.indicator_id]
            level = indicator.scale.get(part.value)
            shown = ctx.text(
                "why.strength",
                indicator=indicator.name.get(ctx.lang),
                value=level.label(ctx.lang) if level else part.value,
            )
            if part.score >= 7:
                strengths.append(shown)
                evidence.append(_fact(ctx, part.indicator_id)[1])
            elif part.score < 5:
                weaker.append(shown)
                evidence.append(_fact(ctx, part.indicator_id)[1])
        detail = "; ".join(strengths)
        if weaker:
            weak = ctx.text("why.weakness", items="; ".join(weaker))
            detail = f"{detail}. {weak}" if detail else weak
        items.append(Item(text=text, detail=detail, evidence=tuple(evidence)))
    return tuple(items)


def _option_label(ctx: _Context, question: str, option: str) -> str:
    q = ctx.questionnaire.by_id.get(question)
    return q.label(option, ctx.lang) if q else option


def _top(shares: Mapping[str, Any] | None, minimum: float, limit: int) -> list[tuple[str, Any]]:
    present = [(k, v) for k, v in (shares or {}).items() if _value(v.share) is not None]
    ranked = sorted(present, key=lambda kv: (-kv[1].share, kv[0]))
    return [kv for kv in ranked if kv[1].share >= minimum][:limit]


def _convincers(ctx: _Context, group: GroupSummary) -> tuple[Item, ...]:
    items = []
    for option, share in _top(group.convincers, CONVINCER_MIN, 3):
        gain = ctx.data.texts.convincers.get(option)
        items.append(
            Item(
                text=ctx.text(
                    "convincers.line",
                    share=f"{round(100 * share.share)}%",
                    option=_option_label(ctx, "convincers", option),
                    gain=fill(gain.get(ctx.lang), {"platform": ctx.platform.name}) if gain else "",
                ),
                evidence=(_survey(ctx, f"convincer_{option}_share", share.share, share.n),),
            )
        )
    return tuple(items) or (Item(text=ctx.text("convincers.none")),)


def _concerns(ctx: _Context, group: GroupSummary) -> tuple[Item, ...]:
    items = []
    for option, share in _top(group.concerns, CONCERN_MIN, 4):
        measure = ctx.data.texts.concerns.get(option)
        items.append(
            Item(
                text=ctx.text(
                    "concerns.line",
                    share=f"{round(100 * share.share)}%",
                    option=_option_label(ctx, "concerns", option),
                ),
                detail=fill(measure.get(ctx.lang), {"platform": ctx.platform.name}) if measure else "",
                evidence=(_survey(ctx, f"concern_{option}_share", share.share, share.n),),
            )
        )
    return tuple(items) or (Item(text=ctx.text("concerns.none")),)


def _channel_platform(ctx: _Context, channel: str) -> Platform | None:
    pid = ctx.data.texts.channel_platforms.get(channel, channel)
    try:
        return ctx.catalog.platform(pid)
    except KeyError:
        return None


def _channels(ctx: _Context, group: GroupSummary, dates: Mapping[str, dt.date]) -> tuple[ChannelMove, ...]:
    land = group.landscape
    if land is None:
        return ()
    moves = []
    channels = {c.id: c for c in ctx.questionnaire.channels}
    regular = [(c, _value(land.regular.get(c))) for c in land.regular_channels]
    for channel, share in sorted(regular, key=lambda cs: (-(cs[1] or 0), cs[0])):
        as_platform = _channel_platform(ctx, channel)
        retired = as_platform is not None and as_platform.retired
        sunset = dates["sunset"] if channels[channel].shadow_it or retired else None
        if as_platform is not None and as_platform.id == ctx.platform.id:
            template, sunset = ctx.data.texts.migration["platform_itself"], None
        else:
            template = ctx.data.texts.migration.get(channel) or ctx.data.texts.migration["default"]
        action = fill(
            template.get(ctx.lang),
            {"platform": ctx.platform.name, "sunset": ctx.date(sunset) if sunset else ""},
        )
        moves.append(
            ChannelMove(
                channel=channel,
                label=channels[channel].label(ctx.lang),
                weekly=f"{round(100 * (share or 0))}%",
                shadow=channels[channel].shadow_it,
                action=action,
                sunset=sunset,
            )
        )
    return tuple(moves)


def _structure(ctx: _Context, label: str) -> tuple[ChannelSpec, ...]:
    slug = _slug(label)
    segment_by = ctx.summary.segment_by
    key = f"segments.{segment_by}"
    attribute = (
        t(key, ctx.lang) if key in keys(ctx.lang) else ctx.questionnaire[segment_by].text.get(ctx.lang)
    )
    auto = ctx.text("structure.members_directory", attribute=attribute, value=label)
    everyone, restricted = ctx.text("structure.posting_all"), ctx.text("structure.posting_restricted")

    def name(kind: str, suffix: str = "") -> str:
        return f"{ctx.text(f'structure.prefix_{kind}')}-{slug}{suffix}"

    project = f"-{ctx.text('structure.project_placeholder')}"
    return (
        ChannelSpec(
            name=name("department"), purpose=ctx.text("structure.department"), members=auto, posting=everyone
        ),
        ChannelSpec(
            name=name("announcements"),
            purpose=ctx.text("structure.announcements"),
            members=auto,
            posting=restricted,
        ),
        ChannelSpec(
            name=f"{ctx.text('structure.prefix_location')}-…",
            purpose=ctx.text("structure.location"),
            members=ctx.text("structure.members_directory_location"),
            posting=everyone,
        ),
        ChannelSpec(
            name=name("project", project),
            purpose=ctx.text("structure.project"),
            members=ctx.text("structure.members_invited"),
            posting=everyone,
        ),
        ChannelSpec(
            name=name("koffiehoek"),
            purpose=ctx.text("structure.koffiehoek"),
            members=ctx.text("structure.members_optional"),
            posting=everyone,
        ),
    )


def _governance_capability(ctx: _Context, indicator_id: str) -> dict[str, Any]:
    entry = next((g for g in ctx.data.texts.governance if g.fact == indicator_id), None)
    return dict(entry.capability) if entry else {}


def _integrations(ctx: _Context, key: str, metrics: Mapping[str, float | None]) -> tuple[Item, ...]:
    items = []
    for entry in ctx.data.texts.integrations:
        applies = key in entry.segments or (
            entry.condition is not None and parse_condition(entry.condition).evaluate(metrics)[0]
        )
        if not applies:
            continue
        capability = _capability(ctx, entry.fact, entry.capability)
        if capability is not None:
            items.append(
                Item(text=entry.title.get(ctx.lang), detail=capability.text, evidence=capability.evidence)
            )
    return tuple(items)


def _adopters(ctx: _Context, group: GroupSummary, wave: str) -> Item:
    w = group.willingness
    if w is None or w.n == 0:
        return Item(text=ctx.text("adopters.unknown"))
    share = f"{round(100 * w.share_high)}%"
    return Item(
        text=ctx.text(f"adopters.{wave}", share=share, mean=_number(w.mean, ctx.lang)),
        evidence=(_survey(ctx, "willingness_high_share", w.share_high, w.n),),
    )


def _champions(ctx: _Context, n: int, headcount: int | None) -> Item:
    share = ctx.schedule.champion_share
    if headcount:
        return Item(
            text=ctx.text(
                "adopters.champions_headcount",
                count=max(1, math.ceil(share * headcount)),
                headcount=headcount,
            )
        )
    return Item(text=ctx.text("adopters.champions_respondents", count=max(1, math.ceil(share * n)), n=n))


# ---------------------------------------------------------------- other staff and the organisation
def _other_staff(ctx: _Context) -> OtherStaff | None:
    hidden = ctx.summary.suppressed_segments
    if not hidden:
        return None
    labels = sorted(
        segment_label(ctx.questionnaire, ctx.summary.segment_by, k, ctx.lang, ctx.data) for k in hidden
    )
    org = ctx.metrics["organisation"]
    return OtherStaff(
        groups=tuple(labels),
        intro=ctx.text("other_staff.intro", k=ctx.summary.min_group, groups=", ".join(labels)),
        guidelines=guidelines_for(ctx, org, ctx.summary.organisation.n),
    )


def _label_list(labels: list[str], lang: str) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    last = " en " if lang == "nl" else " and "
    return ", ".join(labels[:-1]) + last + labels[-1]


def _summary(
    ctx: _Context,
    segments: tuple[SegmentPlan, ...],
    dates: Mapping[str, dt.date],
    budget: tuple[BudgetRow, ...] = (),
    overrides: tuple[OverrideRow, ...] = (),
) -> tuple[Item, ...]:
    org = ctx.summary.organisation
    items = [Item(text=ctx.text("summary.intro", n=org.n))]
    ranking = ctx.rankings.get("organisation")
    pid = ctx.platform.id
    if ranking is not None and pid in ranking.platform_ids:
        i = ranking.platform_ids.index(pid)
        p_first = ranking.p_first()
        items.append(
            Item(
                text=ctx.text(
                    "summary.rank",
                    rank=ranking.order.index(i) + 1,
                    of=len(ranking.platform_ids),
                    score=_number(ranking.scores[i], ctx.lang),
                    p_first=f"{round(100 * float(p_first[i]))}%",
                ),
                detail=_not_best(ctx, ranking),
            )
        )
        items.extend(_verdict(ctx, ranking))
    elif ranking is not None:
        reason = next((e.reason(ctx.catalog, ctx.lang) for e in ranking.excluded if e.platform_id == pid), "")
        items.append(Item(text=ctx.text("summary.excluded", reason=reason)))
    items.extend(override_summary(overrides, ctx.text))
    for row in budget:
        if row.annual_cost is not None:
            text = ctx.text(
                "summary.budget", plan=row.plan, price=row.price, annual=row.annual, seats=row.billed_seats
            )
            items.append(Item(text=text))
        elif row.plan != "–":
            items.append(Item(text=ctx.text("summary.budget_unknown", plan=row.plan, annual=row.annual)))
    items.append(Item(text=ctx.text("summary.approach")))
    items.append(Item(text=ctx.text("summary.segments", count=len(segments))))
    pilot = [s.label for s in segments if s.wave == "pilot"]
    items.append(
        Item(
            text=ctx.text(
                "summary.timeline",
                pilot=ctx.date(dates["pilot"]),
                pilot_groups=_label_list(pilot, ctx.lang) or ctx.text("phases.no_groups"),
                launch=ctx.date(dates["launch"]),
                scale_end=ctx.date(dates["scale_end"]),
            )
        )
    )
    return tuple(items)


def _verdict(ctx: _Context, ranking: Ranking) -> tuple[Item, ...]:
    """How clear the ranking's winner is: the rule and figures of :mod:`advisor.scoring.verdict`."""
    judged = verdict(ranking)
    if judged is None:
        return ()
    name = ctx.catalog.platform
    if judged.clear or judged.rival is None:
        text = ctx.text("summary.verdict_clear", best=name(judged.best).name)
    else:
        text = ctx.text("summary.verdict_unclear", best=name(judged.best).name, rival=name(judged.rival).name)
    return (Item(text=text, detail=" ".join(judged.details(ctx.catalog, ctx.lang))),)


def _not_best(ctx: _Context, ranking: Ranking) -> str:
    """A note when a recommendable platform ranks above the plan's (reference entries never count)."""
    best = ranking.best
    pid = ctx.platform.id
    if best is None or best == pid:
        return ""
    if ranking.order.index(ranking.platform_ids.index(best)) > ranking.order.index(
        ranking.platform_ids.index(pid)
    ):
        return ""
    return ctx.text("summary.not_first", winner=ctx.catalog.platform(best).name)


def _governance(ctx: _Context) -> tuple[GovernanceRow, ...]:
    rows = []
    days = ctx.schedule.guest_expiry_days
    for entry in ctx.data.texts.governance:
        rows.append(
            GovernanceRow(
                topic=entry.topic.get(ctx.lang),
                text=fill(entry.text.get(ctx.lang), {"platform": ctx.platform.name, "days": days}),
                capability=_capability(ctx, entry.fact, entry.capability, days=days),
            )
        )
    return tuple(rows)


def _phases(
    ctx: _Context, segments: tuple[SegmentPlan, ...], other: OtherStaff | None, dates: Mapping[str, dt.date]
) -> tuple[Phase, ...]:
    def groups(wave: str) -> str:
        labels = [s.label for s in segments if s.wave == wave]
        if wave == "launch" and other is not None:
            labels.append(ctx.text("headings.other_staff"))
        return _label_list(labels, ctx.lang) or ctx.text("phases.no_groups")

    day = dt.timedelta(days=1)
    return (
        Phase(
            id="prepare",
            name=ctx.text("phases.prepare"),
            start=dates["start"],
            end=dates["pilot"] - day,
            text=ctx.text("phases.prepare_do"),
        ),
        Phase(
            id="pilot",
            name=ctx.text("phases.pilot"),
            start=dates["pilot"],
            end=dates["launch"] - day,
            text=ctx.text("phases.pilot_do", groups=groups("pilot")),
        ),
        Phase(
            id="launch",
            name=ctx.text("phases.launch"),
            start=dates["launch"],
            end=None,
            text=ctx.text("phases.launch_do", groups=groups("launch")),
        ),
        Phase(
            id="scale",
            name=ctx.text("phases.scale"),
            start=dates["launch"],
            end=dates["scale_end"],
            text=ctx.text("phases.scale_do", groups=groups("scale")),
        ),
        Phase(
            id="review",
            name=ctx.text("phases.review"),
            start=dates["review"],
            end=None,
            text=ctx.text("phases.review_do"),
        ),
    )


def _kpis(ctx: _Context) -> tuple[KpiRow, ...]:
    baseline = ctx.metrics["organisation"].get("shadow_it_share")
    values = {
        "baseline": _format_metric(ctx, "shadow_it_share", baseline),
        "target": _format_metric(ctx, "shadow_it_share", None if baseline is None else baseline / 2),
    }
    return tuple(
        KpiRow(
            id=k.id,
            name=k.name.get(ctx.lang),
            target=fill(k.target.get(ctx.lang), values),
            measure=k.measure.get(ctx.lang),
            when=k.when.get(ctx.lang),
        )
        for k in ctx.data.texts.kpis
    )


def _risks(ctx: _Context, waves: Mapping[str, str]) -> tuple[Risk, ...]:
    risks = []
    org = ctx.metrics["organisation"]
    n = ctx.summary.organisation.n
    owners = {
        "silos": "owner_comms",
        "shadow_it": "owner_comms",
        "ex_colleagues": "owner_it",
        "wrong_recipient": "owner_it",
        "after_hours": "owner_managers",
        "resistance": "owner_comms",
    }

    def add(risk_id: str, text: str, evidence: tuple[Evidence, ...] = ()) -> None:
        risks.append(
            Risk(
                id=risk_id,
                risk=text,
                measure=ctx.text(f"risks.{risk_id}_do"),
                owner=ctx.text(f"risks.{owners[risk_id]}"),
                evidence=evidence,
            )
        )

    for a, b in ctx.summary.silos:
        labels = [
            segment_label(ctx.questionnaire, ctx.summary.segment_by, k, ctx.lang, ctx.data) for k in (a, b)
        ]
        add("silos", ctx.text("risks.silos", a=labels[0], b=labels[1]))
    metric_of = {
        "shadow_it": "shadow_it_share",
        "ex_colleagues": "ex_colleagues_share",
        "wrong_recipient": "wrong_recipient_share",
        "after_hours": "after_hours_share",
    }
    for risk_id, metric in metric_of.items():
        value = org.get(metric)
        if value is not None and value >= RISK_MIN:
            shown = _format_metric(ctx, metric, value)
            add(risk_id, ctx.text(f"risks.{risk_id}", share=shown), (_survey(ctx, metric, value, n),))
    slow = [k for k, wave in waves.items() if wave == "scale"]
    if slow:
        labels = [
            segment_label(ctx.questionnaire, ctx.summary.segment_by, k, ctx.lang, ctx.data) for k in slow
        ]
        evidence = tuple(
            _survey(ctx, "willingness_high_share", ctx.metrics[k].get("willingness_high_share")) for k in slow
        )
        add(
            "resistance",
            ctx.text(
                "risks.resistance",
                groups=_label_list(labels, ctx.lang),
                threshold=f"{round(100 * ctx.schedule.slow_willingness)}%",
            ),
            evidence,
        )
    return tuple(risks)


def _sunset(ctx: _Context, dates: Mapping[str, dt.date]) -> tuple[SunsetRow, ...]:
    org = ctx.summary.organisation
    if org.landscape is None:
        return ()
    rows = []
    for channel in ctx.questionnaire.channels:
        share = _value(org.landscape.regular.get(channel.id))
        as_platform = _channel_platform(ctx, channel.id)
        retired = as_platform is not None and as_platform.retired
        if share is None or share < RISK_MIN or not (channel.shadow_it or retired):
            continue
        if as_platform is not None and as_platform.id == ctx.platform.id:
            continue
        if retired:
            plan = ctx.text(
                "sunset.retired", retired=as_platform.lifecycle.retired_on, date=ctx.date(dates["sunset"])
            )
        else:
            plan = ctx.text("sunset.shadow", date=ctx.date(dates["sunset"]))
        used = ctx.text("sunset.used_by", share=f"{round(100 * share)}%")
        rows.append(
            SunsetRow(
                tool=channel.label(ctx.lang),
                plan=plan,
                date=dates["sunset"],
                evidence=(Evidence(kind="survey", text=used),),
            )
        )
    return tuple(rows)


def _sources(ctx: _Context) -> tuple[FactRow, ...]:
    """Every fact the plan cites, once, in the order of its number (first use in the plan)."""
    rows = []
    for ref, (indicator_id, fact) in enumerate(ctx.facts_used.items(), start=1):
        _, indicator = ctx.catalog.indicators[indicator_id]
        level = indicator.scale.get(fact.value)
        rows.append(
            FactRow(
                ref=ref,
                indicator=indicator.name.get(ctx.lang),
                value=level.label(ctx.lang) if level else fact.value,
                source=fact.source,
                source_title=fact.source_title,
                publisher=fact.publisher,
                source_date=fact.source_date,
                checked=fact.checked,
                verified=fact.verified,
                secondary=fact.secondary,
            )
        )
    return tuple(rows)


def _labels(ctx: _Context) -> dict[str, str]:
    texts = ctx.data.texts.texts
    labels = {}
    for group in ("headings", "table", "guideline", "evidence", "overrides"):
        for key in texts[group]:
            labels[f"{group}.{key}"] = ctx.text(f"{group}.{key}")
    labels["months"] = ctx.data.text("months", ctx.lang)
    labels["channels.none"] = ctx.text("channels.none")
    labels["channels.shadow"] = ctx.text("channels.shadow")
    labels["structure.intro"] = ctx.text("structure.intro")
    for wave in ("pilot", "launch", "scale"):
        labels[f"adopters.wave_{wave}"] = ctx.text(f"adopters.wave_{wave}")
    return labels
