"""The fake of `chalicelib.store.sessions.SessionRepository`: a session and its table's pointers,
changed together, and the orders and requests a move or a close carries along."""
from __future__ import annotations

from collections.abc import Iterable

from chalicelib.domain.errors import ConcurrentUpdate, PendingSessionExists, TableBusy
from chalicelib.domain.orders import Order
from chalicelib.domain.service_requests import RequestStatus, ServiceRequest
from chalicelib.domain.sessions import MAX_PARTICIPANTS, Participant, SessionStatus, TableSession
from tests.fakes.tables import Tables, _copy


class InMemorySessions:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, session_id: str) -> TableSession | None:
        return _copy(self.db.sessions.get(session_id))

    def of_branch(self, branch_id: str, status: SessionStatus, start_from: str = "", start_to: str = "",
                  limit: int = 200) -> list[TableSession]:
        low, high = start_from or "", start_to or "~"
        found = [s for s in self.db.sessions.values()
                 if s.branch_id == branch_id and s.status is status
                 and (not (start_from or start_to) or low <= s.started_at <= high)]
        found.sort(key=lambda s: s.started_at, reverse=True)
        return [_copy(s) for s in found[:limit]]

    def _stored_at(self, session: TableSession, *states: SessionStatus) -> bool:
        stored = self.db.sessions.get(session.id)
        return stored is not None and stored.version == session.version and stored.status in states

    def _keep(self, session: TableSession) -> None:
        session.version += 1
        self.db.sessions[session.id] = _copy(session)

    def _requests_open(self, requests: Iterable[ServiceRequest]) -> bool:
        return all((r := self.db.requests.get(q.id)) is not None and r.status is RequestStatus.OPEN for q in requests)

    def _close(self, requests: Iterable[ServiceRequest]) -> None:
        for request in requests:
            self.db.requests[request.id] = _copy(request)

    def open_pending(self, session: TableSession) -> None:
        table = self.db.tables.get((session.branch_id, session.table_code))
        if session.id in self.db.sessions or table is None or table.pending_session_id:
            raise PendingSessionExists("The table already has a session waiting for approval.")
        table.pending_session_id = session.id
        self._keep(session)

    def open_for_staff(self, session: TableSession) -> None:
        table = self.db.tables.get((session.branch_id, session.table_code))
        if session.id in self.db.sessions or table is None or table.active_session_id or table.pending_session_id:
            raise TableBusy(f"Table {session.table_code} already has a session.", field="tableCode")
        table.active_session_id = session.id
        self._keep(session)

    def save(self, session: TableSession) -> None:
        stored = self.db.sessions.get(session.id)
        if stored is None or stored.version != session.version:
            raise ConcurrentUpdate("The session changed meanwhile; try again.")
        self._keep(session)

    def append_participant(self, session: TableSession, participant: Participant) -> None:
        stored = self.db.sessions.get(session.id)
        if stored is None or stored.status is not SessionStatus.PENDING or len(stored.participants) >= MAX_PARTICIPANTS:
            raise ConcurrentUpdate("The session was approved, closed or filled meanwhile.")
        stored.participants.append(_copy(participant))
        stored.version += 1
        session.participants.append(participant)
        session.version += 1

    def activate(self, session: TableSession, replaced: TableSession | None,
                 closed_requests: Iterable[ServiceRequest] = ()) -> None:
        closed_requests = list(closed_requests)
        table = self.db.tables.get((session.branch_id, session.table_code))
        ok = self._stored_at(session, SessionStatus.PENDING) and table is not None \
            and table.pending_session_id == session.id and self._requests_open(closed_requests)
        if replaced is not None:
            ok = ok and self._stored_at(replaced, SessionStatus.ACTIVE) and table is not None \
                and table.active_session_id == replaced.id
        else:
            ok = ok and table is not None and not table.active_session_id
        if not ok or table is None:
            raise ConcurrentUpdate("The session or its table changed meanwhile (someone else acted on it).")
        self._keep(session)
        if replaced is not None:
            self._keep(replaced)
        table.active_session_id, table.pending_session_id = session.id, None
        self._close(closed_requests)

    def end(self, session: TableSession, was: SessionStatus, closed_requests: Iterable[ServiceRequest] = ()) -> None:
        closed_requests = list(closed_requests)
        table = self.db.tables.get((session.branch_id, session.table_code))
        pointer = "pending_session_id" if was is SessionStatus.PENDING else "active_session_id"
        if not self._stored_at(session, was) or table is None or getattr(table, pointer) != session.id \
                or not self._requests_open(closed_requests):
            raise ConcurrentUpdate("The session changed meanwhile (someone else acted on it).")
        self._keep(session)
        setattr(table, pointer, None)
        self._close(closed_requests)

    def move(self, session: TableSession, left: str, orders: Iterable[Order],
             requests: Iterable[ServiceRequest]) -> None:
        orders, requests = list(orders), list(requests)
        old = self.db.tables.get((session.branch_id, left))
        new = self.db.tables.get((session.branch_id, session.table_code))
        ok = self._stored_at(session, SessionStatus.ACTIVE) and old is not None and old.active_session_id == session.id \
            and new is not None and not new.active_session_id and not new.pending_session_id \
            and all((o := self.db.orders.get(order.id)) is not None and o.version == order.version for order in orders) \
            and all(request.id in self.db.requests for request in requests)
        if not ok or old is None or new is None:
            raise ConcurrentUpdate("The session or one of the tables changed meanwhile "
                                   "(someone else moved or closed it, or seated the table).")
        self._keep(session)
        old.active_session_id, new.active_session_id = None, session.id
        for order in orders:
            stored_order = self.db.orders[order.id]
            stored_order.table_code = session.table_code
            stored_order.version += 1
            order.version += 1
            order.table_code = session.table_code
        for request in requests:
            self.db.requests[request.id].table_code = session.table_code
            request.table_code = session.table_code
