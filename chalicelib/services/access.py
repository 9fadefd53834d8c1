"""What every staff use case starts with: the caller's right on the branch, session or order
it names, and that object; one of another chain or branch is a 404, as if it did not exist."""
from __future__ import annotations

from ..auth import StaffPrincipal
from ..domain.errors import NotFound, SessionNotActive
from ..domain.orders import Order
from ..domain.sessions import SessionStatus, TableSession
from ..domain.staff import Permission, Role
from ..domain.venues import Branch
from ..ports import Repositories


def staff_branch(repos: Repositories, principal: StaffPrincipal, branch_id: str, permission: Permission) -> Branch:
    """The branch, if the caller holds `permission` on it; another chain's or branch's is a 404."""
    principal.require(permission, branch_id)
    branch = repos.venues.get_branch(branch_id)
    if branch is None:
        raise NotFound("No such branch, or not one of yours.")
    return branch


def staff_session(repos: Repositories, principal: StaffPrincipal, session_id: str, permission: Permission) -> TableSession:
    """The session, if it is at one of the caller's branches and they hold `permission` there."""
    session = repos.sessions.get(session_id)
    if session is None or session.branch_id not in principal.branch_ids:
        raise NotFound("No such session, or not at one of your branches.")
    principal.require(permission, session.branch_id)
    return session


def staff_order(repos: Repositories, principal: StaffPrincipal, order_id: str, permission: Permission) -> Order:
    """The order, if it is at one of the caller's branches, the caller may see it and holds `permission`."""
    order = repos.orders.get(order_id)
    if order is None or order.branch_id not in principal.branch_ids \
            or (principal.role is Role.KITCHEN and not order.kitchen_sees):
        raise NotFound("No such order, or not at one of your branches.")
    principal.require(permission, order.branch_id)
    return order


def require_table_open(repos: Repositories, order: Order) -> None:
    """A closed table's bill and tickets are final: no void, undo or recall reopens them."""
    session = repos.sessions.get(order.session_id)
    if session is None or session.status is not SessionStatus.ACTIVE:
        raise SessionNotActive("The table's session is closed; its bill can no longer change.")
