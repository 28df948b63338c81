"""Who goes when, and on which dates: waves from the groups' willingness, dates from the start date
and the durations in texts.yaml, moved by the calendar (calendar.yaml) past the holidays.

Every move is said in the plan, with the holiday, its dates and the source of the calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from advisor.plan.calendar import DAY, Block, Move, SchoolYear
from advisor.plan.context import PlanContext
from advisor.plan.model import FactRow, Item, Phase


@dataclass
class Dates:
    start: dt.date
    pilot: dt.date
    launch: dt.date
    scale_end: dt.date
    review: dt.date
    sunset: dt.date
    notes: list[Item] = field(default_factory=list)


def waves(ctx: PlanContext) -> dict[str, str]:
    """pilot: the most willing segments; scale: the least willing; launch: the rest."""
    s = ctx.schedule
    willing = {k: ctx.metrics[k].get("willingness_high_share") for k in ctx.summary.visible_segments}
    ranked = sorted((k for k in willing if willing[k] is not None), key=lambda k: (-willing[k], k))  # type: ignore[operator]
    pilot = [k for k in ranked if willing[k] >= s.pilot_willingness][: s.pilot_segments] or ranked[:1]  # type: ignore[operator]
    result = {}
    for key, share in willing.items():
        if key in pilot:
            result[key] = "pilot"
        elif share is not None and share < s.slow_willingness:
            result[key] = "scale"
        else:
            result[key] = "launch"
    return result


def _year_ref(ctx: PlanContext, year: SchoolYear) -> int:
    row = FactRow(
        ref=0,
        indicator=ctx.text("evidence.calendar_fact", year=year.year),
        value=ctx.text("evidence.calendar_value"),
        source=year.source,
        source_title=year.source_title,
        publisher=year.publisher,
        checked=year.checked,
        verified=year.verified,
        kind="calendar",
    )
    return ctx.cite_row(f"calendar:{year.year}", row)


def _moved_note(ctx: PlanContext, phase: str, move: Move) -> Item:
    block: Block = move.block
    calendar = ctx.data.calendar.data
    ref = _year_ref(ctx, block.year)
    text = ctx.text(
        "phases.moved",
        phase=ctx.text(f"phases.{phase}"),
        original=ctx.date(move.original),
        moved=ctx.date(move.moved),
        holiday=calendar.holidays[block.kind].get(ctx.lang),
        region=calendar.regions[block.region].get(ctx.lang),
        first=ctx.date(block.first),
        last=ctx.date(block.last),
        ref=f" [{ref}]",
    )
    return Item(text=text, refs=(ref,))


def dates(ctx: PlanContext, notes_too: bool = True) -> Dates:
    """The rollout's dates; pilot, launch and review are moved past major holidays and the pilot
    is extended to the minimum number of working days (both said in ``notes``, which cite the
    calendar; ``notes_too=False`` gives the same dates without citing anything yet)."""
    s, calendar, regions = ctx.schedule, ctx.data.calendar, ctx.org.regions
    start = ctx.settings.start
    notes: list[Item] = []

    def place(phase: str, day: dt.date) -> dt.date:
        if not calendar.knows(day):
            return day
        placed, move = calendar.start_on(day, regions)
        if move is not None and notes_too:
            notes.append(_moved_note(ctx, phase, move))
        return placed

    pilot = place("pilot", start + dt.timedelta(days=s.prepare_days))
    launch = pilot + dt.timedelta(days=s.pilot_days)
    if calendar.knows(pilot) and calendar.knows(launch):
        minimum = calendar.rules.pilot_min_working_days
        last = calendar.extend_to(pilot, launch - DAY, regions, minimum)
        if last >= launch:
            launch = last + DAY
            days = calendar.working_days(pilot, last, regions)
            notes_too and notes.append(
                Item(text=ctx.text("phases.extended", end=ctx.date(last), days=days, minimum=minimum))
            )
    launch = place("launch", launch)
    review = place("review", launch + dt.timedelta(days=s.review_after_days))
    result = Dates(
        start=start,
        pilot=pilot,
        launch=launch,
        scale_end=launch + dt.timedelta(days=s.scale_days),
        review=review,
        sunset=launch + dt.timedelta(days=s.sunset_after_days),
        notes=notes,
    )
    if notes_too:
        _coverage_note(ctx, result)
    return result


def _coverage_note(ctx: PlanContext, result: Dates) -> None:
    calendar = ctx.data.calendar
    first, last = calendar.covered
    regions = ctx.org.regions
    spanned = [
        y
        for y in calendar.data.school_years
        if any(_in_school_year(y.year, d) for d in (result.start, result.review, result.scale_end))
    ]
    refs = tuple(_year_ref(ctx, y) for y in spanned)
    cited = " ".join(f"[{r}]" for r in refs)
    if ctx.org.regions_given:
        names = [calendar.data.regions[r].get(ctx.lang) for r in regions]
        text = ctx.text("phases.regions", regions=ctx.label_list(names))
    else:
        text = ctx.text("phases.regions_default")
    result.notes.insert(0, Item(text=f"{text} {cited}".strip(), refs=refs))
    if any(not calendar.knows(d) for d in (result.pilot, result.launch, result.review, result.scale_end)):
        shown = last if result.review > last else first - DAY
        result.notes.append(Item(text=ctx.text("phases.unknown_dates", last=ctx.date(shown))))


def _last_office_day(ctx: PlanContext, day: dt.date) -> dt.date:
    calendar = ctx.data.calendar
    while day.weekday() >= 5 or day in calendar.public_days:
        day -= DAY
    return day


def _in_school_year(year: str, day: dt.date) -> bool:
    begin = int(year[:4])
    return dt.date(begin, 8, 1) <= day <= dt.date(begin + 1, 9, 15)


def phases(
    ctx: PlanContext, labels_of: dict[str, list[str]], other_staff: bool, d: Dates
) -> tuple[Phase, ...]:
    """The five phases; ``labels_of`` maps each wave to its groups' labels."""
    suffix = "_contain" if ctx.contain else ""

    def groups(wave: str) -> list[str]:
        found = list(labels_of.get(wave, []))
        if wave == "launch" and other_staff:
            found.append(ctx.text("headings.other_staff"))
        return found

    def text(wave: str) -> tuple[str, str]:
        names = groups(wave)
        if not names:
            return ctx.text(f"phases.{wave}_nobody"), ""
        listed = ctx.label_list(names)
        return ctx.text(f"phases.{wave}_do{suffix}", groups=listed), listed

    pilot_text, pilot_groups = text("pilot")
    launch_text, launch_groups = text("launch")
    scale_text, scale_groups = text("scale")
    return (
        Phase(
            id="prepare",
            name=ctx.text("phases.prepare"),
            start=d.start,
            end=d.pilot - DAY,
            text=ctx.text(f"phases.prepare_do{suffix}"),
        ),
        Phase(
            id="pilot",
            name=ctx.text("phases.pilot"),
            start=d.pilot,
            end=_last_office_day(ctx, d.launch - DAY),
            text=pilot_text,
            groups=pilot_groups,
        ),
        Phase(
            id="launch",
            name=ctx.text("phases.launch"),
            start=d.launch,
            end=None,
            text=launch_text,
            groups=launch_groups,
        ),
        Phase(
            id="scale",
            name=ctx.text("phases.scale"),
            start=d.launch,
            end=d.scale_end,
            text=scale_text,
            groups=scale_groups,
        ),
        Phase(
            id="review",
            name=ctx.text("phases.review"),
            start=d.review,
            end=None,
            text=ctx.text(f"phases.review_do{suffix}"),
        ),
    )
