"""A session's itemised bill, split by who ordered."""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import StaffPrincipal
from ..domain.orders import Order, PersonShare, split_by_person
from ..domain.sessions import TableSession
from ..domain.staff import Permission
from ..ports import Repositories
from .access import staff_session


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
    session = staff_session(repos, principal, session_id, Permission.VIEW_FLOOR)
    orders = sorted(repos.orders.of_session(session.id), key=lambda o: o.created_at)
    branch = repos.venues.get_branch(session.branch_id)
    return Bill(session=session, currency=branch.currency if branch else "", orders=orders)
