"""Table sessions and their tables' pointers to them."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition, size
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite as _TransactWrite

from ..domain.errors import ConcurrentUpdate, PendingSessionExists, TableBusy
from ..domain.orders import Order
from ..domain.payments import Payment, PaymentMethod, Tender
from ..domain.service_requests import RequestStatus, ServiceRequest
from ..domain.sessions import MAX_PARTICIPANTS, EndReason, Participant, SessionStatus, TableSession
from .dynamodb import TransactWrite, _condition_failed, _get, query_then_get
from .models import (
    DiningTableRecord,
    OrderRecord,
    ParticipantMap,
    PaymentMap,
    ServiceRequestRecord,
    SessionRecord,
    SessionsOfBranch,
    TenderMap,
)
from .service_requests import _request_record


class SessionRepository:
    """Table sessions. Every write is conditional on the version (or state) it was read at."""

    def get(self, session_id: str) -> TableSession | None:
        record = _get(SessionRecord, session_id)
        return None if record is None else session_from_record(record)

    def of_branch(self, branch_id: str, status: SessionStatus, start_from: str = "", start_to: str = "",
                  limit: int = 200) -> list[TableSession]:
        """Newest first. A session that changed state since the index listed it is left out."""
        prefix = f"{status.value}#"
        condition: Condition
        if start_from or start_to:
            condition = SessionsOfBranch.state_key.between(
                prefix + (start_from or ""), prefix + (start_to or "~")
            )
        else:
            condition = SessionsOfBranch.state_key.startswith(prefix)
        records = query_then_get(SessionRecord, SessionRecord.by_branch_state, branch_id, _session_id,
                                 still=lambda r: r.status == status.value,
                                 range_key_condition=condition, scan_index_forward=False, limit=limit)
        return [session_from_record(r) for r in records]

    def open_pending(self, session: TableSession) -> None:
        """Stores a new pending session and points its table at it.

        Conflict when the table already has a pending session (the caller joins that one).
        """
        self._seat(session, DiningTableRecord.pending_session_id, DiningTableRecord.pending_session_id.does_not_exist(),
                   PendingSessionExists("The table already has a session waiting for approval."))

    def save(self, session: TableSession) -> None:
        """Saves participants or fields of an open session (not a state change)."""
        try:
            _session_record(session, session.version + 1).save(condition=SessionRecord.version == session.version)
        except PutError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The session changed meanwhile; try again.") from exc
            raise
        session.version += 1

    def append_participant(self, session: TableSession, participant: Participant) -> None:
        """Adds a new participant with one UpdateItem (list_append), only while the session is
        still pending and not full: phones racing into one session never conflict with each
        other, as version-conditional writes of the whole session would."""
        try:
            SessionRecord(session.id).update(
                actions=[SessionRecord.participants.set(SessionRecord.participants.append([_participant_map(participant)])),
                         SessionRecord.version.add(1)],
                condition=(SessionRecord.status == SessionStatus.PENDING.value)
                & (size(SessionRecord.participants) < MAX_PARTICIPANTS),
            )
        except UpdateError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The session was approved, closed or filled meanwhile.") from exc
            raise
        session.participants.append(participant)
        session.version += 1

    def activate(self, session: TableSession, replaced: TableSession | None,
                 closed_requests: Iterable[ServiceRequest] = ()) -> None:
        """pending -> active: the table's pending pointer becomes its active one; a session it
        replaces is completed in the same transaction. A racing approval loses with a Conflict."""
        try:
            with TransactWrite() as tx:
                tx.save(_session_record(session, session.version + 1),
                        condition=(SessionRecord.version == session.version) & (SessionRecord.status == SessionStatus.PENDING.value))
                actions: list[Action] = [
                    DiningTableRecord.active_session_id.set(session.id),
                    DiningTableRecord.pending_session_id.remove(),
                ]
                condition = DiningTableRecord.pending_session_id == session.id
                if replaced is not None:
                    tx.save(_session_record(replaced, replaced.version + 1),
                            condition=(SessionRecord.version == replaced.version) & (SessionRecord.status == SessionStatus.ACTIVE.value))
                    condition &= DiningTableRecord.active_session_id == replaced.id
                else:
                    condition &= DiningTableRecord.active_session_id.does_not_exist()
                tx.update(DiningTableRecord(session.branch_id, session.table_code), actions=actions, condition=condition)
                _close_requests(tx, closed_requests)
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The session or its table changed meanwhile (someone else acted on it).") from exc
            raise
        session.version += 1
        if replaced is not None:
            replaced.version += 1

    def end(self, session: TableSession, was: SessionStatus, closed_requests: Iterable[ServiceRequest] = ()) -> None:
        """pending|active -> completed, releasing the table's pointer in the same transaction."""
        pointer = DiningTableRecord.pending_session_id if was is SessionStatus.PENDING else DiningTableRecord.active_session_id
        try:
            with TransactWrite() as tx:
                tx.save(_session_record(session, session.version + 1),
                        condition=(SessionRecord.version == session.version) & (SessionRecord.status == was.value))
                tx.update(
                    DiningTableRecord(session.branch_id, session.table_code),
                    actions=[pointer.remove()],
                    condition=pointer == session.id,
                )
                _close_requests(tx, closed_requests)
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The session changed meanwhile (someone else acted on it).") from exc
            raise
        session.version += 1

    def open_for_staff(self, session: TableSession) -> None:
        """Staff seat a free table themselves (guests without a phone): the session starts
        active and the table points at it, only if the table has no session at all."""
        self._seat(session, DiningTableRecord.active_session_id,
                   DiningTableRecord.active_session_id.does_not_exist() & DiningTableRecord.pending_session_id.does_not_exist(),
                   TableBusy(f"Table {session.table_code} already has a session.", field="tableCode"))

    @staticmethod
    def _seat(session: TableSession, pointer: Any, table_free: Any, busy: Exception) -> None:
        """Stores a new session and points its table at it (`pointer`), only while `table_free`
        holds; `busy` is raised when it does not."""
        try:
            with TransactWrite() as tx:
                tx.save(_session_record(session, session.version + 1),
                        condition=SessionRecord.session_id.does_not_exist())
                tx.update(
                    DiningTableRecord(session.branch_id, session.table_code),
                    actions=[pointer.set(session.id)],
                    condition=DiningTableRecord.code.exists() & table_free,
                )
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise busy from exc
            raise
        session.version += 1

    def move(self, session: TableSession, left: str, orders: Iterable[Order],
             requests: Iterable[ServiceRequest]) -> None:
        """One transaction moves the session from table `left` to its new table: both table
        pointers, the session (at the version it was read), and the table code its open orders
        and requests carry. The new table must have no session; a racing move, close or order
        change makes the whole move fail with a Conflict, and nothing is half-moved."""
        try:
            with TransactWrite() as tx:
                tx.save(_session_record(session, session.version + 1),
                        condition=(SessionRecord.version == session.version)
                        & (SessionRecord.status == SessionStatus.ACTIVE.value))
                tx.update(
                    DiningTableRecord(session.branch_id, left),
                    actions=[DiningTableRecord.active_session_id.remove()],
                    condition=DiningTableRecord.active_session_id == session.id,
                )
                tx.update(
                    DiningTableRecord(session.branch_id, session.table_code),
                    actions=[DiningTableRecord.active_session_id.set(session.id)],
                    condition=DiningTableRecord.code.exists() & DiningTableRecord.active_session_id.does_not_exist()
                    & DiningTableRecord.pending_session_id.does_not_exist(),
                )
                for order in orders:
                    tx.update(
                        OrderRecord(order.id),
                        actions=[OrderRecord.table_code.set(session.table_code), OrderRecord.version.add(1)],
                        condition=OrderRecord.version == order.version,
                    )
                for request in requests:
                    tx.update(
                        ServiceRequestRecord(request.id),
                        actions=[ServiceRequestRecord.table_code.set(session.table_code)],
                        condition=ServiceRequestRecord.request_id.exists(),
                    )
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The session or one of the tables changed meanwhile "
                                       "(someone else moved or closed it, or seated the table).") from exc
            raise
        session.version += 1
        for order in orders:
            order.version += 1
            order.table_code = session.table_code
        for request in requests:
            request.table_code = session.table_code


def _close_requests(tx: _TransactWrite, requests: Iterable[ServiceRequest]) -> None:
    for request in requests:
        tx.save(_request_record(request), condition=ServiceRequestRecord.status == RequestStatus.OPEN.value)


def _session_id(r: SessionRecord) -> str:
    return r.session_id


def session_from_record(r: SessionRecord) -> TableSession:
    return TableSession(
        id=r.session_id, branch_id=r.branch_id, table_code=r.table_code, status=SessionStatus(r.status),
        started_at=r.started_at,
        participants=[Participant(customer_id=p.customer_id, name=p.name, joined_at=p.joined_at,
                                  device_key_hash=p.device_key_hash) for p in r.participants or []],
        approved_at=r.approved_at, ended_at=r.ended_at,
        end_reason=EndReason(r.end_reason) if r.end_reason else None, reason_note=r.reason_note,
        replaces_session_id=r.replaces_session_id,
        open_requests={str(k): str(v) for k, v in (r.open_requests.as_dict() if r.open_requests else {}).items()},
        previous_tables=list(r.previous_tables or []), opened_by_staff=r.opened_by_staff,
        ordered_total=int(r.ordered_total) if r.ordered_total is not None else None,
        payment=_payment(r.payment),
        version=int(r.version or 0),
    )


def _payment(m: PaymentMap | None) -> Payment | None:
    if m is None:
        return None
    return Payment(bill_total=int(m.bill_total), tip=int(m.tip or 0),
                   tenders=tuple(Tender(PaymentMethod(t.method), int(t.amount)) for t in m.tenders or []),
                   staff_id=m.staff_id, at=m.at)


def _payment_map(p: Payment | None) -> PaymentMap | None:
    if p is None:
        return None
    return PaymentMap(bill_total=p.bill_total, tip=p.tip, staff_id=p.staff_id, at=p.at,
                      tenders=[TenderMap(method=t.method.value, amount=t.amount) for t in p.tenders])


def _participant_map(p: Participant) -> ParticipantMap:
    return ParticipantMap(customer_id=p.customer_id, name=p.name, joined_at=p.joined_at,
                          device_key_hash=p.device_key_hash)


def _session_record(s: TableSession, version: int) -> SessionRecord:
    return SessionRecord(
        s.id, branch_id=s.branch_id, table_code=s.table_code, status=s.status.value,
        state_key=f"{s.status.value}#{s.started_at}", started_at=s.started_at,
        participants=[_participant_map(p) for p in s.participants],
        approved_at=s.approved_at, ended_at=s.ended_at,
        end_reason=s.end_reason.value if s.end_reason else None, reason_note=s.reason_note,
        replaces_session_id=s.replaces_session_id, open_requests=dict(s.open_requests),
        previous_tables=list(s.previous_tables) or None, opened_by_staff=s.opened_by_staff,
        ordered_total=s.ordered_total, payment=_payment_map(s.payment), version=version,
    )
