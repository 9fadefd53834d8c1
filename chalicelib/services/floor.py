"""The staff side: sign-in, the floor (tables, sessions, requests), orders and bills."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from ..auth import StaffPrincipal, TokenService, dummy_password_hash, verify_password
from ..bootstrap import Repositories
from ..config import settings
from ..domain.clock import now_iso
from ..domain.customers import points_for
from ..domain.errors import InvalidCredentials, InvalidInput, NotFound
from ..domain.orders import OPEN_ORDER_STATES, LineStatus, Order, OrderStatus, PersonShare, split_by_person
from ..domain.service_requests import ServiceRequest
from ..domain.sessions import EndReason, SessionStatus, TableSession
from ..domain.staff import Permission, Role, StaffMember
from ..domain.venues import Branch, DiningTable
from .access import staff_branch
from .retries import with_retries


# -- sign-in -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignedIn:
    token: str
    staff: StaffMember
    branch_ids: tuple[str, ...]


def login(repos: Repositories, tokens: TokenService, email: str, password: str, client_ip: str) -> SignedIn:
    """Failed attempts are limited per email (checked before the password is), all attempts per IP."""
    email = email.strip().lower()
    message = "Too many sign-in attempts; wait a few minutes."
    limit, window = settings.login_attempts_per_window, settings.login_window_s
    repos.rate_limiter.hit("login-ip", client_ip or "unknown", limit * 5, window, message)
    repos.rate_limiter.check("login-failures", email, limit, window, message)
    member = repos.staff.by_email(email)
    stored_hash = member.password_hash if member is not None else dummy_password_hash()
    password_ok = verify_password(password, stored_hash)
    if member is None or not member.active or not password_ok:
        repos.rate_limiter.hit("login-failures", email, limit, window, message)
        raise InvalidCredentials("Wrong email or password.")
    branch_ids = _branches_of(repos, member)
    principal = StaffPrincipal(staff_id=member.id, role=member.role, branch_ids=branch_ids)
    return SignedIn(token=tokens.issue_staff(principal), staff=member, branch_ids=branch_ids)


def _branches_of(repos: Repositories, member: StaffMember) -> tuple[str, ...]:
    if member.role is Role.OWNER:
        return tuple(b.id for b in repos.venues.branches_of_chain(member.chain_id))
    return tuple(member.branch_ids)


def my_branches(repos: Repositories, principal: StaffPrincipal) -> list[Branch]:
    branches = [repos.venues.get_branch(branch_id) for branch_id in principal.branch_ids]
    return [b for b in branches if b is not None]


# -- the floor -----------------------------------------------------------------------------
@dataclass
class TableState:
    table: DiningTable
    active: TableSession | None = None
    pending: TableSession | None = None
    requests: list[ServiceRequest] = field(default_factory=list)
    open_orders: int = 0
    join_requests: int = 0  # phones asking to join the table's session, waiting

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
    """Every table with its sessions, open requests, open orders and waiting requests to join:
    six queries, whatever the size."""
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
    return sorted(states.values(), key=lambda s: _natural_key(s.table.code))


def _natural_key(code: str) -> tuple:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (code.rstrip("0123456789"), int(digits) if digits else 0, code)


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


def _session_for(repos: Repositories, principal: StaffPrincipal, session_id: str, permission: Permission) -> TableSession:
    session = repos.sessions.get(session_id)
    if session is None or session.branch_id not in principal.branch_ids:
        raise NotFound("No such session, or not at one of your branches.")
    principal.require(permission, session.branch_id)
    return session


def approve_session(repos: Repositories, principal: StaffPrincipal, session_id: str) -> TableSession:
    """pending -> active. If the table had an active session (a diner chose "start new"),
    that one is completed in the same transaction. A second approver gets a 409."""
    session = _session_for(repos, principal, session_id, Permission.MANAGE_SESSIONS)
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
    for participant in session.participants:  # a visit counts once staff seat the table
        repos.customers.record_visit(participant.customer_id)
    if replaced is not None:
        _award_points(repos, replaced)
    return session


def reject_session(repos: Repositories, principal: StaffPrincipal, session_id: str, note: str | None) -> TableSession:
    session = _session_for(repos, principal, session_id, Permission.MANAGE_SESSIONS)
    session.reject(now_iso(), note)
    repos.sessions.end(session, was=SessionStatus.PENDING)
    return session


def close_session(repos: Repositories, principal: StaffPrincipal, session_id: str) -> TableSession:
    """active -> completed: the table is free at once; open requests close; loyalty points are earned."""
    session = _session_for(repos, principal, session_id, Permission.MANAGE_SESSIONS)
    now = now_iso()
    closed = _close_open_requests(repos, session, principal.staff_id, now)
    session.close(now)
    repos.sessions.end(session, was=SessionStatus.ACTIVE, closed_requests=closed)
    _award_points(repos, session)
    return session


def _close_open_requests(repos: Repositories, session: TableSession, staff_id: str, now: str) -> list[ServiceRequest]:
    requests = [repos.requests.get(rid) for rid in session.open_requests.values()]
    closed = [r for r in requests if r is not None and r.is_open]
    for request in closed:
        request.acknowledge(staff_id, now)
    return closed


def _award_points(repos: Repositories, session: TableSession) -> None:
    spent: dict[str, int] = defaultdict(int)
    for order in repos.orders.of_session(session.id):
        if order.customer_id:  # staff's orders for the whole table earn nobody points
            spent[order.customer_id] += order.subtotal
    for customer_id, amount in spent.items():
        customer = repos.customers.get(customer_id)
        if customer is not None and customer.is_loyalty and points_for(amount) > 0:
            repos.customers.add_points(customer_id, points_for(amount))


# -- orders --------------------------------------------------------------------------------
def open_orders(repos: Repositories, principal: StaffPrincipal, branch_id: str,
                status: OrderStatus | None = None) -> list[Order]:
    principal.require(Permission.VIEW_ORDERS, branch_id)
    if status is not None and status not in OPEN_ORDER_STATES:
        raise InvalidInput("Only open orders are listed: pending, accepted, preparing or ready.", field="status")
    orders = repos.orders.open_of_branch(branch_id)
    if principal.role is Role.KITCHEN:  # an order waiting for staff approval is not the kitchen's yet
        orders = [o for o in orders if not o.awaiting_approval]
    return [o for o in orders if status is None or o.status is status]


def _order_for(repos: Repositories, principal: StaffPrincipal, order_id: str, permission: Permission) -> Order:
    order = repos.orders.get(order_id)
    if order is None or order.branch_id not in principal.branch_ids \
            or (order.awaiting_approval and principal.role is Role.KITCHEN):  # not the kitchen's until accepted
        raise NotFound("No such order, or not at one of your branches.")
    principal.require(permission, order.branch_id)
    return order


def set_order_status(repos: Repositories, principal: StaffPrincipal, order_id: str, target: OrderStatus) -> Order:
    def attempt() -> Order:
        order = _order_for(repos, principal, order_id, Permission.UPDATE_ORDERS)
        if order.awaiting_approval:  # accepting or refusing it is the floor's call, not the kitchen's
            principal.require(Permission.APPROVE_HELD_ORDERS, order.branch_id)
        order.move(target, now_iso())
        repos.orders.save(order)
        return order

    return with_retries(attempt)


def set_line_status(repos: Repositories, principal: StaffPrincipal, order_id: str, line_id: str,
                    target: LineStatus) -> Order:
    """The kitchen's bump: one conditional write; a race on another line of the same order is retried."""
    def attempt() -> Order:
        order = _order_for(repos, principal, order_id, Permission.BUMP_LINES)
        order.move_line(line_id, target, now_iso())
        repos.orders.save(order)
        return order

    return with_retries(attempt)


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


# -- bills ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bill:
    session: TableSession
    currency: str
    orders: list[Order]

    @property
    def subtotal(self) -> int:
        return sum(o.subtotal for o in self.orders)

    @property
    def shares(self) -> list[PersonShare]:
        return split_by_person(self.orders)


def session_bill(repos: Repositories, principal: StaffPrincipal, session_id: str) -> Bill:
    session = _session_for(repos, principal, session_id, Permission.VIEW_FLOOR)
    orders = sorted(repos.orders.of_session(session.id), key=lambda o: o.created_at)
    branch = repos.venues.get_branch(session.branch_id)
    return Bill(session=session, currency=branch.currency if branch else "", orders=orders)
