"""Time and identifiers: ISO-8601 UTC strings and sortable ULIDs.

Everything that asks "what time is it" asks `utcnow()`, so a test (or a bench that runs a
kitchen faster than real time) can move the clock with `set_source()` / `travel()`.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable


def _system_now() -> datetime:
    return datetime.now(timezone.utc)


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
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def now_iso() -> str:
    return iso(utcnow())


def new_id() -> str:
    """A ULID: opaque, unique, and sortable by creation time."""
    from ulid import ULID  # here, so that the domain stays free to import at a cold start

    return str(ULID())
