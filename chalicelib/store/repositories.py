"""Repositories: the only code that touches DynamoDB. They take and return domain objects."""
from __future__ import annotations

import functools
import secrets
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from pynamodb.connection import Connection
from pynamodb.exceptions import (
    DoesNotExist,
    PutError,
    TransactWriteError,
    UpdateError,
)
from pynamodb.expressions.condition import size
from pynamodb.transactions import TransactWrite as _TransactWrite

from ..config import settings
from ..domain.clock import iso, parse_iso
from ..domain.customers import Customer, RegistrationMode
from ..domain.errors import (
    AlreadyExists,
    ConcurrentUpdate,
    Conflict,
    JoinRequestDecided,
    PendingSessionExists,
    RequestAlreadyOpen,
    TableBusy,
    TooManyRequests,
)
from ..domain.join_requests import DecidedBy, JoinRequest, JoinStatus
from ..domain.menu import BranchItemSetting, BranchSchedule, Category, ChainMenu, MenuItem
from ..domain.modifiers import ChosenOption, Option, OptionGroup
from ..domain.orders import LineStatus, Order, OrderLine, OrderStatus, WaitEstimate
from ..domain.pacing import CategoryPause, KitchenQueue, QueuedOrder
from ..domain.schedules import ServiceWindow
from ..domain.service_requests import RequestStatus, ServiceRequest
from ..domain.sessions import MAX_PARTICIPANTS, EndReason, Participant, RequestKind, SessionStatus, TableSession
from ..domain.staff import Role, StaffMember
from ..domain.venues import DEFAULT_APPROVAL_PORTIONS, Branch, BranchSettings, Chain, DiningTable, OrderSafety
from .kitchen_queue import queue_from_item, queue_key, queue_updates
from .menu_cache import MenuCache
from .models import (
    BranchItemRecord,
    BranchRecord,
    BranchScheduleRecord,
    CategoryPauseRecord,
    CategoryRecord,
    ChainRecord,
    ChosenOptionMap,
    ConnectionRecord,
    CustomerRecord,
    DiningTableRecord,
    JoinRequestRecord,
    LookupRecord,
    MenuEntryRecord,
    MenuItemRecord,
    MenuVersionRecord,
    OptionGroupMap,
    OptionMap,
    OrderLineMap,
    OrderRecord,
    ParticipantMap,
    RateLimitRecord,
    ServiceRequestRecord,
    ServiceWindowMap,
    SessionRecord,
    SessionsOfBranch,
    StaffRecord,
    WaitEstimateMap,
)

_CONDITION_CODES = {"ConditionalCheckFailedException", "ConditionalCheckFailed", "TransactionConflict"}


def _condition_failed(exc: Exception) -> bool:
    """True when DynamoDB refused a write because a condition (or a racing transaction) failed."""
    code = getattr(exc, "cause_response_code", None)
    if code in _CONDITION_CODES:
        return True
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return any(reason is not None and reason.code in _CONDITION_CODES for reason in reasons)


@functools.cache
def transaction_connection() -> Connection:
    """One PynamoDB connection for transactions (and the kitchen queue's raw item requests),
    built on first use (reset by bootstrap.reset)."""
    return Connection(region=settings.region)


def TransactWrite() -> _TransactWrite:  # noqa: N802 - reads as the PynamoDB class it builds
    return _TransactWrite(connection=transaction_connection())


def _get(model, *key):
    try:
        return model.get(*key, consistent_read=True)
    except DoesNotExist:
        return None


def lookup_key(kind: str, *parts: str) -> str:
    return "#".join((kind, *parts))


# =========================================================================================
class VenueRepository:
    """Chains, branches and their tables."""

    def get_chain(self, chain_id: str) -> Chain | None:
        record = _get(ChainRecord, chain_id)
        return None if record is None else Chain(
            id=record.chain_id, name=record.name, currency=record.currency,
            languages=list(record.languages), timezone=record.timezone,
        )

    def save_chain(self, chain: Chain) -> None:
        ChainRecord(
            chain.id, name=chain.name, currency=chain.currency,
            languages=chain.languages, timezone=chain.timezone,
        ).save()

    def get_branch(self, branch_id: str) -> Branch | None:
        record = _get(BranchRecord, branch_id)
        return None if record is None else _branch(record)

    def branch_id_for_slug(self, slug: str) -> str | None:
        record = _get(LookupRecord, lookup_key("slug", slug))
        return None if record is None else record.target_id

    def branch_by_slug(self, slug: str) -> Branch | None:
        branch_id = self.branch_id_for_slug(slug)
        return None if branch_id is None else self.get_branch(branch_id)

    def branches_of_chain(self, chain_id: str) -> list[Branch]:
        return [_branch(r) for r in BranchRecord.by_chain.query(chain_id)]

    def add_branch(self, branch: Branch) -> None:
        """Stores a new branch and claims its slug; a taken slug is AlreadyExists."""
        try:
            with TransactWrite() as tx:
                tx.save(
                    LookupRecord(lookup_key("slug", branch.slug), target_id=branch.id),
                    condition=LookupRecord.key.does_not_exist(),
                )
                tx.save(_branch_record(branch), condition=BranchRecord.branch_id.does_not_exist())
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise AlreadyExists(f"The branch slug {branch.slug!r} is taken.", field="slug") from exc
            raise

    def update_branch(self, branch: Branch) -> None:
        _branch_record(branch).save(condition=BranchRecord.branch_id.exists())

    def set_order_safety(self, branch_id: str, safety: OrderSafety) -> None:
        """Only the order-safety attributes change (one UpdateItem; a missing branch is refused)."""
        actions = [
            BranchRecord.spending_cap.set(safety.spending_cap) if safety.spending_cap is not None
            else BranchRecord.spending_cap.remove(),
            BranchRecord.approval_threshold.set(safety.approval_threshold) if safety.approval_threshold is not None
            else BranchRecord.approval_threshold.remove(),
            BranchRecord.approval_portions.set(_stored_portions(safety.approval_portions)),
        ]
        try:
            BranchRecord(branch_id).update(actions=actions, condition=BranchRecord.branch_id.exists())
        except UpdateError as exc:
            if _condition_failed(exc):
                raise Conflict("The branch no longer exists.") from exc
            raise

    def get_table(self, branch_id: str, code: str) -> DiningTable | None:
        record = _get(DiningTableRecord, branch_id, code)
        return None if record is None else _table(record)

    def tables_of_branch(self, branch_id: str) -> list[DiningTable]:
        return [_table(r) for r in DiningTableRecord.query(branch_id, consistent_read=True)]

    def add_table(self, table: DiningTable) -> None:
        try:
            DiningTableRecord(
                table.branch_id, table.code, label=table.label, seats=table.seats,
            ).save(condition=DiningTableRecord.code.does_not_exist())
        except PutError as exc:
            if _condition_failed(exc):
                raise AlreadyExists(f"Table {table.code} already exists.", field="code") from exc
            raise


def _branch(r: BranchRecord) -> Branch:
    stored = r.settings.as_dict() if r.settings is not None else {}
    known = {name: int(value) for name, value in stored.items() if name in BranchSettings.LIMITS}
    return Branch(
        id=r.branch_id, chain_id=r.chain_id, slug=r.slug, name=r.name, currency=r.currency,
        languages=list(r.languages), timezone=r.timezone, address=r.address, settings=BranchSettings(**known),
        order_safety=OrderSafety(
            spending_cap=int(r.spending_cap) if r.spending_cap is not None else None,
            approval_threshold=int(r.approval_threshold) if r.approval_threshold is not None else None,
            approval_portions=DEFAULT_APPROVAL_PORTIONS if r.approval_portions is None else int(r.approval_portions) or None,
        ),
    )


def _stored_portions(portions: int | None) -> int:
    """The portions rule as stored: 0 is "off" (absent is the default, on)."""
    return 0 if portions is None else portions


def _branch_record(b: Branch) -> BranchRecord:
    return BranchRecord(
        b.id, chain_id=b.chain_id, slug=b.slug, name=b.name, currency=b.currency,
        languages=b.languages, timezone=b.timezone, address=b.address,
        settings={name: getattr(b.settings, name) for name in BranchSettings.LIMITS},
        spending_cap=b.order_safety.spending_cap, approval_threshold=b.order_safety.approval_threshold,
        approval_portions=_stored_portions(b.order_safety.approval_portions),
    )


def _table(r: DiningTableRecord) -> DiningTable:
    return DiningTable(
        branch_id=r.branch_id, code=r.code, label=r.label, seats=r.seats,
        active_session_id=r.active_session_id, pending_session_id=r.pending_session_id,
    )


# =========================================================================================
class CustomerRepository:
    def get(self, customer_id: str) -> Customer | None:
        record = _get(CustomerRecord, customer_id)
        return None if record is None else _customer(record)

    def id_for_phone(self, chain_id: str, phone: str) -> str | None:
        record = _get(LookupRecord, lookup_key("phone", chain_id, phone))
        return None if record is None else record.target_id

    def add(self, customer: Customer) -> None:
        """Stores a new customer; a loyalty customer also claims their phone in the chain."""
        record = _customer_record(customer)
        if not customer.is_loyalty:
            record.save(condition=CustomerRecord.customer_id.does_not_exist())
            return
        try:
            with TransactWrite() as tx:
                tx.save(
                    LookupRecord(lookup_key("phone", customer.chain_id, customer.phone or ""), target_id=customer.id),
                    condition=LookupRecord.key.does_not_exist(),
                )
                tx.save(record, condition=CustomerRecord.customer_id.does_not_exist())
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise AlreadyExists("This phone number already has a loyalty account.", field="phone") from exc
            raise

    def save_profile(self, customer: Customer) -> None:
        CustomerRecord(customer.id).update(
            actions=[
                CustomerRecord.name.set(customer.name),
                CustomerRecord.email.set(customer.email) if customer.email else CustomerRecord.email.remove(),
                CustomerRecord.birth_date.set(customer.birth_date) if customer.birth_date else CustomerRecord.birth_date.remove(),
                CustomerRecord.avoid_allergens.set(list(customer.avoid_allergens)),
            ],
            condition=CustomerRecord.customer_id.exists(),
        )

    def record_visit(self, customer_id: str) -> None:
        CustomerRecord(customer_id).update(actions=[CustomerRecord.visits.add(1)])

    def add_points(self, customer_id: str, points: int) -> None:
        CustomerRecord(customer_id).update(actions=[CustomerRecord.points.add(points)])


def _customer(r: CustomerRecord) -> Customer:
    return Customer(
        id=r.customer_id, chain_id=r.chain_id, mode=RegistrationMode(r.mode), name=r.name,
        created_at=r.created_at, phone=r.phone, email=r.email, birth_date=r.birth_date,
        points=int(r.points or 0), visits=int(r.visits or 0), avoid_allergens=list(r.avoid_allergens or []),
    )


def _customer_record(c: Customer) -> CustomerRecord:
    return CustomerRecord(
        c.id, chain_id=c.chain_id, mode=c.mode.value, name=c.name, phone=c.phone, email=c.email,
        birth_date=c.birth_date, points=c.points, visits=c.visits, created_at=c.created_at,
        avoid_allergens=list(c.avoid_allergens),
    )


# =========================================================================================
class StaffRepository:
    def get(self, staff_id: str) -> StaffMember | None:
        record = _get(StaffRecord, staff_id)
        return None if record is None else _staff(record)

    def by_email(self, email: str) -> StaffMember | None:
        lookup = _get(LookupRecord, lookup_key("email", email.lower()))
        return None if lookup is None else self.get(lookup.target_id)

    def add(self, member: StaffMember) -> None:
        try:
            with TransactWrite() as tx:
                tx.save(
                    LookupRecord(lookup_key("email", member.email.lower()), target_id=member.id),
                    condition=LookupRecord.key.does_not_exist(),
                )
                tx.save(_staff_record(member), condition=StaffRecord.staff_id.does_not_exist())
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise AlreadyExists(f"A staff account for {member.email} exists.", field="email") from exc
            raise

    def update(self, member: StaffMember) -> None:
        _staff_record(member).save(condition=StaffRecord.staff_id.exists())


def _staff(r: StaffRecord) -> StaffMember:
    return StaffMember(
        id=r.staff_id, chain_id=r.chain_id, email=r.email, name=r.name, role=Role(r.role),
        branch_ids=list(r.branch_ids), password_hash=r.password_hash, active=bool(r.active),
    )


def _staff_record(m: StaffMember) -> StaffRecord:
    return StaffRecord(
        m.id, chain_id=m.chain_id, email=m.email.lower(), name=m.name, role=m.role.value,
        branch_ids=m.branch_ids, password_hash=m.password_hash, active=m.active,
    )


# =========================================================================================
class SessionRepository:
    """Table sessions. Every write is conditional on the version (or state) it was read at."""

    def get(self, session_id: str) -> TableSession | None:
        record = _get(SessionRecord, session_id)
        return None if record is None else session_from_record(record)

    def of_branch(self, branch_id: str, status: SessionStatus, start_from: str = "", start_to: str = "",
                  limit: int = 200) -> list[TableSession]:
        prefix = f"{status.value}#"
        if start_from or start_to:
            condition = SessionsOfBranch.state_key.between(
                prefix + (start_from or ""), prefix + (start_to or "~")
            )
        else:
            condition = SessionsOfBranch.state_key.startswith(prefix)
        records = SessionRecord.by_branch_state.query(
            branch_id, condition, scan_index_forward=False, limit=limit
        )
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
                actions = [
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
        version=int(r.version or 0),
    )


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
        ordered_total=s.ordered_total, version=version,
    )


# =========================================================================================
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


# =========================================================================================
class OrderRepository:
    def get(self, order_id: str) -> Order | None:
        record = _get(OrderRecord, order_id)
        return None if record is None else order_from_record(record)

    def of_session(self, session_id: str) -> list[Order]:
        """Newest first."""
        return [order_from_record(r) for r in OrderRecord.by_session.query(session_id, scan_index_forward=False)]

    def open_of_branch(self, branch_id: str) -> list[Order]:
        """Oldest first: the kitchen's board."""
        return [order_from_record(r) for r in OrderRecord.open_by_branch.query(branch_id)]

    def add(self, order: Order, session: TableSession, counted: int, spending_cap: int | None) -> None:
        """Writes the order (all lines in one item) and adds it to the session's running total,
        in one transaction, only while the session is active and, under a cap, only while the
        running total leaves room for it: the check and the write are one conditional write,
        so orders arriving together can never pass the cap between them. `counted` is the
        running total the caller read (a session stored before it was kept gets it set from
        there, once). ConcurrentUpdate when a condition failed: the caller re-reads to say why."""
        amount = order.subtotal
        condition = SessionRecord.status == SessionStatus.ACTIVE.value
        if session.ordered_total is None:  # the caller checked `counted`; nobody may have set it since
            condition &= SessionRecord.ordered_total.does_not_exist()
            running = SessionRecord.ordered_total.set(counted + amount)
        else:
            running = SessionRecord.ordered_total.add(amount)
            if spending_cap is not None:
                condition &= SessionRecord.ordered_total <= spending_cap - amount
        try:
            with TransactWrite() as tx:
                tx.save(_order_record(order, order.version + 1), condition=OrderRecord.order_id.does_not_exist())
                tx.update(SessionRecord(session.id), actions=[running, SessionRecord.version.add(1)],
                          condition=condition)
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The table session changed meanwhile.") from exc
            raise
        order.version += 1
        order.counted_subtotal = amount

    def save(self, order: Order) -> None:
        """One conditional write: lines and state, only if nobody changed the order meanwhile.
        What a cancellation takes off the order leaves the session's running total in the same
        transaction (a session stored before it kept one is only checked to still have none)."""
        released = order.counted_subtotal - order.subtotal
        try:
            if released <= 0:
                _order_record(order, order.version + 1).save(condition=OrderRecord.version == order.version)
            else:
                self._save_releasing(order, released)
        except (PutError, TransactWriteError) as exc:
            if _condition_failed(exc):
                raise ConcurrentUpdate("The order changed meanwhile; try again.") from exc
            raise
        order.version += 1
        order.counted_subtotal = order.subtotal

    @staticmethod
    def _save_releasing(order: Order, released: int) -> None:
        session = _get(SessionRecord, order.session_id)
        with TransactWrite() as tx:
            tx.save(_order_record(order, order.version + 1), condition=OrderRecord.version == order.version)
            if session is None:
                return
            if session.ordered_total is None:  # stored before it kept one: it must still have none
                tx.update(SessionRecord(order.session_id), actions=[SessionRecord.version.add(1)],
                          condition=SessionRecord.ordered_total.does_not_exist())
            else:
                tx.update(SessionRecord(order.session_id),
                          actions=[SessionRecord.ordered_total.add(-released), SessionRecord.version.add(1)],
                          condition=SessionRecord.ordered_total.exists())


def order_from_record(r: OrderRecord) -> Order:
    order = Order(
        id=r.order_id, session_id=r.session_id, branch_id=r.branch_id, table_code=r.table_code,
        customer_id=r.customer_id, customer_name=r.customer_name, currency=r.currency,
        lines=[
            OrderLine(
                id=line.line_id, menu_item_id=line.menu_item_id, name=line.name, quantity=int(line.quantity),
                unit_price=int(line.unit_price), status=LineStatus(line.status), notes=line.notes or "",
                category_id=line.category_id or "",
                options=[
                    ChosenOption(group_id=o.group_id, group_name=o.group_name, option_id=o.option_id, name=o.name,
                                 price_delta=int(o.price_delta or 0))
                    for o in line.options or []
                ],
                age_restricted=bool(line.age_restricted),
                ready_at=line.ready_at,
                prep_minutes=int(line.prep_minutes) if line.prep_minutes is not None else None,
            )
            for line in r.lines
        ],
        created_at=r.created_at, updated_at=r.updated_at, status=OrderStatus(r.status), notes=r.notes or "",
        placed_by_staff=r.placed_by_staff, awaiting_approval=bool(r.awaiting_approval),
        rejection_reason=r.rejection_reason, version=int(r.version or 0), estimate=_estimate(r.estimate),
    )
    order.counted_subtotal = order.subtotal
    return order


def _estimate(m: WaitEstimateMap | None) -> WaitEstimate | None:
    if m is None:
        return None
    return WaitEstimate(int(m.min_minutes), int(m.max_minutes), m.ready_from, m.ready_to)


def _order_record(o: Order, version: int) -> OrderRecord:
    return OrderRecord(
        o.id, session_id=o.session_id, branch_id=o.branch_id, table_code=o.table_code,
        customer_id=o.customer_id, customer_name=o.customer_name, currency=o.currency,
        lines=[
            OrderLineMap(
                line_id=line.id, menu_item_id=line.menu_item_id, category_id=line.category_id, name=line.name,
                quantity=line.quantity, unit_price=line.unit_price, status=line.status.value, notes=line.notes,
                options=[
                    ChosenOptionMap(group_id=o.group_id, group_name=o.group_name, option_id=o.option_id, name=o.name,
                                    price_delta=o.price_delta)
                    for o in line.options
                ],
                age_restricted=line.age_restricted,
                ready_at=line.ready_at,
                prep_minutes=line.prep_minutes,
            )
            for line in o.lines
        ],
        status=o.status.value, notes=o.notes, created_at=o.created_at, updated_at=o.updated_at,
        open_since=f"{o.created_at}#{o.id}" if o.is_open else None, placed_by_staff=o.placed_by_staff,
        awaiting_approval=True if o.awaiting_approval else None, rejection_reason=o.rejection_reason,
        version=version,
        estimate=None if o.estimate is None else WaitEstimateMap(
            min_minutes=o.estimate.min_minutes, max_minutes=o.estimate.max_minutes,
            ready_from=o.estimate.ready_from, ready_to=o.estimate.ready_to,
        ),
    )


# =========================================================================================
class KitchenQueueRepository:
    """Each branch's kitchen queue: one item (`store/kitchen_queue.py`), read with one GetItem
    when an order is placed, written by the stream handler only (never in an order's
    transaction: every order of a branch would contend for the one item)."""

    def of_branch(self, branch_id: str) -> KitchenQueue:
        answer = transaction_connection().dispatch(
            "GetItem", {"TableName": BranchRecord.Meta.table_name, "Key": queue_key(branch_id)})
        return queue_from_item(answer.get("Item"))

    def apply(self, branch_id: str, changes: Mapping[str, QueuedOrder | None]) -> None:
        """Sets (or drops) the entries of the orders named: one UpdateItem per 100 orders."""
        for update in queue_updates(changes):
            request = {"TableName": BranchRecord.Meta.table_name, "Key": queue_key(branch_id),
                       "UpdateExpression": update.expression, "ExpressionAttributeNames": update.names}
            if update.values:
                request["ExpressionAttributeValues"] = update.values
            transaction_connection().dispatch("UpdateItem", request)


# =========================================================================================
class ServiceRequestRepository:
    def get(self, request_id: str) -> ServiceRequest | None:
        record = _get(ServiceRequestRecord, request_id)
        return None if record is None else request_from_record(record)

    def of_session(self, session_id: str) -> list[ServiceRequest]:
        return [request_from_record(r) for r in ServiceRequestRecord.by_session.query(session_id, scan_index_forward=False)]

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


# =========================================================================================
class MenuRepository:
    """A chain's menu: one Query reads categories, items and every branch's settings. The
    container keeps what it read, under the partition's version (`MenuVersionRecord`), which
    every write here changes in the same transaction: a reader that finds the version it kept
    the menu under reuses it (one GetItem instead of the Query), else Queries again."""

    def __init__(self, cache: MenuCache | None = None) -> None:
        self._cache = cache if cache is not None else MenuCache()

    def chain_menu(self, chain_id: str) -> tuple[list[Category], list[MenuItem], list[BranchItemSetting]]:
        whole = self.whole_menu(chain_id)
        return whole.categories, whole.items, whole.settings

    def whole_menu(self, chain_id: str) -> ChainMenu:
        """Everything of the chain's menu partition, every branch's windows and pauses included,
        as committed when this was called (the caller's own copy: change it freely)."""
        version = self.version(chain_id)
        if version is not None:
            kept = self._cache.get(chain_id, version)
            if kept is not None:
                return kept
        whole = self._query_whole_menu(chain_id)
        if version is not None:  # read after the version: at least that new
            self._cache.put(chain_id, version, whole)
        return whole

    def version(self, chain_id: str) -> tuple[int, str] | None:
        """The partition's version (strongly consistent); None before any write of this code
        (such a partition is read in full each time, never kept)."""
        record = _get(MenuVersionRecord, chain_id, MenuVersionRecord.ENTRY)
        return None if record is None else (int(record.version), record.stamp)

    @staticmethod
    def _query_whole_menu(chain_id: str) -> ChainMenu:
        whole = ChainMenu()
        for record in MenuEntryRecord.query(chain_id, consistent_read=True):
            if isinstance(record, CategoryRecord):
                whole.categories.append(_category(record))
            elif isinstance(record, MenuItemRecord):
                whole.items.append(_item(record))
            elif isinstance(record, BranchItemRecord):
                whole.settings.append(BranchItemSetting(
                    branch_id=record.branch_id, item_id=record.item_id,
                    available=record.available, price=int(record.price) if record.price is not None else None,
                ))
            elif isinstance(record, BranchScheduleRecord):
                whole.schedules.append(schedule_from_record(record))
            elif isinstance(record, CategoryPauseRecord):
                whole.pauses.append(pause_from_record(record))
        return whole

    @staticmethod
    def _write(chain_id: str, write: Callable[[_TransactWrite], None]) -> None:
        """`write` and a new version of the partition, in one transaction. Two menu writes at
        once both change the version item, so DynamoDB may cancel one (`TransactionConflict`):
        it is sent again (it wrote nothing, and each write sets whole rows)."""
        for attempt in range(1, _MENU_WRITE_ATTEMPTS + 1):
            try:
                with TransactWrite() as tx:
                    write(tx)
                    tx.update(MenuVersionRecord(chain_id, MenuVersionRecord.ENTRY), actions=[
                        MenuVersionRecord.kind.set(MenuVersionRecord),
                        MenuVersionRecord.version.add(1),
                        MenuVersionRecord.stamp.set(secrets.token_hex(8)),
                    ])
                return
            except TransactWriteError as exc:
                if not _lost_to_another_transaction(exc):
                    raise
                if attempt == _MENU_WRITE_ATTEMPTS:
                    raise ConcurrentUpdate("The menu is being changed by someone else; try again.") from exc
                time.sleep(0.02 * attempt)

    def save_schedule(self, chain_id: str, schedule: BranchSchedule, now: str) -> None:
        record = BranchScheduleRecord(
            chain_id, f"S#{schedule.branch_id}#{schedule.kind}#{schedule.target_id}", branch_id=schedule.branch_id,
            target_kind=schedule.kind, target_id=schedule.target_id, updated_at=now,
            windows=[ServiceWindowMap(start=w.start, end=w.end, days=list(w.days)) for w in schedule.windows],
        )
        self._write(chain_id, lambda tx: tx.save(record))

    def save_pause(self, chain_id: str, pause: CategoryPause, now: str) -> None:
        record = CategoryPauseRecord(
            chain_id, f"P#{pause.branch_id}#{pause.category_id}", branch_id=pause.branch_id,
            category_id=pause.category_id, until=pause.until, updated_at=now,
        )
        self._write(chain_id, lambda tx: tx.save(record))

    def get_category(self, chain_id: str, category_id: str) -> Category | None:
        record = _get(CategoryRecord, chain_id, f"C#{category_id}")
        return None if record is None else _category(record)

    def get_item(self, chain_id: str, item_id: str) -> MenuItem | None:
        record = _get(MenuItemRecord, chain_id, f"I#{item_id}")
        return None if record is None else _item(record)

    def save_category(self, category: Category, now: str, *, new: bool = False) -> None:
        record = CategoryRecord(
            category.chain_id, f"C#{category.id}", category_id=category.id, name=category.name,
            position=category.position, updated_at=now,
        )
        self._save(record, CategoryRecord, new)

    def save_item(self, item: MenuItem, now: str, *, new: bool = False) -> None:
        record = MenuItemRecord(
            item.chain_id, f"I#{item.id}", item_id=item.id, category_id=item.category_id, name=item.name,
            description=item.description, price=item.price, image_key=item.image_key, tags=item.tags,
            allergens=item.allergens, position=item.position, available=item.available, updated_at=now,
            option_groups=[
                OptionGroupMap(
                    group_id=g.id, name=g.name, min_choices=g.min_choices, max_choices=g.max_choices,
                    options=[OptionMap(option_id=o.id, name=o.name, price_delta=o.price_delta) for o in g.options],
                )
                for g in item.option_groups
            ],
            age_restricted=item.age_restricted,
            prep_minutes=item.prep_minutes,
        )
        self._save(record, MenuItemRecord, new)

    def _save(self, record, model, new: bool) -> None:
        condition = model.entry.does_not_exist() if new else model.entry.exists()
        try:
            self._write(record.chain_id, lambda tx: tx.save(record, condition=condition))
        except TransactWriteError as exc:
            if _condition_failed(exc):
                raise (AlreadyExists("It exists already.") if new else Conflict("It was deleted meanwhile.")) from exc
            raise

    def delete_category(self, chain_id: str, category_id: str) -> None:
        """Deleting a category that is gone already changes nothing (not even the version)."""
        try:
            self._write(chain_id, lambda tx: tx.delete(CategoryRecord(chain_id, f"C#{category_id}"),
                                                       condition=CategoryRecord.entry.exists()))
        except TransactWriteError as exc:
            if not _condition_failed(exc):
                raise

    def delete_item(self, chain_id: str, item_id: str, branch_ids: Iterable[str]) -> None:
        settings_of_branches = [BranchItemRecord(chain_id, f"B#{branch_id}#{item_id}") for branch_id in branch_ids]

        def write(tx: _TransactWrite) -> None:
            tx.delete(MenuItemRecord(chain_id, f"I#{item_id}"))
            for record in settings_of_branches:
                tx.delete(record)

        self._write(chain_id, write)

    def save_branch_setting(self, chain_id: str, setting: BranchItemSetting, now: str) -> None:
        record = BranchItemRecord(
            chain_id, f"B#{setting.branch_id}#{setting.item_id}", branch_id=setting.branch_id,
            item_id=setting.item_id, available=setting.available, price=setting.price, updated_at=now,
        )
        self._write(chain_id, lambda tx: tx.save(record))


_MENU_WRITE_ATTEMPTS = 3


def _lost_to_another_transaction(exc: TransactWriteError) -> bool:
    """Cancelled only because another transaction held one of its items (no condition failed)."""
    codes = {reason.code for reason in getattr(exc, "cancellation_reasons", None) or [] if reason is not None}
    return "TransactionConflict" in codes and not codes & {"ConditionalCheckFailed"}


def _category(r: CategoryRecord) -> Category:
    return Category(id=r.category_id, chain_id=r.chain_id, name=r.name, position=int(r.position or 0))


def _item(r: MenuItemRecord) -> MenuItem:
    return MenuItem(
        id=r.item_id, chain_id=r.chain_id, category_id=r.category_id, name=r.name,
        description=r.description or "", price=int(r.price), image_key=r.image_key or "",
        tags=list(r.tags or []), allergens=list(r.allergens or []), position=int(r.position or 0),
        available=bool(r.available),
        option_groups=[
            OptionGroup(
                id=g.group_id, name=g.name, min_choices=int(g.min_choices or 0), max_choices=int(g.max_choices or 1),
                options=[Option(id=o.option_id, name=o.name, price_delta=int(o.price_delta or 0)) for o in g.options or []],
            )
            for g in r.option_groups or []
        ],
        age_restricted=bool(r.age_restricted),
        prep_minutes=int(r.prep_minutes) if r.prep_minutes is not None else None,
    )


def schedule_from_record(r: BranchScheduleRecord) -> BranchSchedule:
    return BranchSchedule(
        branch_id=r.branch_id, kind=r.target_kind, target_id=r.target_id,
        windows=[ServiceWindow(w.start, w.end, tuple(int(d) for d in w.days or [])) for w in r.windows or []],
    )


def pause_from_record(r: CategoryPauseRecord) -> CategoryPause:
    return CategoryPause(branch_id=r.branch_id, category_id=r.category_id, until=r.until)


# =========================================================================================
class RateLimiter:
    """Fixed-window counters in DynamoDB: one conditional update per hit."""

    def check(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None:
        """Refuses when the window's count has reached the limit, without counting a hit."""
        now = int(time.time())
        window = now // window_s
        record = _get(RateLimitRecord, f"{name}#{caller}#{window}")
        if record is not None and int(record.hits or 0) >= limit:
            raise TooManyRequests(message, retry_after_s=(window + 1) * window_s - now)

    def hit(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None:
        now = int(time.time())
        window = now // window_s
        key = f"{name}#{caller}#{window}"
        try:
            RateLimitRecord(key).update(
                actions=[RateLimitRecord.hits.add(1), RateLimitRecord.expires_at.set(datetime.fromtimestamp((window + 2) * window_s, tz=UTC))],
                condition=RateLimitRecord.hits.does_not_exist() | (RateLimitRecord.hits < limit),
            )
        except UpdateError as exc:
            if _condition_failed(exc):
                raise TooManyRequests(message, retry_after_s=(window + 1) * window_s - now) from exc
            raise


# =========================================================================================
class Listener(NamedTuple):
    """A connection subscribed to a channel, and when its `$connect` registered it."""

    connection_id: str
    registered_at: datetime | None


class ConnectionRepository:
    """Which WebSocket connections listen to which channel."""

    META = "_"

    @staticmethod
    def _meta_key(connection_id: str) -> str:
        return f"connection#{connection_id}"

    @staticmethod
    def _token_key(token_id: str) -> str:
        return f"token#{token_id}"

    def register(self, connection_id: str, channels: list[str], subject: str, expires_at: datetime,
                 token_id: str = "", connected_at: str = "", registered_at: datetime | None = None) -> None:
        """Subscribes the connection; with `token_id`, also files it under the token that opened it."""
        token_key = self._token_key(token_id) if token_id else None
        registered = iso(registered_at) if registered_at is not None else None
        with ConnectionRecord.batch_write() as batch:
            batch.save(ConnectionRecord(self._meta_key(connection_id), self.META, channels=channels,
                                        subject=subject, token=token_key, registered_at=registered,
                                        expires_at=expires_at))
            for channel in channels:
                batch.save(ConnectionRecord(channel, connection_id, subject=subject, registered_at=registered,
                                            expires_at=expires_at))
            if token_key:
                batch.save(ConnectionRecord(token_key, connection_id, subject=subject, connected_at=connected_at,
                                            expires_at=expires_at))

    def of_token(self, token_id: str) -> list[tuple[str, str]]:
        """The token's connections as (connected_at, connection_id), oldest first (one Query)."""
        rows = ConnectionRecord.query(self._token_key(token_id), consistent_read=True)
        return sorted((r.connected_at or "", r.connection_id) for r in rows)

    def forget(self, connection_id: str) -> None:
        """Removes every row of the connection (idempotent: a second call finds nothing)."""
        meta = _get(ConnectionRecord, self._meta_key(connection_id), self.META)
        if meta is None:
            return
        with ConnectionRecord.batch_write() as batch:
            for channel in meta.channels or []:
                batch.delete(ConnectionRecord(channel, connection_id))
            if meta.token:
                batch.delete(ConnectionRecord(meta.token, connection_id))
            batch.delete(meta)

    def listeners(self, channel: str) -> list[str]:
        return [listener.connection_id for listener in self.listening(channel)]

    def listening(self, channel: str) -> list[Listener]:
        """The channel's connections, each with when it was registered (None: a row written
        before rows carried it)."""
        return [Listener(r.connection_id, parse_iso(r.registered_at) if r.registered_at else None)
                for r in ConnectionRecord.query(channel, attributes_to_get=["connection_id", "registered_at"])]

    def channels_of(self, connection_id: str) -> list[str]:
        meta = _get(ConnectionRecord, self._meta_key(connection_id), self.META)
        return list(meta.channels or []) if meta else []
