"""Past service for the reports (issue 19): weeks of believable history for a chain's branches,
written through the same path as live service.

Nothing here makes a fact row by hand: each day of each branch is played as the stored changes
it would have been (a session closed, an order served, a call acknowledged, a join request
decided, an 86 and its end, a loyalty account created), each built as the domain object before
and after, stored as the PynamoDB record, shaped as the DynamoDB stream record
(`facts_stream.change_record`), and read back by `facts_stream.facts_of_record` into the facts
the sink writes: one object per kind and partition (branch and day), named `history`, so
running it again rewrites the same objects.

Believable: lunch and dinner peaks (and breakfast, for the breakfast menu), weekends busier,
parties of one to six, the demo menu's dishes in plausible mixes with their options and branch
prices, kitchen times by station that stretch at the peaks, waiter calls and bill requests,
most joiners let in by their table and a few by staff, a few declined or expired, some voids,
a rare refused order, a few 86s a week, loyalty members who come back. Deterministic: one
seeded random per branch and day.

    generate_history(chain_id, branches, start, end, sink)   # the bench: N branches x D days
    seed_demo_history(chain_data, sink)                       # `make run`: four weeks to yesterday
"""
from __future__ import annotations

import json
import math
import random
import time
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .domain.clock import iso
from .domain.customers import Customer, RegistrationMode
from .domain.facts import (
    Fact,
    Place,
    join_request_facts,
    member_facts,
    order_facts,
    request_facts,
    session_facts,
)
from .domain.join_requests import DecidedBy, JoinRequest, JoinStatus
from .domain.modifiers import ChosenOption
from .domain.orders import LineStatus, LineVoid, Order, OrderLine, OrderStatus, VoidReason
from .domain.payments import Payment, PaymentMethod, Tender
from .domain.service_requests import ServiceRequest
from .domain.sessions import EndReason, Participant, RequestKind, SessionStatus, TableSession
from .domain.venues import Branch
from .ports import FactSink
from .realtime.facts_stream import change_record, facts_of_record
from .store.customers import _customer_record
from .store.join_requests import _join_request_record
from .store.models import BranchItemRecord
from .store.orders import _order_record
from .store.service_requests import _request_record
from .store.sessions import _session_record

DEMO_FILE = Path(__file__).resolve().parent.parent / "demo" / "chain.json"
DEMO_DAYS = 28
OBJECT_NAME = "history"  # each partition's object: a second run overwrites it


@dataclass(frozen=True)
class HistoryItem:
    id: str
    name: str
    category_id: str
    station_id: str
    price: int
    prep_minutes: int
    option_groups: tuple[tuple[str, str, int, int, tuple[tuple[str, str, int], ...]], ...] = ()
    # (group id, name, min choices, max choices, ((option id, name, price delta), ...))
    branch_prices: dict[str, str | int] = field(default_factory=dict)  # branch slug or id -> price
    unavailable_at: tuple[str, ...] = ()  # branch slugs or ids


@dataclass(frozen=True)
class HistoryBranch:
    """A branch as the history plays it: where it is, how many tables, how busy, who waits."""

    id: str
    slug: str
    timezone: str
    tables: int = 20
    busyness: float = 1.0  # 1.0: about 45 tables served on a weekday
    waiters: tuple[str, ...] = ("st_waiter",)

    @classmethod
    def of(cls, branch: Branch, tables: int = 20, waiters: Sequence[str] = ("st_waiter",)) -> HistoryBranch:
        return cls(branch.id, branch.slug, branch.timezone, tables, tables / 30, tuple(waiters))


@dataclass
class HistoryReport:
    days: int = 0
    sessions: int = 0
    orders: int = 0
    records: int = 0
    facts: int = 0
    objects: int = 0
    seconds: float = 0.0


class _Places:
    """The history's own branches and members (no repository: the bench runs without tables)."""

    def __init__(self, chain_id: str, branches: Sequence[HistoryBranch], timezone: str,
                 items: Sequence[HistoryItem]) -> None:
        self._places = {b.id: Place(chain_id, b.id, b.timezone) for b in branches}
        self._timezone = timezone
        self._names = {item.id: item.name for item in items}
        self.members: set[str] = set()

    def place(self, branch_id: str) -> Place | None:
        return self._places.get(branch_id)

    def places_of_chain(self, chain_id: str) -> list[Place]:
        return list(self._places.values())

    def chain_timezone(self, chain_id: str) -> str:
        return self._timezone

    def members_among(self, customer_ids: Iterable[str]) -> frozenset[str]:
        return frozenset(c for c in customer_ids if c in self.members)

    def item_name(self, chain_id: str, item_id: str) -> str:
        return self._names.get(item_id, item_id)

    def item_flags(self, chain_id: str, item_id: str) -> tuple[bool, dict[str, bool]]:
        return True, {}  # the history 86s at branches only, one at a time


# -- the menu ----------------------------------------------------------------------------------
def menu_of(chain_data: dict[str, Any]) -> list[HistoryItem]:
    """The dishes of a chain file (demo/chain.json's shape), as the seed names them."""
    items = []
    for category in chain_data["categories"]:
        station = category.get("station") or "kitchen"
        for spec in category["items"]:
            groups = tuple(
                (g["id"], g["name"], 1 if g.get("required") else 0, int(g.get("maxChoices", 1)),
                 tuple((o["id"], o["name"], int(o.get("priceDelta", 0))) for o in g["options"]))
                for g in spec.get("optionGroups", []))
            items.append(HistoryItem(
                id=spec["key"], name=spec["name"], category_id=f"cat_{category['key']}",
                station_id=spec.get("station") or station, price=int(spec["price"]),
                prep_minutes=int(spec.get("prepMinutes") or 10), option_groups=groups,
                branch_prices=dict(spec.get("branchPrices", {})), unavailable_at=tuple(spec.get("unavailableAt", []))))
    return items


def demo_chain() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    return data


def staff_id(email: str) -> str:
    """The id the seed gives a staff member (chalicelib/seed.py)."""
    return "st_" + email.replace("@", "_at_").replace(".", "_")


def demo_branches(chain_data: dict[str, Any]) -> list[HistoryBranch]:
    timezone = chain_data["chain"].get("timezone", "UTC")
    out = []
    for entry in chain_data["branches"]:
        slug = entry["slug"]
        waiters = tuple(staff_id(s["email"]) for s in chain_data["staff"]
                        if s["role"] in ("waiter", "manager") and slug in s["branches"])
        tables = int(entry["tables"]["count"])
        out.append(HistoryBranch(f"br_{slug}", slug, timezone, tables, min(1.4, max(0.5, tables / 28)),
                                 waiters or ("st_waiter",)))
    return out


_STORED: dict[type, Any] = {
    TableSession: lambda s: _session_record(s, s.version),
    Order: lambda o: _order_record(o, o.version),
    ServiceRequest: _request_record,
    JoinRequest: _join_request_record,
    Customer: _customer_record,
}


def facts_of_change(new: Any, old: Any, places: _Places) -> list[Fact]:
    """What `facts_stream.facts_of_record` makes of the change's stream record, from the domain
    objects themselves (no PynamoDB round trip: a thirtieth of the time)."""
    if isinstance(new, Customer):
        return member_facts(new, old, places.chain_timezone(new.chain_id))
    place = places.place(new.branch_id)
    if place is None:
        return []
    if isinstance(new, TableSession):
        return session_facts(new, old, place, places.members_among(p.customer_id for p in new.participants))
    if isinstance(new, Order):
        return order_facts(new, old, place)
    if isinstance(new, ServiceRequest):
        return request_facts(new, old, place)
    if isinstance(new, JoinRequest):
        return join_request_facts(new, old, place)
    raise TypeError(f"no facts for {type(new).__name__}")


# -- one day of one branch -----------------------------------------------------------------------
_CATEGORY_ROLE = {"cat_appetizers": "starter", "cat_main-course": "main", "cat_desserts": "dessert",
                  "cat_drinks": "drink", "cat_breakfast": "breakfast"}
# Meals: (start hour, end hour, peak hour, share of the day's tables)
_MEALS = (("breakfast", 8.0, 11.0, 9.3, 0.10), ("lunch", 12.0, 16.0, 13.4, 0.45),
          ("afternoon", 16.0, 19.0, 17.0, 0.07), ("dinner", 19.0, 23.0, 20.8, 0.38))
_WEEKDAY_FACTOR = {1: 0.75, 2: 0.8, 3: 0.85, 4: 0.95, 5: 1.25, 6: 1.45, 7: 1.2}


class _Day:
    """Plays one branch's day into stream records and reads them into facts."""

    def __init__(self, chain_id: str, branch: HistoryBranch, day: date, items: Sequence[HistoryItem],
                 places: _Places, members: list[str], seed: int, stream_records: bool = False) -> None:
        self.chain_id, self.branch, self.day, self.places = chain_id, branch, day, places
        self.stream_records = stream_records
        self.rng = random.Random(zlib.crc32(f"{seed}:{branch.id}:{day.isoformat()}".encode()))
        self.zone = ZoneInfo(branch.timezone)
        self.members = members
        self.items = [i for i in items if branch.slug not in i.unavailable_at and branch.id not in i.unavailable_at]
        self.by_role: dict[str, list[HistoryItem]] = {}
        for item in self.items:
            self.by_role.setdefault(_CATEGORY_ROLE.get(item.category_id, "main"), []).append(item)
        self.sequence = 0
        self.records = 0
        self.facts: list[Fact] = []
        self.sessions = self.orders = 0
        self.out: dict[str, tuple[datetime, datetime]] = {}  # item id -> 86'd from, back in stock at
        self.prefix = f"{branch.slug[:10]}{day.strftime('%Y%m%d')}"

    # -- plumbing --
    def at(self, hour: float) -> datetime:
        local = datetime(self.day.year, self.day.month, self.day.day, tzinfo=self.zone) + timedelta(hours=hour)
        return local.astimezone(UTC)

    def read(self, new: Any, old: Any = None) -> None:
        """A stored change (domain objects before and after, or PynamoDB records) into facts:
        through the stream's own records and reader (`stream_records`), or, as fast, straight
        through the domain's rules that reader applies (`facts_of_change`; a test holds the two
        to the same rows)."""
        self.sequence += 1
        self.records += 1
        if self.stream_records or isinstance(new, BranchItemRecord):
            to_record = _STORED.get(type(new))
            raw = change_record(to_record(new) if to_record else new, to_record(old) if to_record and old is not None
                                else old, sequence=f"{self.prefix}{self.sequence:06d}", created=0.0)
            self.facts.extend(facts_of_record(raw, self.places))
        else:
            self.facts.extend(facts_of_change(new, old, self.places))

    def pick(self, role: str, when: datetime) -> HistoryItem | None:
        choices = [i for i in self.by_role.get(role, [])
                   if not (i.id in self.out and self.out[i.id][0] <= when < self.out[i.id][1])]
        if not choices:
            return None
        weights = [1.0 / (1 + position * 0.35) for position in range(len(choices))]  # the menu's first dishes sell most
        return self.rng.choices(choices, weights)[0]

    def price(self, item: HistoryItem) -> int:
        for key in (self.branch.slug, self.branch.id):
            if key in item.branch_prices:
                return int(item.branch_prices[key])
        return item.price

    def options(self, item: HistoryItem) -> list[ChosenOption]:
        chosen = []
        for group_id, group_name, least, most, options in item.option_groups:
            count = least if least else (1 if self.rng.random() < 0.35 else 0)
            count = min(most, count + (1 if least == 0 and count and self.rng.random() < 0.2 else 0))
            weights = [1.0 / (1 + i * 0.6) for i in range(len(options))] if least else [1.0] * len(options)
            picked: list[tuple[str, str, int]] = []
            while len(picked) < count:
                option = self.rng.choices(options, weights)[0]
                if option not in picked:
                    picked.append(option)
            chosen += [ChosenOption(group_id, group_name, o[0], o[1], o[2]) for o in picked]
        return chosen

    # -- the day --
    def play(self) -> None:
        rush = _WEEKDAY_FACTOR[self.day.isoweekday()] * self.branch.busyness
        self.eighty_six()
        for meal, start, end, peak, share in _MEALS:
            if meal == "breakfast" and not self.by_role.get("breakfast"):
                continue
            count = max(0, round(self.rng.gauss(45 * rush * share, 2 + 2 * share)))
            for _ in range(count):
                hour = min(end - 0.4, max(start, self.rng.triangular(start, end - 0.4, peak)))
                self.session(meal, hour, busy=math.exp(-((hour - peak) ** 2) / 0.8) * rush)

    def eighty_six(self) -> None:
        """Most days nothing runs out; some days a dish is 86'd at the peak and back later."""
        if self.rng.random() > 0.22:
            return
        item = self.rng.choice([i for i in self.items if _CATEGORY_ROLE.get(i.category_id) in ("main", "starter")]
                               or self.items)
        off_at = self.at(self.rng.uniform(13.0, 21.5))
        back_at = off_at + timedelta(minutes=self.rng.randint(25, 200))
        entry = f"B#{self.branch.id}#{item.id}"
        before = BranchItemRecord(self.chain_id, entry, branch_id=self.branch.id, item_id=item.id,
                                  updated_at=iso(off_at - timedelta(days=1)))
        off = BranchItemRecord(self.chain_id, entry, branch_id=self.branch.id, item_id=item.id, available=False,
                               updated_at=iso(off_at))
        back = BranchItemRecord(self.chain_id, entry, branch_id=self.branch.id, item_id=item.id, available=True,
                                updated_at=iso(back_at))
        self.read(off, before)
        self.read(back, off)
        self.out[item.id] = (off_at, back_at)

    def session(self, meal: str, hour: float, busy: float) -> None:
        rng, n = self.rng, self.sessions
        self.sessions += 1
        session_id = f"hs_{self.prefix}_{n:03d}"
        table = f"T{rng.randint(1, self.branch.tables)}"
        waiter = rng.choice(self.branch.waiters)
        started = self.at(hour)
        guests = rng.choices([1, 2, 3, 4, 5, 6], [14, 38, 18, 18, 7, 5])[0]
        by_staff = rng.random() < 0.08
        people: list[str] = []
        for index in range(guests):
            if (index == 0 or rng.random() < 0.35) and self.members and rng.random() < 0.45:
                member = self.members[int(len(self.members) * rng.random() ** 2.5)]  # the early members are the regulars
                if member not in people:
                    people.append(member)
                    continue
            people.append(f"hg_{session_id}_{index}")
        approved = started + timedelta(seconds=rng.uniform(20, 90 + 200 * busy))
        participants = []
        if not by_staff or rng.random() < 0.5:
            participants.append(Participant(people[0], "Guest", iso(started)))
            for index, customer in enumerate(people[1:], 1):
                asked = approved + timedelta(minutes=rng.uniform(0.5, 12))
                allowed = self.join(session_id, table, customer, asked, index)
                if allowed:
                    participants.append(Participant(customer, "Guest", iso(allowed)))
        session = TableSession(id=session_id, branch_id=self.branch.id, table_code=table,
                               status=SessionStatus.ACTIVE, started_at=iso(started), approved_at=iso(approved),
                               participants=participants, opened_by_staff=waiter if by_staff else None)
        clock = approved + timedelta(minutes=rng.uniform(2, 8))
        served_total = 0
        rounds = 1 + (guests > 1 and rng.random() < 0.55) + (rng.random() < 0.25)
        for number in range(rounds):
            order, finished = self.order(session, meal, clock, guests, number, waiter, busy,
                                         by_staff and not participants)
            served_total += sum(line.total for line in order.lines if line.status is LineStatus.SERVED)
            clock = finished + timedelta(minutes=rng.uniform(6, 25))
            if rng.random() < 0.3:
                self.request(session, RequestKind.WAITER, clock - timedelta(minutes=rng.uniform(1, 5)), waiter, busy)
        bill_at = clock + timedelta(minutes=rng.uniform(2, 10))
        paid_at = bill_at
        if rng.random() < 0.7:
            paid_at = self.request(session, RequestKind.BILL, bill_at, waiter, busy) + \
                timedelta(minutes=rng.uniform(2, 8 + 6 * busy))
        ended = paid_at + timedelta(minutes=rng.uniform(0.5, 3))
        before = replace(session, participants=list(session.participants))
        session.close(iso(ended), EndReason.CLOSED)
        tip = round(served_total * rng.choice([0, 0, 0.05, 0.1, 0.1, 0.12]) / 100) * 100
        if served_total:
            card = rng.random() < 0.68
            tenders = (Tender(PaymentMethod.CARD if card else PaymentMethod.CASH, served_total + tip),)
            session.payment = Payment(served_total, tip, tenders, waiter, iso(ended))
        self.read(session, before)

    def join(self, session_id: str, table: str, customer: str, asked: datetime, index: int) -> datetime | None:
        rng = self.rng
        join = JoinRequest(id=f"hj_{session_id}_{index}", branch_id=self.branch.id, table_code=table,
                           session_id=session_id, customer_id=customer, name="Guest", created_at=iso(asked),
                           expires_at=iso(asked + timedelta(minutes=10)), device_key_hash="history")
        before = replace(join)
        roll = rng.random()
        if roll < 0.05:
            join.status, decided = JoinStatus.EXPIRED, asked + timedelta(minutes=10)
        elif roll < 0.09:
            join.status, join.decided_by, join.decider_id = JoinStatus.DECLINED, DecidedBy.DINER, "history"
            decided = asked + timedelta(seconds=rng.uniform(5, 60))
        elif roll < 0.3:
            join.status, join.decided_by, join.decider_id = JoinStatus.ALLOWED, DecidedBy.STAFF, rng.choice(self.branch.waiters)
            decided = asked + timedelta(seconds=rng.uniform(30, 240))
        else:
            join.status, join.decided_by, join.decider_id = JoinStatus.ALLOWED, DecidedBy.DINER, "history"
            decided = asked + timedelta(seconds=rng.uniform(3, 45))
        join.decided_at = None if join.status is JoinStatus.EXPIRED else iso(decided)
        self.read(join, before)
        return decided if join.status is JoinStatus.ALLOWED else None

    def request(self, session: TableSession, kind: RequestKind, created: datetime, waiter: str, busy: float) -> datetime:
        rng = self.rng
        request = ServiceRequest(id=f"hr_{session.id}_{kind.value}_{self.sequence}", kind=kind, session_id=session.id,
                                 branch_id=self.branch.id, table_code=session.table_code,
                                 customer_id=session.participants[0].customer_id if session.participants else "",
                                 created_at=iso(created))
        before = replace(request)
        answered = created + timedelta(seconds=rng.lognormvariate(math.log(60 + 120 * busy), 0.6))
        request.acknowledge(waiter, iso(answered))
        self.read(request, before)
        return answered

    def order(self, session: TableSession, meal: str, at: datetime, guests: int, number: int, waiter: str,
              busy: float, for_table: bool) -> tuple[Order, datetime]:
        rng = self.rng
        self.orders += 1
        roles: list[str] = []
        if meal == "breakfast":
            roles = ["breakfast"] * max(1, guests - (rng.random() < 0.3)) + ["drink"] * guests
        elif number == 0:
            roles = ["drink"] * max(1, guests - (rng.random() < 0.4)) + ["starter"] * (rng.random() < 0.55) * max(1, guests // 2)
            roles += ["main"] * (guests if meal != "afternoon" else rng.randint(0, 1))
        else:
            roles = rng.choice([["dessert"] * max(1, guests // 2), ["drink"] * max(1, guests // 2 + 1),
                                ["dessert", "drink"], ["main"]])
        counts: dict[str, tuple[HistoryItem, int]] = {}
        for role in roles:
            item = self.pick(role, at)
            if item is None:
                continue
            if item.id in counts and not item.option_groups:
                counts[item.id] = (item, counts[item.id][1] + 1)
            else:
                key = item.id if item.id not in counts else f"{item.id}#{len(counts)}"
                counts[key] = (item, 1)
        if not counts:
            fallback = self.pick("drink", at) or self.items[0]
            counts[fallback.id] = (fallback, 1)
        order_id = f"ho_{session.id}_{number}"
        lines = []
        for index, (item, quantity) in enumerate(counts.values()):
            chosen = self.options(item)
            lines.append(OrderLine(id=f"l{index}", menu_item_id=item.id, name=item.name, quantity=quantity,
                                   unit_price=self.price(item) + sum(o.price_delta for o in chosen),
                                   status=LineStatus.READY, category_id=item.category_id, options=chosen,
                                   prep_minutes=item.prep_minutes, station_id=item.station_id))
        customer = session.participants[0].customer_id if session.participants else ""
        order = Order(id=order_id, session_id=session.id, branch_id=self.branch.id, table_code=session.table_code,
                      customer_id=customer, customer_name="Guest", currency="", lines=lines, created_at=iso(at),
                      updated_at=iso(at), status=OrderStatus.READY,
                      placed_by_staff=waiter if for_table or rng.random() < 0.1 else None)
        if rng.random() < 0.3:
            order.accepted_at = iso(at + timedelta(seconds=rng.uniform(15, 60 + 150 * busy)))
        if rng.random() < 0.008:  # refused by the floor (a table ordering far too much, a mistake)
            order.accepted_at = None
            for line in order.lines:
                line.status = LineStatus.PENDING
            before = replace(order, status=OrderStatus.PENDING, lines=[replace(line) for line in order.lines])
            for line in order.lines:
                line.status = LineStatus.CANCELLED
            order.status, order.rejection_reason = OrderStatus.CANCELLED, "Refused by the floor"
            self.read(order, before)
            return order, at + timedelta(minutes=2)
        latest = at
        for line in order.lines:
            slow = 1 + 0.6 * busy
            if line.station_id == "bar":
                cook = rng.uniform(1.5, 4.5) * slow
            else:
                cook = max(3.0, rng.gauss(line.prep_minutes or 10, 2.5)) * slow
            ready = at + timedelta(minutes=cook)
            served = ready + timedelta(minutes=rng.lognormvariate(math.log(1.2 + 1.5 * busy), 0.5))
            line.ready_at = iso(ready)
            line.served_at, line.status = iso(served), LineStatus.SERVED
            if rng.random() < 0.02:
                reason = rng.choice([VoidReason.QUALITY_COMPLAINT, VoidReason.CUSTOMER_CHANGED_MIND,
                                     VoidReason.WRONG_ITEM_ENTERED])
                line.void = LineVoid(reason, waiter, iso(served + timedelta(minutes=3)), line.total)
                line.status = LineStatus.CANCELLED
            latest = max(latest, served)
        before = replace(order, status=OrderStatus.READY, lines=[
            replace(line, status=LineStatus.READY, served_at=None, void=None) for line in order.lines])
        order.status = OrderStatus.SERVED if any(line.status is LineStatus.SERVED for line in order.lines) \
            else OrderStatus.CANCELLED
        order.updated_at = iso(latest)
        self.read(order, before)
        return order, latest


# -- members -------------------------------------------------------------------------------------
def _members(chain_id: str, start: date, end: date, count: int, timezone: str, seed: int,
             places: _Places) -> tuple[list[tuple[date, str]], list[Customer]]:
    """The chain's loyalty accounts: a third made before `start`, the rest during the period, a
    few each day. Returns (when each was made, its id), and the accounts, oldest first."""
    rng = random.Random(zlib.crc32(f"{seed}:{chain_id}:members".encode()))
    zone = ZoneInfo(timezone)
    span = (end - start).days + 1
    made: list[tuple[date, str]] = []
    accounts = []
    for n in range(count):
        offset = -rng.randint(1, 90) if rng.random() < 0.33 else rng.randint(0, span - 1)
        day = start + timedelta(days=offset)
        moment = datetime(day.year, day.month, day.day, tzinfo=zone) + timedelta(hours=rng.uniform(12, 22))
        customer_id = f"hm_{chain_id[-12:]}_{n:05d}"
        places.members.add(customer_id)
        made.append((day, customer_id))
        accounts.append(Customer(id=customer_id, chain_id=chain_id, mode=RegistrationMode.LOYALTY,
                                 name="Member", created_at=iso(moment)))
    order = sorted(range(count), key=lambda i: (accounts[i].created_at, made[i][1]))
    return [made[i] for i in order], [accounts[i] for i in order]


# -- the entry points ------------------------------------------------------------------------------
def generate_history(chain_id: str, branches: Sequence[HistoryBranch | Branch], start: date, end: date,
                     sink: FactSink, *, items: Sequence[HistoryItem] | None = None, timezone: str | None = None,
                     members: int | None = None, seed: int = 19, stream_records: bool = False) -> HistoryReport:
    """Plays `start`..`end` (inclusive) of every branch and writes the facts to `sink`, one
    object per kind, branch and day (named `history`). `items`: the dishes (default: the demo
    menu); `members`: the chain's loyalty accounts (default: 120 per branch); `stream_records`:
    every change through its DynamoDB stream record and `facts_of_record` (thirty times slower;
    the same rows). A day's late tables end after midnight, on the next day: each partition is
    written once that next day is played too."""
    started = time.perf_counter()
    played = [b if isinstance(b, HistoryBranch) else HistoryBranch.of(b) for b in branches]
    items = list(items) if items is not None else menu_of(demo_chain())
    timezone = timezone or (played[0].timezone if played else "UTC")
    places = _Places(chain_id, played, timezone, items)
    report = HistoryReport()
    made, accounts = _members(chain_id, start, end, members if members is not None else 120 * len(played),
                              timezone, seed, places)
    pending: dict[tuple[str, str, str, str], list[Fact]] = {}

    def keep(facts: Iterable[Fact]) -> None:
        for fact in facts:
            pending.setdefault(fact.partition, []).append(fact)
            report.facts += 1

    def flush(before_day: str | None) -> None:
        for partition in [p for p in pending if before_day is None or p[3] < before_day]:
            report.objects += sink.write(OBJECT_NAME, pending.pop(partition))

    for index, account in enumerate(accounts):
        keep(facts_of_record(change_record(_customer_record(account), sequence=f"m{index:06d}", created=0.0), places)
             if stream_records else facts_of_change(account, None, places))
        report.records += 1
    day = start
    while day <= end:
        known = [customer for made_on, customer in made if made_on <= day]
        for branch in played:
            played_day = _Day(chain_id, branch, day, items, places, known, seed, stream_records)
            played_day.play()
            keep(played_day.facts)
            report.records += played_day.records
            report.sessions += played_day.sessions
            report.orders += played_day.orders
        flush(day.isoformat())  # every day before this one is complete (a table ends the next day at the latest)
        report.days += 1
        day += timedelta(days=1)
    flush(None)
    report.seconds = time.perf_counter() - started
    return report


def seed_demo_history(chain_data: dict[str, Any], sink: FactSink, *, today: date | None = None,
                      days: int = DEMO_DAYS, stream_records: bool = False) -> HistoryReport:
    """`make run`'s past service: `days` days ending yesterday, for every branch of the file."""
    timezone = chain_data["chain"].get("timezone", "UTC")
    today = today or datetime.now(ZoneInfo(timezone)).date()
    branches = demo_branches(chain_data)
    return generate_history(f"ch_{chain_data['chain']['key']}", branches, today - timedelta(days=days),
                            today - timedelta(days=1), sink, items=menu_of(chain_data), timezone=timezone,
                            members=90 * len(branches), stream_records=stream_records)


class DirectorySink:
    """Writes the facts' objects under a local directory, as they would be in the bucket (the
    bench's year of a 20-branch chain; DuckDB reads them straight from there)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def write(self, name: str, facts: Sequence[Fact]) -> int:
        from .store.facts import by_object, ndjson

        objects = by_object(facts, name)
        for key, rows in objects.items():
            path = self.root / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(ndjson(rows))
        return len(objects)


def bench_branches(count: int, timezone: str = "America/Lima") -> list[HistoryBranch]:
    """`count` branches of a chain for the bench: sizes from a small café's 12 tables to 40."""
    return [HistoryBranch(f"br_bench-{n:02d}", f"bench-{n:02d}", timezone, tables=12 + (n * 7) % 29,
                          busyness=0.6 + ((n * 7) % 29) / 36, waiters=tuple(f"st_bench-{n:02d}-{w}" for w in range(4)))
            for n in range(count)]


def main(argv: Sequence[str] | None = None) -> None:
    """python -m chalicelib.demo_history --out DIR [--branches 20] [--days 365] [--end YYYY-MM-DD]"""
    import argparse

    parser = argparse.ArgumentParser(description="Writes a chain's past service as fact objects under a directory.")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--branches", type=int, default=20)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--end", type=date.fromisoformat, default=None, help="the last day (default: yesterday, UTC)")
    parser.add_argument("--chain", default="ch_bench")
    args = parser.parse_args(argv)
    end = args.end or datetime.now(UTC).date() - timedelta(days=1)
    report = generate_history(args.chain, bench_branches(args.branches), end - timedelta(days=args.days - 1), end,
                              DirectorySink(args.out))
    print(f"{args.branches} branches x {report.days} days: {report.sessions} sessions, {report.orders} orders, "
          f"{report.facts} facts in {report.objects} objects under {args.out} ({report.seconds:.1f} s)")


if __name__ == "__main__":
    main()
