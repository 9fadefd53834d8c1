"""Chains, their branches and the tables of a branch."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from .clock import iso


@dataclass
class Chain:
    id: str
    name: str
    currency: str
    languages: list[str]
    timezone: str = "UTC"


@dataclass
class BranchSettings:
    """What a manager tunes per branch: the kitchen's pace (wait estimates) and after how many
    minutes a waiting call, bill request or ready dish turns urgent on the floor's screens."""

    default_prep_minutes: int = 12
    kitchen_parallelism: int = 3
    waiter_call_urgent_minutes: int = 3
    bill_request_urgent_minutes: int = 5
    ready_line_urgent_minutes: int = 4

    LIMITS = {
        "default_prep_minutes": (1, 120),
        "kitchen_parallelism": (1, 50),
        "waiter_call_urgent_minutes": (1, 60),
        "bill_request_urgent_minutes": (1, 60),
        "ready_line_urgent_minutes": (1, 60),
    }


@dataclass
class Branch:
    id: str
    chain_id: str
    slug: str
    name: str
    currency: str
    languages: list[str]
    timezone: str = "UTC"
    address: str = ""
    settings: BranchSettings = field(default_factory=BranchSettings)

    def start_of(self, moment: date | datetime) -> str:
        """The UTC instant a day of this branch's calendar starts (or the moment itself)."""
        if isinstance(moment, datetime):
            return iso(moment)
        return iso(datetime.combine(moment, time.min, tzinfo=ZoneInfo(self.timezone)))

    def end_of(self, moment: date | datetime) -> str:
        """The last UTC instant of a day of this branch's calendar (or the moment itself)."""
        if isinstance(moment, datetime):
            return iso(moment)
        next_day = datetime.combine(moment + timedelta(days=1), time.min, tzinfo=ZoneInfo(self.timezone))
        return iso(next_day.astimezone(timezone.utc) - timedelta(milliseconds=1))


@dataclass
class DiningTable:
    branch_id: str
    code: str
    label: str
    active_session_id: str | None = None
    pending_session_id: str | None = None
    seats: int | None = None
    extra: dict = field(default_factory=dict)
