"""When a branch serves a category or an item: time windows in the branch's time zone.

A window is `start`-`end` in the branch's local time ("07:00"-"11:30"), optionally on some
days of the week only (ISO weekdays, 1 = Monday, counted on the day the window starts). An end
at or before the start crosses midnight ("22:00"-"02:00"). No windows means always served.
A category's windows and its item's windows both apply: the item is served when both are open.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .errors import InvalidInput

_CLOCK_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
MAX_WINDOWS = 14
_HORIZON_DAYS = 8  # a weekly schedule repeats within 7 days: one more covers a window crossing midnight

Interval = tuple[datetime, datetime]


def _clock_time(text: str, field: str) -> time:
    match = _CLOCK_TIME.match(text or "")
    if match is None:
        raise InvalidInput(f"{text!r} is not a time of day like 07:00.", field=field)
    return time(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class ServiceWindow:
    start: str
    end: str
    days: tuple[int, ...] = ()  # ISO weekdays the window starts on; empty: every day

    @classmethod
    def parse(cls, start: str, end: str, days: list[int] | tuple[int, ...] | None, field: str) -> ServiceWindow:
        if _clock_time(start, f"{field}.start") == _clock_time(end, f"{field}.end"):
            raise InvalidInput("A window must end at another time than it starts.", field=f"{field}.end")
        days = tuple(sorted(set(days or ())))
        if any(day not in range(1, 8) for day in days):
            raise InvalidInput("Days are ISO weekdays, 1 (Monday) to 7 (Sunday).", field=f"{field}.days")
        return cls(start=start, end=end, days=days)

    def intervals_on(self, day: date, zone: ZoneInfo) -> list[Interval]:
        """The UTC interval this window covers when it starts on `day` (none on other days)."""
        if self.days and day.isoweekday() not in self.days:
            return []
        start, end = _clock_time(self.start, "start"), _clock_time(self.end, "end")
        end_day = day if end > start else day + timedelta(days=1)
        return [(datetime.combine(day, start, tzinfo=zone), datetime.combine(end_day, end, tzinfo=zone))]


def check_windows(windows: list[ServiceWindow]) -> list[ServiceWindow]:
    if len(windows) > MAX_WINDOWS:
        raise InvalidInput(f"At most {MAX_WINDOWS} windows.", field="windows")
    return windows


@dataclass(frozen=True)
class OpenSpan:
    """The current or next stretch of time when something is served: `start` None means it is
    open since before anyone could ask, `end` None open beyond the horizon we look at."""

    start: datetime | None
    end: datetime | None

    def is_open_at(self, moment: datetime) -> bool:
        return (self.start is None or self.start <= moment) and (self.end is None or moment < self.end)


ALWAYS = OpenSpan(None, None)


def _union(windows: list[ServiceWindow], zone: ZoneInfo, moment: datetime) -> list[Interval]:
    first = moment.astimezone(zone).date() - timedelta(days=1)
    intervals = sorted(
        interval
        for offset in range(_HORIZON_DAYS + 1)
        for window in windows
        for interval in window.intervals_on(first + timedelta(days=offset), zone)
    )
    merged: list[Interval] = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def open_span(schedules: list[list[ServiceWindow]], timezone: str, moment: datetime) -> OpenSpan | None:
    """The current or next span when every one of `schedules` is open (None: not within a week)."""
    limited = [windows for windows in schedules if windows]
    if not limited:
        return ALWAYS
    zone = ZoneInfo(timezone)
    far_past, far_future = moment - timedelta(days=400), moment + timedelta(days=400)
    spans: list[Interval] = [(far_past, far_future)]
    for windows in limited:
        spans = _intersect(spans, _union(windows, zone, moment))
    horizon = moment + timedelta(days=_HORIZON_DAYS - 1)
    for start, end in spans:
        if end > moment:
            return OpenSpan(start=None if start <= moment - timedelta(days=1) else start,
                            end=None if end >= horizon else end)
    return None


def is_served(schedules: list[list[ServiceWindow]], timezone: str, moment: datetime) -> bool:
    span = open_span(schedules, timezone, moment)
    return span is not None and span.is_open_at(moment)
