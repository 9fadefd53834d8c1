"""In-memory repositories: the Protocols of `chalicelib/ports.py` kept in dicts.

They are fakes of the DynamoDB adapters, not mocks of our logic: each write checks the same
conditions the real repository asks DynamoDB to check, raises the same domain error when one
fails, and applies all of its changes or none (a transaction is checked whole before anything
is written). Queries return in the key order of the index the real one queries. Everything
stored or returned is a copy, as a read from DynamoDB is. `tests/integration/test_repository_contract.py` runs
the same cases against these and the real repositories on moto.
"""
from __future__ import annotations

import copy
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TypeVar

from chalicelib.domain.customers import Customer, RegistrationMode
from chalicelib.domain.errors import (
    AlreadyExists,
    ConcurrentUpdate,
    Conflict,
    JoinRequestDecided,
    PendingSessionExists,
    RequestAlreadyOpen,
    TableBusy,
    TooManyRequests,
)
from chalicelib.domain.join_requests import JoinRequest, JoinStatus
from chalicelib.domain.menu import BranchItemSetting, BranchSchedule, Category, ChainMenu, MenuItem
from chalicelib.domain.orders import Order
from chalicelib.domain.pacing import CategoryPause, KitchenQueue, QueuedOrder
from chalicelib.domain.phone_verification import MAX_TRIES, PhoneVerification
from chalicelib.domain.service_requests import RequestStatus, ServiceRequest
from chalicelib.domain.sessions import MAX_PARTICIPANTS, Participant, SessionStatus, TableSession
from chalicelib.domain.staff import StaffMember
from chalicelib.domain.venues import Branch, Chain, DiningTable, OrderSafety
from chalicelib.ports import Listener, Repositories

T = TypeVar("T")
OPEN_SESSION = (SessionStatus.PENDING, SessionStatus.ACTIVE)


def _copy(value: T) -> T:
    return copy.deepcopy(value)


@dataclass
class Tables:
    """The stored items, by the real tables' keys."""

    chains: dict[str, Chain] = field(default_factory=dict)
    branches: dict[str, Branch] = field(default_factory=dict)
    tables: dict[tuple[str, str], DiningTable] = field(default_factory=dict)
    lookups: dict[str, str] = field(default_factory=dict)  # "slug#…", "phone#chain#…", "email#…" -> id
    customers: dict[str, Customer] = field(default_factory=dict)
    staff: dict[str, StaffMember] = field(default_factory=dict)
    sessions: dict[str, TableSession] = field(default_factory=dict)
    join_requests: dict[str, JoinRequest] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    requests: dict[str, ServiceRequest] = field(default_factory=dict)
    queues: dict[str, dict[str, QueuedOrder]] = field(default_factory=dict)
    menus: dict[str, dict[str, object]] = field(default_factory=dict)  # chain -> sort key -> entry
    menu_versions: dict[str, tuple[int, str]] = field(default_factory=dict)
    rate_counts: dict[str, int] = field(default_factory=dict)
    connections: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)  # (channel, id) -> row
    verifications: dict[str, PhoneVerification] = field(default_factory=dict)


# =========================================================================================
class InMemoryVenues:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get_chain(self, chain_id: str) -> Chain | None:
        return _copy(self.db.chains.get(chain_id))

    def save_chain(self, chain: Chain) -> None:
        self.db.chains[chain.id] = _copy(chain)

    def get_branch(self, branch_id: str) -> Branch | None:
        return _copy(self.db.branches.get(branch_id))

    def branch_id_for_slug(self, slug: str) -> str | None:
        return self.db.lookups.get(f"slug#{slug}")

    def branch_by_slug(self, slug: str) -> Branch | None:
        branch_id = self.branch_id_for_slug(slug)
        return None if branch_id is None else self.get_branch(branch_id)

    def branches_of_chain(self, chain_id: str) -> list[Branch]:
        found = [b for b in self.db.branches.values() if b.chain_id == chain_id]
        return [_copy(b) for b in sorted(found, key=lambda b: b.slug)]

    def add_branch(self, branch: Branch) -> None:
        if f"slug#{branch.slug}" in self.db.lookups or branch.id in self.db.branches:
            raise AlreadyExists(f"The branch slug {branch.slug!r} is taken.", field="slug")
        self.db.lookups[f"slug#{branch.slug}"] = branch.id
        self.db.branches[branch.id] = _copy(branch)

    def update_branch(self, branch: Branch) -> None:
        if branch.id not in self.db.branches:
            raise Conflict("The branch no longer exists.")
        self.db.branches[branch.id] = _copy(branch)

    def set_order_safety(self, branch_id: str, safety: OrderSafety) -> None:
        stored = self.db.branches.get(branch_id)
        if stored is None:
            raise Conflict("The branch no longer exists.")
        stored.order_safety = _copy(safety)

    def get_table(self, branch_id: str, code: str) -> DiningTable | None:
        return _copy(self.db.tables.get((branch_id, code)))

    def tables_of_branch(self, branch_id: str) -> list[DiningTable]:
        return [_copy(t) for key, t in sorted(self.db.tables.items()) if key[0] == branch_id]

    def add_table(self, table: DiningTable) -> None:
        key = (table.branch_id, table.code)
        if key in self.db.tables:
            raise AlreadyExists(f"Table {table.code} already exists.", field="code")
        self.db.tables[key] = replace(_copy(table), active_session_id=None, pending_session_id=None)


# =========================================================================================
class InMemoryCustomers:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, customer_id: str) -> Customer | None:
        return _copy(self.db.customers.get(customer_id))

    def id_for_phone(self, chain_id: str, phone: str) -> str | None:
        return self.db.lookups.get(f"phone#{chain_id}#{phone}")

    def add(self, customer: Customer) -> None:
        lookup = f"phone#{customer.chain_id}#{customer.phone or ''}"
        if customer.id in self.db.customers or (customer.is_loyalty and lookup in self.db.lookups):
            raise AlreadyExists("This phone number already has a loyalty account.", field="phone")
        if customer.is_loyalty:
            self.db.lookups[lookup] = customer.id
        self.db.customers[customer.id] = _copy(customer)

    def save_profile(self, customer: Customer) -> None:
        stored = self.db.customers.get(customer.id)
        if stored is None:
            raise Conflict("The customer no longer exists.")
        stored.name, stored.email, stored.birth_date = customer.name, customer.email or None, customer.birth_date or None
        stored.avoid_allergens = list(customer.avoid_allergens)

    def record_visit(self, customer_id: str) -> None:
        if customer_id in self.db.customers:
            self.db.customers[customer_id].visits += 1

    def add_points(self, customer_id: str, points: int) -> None:
        if customer_id in self.db.customers:
            self.db.customers[customer_id].points += points


# =========================================================================================
class InMemoryStaff:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, staff_id: str) -> StaffMember | None:
        return _copy(self.db.staff.get(staff_id))

    def by_email(self, email: str) -> StaffMember | None:
        staff_id = self.db.lookups.get(f"email#{email.lower()}")
        return None if staff_id is None else self.get(staff_id)

    def add(self, member: StaffMember) -> None:
        lookup = f"email#{member.email.lower()}"
        if lookup in self.db.lookups or member.id in self.db.staff:
            raise AlreadyExists(f"A staff account for {member.email} exists.", field="email")
        self.db.lookups[lookup] = member.id
        self.db.staff[member.id] = replace(_copy(member), email=member.email.lower())

    def update(self, member: StaffMember) -> None:
        if member.id not in self.db.staff:
            raise Conflict("The staff account no longer exists.")
        self.db.staff[member.id] = replace(_copy(member), email=member.email.lower())


# =========================================================================================
class InMemorySessions:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, session_id: str) -> TableSession | None:
        return _copy(self.db.sessions.get(session_id))

    def of_branch(self, branch_id: str, status: SessionStatus, start_from: str = "", start_to: str = "",
                  limit: int = 200) -> list[TableSession]:
        low, high = start_from or "", start_to or "~"
        found = [s for s in self.db.sessions.values()
                 if s.branch_id == branch_id and s.status is status
                 and (not (start_from or start_to) or low <= s.started_at <= high)]
        found.sort(key=lambda s: s.started_at, reverse=True)
        return [_copy(s) for s in found[:limit]]

    def _stored_at(self, session: TableSession, *states: SessionStatus) -> bool:
        stored = self.db.sessions.get(session.id)
        return stored is not None and stored.version == session.version and stored.status in states

    def _keep(self, session: TableSession) -> None:
        session.version += 1
        self.db.sessions[session.id] = _copy(session)

    def _requests_open(self, requests: Iterable[ServiceRequest]) -> bool:
        return all((r := self.db.requests.get(q.id)) is not None and r.status is RequestStatus.OPEN for q in requests)

    def _close(self, requests: Iterable[ServiceRequest]) -> None:
        for request in requests:
            self.db.requests[request.id] = _copy(request)

    def open_pending(self, session: TableSession) -> None:
        table = self.db.tables.get((session.branch_id, session.table_code))
        if session.id in self.db.sessions or table is None or table.pending_session_id:
            raise PendingSessionExists("The table already has a session waiting for approval.")
        table.pending_session_id = session.id
        self._keep(session)

    def open_for_staff(self, session: TableSession) -> None:
        table = self.db.tables.get((session.branch_id, session.table_code))
        if session.id in self.db.sessions or table is None or table.active_session_id or table.pending_session_id:
            raise TableBusy(f"Table {session.table_code} already has a session.", field="tableCode")
        table.active_session_id = session.id
        self._keep(session)

    def save(self, session: TableSession) -> None:
        stored = self.db.sessions.get(session.id)
        if stored is None or stored.version != session.version:
            raise ConcurrentUpdate("The session changed meanwhile; try again.")
        self._keep(session)

    def append_participant(self, session: TableSession, participant: Participant) -> None:
        stored = self.db.sessions.get(session.id)
        if stored is None or stored.status is not SessionStatus.PENDING or len(stored.participants) >= MAX_PARTICIPANTS:
            raise ConcurrentUpdate("The session was approved, closed or filled meanwhile.")
        stored.participants.append(_copy(participant))
        stored.version += 1
        session.participants.append(participant)
        session.version += 1

    def activate(self, session: TableSession, replaced: TableSession | None,
                 closed_requests: Iterable[ServiceRequest] = ()) -> None:
        closed_requests = list(closed_requests)
        table = self.db.tables.get((session.branch_id, session.table_code))
        ok = self._stored_at(session, SessionStatus.PENDING) and table is not None \
            and table.pending_session_id == session.id and self._requests_open(closed_requests)
        if replaced is not None:
            ok = ok and self._stored_at(replaced, SessionStatus.ACTIVE) and table is not None \
                and table.active_session_id == replaced.id
        else:
            ok = ok and table is not None and not table.active_session_id
        if not ok or table is None:
            raise ConcurrentUpdate("The session or its table changed meanwhile (someone else acted on it).")
        self._keep(session)
        if replaced is not None:
            self._keep(replaced)
        table.active_session_id, table.pending_session_id = session.id, None
        self._close(closed_requests)

    def end(self, session: TableSession, was: SessionStatus, closed_requests: Iterable[ServiceRequest] = ()) -> None:
        closed_requests = list(closed_requests)
        table = self.db.tables.get((session.branch_id, session.table_code))
        pointer = "pending_session_id" if was is SessionStatus.PENDING else "active_session_id"
        if not self._stored_at(session, was) or table is None or getattr(table, pointer) != session.id \
                or not self._requests_open(closed_requests):
            raise ConcurrentUpdate("The session changed meanwhile (someone else acted on it).")
        self._keep(session)
        setattr(table, pointer, None)
        self._close(closed_requests)

    def move(self, session: TableSession, left: str, orders: Iterable[Order],
             requests: Iterable[ServiceRequest]) -> None:
        orders, requests = list(orders), list(requests)
        old = self.db.tables.get((session.branch_id, left))
        new = self.db.tables.get((session.branch_id, session.table_code))
        ok = self._stored_at(session, SessionStatus.ACTIVE) and old is not None and old.active_session_id == session.id \
            and new is not None and not new.active_session_id and not new.pending_session_id \
            and all((o := self.db.orders.get(order.id)) is not None and o.version == order.version for order in orders) \
            and all(request.id in self.db.requests for request in requests)
        if not ok or old is None or new is None:
            raise ConcurrentUpdate("The session or one of the tables changed meanwhile "
                                   "(someone else moved or closed it, or seated the table).")
        self._keep(session)
        old.active_session_id, new.active_session_id = None, session.id
        for order in orders:
            stored_order = self.db.orders[order.id]
            stored_order.table_code = session.table_code
            stored_order.version += 1
            order.version += 1
            order.table_code = session.table_code
        for request in requests:
            self.db.requests[request.id].table_code = session.table_code
            request.table_code = session.table_code


# =========================================================================================
class InMemoryJoinRequests:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, request_id: str) -> JoinRequest | None:
        return _copy(self.db.join_requests.get(request_id))

    def _waiting(self, match: str, value: str) -> list[JoinRequest]:
        found = [q for q in self.db.join_requests.values()
                 if getattr(q, match) == value and q.status is JoinStatus.WAITING]
        return [_copy(q) for q in sorted(found, key=lambda q: f"{q.created_at}#{q.id}")]

    def waiting_of_session(self, session_id: str) -> list[JoinRequest]:
        return self._waiting("session_id", session_id)

    def waiting_of_branch(self, branch_id: str) -> list[JoinRequest]:
        return self._waiting("branch_id", branch_id)

    def add(self, request: JoinRequest) -> None:
        session = self.db.sessions.get(request.session_id)
        if request.id in self.db.join_requests or session is None or session.status not in OPEN_SESSION:
            raise ConcurrentUpdate("The table's session changed meanwhile; try again.")
        self.db.join_requests[request.id] = _copy(request)

    def _still_waiting(self, request: JoinRequest, check_expiry: bool = True) -> bool:
        stored = self.db.join_requests.get(request.id)
        return stored is not None and stored.status is JoinStatus.WAITING \
            and (not check_expiry or stored.expires_at > (request.decided_at or ""))

    def allow(self, request: JoinRequest, session: TableSession) -> None:
        if not self._still_waiting(request):
            raise JoinRequestDecided("This request to join was decided meanwhile.")
        stored = self.db.sessions.get(session.id)
        if stored is None or stored.version != session.version or stored.status not in OPEN_SESSION:
            raise ConcurrentUpdate("The session changed meanwhile; try again.")
        self.db.join_requests[request.id] = _copy(request)
        session.version += 1
        self.db.sessions[session.id] = _copy(session)

    def settle(self, request: JoinRequest) -> None:
        if not self._still_waiting(request, check_expiry=request.status is not JoinStatus.EXPIRED):
            raise JoinRequestDecided("This request to join was decided meanwhile.")
        self.db.join_requests[request.id] = _copy(request)


# =========================================================================================
def _as_read(order: Order) -> Order:
    read = _copy(order)
    read.counted_subtotal = read.subtotal
    return read


class InMemoryOrders:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, order_id: str) -> Order | None:
        order = self.db.orders.get(order_id)
        return None if order is None else _as_read(order)

    def of_session(self, session_id: str) -> list[Order]:
        found = [o for o in self.db.orders.values() if o.session_id == session_id]
        return [_as_read(o) for o in sorted(found, key=lambda o: o.id, reverse=True)]

    def open_of_branch(self, branch_id: str) -> list[Order]:
        found = [o for o in self.db.orders.values() if o.branch_id == branch_id and o.is_open]
        return [_as_read(o) for o in sorted(found, key=lambda o: f"{o.created_at}#{o.id}")]

    def add(self, order: Order, session: TableSession, counted: int, spending_cap: int | None) -> None:
        amount = order.subtotal
        stored = self.db.sessions.get(session.id)
        ok = order.id not in self.db.orders and stored is not None and stored.status is SessionStatus.ACTIVE
        if ok and stored is not None:
            if session.ordered_total is None:
                ok = stored.ordered_total is None
            elif spending_cap is not None:
                ok = stored.ordered_total is not None and stored.ordered_total <= spending_cap - amount
        if not ok or stored is None:
            raise ConcurrentUpdate("The table session changed meanwhile.")
        stored.ordered_total = counted + amount if session.ordered_total is None else (stored.ordered_total or 0) + amount
        stored.version += 1
        order.version += 1
        order.counted_subtotal = amount
        self.db.orders[order.id] = _copy(order)

    def save(self, order: Order) -> None:
        released = order.counted_subtotal - order.subtotal
        stored = self.db.orders.get(order.id)
        if stored is None or stored.version != order.version:
            raise ConcurrentUpdate("The order changed meanwhile; try again.")
        session = self.db.sessions.get(order.session_id) if released > 0 else None
        if session is not None:
            if session.ordered_total is not None:
                session.ordered_total -= released
            session.version += 1
        order.version += 1
        order.counted_subtotal = order.subtotal
        self.db.orders[order.id] = _copy(order)


# =========================================================================================
class InMemoryKitchenQueues:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def of_branch(self, branch_id: str) -> KitchenQueue:
        return KitchenQueue(dict(_copy(self.db.queues.get(branch_id, {}))))

    def apply(self, branch_id: str, changes: Mapping[str, QueuedOrder | None]) -> None:
        queue = self.db.queues.setdefault(branch_id, {})
        for order_id, entry in changes.items():
            if entry is None:
                queue.pop(order_id, None)
            else:
                queue[order_id] = _copy(entry)


# =========================================================================================
class InMemoryServiceRequests:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, request_id: str) -> ServiceRequest | None:
        return _copy(self.db.requests.get(request_id))

    def of_session(self, session_id: str) -> list[ServiceRequest]:
        found = [q for q in self.db.requests.values() if q.session_id == session_id]
        return [_copy(q) for q in sorted(found, key=lambda q: q.id, reverse=True)]

    def open_of_branch(self, branch_id: str) -> list[ServiceRequest]:
        found = [q for q in self.db.requests.values() if q.branch_id == branch_id and q.is_open]
        return [_copy(q) for q in sorted(found, key=lambda q: f"{q.created_at}#{q.id}")]

    def open(self, request: ServiceRequest, session: TableSession) -> None:
        kind = request.kind.value
        stored = self.db.sessions.get(session.id)
        if request.id in self.db.requests or stored is None or stored.status is not SessionStatus.ACTIVE \
                or kind in stored.open_requests:
            raise RequestAlreadyOpen(f"A {kind} request is already open, or the session is not active.")
        self.db.requests[request.id] = _copy(request)
        stored.open_requests[kind] = request.id
        stored.version += 1

    def acknowledge(self, request: ServiceRequest, session: TableSession | None) -> None:
        kind = request.kind.value
        stored = self.db.requests.get(request.id)
        clears = session is not None and session.open_requests.get(kind) == request.id
        stored_session = self.db.sessions.get(session.id) if session is not None and clears else None
        if stored is None or stored.status is not RequestStatus.OPEN \
                or (clears and (stored_session is None or stored_session.open_requests.get(kind) != request.id)):
            raise ConcurrentUpdate("This request was acknowledged meanwhile.")
        self.db.requests[request.id] = _copy(request)
        if stored_session is not None:
            del stored_session.open_requests[kind]
            stored_session.version += 1


# =========================================================================================
class InMemoryMenu:
    """Entries under the real sort keys (`C#…`, `I#…`, `B#branch#item`, `S#…`, `P#…`), so the
    whole menu comes back in the same order a Query of the partition returns it."""

    def __init__(self, db: Tables) -> None:
        self.db = db

    def _entries(self, chain_id: str) -> dict[str, object]:
        return self.db.menus.setdefault(chain_id, {})

    def _bump(self, chain_id: str) -> None:
        number, _ = self.db.menu_versions.get(chain_id, (0, ""))
        self.db.menu_versions[chain_id] = (number + 1, secrets.token_hex(8))

    def chain_menu(self, chain_id: str) -> tuple[list[Category], list[MenuItem], list[BranchItemSetting]]:
        whole = self.whole_menu(chain_id)
        return whole.categories, whole.items, whole.settings

    def whole_menu(self, chain_id: str) -> ChainMenu:
        whole = ChainMenu()
        for _, entry in sorted(self._entries(chain_id).items()):
            entry = _copy(entry)
            if isinstance(entry, Category):
                whole.categories.append(entry)
            elif isinstance(entry, MenuItem):
                whole.items.append(entry)
            elif isinstance(entry, BranchItemSetting):
                whole.settings.append(entry)
            elif isinstance(entry, BranchSchedule):
                whole.schedules.append(entry)
            elif isinstance(entry, CategoryPause):
                whole.pauses.append(entry)
        return whole

    def version(self, chain_id: str) -> tuple[int, str] | None:
        return self.db.menu_versions.get(chain_id)

    def _put(self, chain_id: str, key: str, entry: object) -> None:
        self._entries(chain_id)[key] = _copy(entry)
        self._bump(chain_id)

    def save_schedule(self, chain_id: str, schedule: BranchSchedule, now: str) -> None:
        self._put(chain_id, f"S#{schedule.branch_id}#{schedule.kind}#{schedule.target_id}", schedule)

    def save_pause(self, chain_id: str, pause: CategoryPause, now: str) -> None:
        self._put(chain_id, f"P#{pause.branch_id}#{pause.category_id}", pause)

    def get_category(self, chain_id: str, category_id: str) -> Category | None:
        entry = self._entries(chain_id).get(f"C#{category_id}")
        return _copy(entry) if isinstance(entry, Category) else None

    def get_item(self, chain_id: str, item_id: str) -> MenuItem | None:
        entry = self._entries(chain_id).get(f"I#{item_id}")
        return _copy(entry) if isinstance(entry, MenuItem) else None

    def _save(self, chain_id: str, key: str, entry: object, new: bool) -> None:
        there = key in self._entries(chain_id)
        if new and there:
            raise AlreadyExists("It exists already.")
        if not new and not there:
            raise Conflict("It was deleted meanwhile.")
        self._put(chain_id, key, entry)

    def save_category(self, category: Category, now: str, *, new: bool = False) -> None:
        self._save(category.chain_id, f"C#{category.id}", category, new)

    def save_item(self, item: MenuItem, now: str, *, new: bool = False) -> None:
        self._save(item.chain_id, f"I#{item.id}", item, new)

    def delete_category(self, chain_id: str, category_id: str) -> None:
        if self._entries(chain_id).pop(f"C#{category_id}", None) is not None:
            self._bump(chain_id)

    def delete_item(self, chain_id: str, item_id: str, branch_ids: Iterable[str]) -> None:
        entries = self._entries(chain_id)
        entries.pop(f"I#{item_id}", None)
        for branch_id in branch_ids:
            entries.pop(f"B#{branch_id}#{item_id}", None)
        self._bump(chain_id)

    def save_branch_setting(self, chain_id: str, setting: BranchItemSetting, now: str) -> None:
        self._put(chain_id, f"B#{setting.branch_id}#{setting.item_id}", setting)


# =========================================================================================
class InMemoryRateLimiter:
    """The same fixed windows aligned to the clock (time.time) as the DynamoDB counters; a test
    may set `clock` to hold every hit in one window."""

    def __init__(self, db: Tables, clock: Callable[[], float] = time.time) -> None:
        self.db = db
        self.clock = clock

    def check(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None:
        now = int(self.clock())
        window = now // window_s
        if self.db.rate_counts.get(f"{name}#{caller}#{window}", 0) >= limit:
            raise TooManyRequests(message, retry_after_s=(window + 1) * window_s - now)

    def hit(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None:
        now = int(self.clock())
        window = now // window_s
        key = f"{name}#{caller}#{window}"
        if self.db.rate_counts.get(key, 0) >= limit:
            raise TooManyRequests(message, retry_after_s=(window + 1) * window_s - now)
        self.db.rate_counts[key] = self.db.rate_counts.get(key, 0) + 1


# =========================================================================================
class InMemoryConnections:
    META = "_"

    def __init__(self, db: Tables) -> None:
        self.db = db

    def register(self, connection_id: str, channels: list[str], subject: str, expires_at: datetime,
                 token_id: str = "", connected_at: str = "", registered_at: datetime | None = None) -> None:
        token_key = f"token#{token_id}" if token_id else None
        rows = self.db.connections
        rows[(f"connection#{connection_id}", self.META)] = {"channels": list(channels), "token": token_key}
        for channel in channels:
            rows[(channel, connection_id)] = {"registered_at": registered_at}
        if token_key:
            rows[(token_key, connection_id)] = {"connected_at": connected_at}

    def of_token(self, token_id: str) -> list[tuple[str, str]]:
        key = f"token#{token_id}"
        return sorted((str(row.get("connected_at") or ""), cid) for (channel, cid), row in self.db.connections.items()
                      if channel == key)

    def forget(self, connection_id: str) -> None:
        meta = self.db.connections.pop((f"connection#{connection_id}", self.META), None)
        if meta is None:
            return
        for channel in [*meta["channels"], meta["token"]]:  # type: ignore[misc]
            if channel:
                self.db.connections.pop((str(channel), connection_id), None)

    def listeners(self, channel: str) -> list[str]:
        return [listener.connection_id for listener in self.listening(channel)]

    def listening(self, channel: str) -> list[Listener]:
        return [Listener(cid, row.get("registered_at"))  # type: ignore[arg-type]
                for (name, cid), row in sorted(self.db.connections.items()) if name == channel]

    def channels_of(self, connection_id: str) -> list[str]:
        meta = self.db.connections.get((f"connection#{connection_id}", self.META))
        return list(meta["channels"]) if meta else []  # type: ignore[call-overload]


# =========================================================================================
class InMemoryPhoneVerifications:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, customer_id: str) -> PhoneVerification | None:
        return _copy(self.db.verifications.get(customer_id))

    def replace(self, verification: PhoneVerification, resend_interval_s: int) -> bool:
        last = self.db.verifications.get(verification.customer_id)
        if last is not None and last.sent_at > verification.sent_at - resend_interval_s:
            return False
        self.db.verifications[verification.customer_id] = replace(_copy(verification), tries=0)
        return True

    def count_try(self, customer_id: str, code_hash: str) -> PhoneVerification | None:
        stored = self.db.verifications.get(customer_id)
        if stored is None or stored.code_hash != code_hash or stored.tries >= MAX_TRIES:
            return None
        stored.tries += 1
        return _copy(stored)

    def consume(self, customer_id: str, code_hash: str) -> bool:
        stored = self.db.verifications.get(customer_id)
        if stored is None or stored.code_hash != code_hash:
            return False
        del self.db.verifications[customer_id]
        return True

    def claim_phone(self, customer_id: str, chain_id: str, phone: str) -> None:
        lookup = f"phone#{chain_id}#{phone}"
        customer = self.db.customers.get(customer_id)
        if lookup in self.db.lookups or customer is None:
            raise AlreadyExists("This phone number already has a loyalty account.", field="phone")
        self.db.lookups[lookup] = customer_id
        customer.mode, customer.phone = RegistrationMode.LOYALTY, phone


# =========================================================================================
def in_memory_repositories(db: Tables | None = None) -> Repositories:
    """A `Repositories` over one set of in-memory tables (shared by every repository, as the
    DynamoDB tables are: a session's table pointer is the venues' table item)."""
    db = db if db is not None else Tables()
    return Repositories(
        venues=InMemoryVenues(db), customers=InMemoryCustomers(db), staff=InMemoryStaff(db),
        sessions=InMemorySessions(db), join_requests=InMemoryJoinRequests(db), orders=InMemoryOrders(db),
        kitchen_queues=InMemoryKitchenQueues(db), requests=InMemoryServiceRequests(db), menu=InMemoryMenu(db),
        rate_limiter=InMemoryRateLimiter(db), connections=InMemoryConnections(db),
        phone_verifications=InMemoryPhoneVerifications(db),
    )


def tables_of(repos: Repositories) -> Tables:
    """The in-memory tables behind `repos` (a test reads or snapshots them)."""
    venues = repos.venues
    assert isinstance(venues, InMemoryVenues)
    return venues.db
