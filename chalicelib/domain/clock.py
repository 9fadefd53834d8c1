"""Time and identifiers: ISO-8601 UTC strings and sortable ULIDs."""
from __future__ import annotations

from datetime import datetime, timezone

from ulid import ULID


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso() -> str:
    return iso(utcnow())


def new_id() -> str:
    """A ULID: opaque, unique, and sortable by creation time."""
    return str(ULID())
