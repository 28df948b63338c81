"""The calendar: phases avoid the Dutch school holidays of the organisation's regions and public
holidays, say when they were moved, and a pilot gets its working days (issue 14).

The holidays are data (surveys/plan/calendar.yaml, OCW's dates per region); 2027-2028 and 2028-2029
were read on rijksoverheid.nl, so the tests use those years."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor.plan.calendar import REGIONS, load_calendar
from advisor.plan.render import render
from advisor.plan.rules import CALENDAR_FILE
from tests.plan.conftest import organisation_file

GROUPS = {"a": (8, {"willingness": 5}), "b": (8, {})}
CALENDAR = load_calendar(CALENDAR_FILE)
# rijksoverheid.nl, 'Overzicht schoolvakanties 2027-2028' (read 2026-12-02)
SUMMER_2028 = {"noord": dt.date(2028, 8, 27), "midden": dt.date(2028, 8, 20), "zuid": dt.date(2028, 9, 3)}
CHRISTMAS_2027_END = dt.date(2028, 1, 9)


def _pilot(plan):
    return next(p for p in plan.phases if p.id == "pilot")


@pytest.mark.parametrize("region", REGIONS)
def test_a_plan_starting_on_1_july_moves_its_pilot_past_that_regions_summer_holiday(
    plan_of, tmp_path, region
):
    path = organisation_file(tmp_path, sector="private", size=200, holiday_regions=[region])
    plan = plan_of(GROUPS, organisation_file=path, start=dt.date(2028, 7, 1))
    pilot = _pilot(plan)
    # it would start on Monday 17 July (start + 14 days is a Saturday), in or just before the summer
    # holiday: it starts on the first working day after it
    assert pilot.start == CALENDAR.next_office_day(SUMMER_2028[region] + dt.timedelta(days=1))
    moved = [n.text for n in plan.calendar_notes if n.text.startswith("Pilot verschoven")]
    assert len(moved) == 1 and "van 17 juli 2028" in moved[0] and "zomervakantie" in moved[0]
    assert plan.date(SUMMER_2028[region]) in moved[0] and f"regio {region.capitalize()}" in moved[0]
    md = render(plan, "md").decode()
    assert moved[0].split(" [")[0] in md.replace("\\", "")  # the plan says so
    source = next(f for f in plan.sources if f.kind == "calendar" and "2027-2028" in f.indicator)
    assert source.verified and "rijksoverheid.nl" in source.source


@pytest.mark.parametrize("region", REGIONS)
def test_a_plan_starting_on_1_december_moves_its_pilot_past_christmas(plan_of, tmp_path, region):
    path = organisation_file(tmp_path, sector="private", size=200, holiday_regions=[region])
    plan = plan_of(GROUPS, lang="en", organisation_file=path, start=dt.date(2027, 12, 1))
    assert _pilot(plan).start == dt.date(2028, 1, 10)  # the Monday after 25 Dec 2027 - 9 Jan 2028
    (moved,) = [n.text for n in plan.calendar_notes if n.text.startswith("Pilot moved")]
    assert "15 December 2027" in moved and "Christmas holidays" in moved and "9 January 2028" in moved


def test_with_no_region_given_the_pilot_avoids_every_regions_summer(plan_of):
    plan = plan_of(GROUPS, start=dt.date(2028, 7, 1))
    assert _pilot(plan).start == dt.date(2028, 9, 4)  # after Zuid's summer, the last to end
    assert any("alle drie de regio's" in n.text for n in plan.calendar_notes)


def test_a_pilot_has_at_least_the_documented_working_days_and_says_when_it_was_extended(plan_of, tmp_path):
    path = organisation_file(tmp_path, sector="private", size=200, holiday_regions=["noord"])
    plan = plan_of(
        GROUPS, organisation_file=path, start=dt.date(2028, 1, 31)
    )  # spring and May holidays ahead
    pilot = _pilot(plan)
    minimum = CALENDAR.rules.pilot_min_working_days
    assert CALENDAR.working_days(pilot.start, pilot.end, ("noord",)) >= minimum
    extended = [n.text for n in plan.calendar_notes if n.text.startswith("De pilot loopt tot")]
    assert extended and f"minimaal {minimum}" in extended[0]
    launch = next(p for p in plan.phases if p.id == "launch")
    assert (
        launch.start > pilot.end and launch.start.weekday() < 5 and launch.start not in CALENDAR.public_days
    )


def test_a_start_clear_of_holidays_is_not_moved(plan_of, tmp_path):
    path = organisation_file(tmp_path, sector="private", size=200, holiday_regions=["midden"])
    plan = plan_of(GROUPS, organisation_file=path, start=dt.date(2028, 9, 4))
    assert _pilot(plan).start == dt.date(2028, 9, 18)  # start + the 14 preparation days
    assert not [n for n in plan.calendar_notes if "verschoven" in n.text]


def test_dates_beyond_the_calendar_are_said_to_be_unchecked(plan_of):
    plan = plan_of(GROUPS, start=dt.date(2029, 6, 4))
    assert any("kent de schoolvakanties na" in n.text for n in plan.calendar_notes)


def test_the_calendar_data_is_consistent():
    first, last = CALENDAR.covered
    assert first <= dt.date(2026, 12, 2) and last >= dt.date(2029, 8, 31)
    for block in CALENDAR.blocks:
        assert block.first.weekday() == 5 and block.last.weekday() == 6  # Saturday to Sunday, as OCW writes
    for day in CALENDAR.public_days:
        assert CALENDAR.data.public_holidays.days  # and each is a day off
        assert not CALENDAR.is_working_day(day, REGIONS)
    assert {y.year for y in CALENDAR.data.school_years if y.verified} == {"2027-2028", "2028-2029"}
