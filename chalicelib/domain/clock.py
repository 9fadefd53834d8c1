"""Time and identifiers: ISO-8601 UTC strings and sortable ULIDs.

Everything that asks "what time is it" asks `utcnow()`, so a test (or a bench that runs a
kitchen faster than real time) can move the clock with `set_source()` / `travel()`.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta


def _system_now() -> datetime:
    return datetime.now(UTC)


_source: Callable[[], datetime] = _system_now
_offset = timedelta(0)


def utcnow() -> datetime:
    return _source() + _offset


def set_source(source: Callable[[], datetime] | None) -> None:
    """Replaces where the time comes from (None: the system clock again)."""
    global _source
    _source = source or _system_now


def travel(delta: timedelta) -> None:
    """Moves the clock by `delta` (cumulative); `reset()` undoes every move."""
    global _offset
    _offset += delta


def reset() -> None:
    global _offset
    _offset = timedelta(0)
    set_source(None)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# The calendar a caller may ask about (a history's from/to): nothing of this system is older than
# 2000, and a later year than 2100 is a typo. The bounds keep every computation on such a day
# (its end is the next day's start, in the branch's time zone) far from datetime's year 1..9999.
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2100, 12, 31)


class InvalidMoment(ValueError):
    """A day or date-time a caller sent that is malformed or outside EARLIEST_DAY..LATEST_DAY."""


def parse_day_or_moment(text: str) -> date | datetime:
    """'2026-11-29' (a day of the branch's calendar) or an ISO-8601 date-time with its offset,
    within EARLIEST_DAY..LATEST_DAY (in UTC for a date-time); InvalidMoment says what is wrong."""
    try:
        if len(text) == 10:
            moment: date | datetime = date.fromisoformat(text)
        else:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidMoment("must be an ISO-8601 date (2026-11-29) or date-time with offset") from exc
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            raise InvalidMoment("a date-time needs its offset (Z or +hh:mm)")
        try:
            day = moment.astimezone(UTC).date()
        except (OverflowError, ValueError) as exc:  # year 1 at +14:00 is before year 1 in UTC
            raise InvalidMoment(f"must be between {EARLIEST_DAY} and {LATEST_DAY}") from exc
    else:
        day = moment
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise InvalidMoment(f"must be between {EARLIEST_DAY} and {LATEST_DAY}")
    return moment


def now_iso() -> str:
    return iso(utcnow())


def new_id() -> str:
    """A ULID: opaque, unique, and sortable by creation time."""
    from ulid import ULID  # here, so that the domain stays free to import at a cold start

    return str(ULID())
