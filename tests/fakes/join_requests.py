"""The fake of `chalicelib.store.join_requests.JoinRequestRepository`."""
from __future__ import annotations

from chalicelib.domain.errors import ConcurrentUpdate, JoinRequestDecided
from chalicelib.domain.join_requests import JoinRequest, JoinStatus
from chalicelib.domain.sessions import SessionStatus, TableSession
from tests.fakes.tables import Tables, _copy

OPEN_SESSION = (SessionStatus.PENDING, SessionStatus.ACTIVE)


class InMemoryJoinRequests:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, request_id: str) -> JoinRequest | None:
        return _copy(self.db.join_requests.get(request_id))

    def _waiting(self, match: str, value: str) -> list[JoinRequest]:
        found = [q for q in self.db.join_requests.values()
                 if getattr(q, match) == value and q.status is JoinStatus.WAITING]
        return [_copy(q) for q in sorted(found, key=lambda q: f"{q.created_at}#{q.id}")]

    def waiting_of_session(self, session_id: str) -> list[JoinRequest]:
        return self._waiting("session_id", session_id)

    def waiting_of_branch(self, branch_id: str) -> list[JoinRequest]:
        return self._waiting("branch_id", branch_id)

    def add(self, request: JoinRequest) -> None:
        session = self.db.sessions.get(request.session_id)
        if request.id in self.db.join_requests or session is None or session.status not in OPEN_SESSION:
            raise ConcurrentUpdate("The table's session changed meanwhile; try again.")
        self.db.join_requests[request.id] = _copy(request)

    def _still_waiting(self, request: JoinRequest, check_expiry: bool = True) -> bool:
        stored = self.db.join_requests.get(request.id)
        return stored is not None and stored.status is JoinStatus.WAITING \
            and (not check_expiry or stored.expires_at > (request.decided_at or ""))

    def allow(self, request: JoinRequest, session: TableSession) -> None:
        if not self._still_waiting(request):
            raise JoinRequestDecided("This request to join was decided meanwhile.")
        stored = self.db.sessions.get(session.id)
        if stored is None or stored.version != session.version or stored.status not in OPEN_SESSION:
            raise ConcurrentUpdate("The session changed meanwhile; try again.")
        self.db.join_requests[request.id] = _copy(request)
        session.version += 1
        self.db.sessions[session.id] = _copy(session)

    def settle(self, request: JoinRequest) -> None:
        if not self._still_waiting(request, check_expiry=request.status is not JoinStatus.EXPIRED):
            raise JoinRequestDecided("This request to join was decided meanwhile.")
        self.db.join_requests[request.id] = _copy(request)
