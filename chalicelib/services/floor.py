"""The floor: every table's state, the sessions of a branch and their lifecycle (approve,
reject, close, with loyalty points), and the waiter calls and bill requests."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from ..auth import StaffPrincipal
from ..domain.clock import now_iso
from ..domain.customers import points_for
from ..domain.errors import IllegalTransition, InvalidInput, NotFound
from ..domain.orders import Order, VoidReason
from ..domain.payments import OpenItems, settle
from ..domain.sections import Section
from ..domain.service_requests import ServiceRequest
from ..domain.sessions import EndReason, SessionStatus, TableSession
from ..domain.staff import Permission
from ..domain.venues import DiningTable, table_order_key
from ..ports import Repositories
from .access import staff_branch, staff_session
from .retries import with_retries


@dataclass
class TableState:
    table: DiningTable
    active: TableSession | None = None
    pending: TableSession | None = None
    requests: list[ServiceRequest] = field(default_factory=list)
    open_orders: int = 0
    join_requests: int = 0  # phones asking to join the table's session, waiting
    section: Section | None = None  # the floor's section it is in (issue 16); none: everyone's

    @property
    def state(self) -> str:
        if self.pending is not None:
            return "pending"
        if self.active is None:
            return "free"
        if any(r.kind.value == "bill" for r in self.requests):
            return "bill_requested"
        return "active"


def tables_overview(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> list[TableState]:
    """Every table with its sessions, open requests, open orders, waiting requests to join and its
    section: seven queries, whatever the size."""
    principal.require(Permission.VIEW_FLOOR, branch_id)
    states = {t.code: TableState(table=t) for t in repos.venues.tables_of_branch(branch_id)}
    for session in repos.sessions.of_branch(branch_id, SessionStatus.ACTIVE):
        state = states.get(session.table_code)
        if state and state.table.active_session_id == session.id:
            state.active = session
    for session in repos.sessions.of_branch(branch_id, SessionStatus.PENDING):
        state = states.get(session.table_code)
        if state and state.table.pending_session_id == session.id:
            state.pending = session
    for request in repos.requests.open_of_branch(branch_id):
        if request.table_code in states:
            states[request.table_code].requests.append(request)
    for order in repos.orders.open_of_branch(branch_id):
        state = states.get(order.table_code)
        if state and state.active is not None and order.session_id == state.active.id:
            state.open_orders += 1
    now = now_iso()
    for join in repos.join_requests.waiting_of_branch(branch_id):
        if join.table_code in states and join.is_waiting(now):
            states[join.table_code].join_requests += 1
    for code, section in repos.sections.floor_of(branch_id).by_table().items():
        if code in states:
            states[code].section = section
    return sorted(states.values(), key=lambda s: table_order_key(s.table.code))


def sessions_of_branch(repos: Repositories, principal: StaffPrincipal, branch_id: str, status: SessionStatus,
                       start_from: date | datetime | None = None,
                       start_to: date | datetime | None = None) -> list[TableSession]:
    """Sessions by state, newest first; a date range (days of the branch's calendar) is the history."""
    branch = staff_branch(repos, principal, branch_id, Permission.VIEW_FLOOR)
    return repos.sessions.of_branch(
        branch_id, status,
        branch.start_of(start_from) if start_from else "",
        branch.end_of(start_to) if start_to else "",
    )


def approve_session(repos: Repositories, principal: StaffPrincipal, session_id: str) -> TableSession:
    """pending -> active. If the table had an active session (a diner chose "start new"),
    that one is completed in the same transaction. A second approver gets a 409 (an order or a
    request landing on the replaced session meanwhile only makes it read again)."""
    def attempt() -> tuple[TableSession, TableSession | None]:
        session = staff_session(repos, principal, session_id, Permission.MANAGE_SESSIONS)
        now = now_iso()
        session.approve(now)
        table = repos.venues.get_table(session.branch_id, session.table_code)
        replaced = None
        closed: list[ServiceRequest] = []
        if table is not None and table.active_session_id and table.active_session_id != session.id:
            replaced = repos.sessions.get(table.active_session_id)
            if replaced is not None:
                closed = _close_open_requests(repos, replaced, principal.staff_id, now)
                replaced.close(now, EndReason.REPLACED)
        repos.sessions.activate(session, replaced, closed)
        return session, replaced

    session, replaced = with_retries(attempt)
    for participant in session.participants:  # a visit counts once staff seat the table
        repos.customers.record_visit(participant.customer_id)
    if replaced is not None:
        _award_points(repos, replaced)
    return session


def reject_session(repos: Repositories, principal: StaffPrincipal, session_id: str, note: str | None) -> TableSession:
    session = staff_session(repos, principal, session_id, Permission.MANAGE_SESSIONS)
    session.reject(now_iso(), note)
    repos.sessions.end(session, was=SessionStatus.PENDING)
    return session


@dataclass(frozen=True)
class Closing:
    """What staff say when they close a table: what to do with dishes still open (None: keep them
    on the bill as served, as a close without a body always did), the void's reason when they go,
    and how the table paid (None: not recorded)."""
    open_items: OpenItems | None = None
    void_reason: VoidReason | None = None
    void_note: str = ""
    tenders: list[tuple[str, int]] | None = None
    tip: int = 0


def close_session(repos: Repositories, principal: StaffPrincipal, session_id: str,
                  closing: Closing = Closing()) -> TableSession:
    """active -> completed: the table is free at once; its open dishes are voided or kept as served
    (nothing of it stays on the POS or the KDS); open requests close; how it paid is recorded,
    checked against the bill; loyalty points are earned. An order or a request landing meanwhile
    (each bumps the session's version) makes it read everything again; a second closer gets a 409."""
    if closing.open_items is OpenItems.VOID and closing.void_reason is None:
        raise InvalidInput("voidReason: say why the open dishes come off the bill.", field="voidReason")

    def attempt() -> tuple[TableSession, list[Order]]:
        session = staff_session(repos, principal, session_id, Permission.MANAGE_SESSIONS)
        if session.status is not SessionStatus.ACTIVE:
            raise IllegalTransition(f"Only an active session can be closed; this one is {session.status.value}.")
        now = now_iso()
        orders = repos.orders.of_session(session.id)
        still_open = [order for order in orders if order.is_open]
        for order in still_open:
            _finish_for_close(principal, order, closing, now)
            repos.orders.save(order)
        if still_open:  # a voided dish gave its amount back to the session: read its new version
            session = staff_session(repos, principal, session_id, Permission.MANAGE_SESSIONS)
        if closing.tenders is not None:
            session.payment = settle(sum(o.subtotal for o in orders), closing.tenders, closing.tip,
                                     principal.staff_id, now)
        closed = _close_open_requests(repos, session, principal.staff_id, now)
        session.close(now)
        repos.sessions.end(session, was=SessionStatus.ACTIVE, closed_requests=closed)
        return session, orders

    session, orders = with_retries(attempt)
    _award_points(repos, session, orders)
    return session


def _finish_for_close(principal: StaffPrincipal, order: Order, closing: Closing, now: str) -> None:
    """An order still open when the table closes: one held for approval never reached the kitchen
    and is refused; the others' dishes not yet served are voided with the reason given, or kept on
    the bill as served."""
    if order.awaiting_approval:
        order.reject(now, "The table was closed.")
    elif closing.open_items is OpenItems.VOID and closing.void_reason is not None:
        principal.require(Permission.VOID_ORDERS, order.branch_id)
        order.void_open_lines(closing.void_reason, closing.void_note, principal.staff_id, now)
    else:
        order.serve_open_lines(now)


def _close_open_requests(repos: Repositories, session: TableSession, staff_id: str, now: str) -> list[ServiceRequest]:
    requests = [repos.requests.get(rid) for rid in session.open_requests.values()]
    closed = [r for r in requests if r is not None and r.is_open]
    for request in closed:
        request.acknowledge(staff_id, now)
    return closed


def _award_points(repos: Repositories, session: TableSession, orders: list[Order] | None = None) -> None:
    spent: dict[str, int] = defaultdict(int)
    for order in repos.orders.of_session(session.id) if orders is None else orders:
        if order.customer_id:  # staff's orders for the whole table earn nobody points
            spent[order.customer_id] += order.subtotal
    for customer_id, amount in spent.items():
        customer = repos.customers.get(customer_id)
        if customer is not None and customer.is_loyalty and points_for(amount) > 0:
            repos.customers.add_points(customer_id, points_for(amount))


# -- requests ------------------------------------------------------------------------------
def open_requests(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> list[ServiceRequest]:
    principal.require(Permission.VIEW_FLOOR, branch_id)
    return repos.requests.open_of_branch(branch_id)


def acknowledge_request(repos: Repositories, principal: StaffPrincipal, request_id: str) -> ServiceRequest:
    request = repos.requests.get(request_id)
    if request is None or request.branch_id not in principal.branch_ids:
        raise NotFound("No such request, or not at one of your branches.")
    principal.require(Permission.ACK_REQUESTS, request.branch_id)
    request.acknowledge(principal.staff_id, now_iso())
    repos.requests.acknowledge(request, repos.sessions.get(request.session_id))
    return request
