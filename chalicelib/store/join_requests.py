"""Requests to join a table's session."""
from __future__ import annotations

from typing import Any

from pynamodb.exceptions import PutError, TransactWriteError

from ..domain.errors import ConcurrentUpdate, JoinRequestDecided
from ..domain.join_requests import DecidedBy, JoinRequest, JoinStatus
from ..domain.sessions import SessionStatus, TableSession
from .dynamodb import _CONDITION_CODES, TransactWrite, _condition_failed, _get
from .models import JoinRequestRecord, SessionRecord
from .sessions import _session_record


class JoinRequestRepository:
    """Requests to join a session. Every decision is one write conditional on the request
    still waiting (and not expired), so two people deciding at once have one winner."""

    def get(self, request_id: str) -> JoinRequest | None:
        record = _get(JoinRequestRecord, request_id)
        return None if record is None else join_request_from_record(record)

    def waiting_of_session(self, session_id: str) -> list[JoinRequest]:
        return [join_request_from_record(r) for r in JoinRequestRecord.waiting_of_session.query(session_id)]

    def waiting_of_branch(self, branch_id: str) -> list[JoinRequest]:
        return [join_request_from_record(r) for r in JoinRequestRecord.waiting_of_branch.query(branch_id)]

    def add(self, request: JoinRequest) -> None:
        """Stores a new waiting request, only while its session is open."""
        try:
            with TransactWrite() as tx:
                tx.save(_join_request_record(request), condition=JoinRequestRecord.request_id.does_not_exist())
                tx.condition_check(SessionRecord, request.session_id,
                                   condition=SessionRecord.status.is_in(SessionStatus.PENDING.value,
                                                                        SessionStatus.ACTIVE.value))
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The table's session changed meanwhile; try again.") from exc
            raise

    def allow(self, request: JoinRequest, session: TableSession) -> None:
        """The request's state change and the session with its new participant: one transaction,
        on the request still waiting and unexpired, and the session at the version it was read
        (and still open). A request decided meanwhile: JoinRequestDecided; a session changed
        meanwhile (or ended): ConcurrentUpdate (the caller reads it again)."""
        try:
            with TransactWrite() as tx:
                tx.save(_join_request_record(request), condition=self._still_waiting(request))
                tx.save(_session_record(session, session.version + 1),
                        condition=(SessionRecord.version == session.version)
                        & SessionRecord.status.is_in(SessionStatus.PENDING.value, SessionStatus.ACTIVE.value))
        except TransactWriteError as exc:
            reasons = [getattr(r, "code", None) if r is not None else None
                       for r in getattr(exc, "cancellation_reasons", None) or []]
            if reasons and reasons[0] in _CONDITION_CODES - {"TransactionConflict"}:
                raise JoinRequestDecided("This request to join was decided meanwhile.") from exc
            if _condition_failed(exc):
                raise ConcurrentUpdate("The session changed meanwhile; try again.") from exc
            raise
        session.version += 1

    def settle(self, request: JoinRequest) -> None:
        """Declined or expired: one write, on the request still waiting."""
        condition = JoinRequestRecord.status == JoinStatus.WAITING.value
        if request.status is not JoinStatus.EXPIRED:
            condition = self._still_waiting(request)
        try:
            _join_request_record(request).save(condition=condition)
        except PutError as exc:
            if _condition_failed(exc):
                raise JoinRequestDecided("This request to join was decided meanwhile.") from exc
            raise

    @staticmethod
    def _still_waiting(request: JoinRequest) -> Any:
        return (JoinRequestRecord.status == JoinStatus.WAITING.value) \
            & (JoinRequestRecord.expires_at > (request.decided_at or ""))


def join_request_from_record(r: JoinRequestRecord) -> JoinRequest:
    return JoinRequest(
        id=r.request_id, branch_id=r.branch_id, table_code=r.table_code, session_id=r.session_id,
        customer_id=r.customer_id, name=r.name, created_at=r.created_at, expires_at=r.expires_at,
        device_key_hash=r.device_key_hash, status=JoinStatus(r.status),
        decided_by=DecidedBy(r.decided_by) if r.decided_by else None, decided_at=r.decided_at,
        decider_id=r.decider_id, client=r.client or "",
    )


def _join_request_record(q: JoinRequest) -> JoinRequestRecord:
    from datetime import timedelta

    from ..domain.clock import parse_iso

    return JoinRequestRecord(
        q.id, branch_id=q.branch_id, table_code=q.table_code, session_id=q.session_id, customer_id=q.customer_id,
        name=q.name, status=q.status.value, created_at=q.created_at, expires_at=q.expires_at,
        device_key_hash=q.device_key_hash, client=q.client or None,
        waiting_since=f"{q.created_at}#{q.id}" if q.status is JoinStatus.WAITING else None,
        decided_by=q.decided_by.value if q.decided_by else None, decider_id=q.decider_id, decided_at=q.decided_at,
        purge_at=parse_iso(q.expires_at) + timedelta(days=1),
    )
