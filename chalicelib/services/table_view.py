"""What a seated diner sees of their table (GET /session): the session, its orders and
requests, the bill split by who ordered, the phones waiting to join (while it is open), and
the diner's own profile (the menu page's allergens: no GET /me of its own)."""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import DinerPrincipal
from ..domain.customers import Customer
from ..domain.errors import NotFound
from ..domain.join_requests import JoinRequest
from ..domain.orders import Order, PersonShare, split_by_person
from ..domain.service_requests import ServiceRequest
from ..domain.sessions import TableSession
from ..domain.venues import Branch, DiningTable
from ..ports import Repositories
from .diners import diner_session
from .joining import waiting_of_session


@dataclass(frozen=True)
class SessionSnapshot:
    session: TableSession
    branch: Branch
    table: DiningTable
    orders: list[Order]
    requests: list[ServiceRequest]
    join_requests: list[JoinRequest]
    me: Customer | None  # the caller's profile (None: gone since the token was issued)

    @property
    def subtotal(self) -> int:
        return sum(order.subtotal for order in self.orders)

    @property
    def people(self) -> list[PersonShare]:
        return split_by_person(self.orders)


def session_snapshot(repos: Repositories, principal: DinerPrincipal) -> SessionSnapshot:
    session = diner_session(repos, principal)
    branch = repos.venues.get_branch(session.branch_id)
    table = repos.venues.get_table(session.branch_id, session.table_code)
    if branch is None or table is None:
        raise NotFound("This table no longer exists.")
    return SessionSnapshot(
        session=session, branch=branch, table=table,
        orders=repos.orders.of_session(session.id), requests=repos.requests.of_session(session.id),
        join_requests=waiting_of_session(repos, session.id) if session.is_open else [],
        me=repos.customers.get(principal.customer_id),
    )
