"""Chains, their branches and the tables of a branch."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .clock import iso
from .errors import SpendingCapExceeded


def table_id(branch_id: str, code: str) -> str:
    """A table's id across the chain, as diners' tokens name it."""
    return f"{branch_id}:{code}"


def format_amount(minor: int, currency: str) -> str:
    return f"{currency} {minor // 100}.{minor % 100:02d}"


# An order of more portions than this waits for staff unless the branch says otherwise: about a
# round for a big table (eight to ten diners, a dish and a drink each). See docs/decisions.md.
DEFAULT_APPROVAL_PORTIONS = 20


@dataclass(frozen=True)
class OrderSafety:
    """A branch's guards on ordering: a cap on what one table session may order in total, and
    an amount and a number of portions above which an order waits for staff to accept it.
    None switches a rule off; the portions rule is on unless a branch switched it off."""

    spending_cap: int | None = None
    approval_threshold: int | None = None
    approval_portions: int | None = DEFAULT_APPROVAL_PORTIONS

    def check_cap(self, already_ordered: int, amount: int, currency: str) -> None:
        if self.spending_cap is None or already_ordered + amount <= self.spending_cap:
            return
        remaining = max(0, self.spending_cap - already_ordered)
        raise SpendingCapExceeded(
            f"This order ({format_amount(amount, currency)}) would pass the table's spending limit of "
            f"{format_amount(self.spending_cap, currency)}; {format_amount(remaining, currency)} remains. "
            "Ask a member of staff to raise it.",
            field="items", details={"spendingCap": self.spending_cap, "remaining": remaining, "orderTotal": amount},
        )

    def needs_approval(self, amount: int, portions: int = 0) -> bool:
        """An order above the amount or above the portions waits for staff (either rule suffices)."""
        return (self.approval_threshold is not None and amount > self.approval_threshold) or \
            (self.approval_portions is not None and portions > self.approval_portions)


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
    order_safety: OrderSafety = field(default_factory=OrderSafety)
    archived: bool = False  # closed by the owner: history readable, its QR codes seat nobody (issue 18)

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
        return iso(next_day.astimezone(UTC) - timedelta(milliseconds=1))


@dataclass
class DiningTable:
    branch_id: str
    code: str
    label: str
    active_session_id: str | None = None
    pending_session_id: str | None = None
    seats: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def table_order_key(code: str) -> tuple[tuple[str | int, ...], str]:
    """The order staff count tables in, on every list and sheet: runs of digits compare as
    numbers and letters without case (T2 before T10, bar2 before Bar10, T1A between T1 and T2);
    codes equal but for case or leading zeros keep a fixed order by the code itself."""
    parts = re.split(r"(\d+)", code)
    return tuple(int(part) if index % 2 else part.casefold() for index, part in enumerate(parts)), code
