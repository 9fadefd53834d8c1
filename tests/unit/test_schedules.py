"""Service windows in the branch's clock: across midnight, on some days, in other time zones,
and a category's windows combined with its item's."""
from __future__ import annotations

from datetime import UTC, datetime, timezone

import pytest

from chalicelib.domain.errors import InvalidInput, ItemNotServedNow, KitchenPaused
from chalicelib.domain.menu import BranchMenu, BranchSchedule, Category, MenuItem, local_moment
from chalicelib.domain.orders import LineRequest
from chalicelib.domain.pacing import CategoryPause
from chalicelib.domain.schedules import ALWAYS, ServiceWindow, is_served, open_span

LIMA = "America/Lima"  # UTC-5 all year
UTC = UTC


def at(text: str) -> datetime:
    """A UTC instant from 'YYYY-MM-DD HH:MM'."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def window(start: str, end: str, days=()) -> ServiceWindow:
    return ServiceWindow.parse(start, end, list(days), "windows[0]")


BREAKFAST = [window("07:00", "11:30")]


def test_no_windows_means_always_served():
    assert open_span([[], []], LIMA, at("2026-11-30 03:00")) is ALWAYS


def test_breakfast_is_served_inside_its_window_in_the_branch_clock():
    # 12:00 UTC is 07:00 in Lima
    assert not is_served([BREAKFAST], LIMA, at("2026-11-30 11:59"))
    assert is_served([BREAKFAST], LIMA, at("2026-11-30 12:00"))
    assert is_served([BREAKFAST], LIMA, at("2026-11-30 16:29"))
    assert not is_served([BREAKFAST], LIMA, at("2026-11-30 16:30"))


def test_the_same_window_follows_each_branch_time_zone():
    moment = at("2026-11-30 08:00")  # 08:00 in London, 03:00 in Lima
    assert is_served([BREAKFAST], "Europe/London", moment)
    assert not is_served([BREAKFAST], LIMA, moment)


def test_outside_the_window_the_span_says_when_it_opens_and_closes():
    span = open_span([BREAKFAST], LIMA, at("2026-11-30 17:00"))  # 12:00 in Lima: tomorrow's breakfast
    assert span.start == at("2026-12-01 12:00") and span.end == at("2026-12-01 16:30")


def test_inside_the_window_the_span_ends_when_it_closes():
    span = open_span([BREAKFAST], LIMA, at("2026-11-30 13:00"))
    assert span.is_open_at(at("2026-11-30 13:00")) and span.end == at("2026-11-30 16:30")


def test_a_window_crossing_midnight_is_open_on_both_sides_of_it():
    late = [window("22:00", "02:00")]
    assert is_served([late], LIMA, at("2026-12-01 03:30"))   # 22:30 Lima
    assert is_served([late], LIMA, at("2026-12-01 06:30"))   # 01:30 Lima, the next day
    assert not is_served([late], LIMA, at("2026-12-01 07:30"))  # 02:30 Lima
    span = open_span([late], LIMA, at("2026-12-01 06:30"))
    assert span.end == at("2026-12-01 07:00")


def test_days_count_on_the_day_the_window_starts():
    friday_night = [window("22:00", "02:00", days=[5])]  # Friday 22:00 to Saturday 02:00
    assert is_served([friday_night], LIMA, at("2026-12-05 06:00"))   # Saturday 01:00 in Lima
    assert not is_served([friday_night], LIMA, at("2026-12-06 06:00"))  # Sunday 01:00 in Lima


def test_weekday_only_windows_skip_the_weekend():
    weekdays = [window("07:00", "11:30", days=[1, 2, 3, 4, 5])]
    saturday_morning = at("2026-12-05 13:00")  # Saturday 08:00 in Lima
    assert not is_served([weekdays], LIMA, saturday_morning)
    assert open_span([weekdays], LIMA, saturday_morning).start == at("2026-12-07 12:00")  # Monday 07:00


def test_a_category_and_its_item_both_apply():
    item_lunch = [window("11:00", "15:00")]
    span = open_span([BREAKFAST, item_lunch], LIMA, at("2026-11-30 12:00"))  # 07:00 Lima
    assert span.start == at("2026-11-30 16:00") and span.end == at("2026-11-30 16:30")  # 11:00-11:30


def test_windows_that_never_meet_are_not_served_this_week():
    assert open_span([BREAKFAST, [window("18:00", "22:00")]], LIMA, at("2026-11-30 12:00")) is None


def test_daylight_saving_is_the_zone_s_business():
    # Madrid leaves summer time on 2026-10-25: 08:00 local is 06:00 UTC before, 07:00 UTC after
    assert is_served([BREAKFAST], "Europe/Madrid", at("2026-10-24 06:00"))
    assert not is_served([BREAKFAST], "Europe/Madrid", at("2026-10-26 05:30"))
    assert is_served([BREAKFAST], "Europe/Madrid", at("2026-10-26 06:00"))


@pytest.mark.parametrize(("start", "end", "days", "field"), [
    ("7:00", "11:30", [], "windows[0].start"),
    ("07:00", "24:00", [], "windows[0].end"),
    ("07:00", "07:00", [], "windows[0].end"),
    ("07:00", "11:30", [0], "windows[0].days"),
    ("07:00", "11:30", [8], "windows[0].days"),
])
def test_bad_windows_are_refused_naming_the_field(start, end, days, field):
    with pytest.raises(InvalidInput) as refused:
        ServiceWindow.parse(start, end, days, "windows[0]")
    assert refused.value.field == field


# -- the branch menu: what the diner may order now -------------------------------------------
def breakfast_menu(now: datetime, pauses=()) -> BranchMenu:
    categories = [Category("cat_breakfast", "ch", "Breakfast", 0), Category("cat_desserts", "ch", "Desserts", 1)]
    items = [MenuItem("pancakes", "ch", "cat_breakfast", "Pancakes", "", 1500),
             MenuItem("suspiro", "ch", "cat_desserts", "Suspiro", "", 1200)]
    schedules = [BranchSchedule("br_downtown", "category", "cat_breakfast", BREAKFAST)]
    return BranchMenu.compose("br_downtown", "PEN", categories, items, [], schedules=schedules,
                              pauses=list(pauses), timezone=LIMA, now=now)


def test_ordering_breakfast_after_it_closes_names_the_item_and_when_it_opens():
    menu = breakfast_menu(at("2026-11-30 17:00"))  # 12:00 in Lima
    with pytest.raises(ItemNotServedNow) as refused:
        menu.price_lines([LineRequest("pancakes", 1)], lambda: "ln_1")
    assert refused.value.message == "Pancakes is served from tomorrow 07:00."
    assert refused.value.details == {"menuItemId": "pancakes", "availableAt": "2026-12-01T12:00:00.000Z"}
    assert refused.value.field == "items[0].menuItemId"


def test_breakfast_in_its_window_is_priced_as_usual():
    lines = breakfast_menu(at("2026-11-30 13:00")).price_lines([LineRequest("pancakes", 2)], lambda: "ln_1")
    assert lines[0].unit_price == 1500


def test_a_paused_category_is_refused_until_the_pause_ends_by_itself():
    pause = CategoryPause("br_downtown", "cat_desserts", "2026-11-30T20:15:00.000Z")
    with pytest.raises(KitchenPaused) as refused:
        breakfast_menu(at("2026-11-30 20:10"), [pause]).price_lines([LineRequest("suspiro", 1)], lambda: "ln_1")
    assert refused.value.message.endswith("back at 15:15.")  # Lima's clock
    lines = breakfast_menu(at("2026-11-30 20:15"), [pause]).price_lines([LineRequest("suspiro", 1)], lambda: "ln_1")
    assert lines[0].name == "Suspiro"


def test_another_branch_s_pause_does_not_apply():
    pause = CategoryPause("br_miraflores", "cat_desserts", "2026-11-30T20:15:00.000Z")
    menu = breakfast_menu(at("2026-11-30 20:10"), [pause])
    assert menu.items[1].paused_until is None


def test_local_moments_read_today_tomorrow_or_the_weekday():
    now = at("2026-11-30 17:00")  # Monday 12:00 in Lima
    assert local_moment(at("2026-11-30 20:00"), LIMA, now) == "15:00"
    assert local_moment(at("2026-12-01 12:00"), LIMA, now) == "tomorrow 07:00"
    assert local_moment(at("2026-12-03 12:00"), LIMA, now) == "Thursday 07:00"
