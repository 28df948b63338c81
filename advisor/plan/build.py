"""Build the adoption plan from the chosen platform, the survey analysis, the ranking and settings.

The parts are built in the order they are read (so sources are numbered in reading order): the
summary's decision, the choice and the platform's profile, the guidelines for everyone, worries and
reasons, channels, integrations, the groups, then carrying it out (phases, governance, budget,
roles, KPIs, risks, phasing out). ``summary``, ``segment``, ``organisation``, ``guidelines``,
``integrations`` and ``schedule`` hold the parts; this module only puts them together.

Only segments that may be shown (``summary.visible_segments``) get a chapter; suppressed ones are
named in "Other staff" without any figure, and follow the guidelines of the whole organisation's
figures. Comments never enter the plan. Everything is dated from the given start date, so the same
inputs give the same plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

import pandas as pd

from advisor.analysis.anonymity import NOT_ANSWERED
from advisor.analysis.summary import SurveySummary
from advisor.catalog import Catalog
from advisor.catalog.models import Platform
from advisor.errors import InputError
from advisor.i18n import t
from advisor.plan import guidelines as gl
from advisor.plan import organisation as og
from advisor.plan import schedule as sc
from advisor.plan import summary as sm
from advisor.plan.budget import budget_rows, chosen_option
from advisor.plan.context import OrgProfile, PlanContext, PlanSettings, number
from advisor.plan.integrations import SystemFigures, group_integrations, integrations_part, system_figures
from advisor.plan.metrics import metric_names, survey_metrics
from advisor.plan.model import BudgetRow, CoverRow, OtherStaff, Plan, SegmentPlan
from advisor.plan.overrides import override_rows
from advisor.plan.rules import PlanData, default_plan_data
from advisor.plan.segment import channel_moves, segment_chapter
from advisor.scoring import RANKING_SAMPLES, RANKING_SEED, Costing, Ranking, organisation_seats, rank_survey
from advisor.survey.questionnaire import Questionnaire

__all__ = [
    "PlanSettings",
    "build_plan",
    "check_platform",
    "metric_names",
    "next_monday",
    "plan_for_survey",
]


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


def plan_for_survey(
    catalog: Catalog,
    questionnaire: Questionnaire,
    answers: pd.DataFrame,
    summary: SurveySummary,
    settings: PlanSettings,
    *,
    samples: int = RANKING_SAMPLES,
    seed: int = RANKING_SEED,
    data: PlanData | None = None,
) -> Plan:
    """Rank the catalogue on the survey's weights, then build the plan (used by CLI and dashboard).

    The default samples and seed are Compare's, so the summary's chance of ranking first is the one
    Compare shows for the same weights and requirements."""
    check_platform(catalog, settings.platform_id, settings.lang)
    data = data or default_plan_data()
    lang = "en" if settings.lang == "en" else "nl"
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
        labels=_labels_of(questionnaire, summary, lang, data),
        must=settings.must,
        costing=costing,
        cost_weight=settings.cost_weight,
    )
    return build_plan(catalog, questionnaire, answers, summary, rankings, settings, data)


def _labels_of(
    questionnaire: Questionnaire, summary: SurveySummary, lang: str, data: PlanData
) -> dict[str, str]:
    """Each segment's label in the plan's language, for the rankings."""
    question = questionnaire.by_id.get(summary.segment_by)
    result = {}
    for key in summary.segments:
        if key == NOT_ANSWERED:
            result[key] = data.text("other_staff.not_answered", lang)
        else:
            result[key] = question.label(key, lang) if question else key
    return result


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
    option = chosen_option(rankings.get("organisation"), platform)
    ctx = PlanContext(
        catalog,
        platform,
        questionnaire,
        summary,
        rankings,
        settings,
        data,
        survey_metrics(answers, summary, questionnaire),
        option,
        OrgProfile.of(questionnaire, summary.segment_by),
    )
    organisation = settings.organisation or questionnaire.organisation.name or ""
    waves = sc.waves(ctx)
    dates = sc.dates(ctx, notes_too=False)  # the notes cite the calendar where they are read
    overrides = override_rows(
        catalog, platform, option, rankings.values(), lang, ctx.text, lambda v: number(v, lang)
    )
    # built in reading order, so the sources are numbered as they are met
    budget = budget_rows(catalog, platform, rankings.get("organisation"), ctx.text, lang)
    budget = tuple(b.model_copy(update={"refs": _price_refs(ctx, b)}) for b in budget)
    summary_items = sm.summary_items(ctx, budget, overrides)
    choice = sm.choice_items(ctx)
    profile = sm.profile(ctx)
    rules = gl.build_guidelines(ctx, with_organisation=bool(summary.suppressed_segments))
    figures = system_figures(ctx, answers)
    integrations = integrations_part(ctx, figures)
    segments = tuple(
        _segment(ctx, key, waves[key], dates, rules, figures) for key in summary.visible_segments
    )
    other = _other_staff(ctx, rules)
    labels_of: dict[str, list[str]] = {}
    for segment in segments:
        labels_of.setdefault(segment.wave, []).append(segment.label)
    phases = sc.phases(ctx, labels_of, other is not None, dates)
    calendar_notes = tuple(sc.dates(ctx).notes)
    governance = og.governance(ctx)
    roles, kpis = og.roles(ctx), og.kpis(ctx)
    risks = og.risks(ctx, waves, rules.risks)
    return Plan(
        lang=lang,
        organisation=organisation,
        platform_id=platform.id,
        platform_name=platform.name,
        start=settings.start,
        title=ctx.text("title_contain" if ctx.contain else "title"),
        subtitle=ctx.text("subtitle", organisation=organisation, date=ctx.date(settings.start))
        if organisation.strip()
        else ctx.text("subtitle_no_organisation", date=ctx.date(settings.start)),
        generated=ctx.text("generated", n=summary.organisation.n),
        contain=ctx.contain,
        cover=_cover(ctx, organisation),
        decision=sm.decision(ctx, organisation),
        summary=summary_items,
        changes=sm.changes(ctx, segments),
        top_risks=og.top_risks(risks),
        choice=choice,
        profile=profile,
        tradeoffs=sm.tradeoffs(ctx, segments),
        guidelines=tuple(rules.guidelines),
        concerns=og.measure_rows(ctx, segments, "concerns", data.texts.concerns),
        convincers=og.measure_rows(ctx, segments, "convincers", data.texts.convincers),
        channel_moves=og.moves_table(ctx, segments),
        structure=og.structure(ctx),
        integrations=integrations,
        segments=segments,
        other_staff=other,
        governance=governance,
        phases=phases,
        calendar_notes=calendar_notes,
        roles=roles,
        kpis=kpis,
        risks=risks,
        sunset=og.sunset(ctx, dates.sunset),
        sunset_none=ctx.text("sunset.none"),
        budget=budget,
        overrides=overrides,
        notes=_notes(ctx),
        sources=tuple(ctx.sources),
        labels=_labels(ctx),
    )


def _price_refs(ctx: PlanContext, row: BudgetRow) -> tuple[int, ...]:
    ref = sm.price_ref(ctx, row) if row.plan != "–" else None
    return (ref,) if ref is not None else ()


def _segment(
    ctx: PlanContext, key: str, wave: str, dates: sc.Dates, rules: gl.GuidelineSet, figures: SystemFigures
) -> SegmentPlan:
    group = ctx.summary.segments[key]
    items, shown = group_integrations(ctx, figures, key)
    return segment_chapter(
        ctx, key, wave, channel_moves(ctx, group, dates.sunset), gl.per_group(rules, key), items, shown
    )


def _other_staff(ctx: PlanContext, rules: gl.GuidelineSet) -> OtherStaff | None:
    hidden = ctx.summary.suppressed_segments
    if not hidden:
        return None
    labels = sorted(ctx.group_label(k) for k in hidden)
    ids = gl.organisation_ids(rules)
    intro = ctx.text("other_staff.intro", k=ctx.summary.min_group, groups=", ".join(labels))
    return OtherStaff(groups=tuple(labels), intro=intro, guidelines=ids)


def _cover(ctx: PlanContext, organisation: str) -> tuple[CoverRow, ...]:
    org = ctx.org
    sector = org.sector.label(ctx.lang) if org.sector else ctx.text("organisation_profile.sector_missing")
    if org.size is None:
        size = ctx.text("organisation_profile.size_missing")
    elif org.size_from_headcounts:
        size = ctx.text("organisation_profile.size_from_headcounts", size=org.size)
    else:
        size = str(org.size)
    checked = max((s.checked for s in ctx.sources), default=None)
    rows = [
        ("organisation", organisation.strip() or ctx.text("cover.organisation_missing")),
        ("sector", ctx.text("organisation_profile.sector_size", sector=sector, size=size)),
        ("platform", ctx.platform.name),
        ("start", ctx.date(ctx.settings.start)),
        ("version", ctx.settings.version.strip() or ctx.text("cover.version_default")),
        ("author", ctx.settings.author.strip() or ctx.text("cover.author_default")),
        (
            "basis",
            ctx.text(
                "cover.basis_text",
                n=ctx.summary.organisation.n,
                checked=ctx.date(checked) if checked else "–",
            ),
        ),
    ]
    return tuple(CoverRow(label=ctx.text(f"cover.{key}"), value=value) for key, value in rows)


def _notes(ctx: PlanContext) -> tuple[str, ...]:
    notes = []
    if ctx.org.sector is None:
        notes.append(ctx.text("organisation_profile.note_sector"))
    if ctx.org.works_council is None:
        notes.append(ctx.text("organisation_profile.note_council"))
    return tuple(notes)


def _labels(ctx: PlanContext) -> dict[str, str]:
    texts = ctx.data.texts.texts
    labels = {}
    for group in (
        "headings",
        "table",
        "guideline",
        "evidence",
        "overrides",
        "summary",
        "segment",
        "structure",
    ):
        for key in texts[group]:
            if isinstance(texts[group][key], dict) and set(texts[group][key]) == {"nl", "en"}:
                labels[f"{group}.{key}"] = ctx.text(f"{group}.{key}")
    labels["months"] = ctx.data.text("months", ctx.lang)
    labels["choice.profile_intro"] = ctx.text("choice.profile_intro")
    for wave in ("pilot", "launch", "scale"):
        labels[f"adopters.wave_{wave}"] = ctx.text(f"adopters.wave_{wave}")
    return labels
