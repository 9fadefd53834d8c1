"""Orders, each with all its lines in one item, and the session's running total they add to."""
from __future__ import annotations

from pynamodb.exceptions import PutError, TransactWriteError
from pynamodb.expressions.update import Action

from ..domain.errors import ConcurrentUpdate
from ..domain.modifiers import ChosenOption
from ..domain.orders import LineStatus, LineVoid, Order, OrderLine, OrderStatus, VoidReason, WaitEstimate
from ..domain.sessions import SessionStatus, TableSession
from ..domain.stations import DEFAULT_STATION
from .dynamodb import TransactWrite, _condition_failed, _get, query_then_get
from .models import ChosenOptionMap, LineVoidMap, OrderLineMap, OrderRecord, SessionRecord, WaitEstimateMap


class OrderRepository:
    def get(self, order_id: str) -> Order | None:
        record = _get(OrderRecord, order_id)
        return None if record is None else order_from_record(record)

    def of_session(self, session_id: str) -> list[Order]:
        """Newest first."""
        return [order_from_record(r) for r in query_then_get(
            OrderRecord, OrderRecord.by_session, session_id, _order_id, scan_index_forward=False)]

    def open_of_branch(self, branch_id: str) -> list[Order]:
        """Oldest first: the kitchen's board. An order closed since the index listed it is left out."""
        return [order_from_record(r) for r in query_then_get(
            OrderRecord, OrderRecord.open_by_branch, branch_id, _order_id, still=_is_open)]

    def add(self, order: Order, session: TableSession, counted: int, spending_cap: int | None) -> None:
        """Writes the order (all lines in one item) and adds it to the session's running total,
        in one transaction, only while the session is active and, under a cap, only while the
        running total leaves room for it: the check and the write are one conditional write,
        so orders arriving together can never pass the cap between them. `counted` is the
        running total the caller read (a session stored before it was kept gets it set from
        there, once). ConcurrentUpdate when a condition failed: the caller re-reads to say why."""
        amount = order.subtotal
        condition = SessionRecord.status == SessionStatus.ACTIVE.value
        running: Action
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


def _order_id(r: OrderRecord) -> str:
    return r.order_id


def _is_open(r: OrderRecord) -> bool:
    return r.open_since is not None


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
                void=_void(line.void),
                station_id=line.station_id or DEFAULT_STATION.id,

                previous_status=LineStatus(line.previous_status) if line.previous_status else None,
                moved_at=line.moved_at,
                served_at=line.served_at,
            )
            for line in r.lines
        ],
        created_at=r.created_at, updated_at=r.updated_at, status=OrderStatus(r.status), notes=r.notes or "",
        placed_by_staff=r.placed_by_staff, accepted_at=r.accepted_at, awaiting_approval=bool(r.awaiting_approval),
        rejection_reason=r.rejection_reason, version=int(r.version or 0), estimate=_estimate(r.estimate),
    )
    order.counted_subtotal = order.subtotal
    return order


def _void(m: LineVoidMap | None) -> LineVoid | None:
    if m is None:
        return None
    return LineVoid(reason=VoidReason(m.reason), staff_id=m.staff_id, at=m.at, amount=int(m.amount), note=m.note or "")


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
                void=None if line.void is None else LineVoidMap(
                    reason=line.void.reason.value, note=line.void.note, staff_id=line.void.staff_id,
                    at=line.void.at, amount=line.void.amount),
                station_id=line.station_id,

                previous_status=line.previous_status.value if line.previous_status else None,
                moved_at=line.moved_at,
                served_at=line.served_at,
            )
            for line in o.lines
        ],
        status=o.status.value, notes=o.notes, created_at=o.created_at, updated_at=o.updated_at,
        open_since=f"{o.created_at}#{o.id}" if o.is_open else None, placed_by_staff=o.placed_by_staff,
        accepted_at=o.accepted_at, awaiting_approval=True if o.awaiting_approval else None, rejection_reason=o.rejection_reason,
        version=version,
        estimate=None if o.estimate is None else WaitEstimateMap(
            min_minutes=o.estimate.min_minutes, max_minutes=o.estimate.max_minutes,
            ready_from=o.estimate.ready_from, ready_to=o.estimate.ready_to,
        ),
    )
