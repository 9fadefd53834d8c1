"""The fake of `chalicelib.store.orders.OrderRepository`: an order and its session's running total."""
from __future__ import annotations

from chalicelib.domain.errors import ConcurrentUpdate
from chalicelib.domain.orders import Order
from chalicelib.domain.sessions import SessionStatus, TableSession
from tests.fakes.tables import Tables, _copy


def _as_read(order: Order) -> Order:
    read = _copy(order)
    read.counted_subtotal = read.subtotal
    return read


class InMemoryOrders:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, order_id: str) -> Order | None:
        order = self.db.orders.get(order_id)
        return None if order is None else _as_read(order)

    def of_session(self, session_id: str) -> list[Order]:
        found = [o for o in self.db.orders.values() if o.session_id == session_id]
        return [_as_read(o) for o in sorted(found, key=lambda o: o.id, reverse=True)]

    def open_of_branch(self, branch_id: str) -> list[Order]:
        found = [o for o in self.db.orders.values() if o.branch_id == branch_id and o.is_open]
        return [_as_read(o) for o in sorted(found, key=lambda o: f"{o.created_at}#{o.id}")]

    def add(self, order: Order, session: TableSession, counted: int, spending_cap: int | None) -> None:
        amount = order.subtotal
        stored = self.db.sessions.get(session.id)
        ok = order.id not in self.db.orders and stored is not None and stored.status is SessionStatus.ACTIVE
        if ok and stored is not None:
            if session.ordered_total is None:
                ok = stored.ordered_total is None
            elif spending_cap is not None:
                ok = stored.ordered_total is not None and stored.ordered_total <= spending_cap - amount
        if not ok or stored is None:
            raise ConcurrentUpdate("The table session changed meanwhile.")
        stored.ordered_total = counted + amount if session.ordered_total is None else (stored.ordered_total or 0) + amount
        stored.version += 1
        order.version += 1
        order.counted_subtotal = amount
        self.db.orders[order.id] = _copy(order)

    def save(self, order: Order) -> None:
        released = order.counted_subtotal - order.subtotal
        stored = self.db.orders.get(order.id)
        if stored is None or stored.version != order.version:
            raise ConcurrentUpdate("The order changed meanwhile; try again.")
        session = self.db.sessions.get(order.session_id) if released > 0 else None
        if session is not None:
            if session.ordered_total is not None:
                session.ordered_total -= released
            session.version += 1
        order.version += 1
        order.counted_subtotal = order.subtotal
        self.db.orders[order.id] = _copy(order)
