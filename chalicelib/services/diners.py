"""The diner's side: the table's entry page, registration, the session and the profile."""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import DinerPrincipal, TokenService, table_id
from ..bootstrap import Repositories
from ..config import settings
from ..domain.clock import new_id, now_iso
from ..domain.customers import Customer, RegistrationMode
from ..domain.errors import (
    ConcurrentUpdate,
    InvalidInput,
    InvalidToken,
    NotActiveSessionOfTable,
    NotFound,
    PendingSessionExists,
)
from ..domain.orders import Order
from ..domain.service_requests import ServiceRequest
from ..domain.sessions import SessionStatus, TableSession
from ..domain.venues import Branch, DiningTable
from .retries import with_retries


@dataclass(frozen=True)
class Registration:
    mode: RegistrationMode
    name: str
    phone: str | None = None
    email: str | None = None
    birth_date: str | None = None
    join: str | None = None


@dataclass(frozen=True)
class TableEntry:
    branch: Branch
    table: DiningTable
    active_session: TableSession | None


@dataclass(frozen=True)
class Registered:
    token: str
    session: TableSession
    customer: Customer


@dataclass(frozen=True)
class SessionSnapshot:
    session: TableSession
    branch: Branch
    table: DiningTable
    orders: list[Order]
    requests: list[ServiceRequest]

    @property
    def subtotal(self) -> int:
        return sum(order.subtotal for order in self.orders)


def find_table(repos: Repositories, slug: str, code: str) -> tuple[Branch, DiningTable]:
    branch = repos.venues.branch_by_slug(slug)
    table = repos.venues.get_table(branch.id, code) if branch else None
    if branch is None or table is None:
        raise NotFound(f"There is no table {code!r} at {slug!r}.")
    return branch, table


def describe_table(repos: Repositories, slug: str, code: str) -> TableEntry:
    branch, table = find_table(repos, slug, code)
    active = repos.sessions.get(table.active_session_id) if table.active_session_id else None
    return TableEntry(branch=branch, table=table, active_session=active)


def register_diner(repos: Repositories, tokens: TokenService, slug: str, code: str, registration: Registration) -> Registered:
    """Registers the diner and opens the table's session, or joins it (a rejoin, another phone)."""
    branch, table = find_table(repos, slug, code)
    repos.rate_limiter.hit(
        "register", table_id(branch.id, code), settings.registrations_per_table_window,
        settings.registration_window_s, "Too many sign-ins at this table; please wait a few minutes or ask staff.",
    )
    customer = _identify_customer(repos, branch.chain_id, registration)
    if registration.join:
        session, joined = _join_active(repos, table, registration.join, customer, registration.name)
    else:
        session, joined = _open_or_join_pending(repos, branch, code, customer, registration.name)
    if joined and session.status is SessionStatus.ACTIVE:  # pending sign-ups count when approved
        repos.customers.record_visit(customer.id)
        customer.visits += 1
    token = tokens.issue_diner(DinerPrincipal(
        customer_id=customer.id, table_id=table_id(branch.id, code), session_id=session.id, branch_id=branch.id,
    ))
    return Registered(token=token, session=session, customer=customer)


def _identify_customer(repos: Repositories, chain_id: str, registration: Registration) -> Customer:
    """Every sign-up is a new guest. A loyalty sign-up's phone is not proof of who is typing
    it: the guest links to (or becomes) the phone's account only once the code sent to it is
    entered (`services/phone_verification.py`), so the phone is not kept here."""
    if registration.mode is RegistrationMode.LOYALTY and not registration.phone:
        raise InvalidInput("A loyalty account needs a phone number.", field="phone")
    customer = Customer(
        id=new_id(), chain_id=chain_id, mode=RegistrationMode.QUICK, name=registration.name, created_at=now_iso(),
        phone=registration.phone if registration.mode is RegistrationMode.QUICK else None,
        email=registration.email, birth_date=registration.birth_date,
    )
    repos.customers.add(customer)
    return customer


def _join_active(repos: Repositories, table: DiningTable, session_id: str, customer: Customer,
                 display_name: str) -> tuple[TableSession, bool]:
    def attempt() -> tuple[TableSession, bool]:
        fresh_table = repos.venues.get_table(table.branch_id, table.code)
        session = repos.sessions.get(session_id)
        if fresh_table is None or session is None or fresh_table.active_session_id != session_id \
                or session.status is not SessionStatus.ACTIVE:
            raise NotActiveSessionOfTable("That is not this table's active session any more.", field="join")
        added = session.add_participant(customer.id, display_name, now_iso())
        repos.sessions.save(session)
        return session, added

    return with_retries(attempt)


def _open_or_join_pending(repos: Repositories, branch: Branch, code: str, customer: Customer,
                          display_name: str) -> tuple[TableSession, bool]:
    def attempt() -> tuple[TableSession, bool]:
        table = repos.venues.get_table(branch.id, code)
        assert table is not None
        if table.pending_session_id:
            pending = repos.sessions.get(table.pending_session_id)
            if pending is not None and pending.status is SessionStatus.PENDING:
                added = pending.add_participant(customer.id, display_name, now_iso())
                repos.sessions.save(pending)
                return pending, added
        now = now_iso()
        session = TableSession(
            id=new_id(), branch_id=branch.id, table_code=code, status=SessionStatus.PENDING, started_at=now,
            replaces_session_id=table.active_session_id,
        )
        session.add_participant(customer.id, display_name, now)
        try:
            repos.sessions.open_pending(session)
        except PendingSessionExists as exc:  # another phone at this table won the race: join it
            raise ConcurrentUpdate(exc.message) from exc
        return session, True

    return with_retries(attempt)


# -- the signed-in diner -------------------------------------------------------------------
def diner_session(repos: Repositories, principal: DinerPrincipal) -> TableSession:
    """The caller's session, checked against every claim of the token."""
    session = repos.sessions.get(principal.session_id)
    if (
        session is None
        or session.branch_id != principal.branch_id
        or not any(table_id(session.branch_id, code) == principal.table_id
                   for code in (session.table_code, *session.previous_tables))
        or not session.has_participant(principal.customer_id)
    ):
        raise InvalidToken("This sign-in no longer matches a table session; scan the table's code again.")
    return session


def session_snapshot(repos: Repositories, principal: DinerPrincipal) -> SessionSnapshot:
    session = diner_session(repos, principal)
    branch = repos.venues.get_branch(session.branch_id)
    table = repos.venues.get_table(session.branch_id, session.table_code)
    if branch is None or table is None:
        raise NotFound("This table no longer exists.")
    return SessionSnapshot(
        session=session, branch=branch, table=table,
        orders=repos.orders.of_session(session.id), requests=repos.requests.of_session(session.id),
    )


def get_profile(repos: Repositories, principal: DinerPrincipal) -> Customer:
    diner_session(repos, principal)
    customer = repos.customers.get(principal.customer_id)
    if customer is None:
        raise NotFound("Your profile no longer exists.")
    return customer


_UNSET = object()


def update_profile(repos: Repositories, principal: DinerPrincipal, *, name=_UNSET, email=_UNSET,
                   birth_date=_UNSET, avoid_allergens=_UNSET) -> Customer:
    diner_session(repos, principal).require_not_ended()
    customer = repos.customers.get(principal.customer_id)
    if customer is None:
        raise NotFound("Your profile no longer exists.")
    if name is not _UNSET:
        customer.name = name
    if email is not _UNSET:
        customer.email = email
    if birth_date is not _UNSET:
        customer.birth_date = birth_date
    if avoid_allergens is not _UNSET:
        customer.avoid_allergens = list(avoid_allergens)
    repos.customers.save_profile(customer)
    return customer
