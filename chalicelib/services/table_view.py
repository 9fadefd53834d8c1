"""What a seated diner sees of their table (GET /session): the session, its orders and
requests, the bill split by who ordered, the phones waiting to join (while it is open), and
the diner's own profile (the menu page's allergens: no GET /me of its own)."""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import DinerPrincipal
from ..concurrency import in_parallel
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
    """The reads the token's claims name are made side by side with the session's own (nothing
    read is answered unless the session checks out against every claim), then the table, which
    the session names (it may have moved): two round trips, not one per read."""
    session, branch, orders, requests, waiting, me = in_parallel(
        lambda: diner_session(repos, principal),
        lambda: repos.venues.get_branch(principal.branch_id),
        lambda: repos.orders.of_session(principal.session_id),
        lambda: repos.requests.of_session(principal.session_id),
        lambda: waiting_of_session(repos, principal.session_id),
        lambda: repos.customers.get(principal.customer_id),
    )
    table = repos.venues.get_table(session.branch_id, session.table_code)
    if branch is None or table is None:
        raise NotFound("This table no longer exists.")
    return SessionSnapshot(
        session=session, branch=branch, table=table, orders=orders, requests=requests,
        join_requests=waiting if session.is_open else [], me=me,
    )
