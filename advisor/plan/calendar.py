"""The Dutch calendar the rollout avoids: school holidays per region and public holidays, as data.

``surveys/plan/calendar.yaml`` holds the dates and the two rules (documented there): a phase never
starts in a major holiday (Christmas, summer) of the organisation's regions nor in the last
``lead_working_days`` working days before one, and a pilot has at least ``pilot_min_working_days``
working days. :class:`Calendar` answers the questions the schedule asks; every move it makes is
returned with the holiday that caused it, so the plan can say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from advisor.validation import located_messages
from advisor.yamlio import YamlError, load_located

Region = Literal["noord", "midden", "zuid"]
REGIONS: tuple[Region, ...] = ("noord", "midden", "zuid")
DAY = dt.timedelta(days=1)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Named(_Strict):
    nl: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


class HolidayKind(Named):
    major: bool = False


class Rules(_Strict):
    lead_working_days: Annotated[int, Field(ge=0, le=60)] = 10
    pilot_min_working_days: Annotated[int, Field(ge=1, le=250)] = 40


class Span(_Strict):
    """Where a set of dates comes from: the page, whether it was read and confirmed, and when."""

    source: str
    source_title: str
    publisher: str
    checked: dt.date
    verified: bool
    note: str = ""


class SchoolYear(Span):
    year: Annotated[str, Field(pattern=r"^\d{4}-\d{4}$")]
    holidays: dict[str, dict[Region, tuple[dt.date, dt.date]]]

    @model_validator(mode="after")
    def _ordered(self) -> SchoolYear:
        for kind, regions in self.holidays.items():
            for region, (first, last) in regions.items():
                if last < first:
                    raise ValueError(f"{self.year} {kind} {region}: ends before it starts")
        return self


class PublicDay(Named):
    date: dt.date


class PublicHolidays(Span):
    days: list[PublicDay]


class CalendarFile(_Strict):
    version: int = 1
    rules: Rules = Rules()
    regions: dict[Region, Named]
    holidays: dict[str, HolidayKind]
    school_years: list[SchoolYear] = Field(min_length=1)
    public_holidays: PublicHolidays

    @model_validator(mode="after")
    def _known_kinds(self) -> CalendarFile:
        for year in self.school_years:
            unknown = sorted(set(year.holidays) - set(self.holidays))
            if unknown:
                raise ValueError(f"school year {year.year}: unknown holiday kind(s) {', '.join(unknown)}")
        return self


@dataclass(frozen=True)
class Block:
    """One school holiday in one region."""

    kind: str
    region: Region
    first: dt.date
    last: dt.date
    major: bool
    year: SchoolYear


@dataclass(frozen=True)
class Move:
    """A date the calendar moved: from, to, and the holiday that caused it."""

    original: dt.date
    moved: dt.date
    block: Block


class CalendarInvalid(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class Calendar:
    data: CalendarFile

    @property
    def rules(self) -> Rules:
        return self.data.rules

    @property
    def blocks(self) -> tuple[Block, ...]:
        found = []
        for year in self.data.school_years:
            for kind, regions in year.holidays.items():
                major = self.data.holidays[kind].major
                for region, (first, last) in regions.items():
                    found.append(Block(kind, region, first, last, major, year))
        return tuple(sorted(found, key=lambda b: (b.first, b.region)))

    @property
    def public_days(self) -> dict[dt.date, PublicDay]:
        return {d.date: d for d in self.data.public_holidays.days}

    @property
    def covered(self) -> tuple[dt.date, dt.date]:
        """The first and last day the calendar knows every holiday of (school years in a row)."""
        years = sorted(int(y.year[:4]) for y in self.data.school_years)
        last_block = max(b.last for b in self.blocks)
        return dt.date(years[0], 9, 1), max(last_block, dt.date(years[-1] + 1, 8, 31))

    def knows(self, day: dt.date) -> bool:
        first, last = self.covered
        return first <= day <= last

    def _blocks(self, regions: tuple[Region, ...], major_only: bool = False) -> list[Block]:
        return [b for b in self.blocks if b.region in regions and (b.major or not major_only)]

    def is_working_day(self, day: dt.date, regions: tuple[Region, ...]) -> bool:
        """Monday to Friday, no public holiday, no school holiday in any of ``regions``."""
        if day.weekday() >= 5 or day in self.public_days:
            return False
        return not any(b.first <= day <= b.last for b in self._blocks(regions))

    def _office_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in self.public_days

    def working_days(self, first: dt.date, last: dt.date, regions: tuple[Region, ...]) -> int:
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day, regions)
            day += DAY
        return count

    def next_office_day(self, day: dt.date) -> dt.date:
        while not self._office_day(day):
            day += DAY
        return day

    def _blocking(self, day: dt.date, regions: tuple[Region, ...]) -> Block | None:
        """The major holiday ``day`` falls in, or starts within the lead working days after it."""
        lead = self.rules.lead_working_days
        for block in self._blocks(regions, major_only=True):
            if block.first <= day <= block.last:
                return block
            if day < block.first <= day + dt.timedelta(days=7 * lead):
                ahead = sum(self._office_day(d) for d in _days(day, block.first - DAY))
                if ahead < lead:
                    return block
        return None

    def start_on(self, day: dt.date, regions: tuple[Region, ...]) -> tuple[dt.date, Move | None]:
        """The first office day from ``day`` that is clear of the major holidays; the move, if any
        (the last holiday it was moved past, when several follow each other)."""
        moved: Move | None = None
        day = self.next_office_day(day)
        original = day
        for _ in range(len(self.blocks) + 1):
            block = self._blocking(day, regions)
            if block is None:
                break
            day = self.next_office_day(block.last + DAY)
            moved = Move(original, day, block)
        return day, moved

    def extend_to(self, first: dt.date, end: dt.date, regions: tuple[Region, ...], minimum: int) -> dt.date:
        """The last day of a period from ``first`` that ends at ``end`` or later and holds at least
        ``minimum`` working days."""
        while self.working_days(first, end, regions) < minimum:
            end += DAY
        return end


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def load_calendar(path: Path, lang: str | None = None) -> Calendar:
    """Load and validate ``calendar.yaml``; :class:`CalendarInvalid` names file, line and field."""
    try:
        located = load_located(Path(path), lang=lang)
    except YamlError as exc:
        raise CalendarInvalid([str(exc)]) from None
    try:
        return Calendar(CalendarFile.model_validate(located.data or {}))
    except ValidationError as exc:
        raise CalendarInvalid(located_messages(exc, located, lang)) from None
