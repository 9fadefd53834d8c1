"""Finished facts for the reports (issue 19, docs/reports.md): a stored change, read as the domain
objects before and after it, becomes the flat rows of chalicelib/domain/fact_kinds.py.

Only what just *finished* gives rows: a session that just ended (its row and one visit per
participant), an order that just finished (served, rejected, cancelled: one row per line and one
per chosen option), a waiter call or bill request just acknowledged, a join request just decided,
an item's availability that just changed at a branch, a loyalty account just created. Any other
change gives nothing, so a record redelivered or re-read gives the very same rows: each row's
`fact_id` is derived from what it describes, never from when it was written.

Every row has every column of its kind (None when unknown); the business day, hour and ISO weekday
are the branch's local ones (zoneinfo), so no query needs a time-zone function. Pure: the caller
(chalicelib/realtime/facts_stream.py, the demo's history) decodes the stream images and says where
a branch is.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any, Final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .clock import parse_iso
from .customers import Customer
from .fact_kinds import KINDS, columns
from .join_requests import DecidedBy, JoinRequest, JoinStatus
from .orders import LineStatus, Order, OrderLine, OrderStatus
from .service_requests import RequestStatus, ServiceRequest
from .sessions import SessionStatus, TableSession

Row = dict[str, Any]


@dataclass(frozen=True)
class Place:
    """Where a branch is: its chain and its time zone (an IANA name)."""

    chain_id: str
    branch_id: str
    timezone: str


@dataclass(frozen=True)
class Fact:
    """One row of one kind, and the partition (`facts/{kind}/chain=/branch=/date=`) it belongs in."""

    kind: str
    row: Mapping[str, Any]

    @property
    def partition(self) -> tuple[str, str, str, str]:
        return (self.kind, str(self.row["chain_id"]), str(self.row["branch_id"]), str(self.row["day"]))


@functools.lru_cache(maxsize=256)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def epoch(moment: str | None) -> float | None:
    """ISO-8601 -> epoch seconds (None stays None)."""
    return None if not moment else parse_iso(moment).timestamp()


def local_time(moment: str, timezone: str) -> tuple[str, int, int]:
    """The business day (YYYY-MM-DD), hour (0-23) and ISO weekday (1 Monday ... 7 Sunday) of an
    instant in a time zone (an unknown zone: UTC)."""
    local = parse_iso(moment).astimezone(_zone(timezone))
    return local.date().isoformat(), local.hour, local.isoweekday()


_COLUMNS: Final[dict[str, tuple[str, ...]]] = {kind: columns(kind) for kind in KINDS}


def _fact(kind: str, fact_id: str, place: Place, business_time: str, values: Mapping[str, Any],
          version: int = 0) -> Fact:
    day, hour, weekday = local_time(business_time, place.timezone)
    known = {"fact_id": f"{kind}:{fact_id}", "chain_id": place.chain_id, "branch_id": place.branch_id,
             "day": day, "hour": hour, "weekday": weekday, "version": version, **values}
    names = _COLUMNS[kind]
    if len(known) > len(names) or not known.keys() <= set(names):
        # a programming error: the kinds' columns are the contract with Glue and the SQL
        raise KeyError(f"{kind}: no such columns {sorted(set(known) - set(names))}")
    return Fact(kind, {name: known.get(name) for name in names})


# -- sessions and visits ------------------------------------------------------------------
def session_facts(new: TableSession, old: TableSession | None, place: Place,
                  members: frozenset[str] = frozenset()) -> list[Fact]:
    """A session that just ended: its row and one visit per participant. `members`: the
    participants' ids that have a loyalty account (the caller looked them up)."""
    if new.status is not SessionStatus.COMPLETED or new.ended_at is None:
        return []
    if old is not None and old.status is SessionStatus.COMPLETED:
        return []
    ended = new.ended_at
    payment = new.payment
    facts = [_fact("sessions", new.id, place, ended, {
        "session_id": new.id, "table_code": new.table_code,
        "started_ts": epoch(new.started_at), "approved_ts": epoch(new.approved_at), "ended_ts": epoch(ended),
        "end_reason": new.end_reason.value if new.end_reason else None,
        "guests": len(new.participants),
        "members": sum(1 for p in new.participants if p.customer_id in members),
        "bill_total": payment.bill_total if payment else 0, "tip": payment.tip if payment else 0,
        "paid_total": payment.paid if payment else 0,
        "opened_by_staff": new.opened_by_staff, "waiter_id": payment.staff_id if payment else None,
    })]
    for participant in new.participants:
        facts.append(_fact("visits", f"{new.id}:{participant.customer_id}", place, ended, {
            "session_id": new.id, "customer_id": participant.customer_id,
            "is_member": participant.customer_id in members, "joined_ts": epoch(participant.joined_at),
        }))
    return facts


# -- orders, their lines and options --------------------------------------------------------
def order_finished(order: Order) -> bool:
    """Served, rejected or cancelled: every line served or off the bill."""
    return order.status in (OrderStatus.SERVED, OrderStatus.CANCELLED)


def line_outcome(order: Order, line: OrderLine) -> str:
    """served / voided (staff took it off the bill) / rejected (the order was refused) / cancelled."""
    if line.status is LineStatus.SERVED:
        return "served"
    if line.void is not None:
        return "voided"
    if order.status is OrderStatus.CANCELLED and order.rejection_reason:
        return "rejected"
    return "cancelled"


def order_facts(new: Order, old: Order | None, place: Place) -> list[Fact]:
    """An order that just finished, or a finished order that changed again (recalled and served
    anew, a line voided after serving): a row per line, a row per chosen option of each line, at
    the order's version, so the reports keep its latest state once (exactly once per fact_id)."""
    if not order_finished(new):
        return []
    if old is not None and order_finished(old) and old.lines == new.lines:
        return []
    facts: list[Fact] = []
    for line in new.lines:
        options_price = sum(option.price_delta for option in line.options)  # the line's unit price includes them
        outcome = line_outcome(new, line)
        facts.append(_fact("order_lines", f"{new.id}:{line.id}", place, new.created_at, {
            "order_id": new.id, "line_id": line.id, "session_id": new.session_id, "table_code": new.table_code,
            "item_id": line.menu_item_id, "item_name": line.name, "category_id": line.category_id or None,
            "station_id": line.station_id, "quantity": line.quantity,
            "unit_price": line.unit_price - options_price, "options_price": options_price,
            "revenue": line.total if outcome == "served" else 0, "status": outcome,
            "ordered_ts": epoch(new.created_at), "accepted_ts": epoch(new.accepted_at),
            "ready_ts": epoch(line.ready_at), "served_ts": epoch(line.served_at),
            "placed_by_staff": new.placed_by_staff,
            "void_reason": line.void.reason.value if line.void else None,
            "void_amount": line.void.amount if line.void else None,
        }, new.version))
        for option in line.options:
            facts.append(_fact("line_options", f"{new.id}:{line.id}:{option.group_id}:{option.option_id}", place,
                               new.created_at, {
                                   "order_id": new.id, "line_id": line.id, "item_id": line.menu_item_id,
                                   "group_id": option.group_id, "group_name": option.group_name,
                                   "option_id": option.option_id, "option_name": option.name,
                                   "quantity": line.quantity, "price_delta": option.price_delta,
                               }, new.version))
    return facts


# -- waiter calls, bill requests, join requests ----------------------------------------------
def request_facts(new: ServiceRequest, old: ServiceRequest | None, place: Place) -> list[Fact]:
    """A waiter call or bill request just acknowledged."""
    if new.status is not RequestStatus.ACKNOWLEDGED or (old is not None and old.status is RequestStatus.ACKNOWLEDGED):
        return []
    return [_fact("requests", new.id, place, new.created_at, {
        "request_id": new.id, "kind": new.kind.value, "session_id": new.session_id, "table_code": new.table_code,
        "created_ts": epoch(new.created_at), "acknowledged_ts": epoch(new.acknowledged_at),
        "acknowledged_by": new.acknowledged_by,
    })]


def join_request_facts(new: JoinRequest, old: JoinRequest | None, place: Place) -> list[Fact]:
    """A diner's request to join a table, just decided (allowed, declined or expired)."""
    if new.status is JoinStatus.WAITING or (old is not None and old.status is not JoinStatus.WAITING):
        return []
    return [_fact("join_requests", new.id, place, new.created_at, {
        "request_id": new.id, "session_id": new.session_id, "table_code": new.table_code,
        "customer_id": new.customer_id, "status": new.status.value,
        "created_ts": epoch(new.created_at), "decided_ts": epoch(new.decided_at),
        "decided_by": _decider(new),
    })]


def _decider(request: JoinRequest) -> str | None:
    """The staff member who decided, "diner" when someone at the table did, None when it expired."""
    if request.decided_by is DecidedBy.STAFF:
        return request.decider_id
    return None if request.decided_by is None else request.decided_by.value


# -- members -------------------------------------------------------------------------------
def member_facts(new: Customer, old: Customer | None, timezone: str) -> list[Fact]:
    """A loyalty account just created (or a guest just made one): no name, phone or e-mail, only
    the id. The customers table does not say where they signed up: branch `""`."""
    if not new.is_loyalty or (old is not None and old.is_loyalty):
        return []
    return [_fact("members", new.id, Place(new.chain_id, "", timezone), new.created_at, {
        "customer_id": new.id, "created_ts": epoch(new.created_at),
    })]


# -- availability (86) -----------------------------------------------------------------------
def availability_changed(new: bool | None, old: bool | None) -> bool | None:
    """The item's availability after a change of its (chain's or branch's) flag, or None when it
    did not change. An absent flag (a branch that follows the chain, an item just created) counts
    as available."""
    after = True if new is None else new
    before = True if old is None else old
    return None if after == before else after


def availability_facts(item_id: str, item_name: str, available: bool, at: str, places: Iterable[Place],
                       change_id: str = "") -> list[Fact]:
    """An item 86'd or back in stock at each branch of `places`, at `at`. `change_id` tells two
    changes at the same instant apart (the stream record's sequence); the id stays deterministic."""
    key = f"{item_id}:{at}:{change_id}" if change_id else f"{item_id}:{at}"
    return [_fact("availability", f"{place.branch_id}:{key}", place, at, {
        "item_id": item_id, "item_name": item_name, "available": available, "at_ts": epoch(at),
    }) for place in places]


def instant_of(epoch_seconds: float) -> str:
    """Epoch seconds -> the ISO-8601 the domain keeps (a stream record's creation time)."""
    return datetime.fromtimestamp(epoch_seconds, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


assert set(KINDS) == {"sessions", "order_lines", "line_options", "requests", "join_requests", "visits", "members",
                      "availability"}, "a kind added to fact_kinds.py needs its rows here"
