"""Orders and requests a diner makes on their table session."""
from __future__ import annotations

from ..auth import DinerPrincipal
from ..config import settings
from ..domain.clock import iso, new_id, now_iso, utcnow
from ..domain.errors import ConcurrentUpdate, NotFound, RequestAlreadyOpen
from ..domain.orders import LineRequest, Order, check_line_requests
from ..domain.pacing import KitchenPace, estimate_wait
from ..domain.service_requests import ServiceRequest
from ..domain.sessions import RequestKind, TableSession
from ..domain.venues import OrderSafety
from ..observability import ORDERS_PLACED, count, logger
from ..ports import Repositories
from .diners import diner_session
from .idempotency import NO_KEY, Once
from .menus import branch_and_menu
from .retries import with_retries


def place_order(repos: Repositories, principal: DinerPrincipal, requests: list[LineRequest], notes: str = "",
                once: Once = NO_KEY) -> Order:
    """A diner's order; a retry with the request's Idempotency-Key gets the same order back."""
    def place() -> Order:
        session = diner_session(repos, principal)
        session.require_active()
        check_line_requests(requests)
        repos.rate_limiter.hit(
            "orders", session.id, settings.orders_per_session_window, settings.order_window_s,
            "Too many orders in a minute from this table; wait a moment.",
        )
        participant = next(p for p in session.participants if p.customer_id == principal.customer_id)
        return add_order(repos, session, requests, notes, customer_id=participant.customer_id,
                         customer_name=participant.name)

    return once.run(principal.session_id, Order, place)


def add_order(repos: Repositories, session: TableSession, requests: list[LineRequest], notes: str, *,
              customer_id: str, customer_name: str, placed_by_staff: str | None = None) -> Order:
    """The one way an order is made, by a diner or by staff on the table's behalf: prices from
    the branch's menu, the branch's order safety (spending cap, approval threshold) applied."""
    branch, menu = branch_and_menu(repos, session.branch_id)
    pace = KitchenPace(branch.settings.default_prep_minutes, branch.settings.kitchen_parallelism)
    lines = menu.price_lines(requests, new_id, default_prep_minutes=pace.default_prep_minutes)
    moment = utcnow()
    now = iso(moment)
    order = Order(
        id=new_id(), session_id=session.id, branch_id=session.branch_id, table_code=session.table_code,
        customer_id=customer_id, customer_name=customer_name, currency=menu.currency,
        lines=lines, created_at=now, updated_at=now, notes=notes, placed_by_staff=placed_by_staff,
    )
    safety = branch.order_safety
    order.awaiting_approval = safety.needs_approval(order.total, order.portions)
    queue = repos.kitchen_queues.of_branch(session.branch_id)
    order.estimate = estimate_wait(order, queue, pace, moment)
    stale = queue.stale(moment)
    if stale:  # rare: a branch whose kitchen leaves orders open for half a day
        repos.kitchen_queues.apply(session.branch_id, dict.fromkeys(stale))
    _add_within_cap(repos, session, order, safety)
    logger.append_keys(session_id=session.id, order_id=order.id)
    count(ORDERS_PLACED)
    return order


def _add_within_cap(repos: Repositories, session: TableSession, order: Order, safety: OrderSafety) -> None:
    """Stores the order with the session's running total, checked against the spending cap in
    the same conditional write. When the write loses (another order of the table, a close),
    the session is read again: the error says why (ended, cap reached), or the write is retried."""
    read = [session]

    def attempt() -> None:
        current = read.pop() if read else repos.sessions.get(session.id)
        if current is None:
            raise NotFound("The table session vanished.")
        current.require_active()
        counted = current.ordered_total
        if counted is None:  # a session stored before the running total was kept: sum it once
            counted = sum(o.subtotal for o in repos.orders.of_session(current.id))
        safety.check_cap(counted, order.total, order.currency)
        repos.orders.add(order, current, counted, safety.spending_cap)

    with_retries(attempt)


def session_orders(repos: Repositories, principal: DinerPrincipal) -> list[Order]:
    session = diner_session(repos, principal)
    return repos.orders.of_session(session.id)


def open_request(repos: Repositories, principal: DinerPrincipal, kind: RequestKind) -> tuple[ServiceRequest, bool]:
    """Calls a waiter or asks for the bill. Returns (request, created): while one of the kind is
    open, the open one is returned instead of stacking a second."""

    def attempt() -> tuple[ServiceRequest, bool]:
        session = diner_session(repos, principal)
        session.require_active()
        open_id = session.open_requests.get(kind.value)
        if open_id:
            existing = repos.requests.get(open_id)
            if existing is None:
                raise NotFound("The open request vanished.")
            return existing, False
        request = ServiceRequest(
            id=new_id(), kind=kind, session_id=session.id, branch_id=session.branch_id,
            table_code=session.table_code, customer_id=principal.customer_id, created_at=now_iso(),
        )
        try:
            repos.requests.open(request, session)
        except RequestAlreadyOpen as exc:
            raise ConcurrentUpdate(exc.message) from exc  # re-read: now it is open, or the session ended
        return request, True

    return with_retries(attempt)
