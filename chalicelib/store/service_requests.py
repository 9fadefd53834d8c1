"""Diners' requests to the staff (the waiter, the bill), one open per kind and session."""
from __future__ import annotations

from pynamodb.exceptions import TransactWriteError

from ..domain.errors import ConcurrentUpdate, RequestAlreadyOpen
from ..domain.service_requests import RequestStatus, ServiceRequest
from ..domain.sessions import RequestKind, SessionStatus, TableSession
from .dynamodb import TransactWrite, _condition_failed, _get, query_then_get
from .models import ServiceRequestRecord, SessionRecord


class ServiceRequestRepository:
    def get(self, request_id: str) -> ServiceRequest | None:
        record = _get(ServiceRequestRecord, request_id)
        return None if record is None else request_from_record(record)

    def of_session(self, session_id: str) -> list[ServiceRequest]:
        """Newest first."""
        return [request_from_record(r) for r in query_then_get(
            ServiceRequestRecord, ServiceRequestRecord.by_session, session_id, _request_id, scan_index_forward=False)]

    def open_of_branch(self, branch_id: str) -> list[ServiceRequest]:
        return [request_from_record(r) for r in ServiceRequestRecord.open_by_branch.query(branch_id)]

    def open(self, request: ServiceRequest, session: TableSession) -> None:
        """Stores the request and marks it as the session's open one of its kind.

        Conflict when one of that kind is already open (the caller returns that one)."""
        kind = request.kind.value
        try:
            with TransactWrite() as tx:
                tx.save(_request_record(request), condition=ServiceRequestRecord.request_id.does_not_exist())
                tx.update(
                    SessionRecord(session.id),
                    actions=[SessionRecord.open_requests[kind].set(request.id), SessionRecord.version.add(1)],
                    condition=(SessionRecord.status == SessionStatus.ACTIVE.value)
                    & SessionRecord.open_requests[kind].does_not_exist(),
                )
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise RequestAlreadyOpen(f"A {kind} request is already open, or the session is not active.") from exc
            raise

    def acknowledge(self, request: ServiceRequest, session: TableSession | None) -> None:
        try:
            with TransactWrite() as tx:
                tx.save(_request_record(request), condition=ServiceRequestRecord.status == RequestStatus.OPEN.value)
                if session is not None and session.open_requests.get(request.kind.value) == request.id:
                    kind = request.kind.value
                    tx.update(
                        SessionRecord(session.id),
                        actions=[SessionRecord.open_requests[kind].remove(), SessionRecord.version.add(1)],
                        condition=SessionRecord.open_requests[kind] == request.id,
                    )
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("This request was acknowledged meanwhile.") from exc
            raise


def _request_id(r: ServiceRequestRecord) -> str:
    return r.request_id


def request_from_record(r: ServiceRequestRecord) -> ServiceRequest:
    return ServiceRequest(
        id=r.request_id, kind=RequestKind(r.kind), session_id=r.session_id, branch_id=r.branch_id,
        table_code=r.table_code, customer_id=r.customer_id, created_at=r.created_at,
        status=RequestStatus(r.status), acknowledged_at=r.acknowledged_at, acknowledged_by=r.acknowledged_by,
    )


def _request_record(q: ServiceRequest) -> ServiceRequestRecord:
    return ServiceRequestRecord(
        q.id, kind=q.kind.value, session_id=q.session_id, branch_id=q.branch_id, table_code=q.table_code,
        customer_id=q.customer_id, status=q.status.value, created_at=q.created_at,
        acknowledged_at=q.acknowledged_at, acknowledged_by=q.acknowledged_by,
        open_since=f"{q.created_at}#{q.id}" if q.is_open else None,
    )
