"""The fake of `chalicelib.store.service_requests.ServiceRequestRepository`."""
from __future__ import annotations

from chalicelib.domain.errors import ConcurrentUpdate, RequestAlreadyOpen
from chalicelib.domain.service_requests import RequestStatus, ServiceRequest
from chalicelib.domain.sessions import SessionStatus, TableSession
from tests.fakes.tables import Tables, _copy


class InMemoryServiceRequests:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, request_id: str) -> ServiceRequest | None:
        return _copy(self.db.requests.get(request_id))

    def of_session(self, session_id: str) -> list[ServiceRequest]:
        found = [q for q in self.db.requests.values() if q.session_id == session_id]
        return [_copy(q) for q in sorted(found, key=lambda q: q.id, reverse=True)]

    def open_of_branch(self, branch_id: str) -> list[ServiceRequest]:
        found = [q for q in self.db.requests.values() if q.branch_id == branch_id and q.is_open]
        return [_copy(q) for q in sorted(found, key=lambda q: f"{q.created_at}#{q.id}")]

    def open(self, request: ServiceRequest, session: TableSession) -> None:
        kind = request.kind.value
        stored = self.db.sessions.get(session.id)
        if request.id in self.db.requests or stored is None or stored.status is not SessionStatus.ACTIVE \
                or kind in stored.open_requests:
            raise RequestAlreadyOpen(f"A {kind} request is already open, or the session is not active.")
        self.db.requests[request.id] = _copy(request)
        stored.open_requests[kind] = request.id
        stored.version += 1

    def acknowledge(self, request: ServiceRequest, session: TableSession | None) -> None:
        kind = request.kind.value
        stored = self.db.requests.get(request.id)
        clears = session is not None and session.open_requests.get(kind) == request.id
        stored_session = self.db.sessions.get(session.id) if session is not None and clears else None
        if stored is None or stored.status is not RequestStatus.OPEN \
                or (clears and (stored_session is None or stored_session.open_requests.get(kind) != request.id)):
            raise ConcurrentUpdate("This request was acknowledged meanwhile.")
        self.db.requests[request.id] = _copy(request)
        if stored_session is not None:
            del stored_session.open_requests[kind]
            stored_session.version += 1
