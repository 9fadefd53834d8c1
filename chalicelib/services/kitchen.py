"""The kitchen's and the POS's orders: the open orders of a branch, and moving an order or one line."""
from __future__ import annotations

from ..auth import StaffPrincipal
from ..domain.clock import now_iso, utcnow
from ..domain.errors import IllegalTransition, InvalidInput
from ..domain.orders import OPEN_ORDER_STATES, AllDayCount, LineStatus, Order, OrderStatus, count_to_cook
from ..domain.pacing import estimate_after_progress
from ..domain.sessions import SessionStatus
from ..domain.staff import Permission, Role
from ..domain.stations import check_station
from ..ports import Repositories
from .access import require_table_open, staff_branch, staff_order
from .retries import with_retries


def _progressed(order: Order) -> None:
    """The kitchen moved the order on: its wait is what is left of it, never longer than before
    (pacing.estimate_after_progress). Written with the move, in the same conditional write."""
    order.estimate = estimate_after_progress(order, utcnow())


def open_orders(repos: Repositories, principal: StaffPrincipal, branch_id: str,
                status: OrderStatus | None = None) -> list[Order]:
    principal.require(Permission.VIEW_ORDERS, branch_id)
    if status is OrderStatus.SERVED:
        return recently_served(repos, principal, branch_id)
    if status is not None and status not in OPEN_ORDER_STATES:
        raise InvalidInput("Only open orders, or those served lately, are listed: pending, accepted, preparing, "
                           "ready or served.", field="status")
    orders = repos.orders.open_of_branch(branch_id)
    if principal.role is Role.KITCHEN:
        orders = [o for o in orders if o.kitchen_sees]
    return [o for o in orders if status is None or o.status is status]


def recently_served(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> list[Order]:
    """Orders of the branch's open tables served lately enough to be recalled, newest first: what a
    kitchen screen's "recently served" strip shows after a reload. One query per seated table: a
    screen loads rarely, and a closed table's tickets can no longer be recalled anyway."""
    principal.require(Permission.VIEW_ORDERS, branch_id)
    now = now_iso()
    served = [order
              for session in repos.sessions.of_branch(branch_id, SessionStatus.ACTIVE)
              for order in repos.orders.of_session(session.id)
              if order.recall_open(now) and (principal.role is not Role.KITCHEN or order.kitchen_sees)]
    return sorted(served, key=lambda o: o.updated_at, reverse=True)


def set_order_status(repos: Repositories, principal: StaffPrincipal, order_id: str, target: OrderStatus,
                     station: str | None = None) -> Order:
    """The whole order moves; with `station`, only "ready" for that station's lines (its screen's "All ready")."""
    if station is not None and target is not OrderStatus.READY:
        raise InvalidInput("station: only \"ready\" is done per station (a station's \"All ready\").", field="station")

    def attempt() -> Order:
        if station is not None:
            order = staff_order(repos, principal, order_id, Permission.BUMP_LINES)
            order.finish_station(station, now_iso())
            _progressed(order)
            repos.orders.save(order)
            return order
        order = staff_order(repos, principal, order_id, Permission.UPDATE_ORDERS)
        if order.awaiting_approval:  # accepting or refusing it is the floor's call, not the kitchen's
            principal.require(Permission.APPROVE_HELD_ORDERS, order.branch_id)
        if target is OrderStatus.CANCELLED:  # taking it off the bill: the floor's, never the kitchen's
            principal.require(Permission.VOID_ORDERS, order.branch_id)
        order.move(target, now_iso())
        _progressed(order)
        repos.orders.save(order)
        return order

    return with_retries(attempt)


def set_line_status(repos: Repositories, principal: StaffPrincipal, order_id: str, line_id: str,
                    target: LineStatus) -> Order:
    """The kitchen's bump: one conditional write; a race on another line of the same order is retried."""
    def attempt() -> Order:
        order = staff_order(repos, principal, order_id, Permission.BUMP_LINES)
        if target is LineStatus.CANCELLED:  # taking it off the bill: the floor's, never the kitchen's
            principal.require(Permission.VOID_ORDERS, order.branch_id)
        order.move_line(line_id, target, now_iso())
        _progressed(order)
        repos.orders.save(order)
        return order

    return with_retries(attempt)


def undo_line(repos: Repositories, principal: StaffPrincipal, order_id: str, line_id: str) -> Order:
    """A mistaken bump taken back: the line's previous state, within the domain's window."""
    def attempt() -> Order:
        order = staff_order(repos, principal, order_id, Permission.BUMP_LINES)
        require_table_open(repos, order)
        order.undo_line(line_id, now_iso())
        _progressed(order)
        repos.orders.save(order)
        return order

    return with_retries(attempt)


def recall_order(repos: Repositories, principal: StaffPrincipal, order_id: str) -> Order:
    """A served ticket called back to the kitchen's screen (its lines ready again)."""
    def attempt() -> Order:
        order = staff_order(repos, principal, order_id, Permission.BUMP_LINES)
        if not order.kitchen_sees:
            raise IllegalTransition("This order never reached the kitchen.")
        require_table_open(repos, order)
        order.recall(now_iso())
        repos.orders.save(order)
        return order

    return with_retries(attempt)


def all_day_counts(repos: Repositories, principal: StaffPrincipal, branch_id: str,
                   station: str | None = None) -> list[AllDayCount]:
    """The kitchen's all-day counts: every dish still to cook across the branch's open tickets
    (with `station`, only the dishes routed to that station: its screen's strip)."""
    if station is None:
        principal.require(Permission.VIEW_ORDERS, branch_id)
    else:
        branch = staff_branch(repos, principal, branch_id, Permission.VIEW_ORDERS)
        check_station(repos.menu.whole_menu(branch.chain_id).stations, station, "station")
    return count_to_cook(repos.orders.open_of_branch(branch_id), station=station)
