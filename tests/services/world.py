"""Builders for the service tests: the demo chain's people, a diner seated at a table."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from chalicelib.auth import DinerPrincipal, StaffPrincipal, TokenService
from chalicelib.domain.customers import RegistrationMode
from chalicelib.domain.orders import LineRequest, Order
from chalicelib.domain.staff import Role
from chalicelib.ports import Repositories
from chalicelib.services import diners, floor, ordering

DOWNTOWN = "br_downtown-lima"
MIRAFLORES = "br_miraflores"
OWNER = StaffPrincipal("st_owner_at_demo_comanda", Role.OWNER, (DOWNTOWN, MIRAFLORES))
MANAGER = StaffPrincipal("st_manager_at_downtown_demo_comanda", Role.MANAGER, (DOWNTOWN,))
KITCHEN = StaffPrincipal("st_kitchen_at_downtown_demo_comanda", Role.KITCHEN, (DOWNTOWN,))
WAITER = StaffPrincipal("st_waiter_at_miraflores_demo_comanda", Role.WAITER, (MIRAFLORES,))

_addresses = (f"198.51.100.{n % 250}" for n in itertools.count(1))


def client_ip() -> str:
    """A different address for each sign-up, so that the per-client limits do not add up."""
    return next(_addresses)


def sign_up(repos: Repositories, tokens: TokenService, code: str = "T12", name: str = "Ana",
            slug: str = "downtown-lima", **extra: object) -> diners.Registered | diners.JoinAsked:
    fields: dict[str, object] = {"mode": RegistrationMode.QUICK, "client_ip": client_ip(), **extra}
    registration = diners.Registration(name=name, **fields)  # type: ignore[arg-type]
    return diners.register_diner(repos, tokens, slug, code, registration)


@dataclass
class Seated:
    principal: DinerPrincipal
    registered: diners.Registered

    @property
    def session_id(self) -> str:
        return self.principal.session_id


def seated(repos: Repositories, tokens: TokenService, code: str = "T12", name: str = "Ana",
           slug: str = "downtown-lima", staff: StaffPrincipal = MANAGER) -> Seated:
    """A diner signed up at the table and approved by staff."""
    registered = sign_up(repos, tokens, code, name, slug)
    assert isinstance(registered, diners.Registered)
    floor.approve_session(repos, staff, registered.session.id)
    return Seated(tokens.diner(registered.token), registered)


def order(repos: Repositories, diner: Seated, *lines: tuple[str, int]) -> Order:
    return ordering.place_order(repos, diner.principal, [LineRequest(item, quantity) for item, quantity in lines])

# the demo's waiters at downtown-lima: Ana serves the Salón (T1-T20), Luis the Terraza (T21-T40)
ANA = StaffPrincipal("st_ana_at_downtown_demo_comanda", Role.WAITER, (DOWNTOWN,))
LUIS = StaffPrincipal("st_luis_at_downtown_demo_comanda", Role.WAITER, (DOWNTOWN,))
