"""Order safety: a branch's spending cap and approval threshold, and staff rejecting an order."""
from __future__ import annotations

from dataclasses import asdict, replace

from ..auth import StaffPrincipal
from ..domain.audit import AuditAction
from ..domain.clock import now_iso
from ..domain.orders import Order
from ..domain.staff import Permission
from ..domain.venues import Branch
from ..ports import Repositories
from . import audit
from .access import staff_branch, staff_order
from .retries import with_retries


def set_order_safety(repos: Repositories, principal: StaffPrincipal, branch_id: str, **changes: int | None) -> Branch:
    """Sets the rules named (OrderSafety's fields); the others stay as the branch has them."""
    branch = staff_branch(repos, principal, branch_id, Permission.EDIT_ORDER_SAFETY)
    safety = replace(branch.order_safety, **changes)
    repos.venues.set_order_safety(branch_id, safety)
    audit.record(repos, principal, branch_id=branch_id, action=AuditAction.ORDER_SAFETY_CHANGED, target=branch_id,
                 before=asdict(branch.order_safety), after=asdict(safety))
    return replace(branch, order_safety=safety)


def reject_order(repos: Repositories, principal: StaffPrincipal, order_id: str, reason: str | None) -> Order:
    """A pending order is refused (the diner sees the reason); nothing of it reaches the kitchen."""
    def attempt() -> Order:
        order = staff_order(repos, principal, order_id, Permission.APPROVE_HELD_ORDERS)
        order.reject(now_iso(), reason)
        repos.orders.save(order)
        return order

    return with_retries(attempt)
