"""Seating: staff open a table's session themselves, and move a session to another table."""
from __future__ import annotations

from ..auth import StaffPrincipal
from ..domain.clock import new_id, now_iso
from ..domain.errors import ConcurrentUpdate, NotFound, TableBusy
from ..domain.sessions import SessionStatus, TableSession
from ..domain.staff import Permission
from ..observability import logger
from ..ports import Repositories
from .access import staff_session
from .idempotency import NO_KEY, Once


def open_table_session(repos: Repositories, principal: StaffPrincipal, branch_id: str, code: str,
                       once: Once = NO_KEY) -> TableSession:
    """A waiter seats guests without a phone: an active session with no diner yet, on a free
    table. Diners who scan the table later join it with "Rejoin". Once per Idempotency-Key."""
    def seat() -> TableSession:
        principal.require(Permission.MANAGE_SESSIONS, branch_id)
        table = repos.venues.get_table(branch_id, code)
        if table is None:
            raise NotFound(f"There is no table {code!r} at this branch.", field="tableCode")
        if table.active_session_id or table.pending_session_id:
            raise TableBusy(f"Table {table.label} already has a session; act on that one.", field="tableCode")
        now = now_iso()
        session = TableSession(id=new_id(), branch_id=branch_id, table_code=code, status=SessionStatus.ACTIVE,
                               started_at=now, approved_at=now, opened_by_staff=principal.staff_id)
        repos.sessions.open_for_staff(session)
        logger.append_keys(session_id=session.id)
        return session

    return once.run(f"{principal.staff_id}:seat:{branch_id}:{code}", TableSession, seat)


def move_session(repos: Repositories, principal: StaffPrincipal, session_id: str, to_code: str,
                 from_code: str | None = None) -> TableSession:
    """Guests change seats: the active session goes to a free table of the same branch in one
    transaction, so of two moves racing one wins and the other is a 409; the old table is
    free at once. The diners' pages follow through the session's push. `from_code` is where
    the caller saw the session: a move decided on a stale picture is refused."""
    session = staff_session(repos, principal, session_id, Permission.MANAGE_SESSIONS)
    if from_code is not None and from_code != session.table_code:
        raise ConcurrentUpdate(f"The session has moved to {session.table_code} meanwhile.")
    target = repos.venues.get_table(session.branch_id, to_code)
    if target is None:
        raise NotFound(f"There is no table {to_code!r} at this branch.", field="tableCode")
    left = session.move_to(to_code)
    if target.active_session_id or target.pending_session_id:
        raise TableBusy(f"Table {target.label} is not free.", field="tableCode")
    orders = [o for o in repos.orders.of_session(session.id) if o.is_open]
    requests = [r for r in (repos.requests.get(rid) for rid in session.open_requests.values()) if r is not None]
    repos.sessions.move(session, left, orders, requests)
    logger.info("session moved", extra={"session_id": session.id, "from": left, "to": to_code})
    return session
