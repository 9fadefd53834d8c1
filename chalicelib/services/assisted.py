"""Waiter-assisted ordering: staff place orders on a table's behalf, through the same
ordering rules as the diners (server-side prices, the branch's order safety)."""
from __future__ import annotations

from ..auth import StaffPrincipal
from ..domain.errors import InvalidInput
from ..domain.orders import LineRequest, Order, check_line_requests
from ..domain.staff import Permission
from ..ports import Repositories
from .access import staff_session
from .idempotency import NO_KEY, Once
from .ordering import add_order


def place_order_for_table(repos: Repositories, principal: StaffPrincipal, session_id: str,
                          requests: list[LineRequest], notes: str = "", participant_id: str | None = None,
                          once: Once = NO_KEY) -> Order:
    """The order is the named participant's (on their share of the bill), or the table's as a
    whole when none is named (guests without a phone). Once per Idempotency-Key."""
    def place() -> Order:
        session = staff_session(repos, principal, session_id, Permission.TAKE_ORDERS)
        session.require_active()
        check_line_requests(requests)
        customer_id, name = "", ""
        if participant_id:
            participant = next((p for p in session.participants if p.customer_id == participant_id), None)
            if participant is None:
                raise InvalidInput("participantId: not a participant of this session", field="participantId")
            customer_id, name = participant.customer_id, participant.name
        return add_order(repos, session, requests, notes, customer_id=customer_id, customer_name=name,
                         placed_by_staff=principal.staff_id)

    return once.run(f"{principal.staff_id}:{session_id}", Order, place)
