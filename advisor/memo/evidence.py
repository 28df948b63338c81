"""The memo's sections that cite evidence: the must-haves that removed platforms (with the facts and
their sources), the scores set by hand (with the score the rubric derives and the justification)
and the open risks (the adoption plan's risk register for the chosen platform).

Nothing here words a result of its own: exclusion reasons are :meth:`Exclusion.reason`, override
lines :meth:`OverrideShown.describe`, risks the plan's (:func:`advisor.plan.build_plan`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.catalog import Catalog
from advisor.catalog.models import Sourced
from advisor.errors import InputError
from advisor.memo.model import Entry, Section, Table
from advisor.scoring import Exclusion, resolve_must_haves
from advisor.scoring.overrides import ranking_overrides

if TYPE_CHECKING:
    from advisor.memo.build import MemoContext


def plan_name(catalog: Catalog, platform_id: str, plan_id: str | None) -> str:
    """The catalogue name of a platform's plan (edition); the id when unknown; "" for none."""
    if plan_id is None:
        return ""
    try:
        plans = catalog.platform(platform_id).plans
    except KeyError:
        return plan_id
    return next((p.name for p in plans if p.id == plan_id), plan_id)


# ---------------------------------------------------------------- shortlist and must-haves
def shortlist_section(ctx: MemoContext) -> Section:
    settings, lang = ctx.dossier.settings, ctx.lang
    paragraphs = [
        ctx.text("shortlist.set", platforms=", ".join(ctx.name(p) for p in settings.shortlist))
        if settings.shortlist
        else ctx.text("shortlist.none")
    ]
    musts = resolve_must_haves(ctx.catalog, list(settings.must_haves), lang)
    paragraphs.append(ctx.text("shortlist.musts", musts=", ".join(m.name.get(lang) for m in musts)))
    if settings.max_price is not None:
        paragraphs.append(ctx.text("shortlist.budget", budget=ctx.ranking.costing.budget_text(lang)))
    excluded = ctx.ranking.excluded
    paragraphs.append(ctx.text("shortlist.excluded_intro" if excluded else "shortlist.excluded_none"))
    entries = tuple(
        Entry(
            text=f"{ctx.name(e.platform_id)}: {e.reason(ctx.catalog, lang)}",
            notes=tuple(_source_line(ctx, s) for s in exclusion_sources(ctx.catalog, e)),
        )
        for e in excluded
    )
    return Section(
        id="shortlist", heading=ctx.text("headings.shortlist"), paragraphs=tuple(paragraphs), entries=entries
    )


@dataclass(frozen=True)
class Cited:
    """A page an exclusion rests on: its title and publisher, address and when it was checked."""

    title: str
    source: str
    checked: dt.date | None


def exclusion_sources(catalog: Catalog, exclusion: Exclusion) -> list[Cited]:
    """The pages of the facts (or prices, or lifecycle) an exclusion rests on, each page once."""
    platform = catalog.platform(exclusion.platform_id)
    found: list[Cited] = []
    if exclusion.kind == "retired":
        life = platform.lifecycle
        if life.source is not None:
            found.append(Cited(_title(life.source_title, life.publisher), life.source, life.checked))
    elif not exclusion.refusals:
        found += [_cited(platform.facts[f.indicator_id]) for f in exclusion.facts]
    for refusal in exclusion.refusals:
        if refusal.price is not None:
            if refusal.option.price is not None:
                found.append(_cited(refusal.option.price))
        else:
            found += [_cited(refusal.option.facts[f.indicator_id]) for f in refusal.facts]
    return list(dict.fromkeys(found))


def _cited(sourced: Sourced) -> Cited:
    return Cited(_title(sourced.source_title, sourced.publisher), sourced.source, sourced.checked)


def _title(title: str, publisher: str) -> str:
    return " · ".join(part for part in (title, publisher) if part)


def _source_line(ctx: MemoContext, cited: Cited) -> str:
    where = f"{cited.title} · {cited.source}" if cited.title else cited.source
    if cited.checked is None:
        return ctx.text("shortlist.source_undated", source=where)
    return ctx.text("shortlist.source", source=where, checked=ctx.date(cited.checked))


# ---------------------------------------------------------------- overrides
def overrides_section(ctx: MemoContext) -> Section:
    """Every score set by hand behind the ranking (ranked and excluded platforms), each with the
    score the facts give, who set it, when and the justification."""
    shown = ranking_overrides(ctx.catalog, ctx.ranking)
    heading = ctx.text("headings.overrides")
    if not shown:
        return Section(id="overrides", heading=heading, paragraphs=(ctx.text("overrides.none"),))
    return Section(
        id="overrides",
        heading=heading,
        paragraphs=(ctx.text("overrides.intro"),),
        entries=tuple(Entry(text=o.describe(ctx.catalog, ctx.lang)) for o in shown),
    )


# ---------------------------------------------------------------- open risks
def risks_section(ctx: MemoContext) -> Section:
    """The adoption plan's risk register for the chosen platform (else the best choice)."""
    from advisor.plan import PlanSettings, build_plan

    heading = ctx.text("headings.risks")
    settings = ctx.dossier.settings
    platform_id = settings.choice.platform if settings.choice else ctx.ranking.best
    if platform_id is None:
        return Section(id="risks", heading=heading, paragraphs=(ctx.text("risks.no_platform"),))
    inputs = ctx.inputs
    if inputs.summary.organisation.suppressed:  # no plan, and its refusal would name the size
        k = inputs.summary.min_group
        return Section(
            id="risks", heading=heading, paragraphs=(ctx.text("respondents.organisation_hidden", k=k),)
        )
    plan_settings = PlanSettings(
        platform_id,
        ctx.dossier.updated_at.date(),  # the register does not depend on the date; the memo's only date
        ctx.lang,
        must=settings.must_haves,
        max_price=settings.max_price,
        currency=settings.currency,
        cost_weight=settings.cost_weight,
    )
    try:
        plan = build_plan(
            ctx.catalog,
            inputs.questionnaire,
            inputs.answers,
            inputs.summary,
            {"organisation": ctx.ranking},
            plan_settings,
        )
    except InputError as error:
        return Section(
            id="risks", heading=heading, paragraphs=(ctx.text("risks.unavailable", reason=error.message),)
        )
    intro = ctx.text("risks.intro", platform=ctx.name(platform_id))
    if not plan.risks:
        return Section(id="risks", heading=heading, paragraphs=(ctx.text("risks.none"),))
    head = tuple(ctx.text(f"risks.col_{c}") for c in ("risk", "measure", "owner"))
    table = Table(head=head, rows=tuple((r.risk, r.measure, r.owner) for r in plan.risks))
    return Section(id="risks", heading=heading, paragraphs=(intro,), table=table)
