"""Voids: a waiter or a manager takes an order, or one of its lines, off the bill with a reason
from a fixed list, before or after it reached the kitchen; the void stays on the line for reports."""
from __future__ import annotations

from collections.abc import Callable

from ..auth import StaffPrincipal
from ..domain.audit import AuditAction
from ..domain.clock import now_iso
from ..domain.orders import Order, VoidReason
from ..domain.staff import Permission
from ..ports import Repositories
from . import audit
from .access import require_table_open, staff_order
from .retries import with_retries


def void_order(repos: Repositories, principal: StaffPrincipal, order_id: str,
               reason: VoidReason, note: str) -> Order:
    """Every line still on the bill is voided; the order is then cancelled."""
    order = _voiding(repos, principal, order_id, lambda order, now: order.void(reason, note, principal.staff_id, now))
    _audit_void(repos, principal, order, reason, note, None)
    return order


def void_line(repos: Repositories, principal: StaffPrincipal, order_id: str, line_id: str,
              reason: VoidReason, note: str) -> Order:
    order = _voiding(repos, principal, order_id,
                     lambda order, now: order.void_line(line_id, reason, note, principal.staff_id, now))
    _audit_void(repos, principal, order, reason, note, line_id)
    return order


def _audit_void(repos: Repositories, principal: StaffPrincipal, order: Order, reason: VoidReason, note: str,
                line_id: str | None) -> None:
    """A sensitive floor action: in the branch's audit trail (issue 18)."""
    audit.record(repos, principal, branch_id=order.branch_id, action=AuditAction.ORDER_VOIDED, target=order.id,
                 after={"reason": str(reason), "note": note, "line": line_id or "all", "table": order.table_code})


def _voiding(repos: Repositories, principal: StaffPrincipal, order_id: str,
             change: Callable[[Order, str], None]) -> Order:
    def attempt() -> Order:
        order = staff_order(repos, principal, order_id, Permission.VOID_ORDERS)
        require_table_open(repos, order)
        change(order, now_iso())
        repos.orders.save(order)
        return order

    return with_retries(attempt)
