"""Orders and their lines: server-side prices, line states, the order's state derived from its lines."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum
from typing import Any

from .clock import iso, parse_iso
from .errors import (
    IllegalTransition,
    InvalidInput,
    NotFound,
    NothingToUndo,
    OrderAwaitingApproval,
    RecallWindowClosed,
    UndoWindowClosed,
)
from .modifiers import ChosenOption, OptionChoice
from .stations import DEFAULT_STATION


class LineStatus(StrEnum):
    PENDING = "pending"
    PREPARING = "preparing"
    READY = "ready"
    SERVED = "served"
    CANCELLED = "cancelled"


class OrderStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    PREPARING = "preparing"
    READY = "ready"
    SERVED = "served"
    CANCELLED = "cancelled"


LINE_MOVES: dict[LineStatus, frozenset[LineStatus]] = {
    LineStatus.PENDING: frozenset({LineStatus.PREPARING, LineStatus.READY, LineStatus.CANCELLED}),
    LineStatus.PREPARING: frozenset({LineStatus.READY, LineStatus.PENDING, LineStatus.CANCELLED}),
    LineStatus.READY: frozenset({LineStatus.SERVED, LineStatus.PREPARING}),
    LineStatus.SERVED: frozenset(),
    LineStatus.CANCELLED: frozenset(),
}

ORDER_MOVES: dict[OrderStatus, frozenset[OrderStatus]] = {
    # A kitchen may finish ("all ready") an order the floor has not accepted yet, as it may bump
    # its lines one by one: an order not held for approval is the kitchen's as soon as it lands.
    OrderStatus.PENDING: frozenset({OrderStatus.ACCEPTED, OrderStatus.PREPARING, OrderStatus.READY, OrderStatus.CANCELLED}),
    OrderStatus.ACCEPTED: frozenset({OrderStatus.PREPARING, OrderStatus.READY, OrderStatus.SERVED, OrderStatus.CANCELLED}),
    OrderStatus.PREPARING: frozenset({OrderStatus.READY, OrderStatus.SERVED, OrderStatus.CANCELLED}),
    OrderStatus.READY: frozenset({OrderStatus.SERVED, OrderStatus.CANCELLED}),
    OrderStatus.SERVED: frozenset(),
    OrderStatus.CANCELLED: frozenset(),
}

OPEN_ORDER_STATES = frozenset({OrderStatus.PENDING, OrderStatus.ACCEPTED, OrderStatus.PREPARING, OrderStatus.READY})
_LINE_RANK = {LineStatus.PENDING: 0, LineStatus.PREPARING: 1, LineStatus.READY: 2, LineStatus.SERVED: 3}
_ORDER_TO_LINE = {
    OrderStatus.PREPARING: LineStatus.PREPARING,
    OrderStatus.READY: LineStatus.READY,
    OrderStatus.SERVED: LineStatus.SERVED,
}

# Recall and undo (docs/decisions.md): a bump can be taken back for a few minutes; a served
# ticket can be called back to the kitchen's screen for longer (a dish sent back, a wrong table).
UNDO_WINDOW_SECONDS = 5 * 60
RECALL_WINDOW_SECONDS = 30 * 60
_UNDOABLE = frozenset({LineStatus.PENDING, LineStatus.PREPARING, LineStatus.READY, LineStatus.SERVED})

# Bounds of one order (docs/decisions.md): a line is at most a big table's round of one dish,
# an order at most what a kitchen can take in from one table at once. Past them: 400.
MAX_QUANTITY = 20         # portions on one line
MAX_ORDER_PORTIONS = 50   # portions in one order, all lines together
MAX_LINES = 50


class VoidReason(StrEnum):
    """Why staff took a line off the bill: a fixed list, so reports can count them."""
    CUSTOMER_CHANGED_MIND = "customer_changed_mind"
    WRONG_ITEM_ENTERED = "wrong_item_entered"
    OUT_OF_STOCK = "out_of_stock"
    QUALITY_COMPLAINT = "quality_complaint"
    OTHER = "other"  # takes a note


MAX_VOID_NOTE = 200


@dataclass(frozen=True)
class LineVoid:
    """Who took a line off the bill, when, why and for how much: kept on the line for reports."""
    reason: VoidReason
    staff_id: str
    at: str
    amount: int  # the line's total when voided, in minor units
    note: str = ""


def void_reason(raw: str, note: str | None, fields: tuple[str, str] = ("reason", "note")) -> tuple[VoidReason, str]:
    """A reason from the fixed list, and the note "other" needs (400 naming the field otherwise:
    `fields` are the names the caller's body gives them)."""
    reason_field, note_field = fields
    try:
        reason = VoidReason(raw)
    except ValueError as exc:
        raise InvalidInput(f"{reason_field}: one of {', '.join(r.value for r in VoidReason)}.", field=reason_field) from exc
    text = (note or "").strip()
    if len(text) > MAX_VOID_NOTE:
        raise InvalidInput(f"{note_field}: at most {MAX_VOID_NOTE} characters.", field=note_field)
    if reason is VoidReason.OTHER and not text:
        raise InvalidInput(f"{note_field}: say why when the reason is \"other\".", field=note_field)
    return reason, text


@dataclass
class OrderLine:
    id: str
    menu_item_id: str
    name: str
    quantity: int
    unit_price: int
    status: LineStatus = LineStatus.PENDING
    notes: str = ""
    category_id: str = ""
    options: list[ChosenOption] = field(default_factory=list)  # unit_price includes their deltas
    age_restricted: bool = False
    ready_at: str | None = None  # when the kitchen last made it ready: the floor's "waiting since"
    prep_minutes: int | None = None  # one portion's cook-minutes when ordered (None: stored before lines kept them)
    void: LineVoid | None = None  # set when staff voided it (its status is then cancelled)
    station_id: str = DEFAULT_STATION.id  # where it was routed when ordered (lines stored before: the kitchen)

    previous_status: LineStatus | None = None  # the state before its last kitchen move: what an undo restores
    moved_at: str | None = None  # when that move happened: the undo window runs from it
    served_at: str | None = None  # when it became served (an undo or recall that un-serves it clears it)

    @property
    def total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def counts_in_bill(self) -> bool:
        return self.status is not LineStatus.CANCELLED

    def move(self, target: LineStatus, now: str | None = None) -> None:
        if target not in LINE_MOVES[self.status]:
            raise IllegalTransition(f"The item is {self.status.value}; it cannot become {target.value}.")
        if now is not None:
            self.previous_status, self.moved_at = (self.status, now) if target in _UNDOABLE else (None, None)
        self.status = target

    def undo_until(self) -> str | None:
        """Until when its last move can be taken back (None: nothing to undo)."""
        if self.previous_status is None or self.moved_at is None:
            return None
        return _plus_seconds(self.moved_at, UNDO_WINDOW_SECONDS)

    def forget_move(self) -> None:
        """A void or a close is final: the kitchen's last move can no longer be taken back."""
        self.previous_status, self.moved_at = None, None

    def undo(self, now: str) -> None:
        """Takes the last move back (a mistaken bump): the line's previous state, within the window."""
        until = self.undo_until()
        if until is None or self.previous_status is None or self.status is LineStatus.CANCELLED:
            raise NothingToUndo(f"{self.name}: there is no move to take back.")
        if parse_iso(now) > parse_iso(until):
            raise UndoWindowClosed(f"{self.name}: a move can be taken back for "
                                   f"{UNDO_WINDOW_SECONDS // 60} minutes; this one is older.")
        self.status, self.previous_status, self.moved_at = self.previous_status, None, None


@dataclass(frozen=True)
class WaitEstimate:
    """The range of minutes the diner was told the order would take, and the instants it spans."""

    min_minutes: int
    max_minutes: int
    ready_from: str
    ready_to: str


@dataclass
class Order:
    id: str
    session_id: str
    branch_id: str
    table_code: str
    customer_id: str
    customer_name: str
    currency: str
    lines: list[OrderLine]
    created_at: str
    updated_at: str
    status: OrderStatus = OrderStatus.PENDING
    notes: str = ""
    placed_by_staff: str | None = None  # the staff member who placed it on the table's behalf
    accepted_at: str | None = None  # when the floor accepted it (None: never explicitly accepted)
    awaiting_approval: bool = False     # above the branch's threshold: staff accept it before the kitchen sees it
    rejection_reason: str | None = None
    version: int = 0  # the stored version this object was read at (optimistic locking)
    estimate: WaitEstimate | None = None
    # The subtotal the session's running total holds for this order (as stored when read): a
    # cancellation gives the difference back to it in the same write.
    counted_subtotal: int = field(default=0, compare=False, repr=False)

    @property
    def subtotal(self) -> int:
        return sum(line.total for line in self.lines if line.counts_in_bill)

    @property
    def total(self) -> int:
        return self.subtotal

    @property
    def portions(self) -> int:
        return sum(line.quantity for line in self.lines if line.counts_in_bill)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ORDER_STATES

    @property
    def kitchen_sees(self) -> bool:
        """The kitchen sees an order once no staff approval is pending on it: one held above the
        branch's threshold is the floor's until they accept it (the kitchen's list, its bumps, its
        live messages and its queue leave it out until then)."""
        return not self.awaiting_approval

    def line(self, line_id: str) -> OrderLine:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise NotFound(f"Order {self.id} has no item {line_id}.")

    # -- moves ---------------------------------------------------------------------
    def move_line(self, line_id: str, target: LineStatus, now: str) -> None:
        if not self.is_open:
            raise IllegalTransition(f"The order is {self.status.value}; its items can no longer change.")
        if self.awaiting_approval and target is not LineStatus.CANCELLED:
            raise OrderAwaitingApproval("This order waits for staff to accept it before the kitchen starts.")
        self.line(line_id).move(target, now)
        self._follow_lines()
        self._stamp_ready(now)
        self.updated_at = now

    def undo_line(self, line_id: str, now: str) -> None:
        """The kitchen takes back a line's last move (even one that served the order: it reopens)."""
        if self.status is OrderStatus.CANCELLED:
            raise IllegalTransition("The order is cancelled; its items can no longer change.")
        self.line(line_id).undo(now)
        self._follow_lines()
        self._stamp_ready(now)
        self.updated_at = now

    def recall_until(self) -> str | None:
        """Until when a served order can be recalled to the kitchen's screen (None: it is not served)."""
        return _plus_seconds(self.updated_at, RECALL_WINDOW_SECONDS) if self.status is OrderStatus.SERVED else None

    def recall_open(self, now: str) -> bool:
        """Whether the order can still be recalled at `now`."""
        until = self.recall_until()
        return until is not None and parse_iso(now) <= parse_iso(until)

    def recall(self, now: str) -> None:
        """A served ticket back on the kitchen's screen: its served lines are ready again, for the
        waiter to serve once more; only for a while after it was served."""
        if self.status is not OrderStatus.SERVED:
            raise IllegalTransition(f"Only a served order can be recalled; this one is {self.status.value}.")
        if not self.recall_open(now):
            raise RecallWindowClosed(f"An order can be recalled for {RECALL_WINDOW_SECONDS // 60} minutes "
                                     "after it was served; this one is older.")
        for line in self.lines:
            if line.status is LineStatus.SERVED:
                line.status, line.previous_status, line.moved_at = LineStatus.READY, None, None
                line.ready_at = now
        self._follow_lines()
        self._stamp_served(now)
        self.updated_at = now

    def finish_station(self, station_id: str, now: str) -> None:
        """A station's "All ready": its lines still to cook become ready; the other stations' lines
        stay as they are and the order follows its lines."""
        if not self.is_open:
            raise IllegalTransition(f"The order is {self.status.value}; its items can no longer change.")
        if self.awaiting_approval:
            raise OrderAwaitingApproval("This order waits for staff to accept it before the kitchen starts.")
        lines = [line for line in self.lines if line.station_id == station_id and line.status in TO_COOK]
        if not lines:
            raise IllegalTransition(f"This order has nothing left to cook at station {station_id!r}.")
        for line in lines:
            line.status = LineStatus.READY
        self._follow_lines()
        self._stamp_ready(now)
        self.updated_at = now

    def move(self, target: OrderStatus, now: str) -> None:
        if target not in ORDER_MOVES[self.status]:
            raise IllegalTransition(f"The order is {self.status.value}; it cannot become {target.value}.")
        if self.awaiting_approval and target not in (OrderStatus.ACCEPTED, OrderStatus.CANCELLED):
            raise OrderAwaitingApproval("This order waits for staff to accept it before the kitchen starts.")
        self.awaiting_approval = False
        if target is OrderStatus.CANCELLED:
            if any(line.status is LineStatus.SERVED for line in self.lines):
                raise IllegalTransition("Items already served cannot be cancelled; cancel the remaining items one by one.")
            for line in self.lines:
                if line.status is not LineStatus.CANCELLED:
                    line.status = LineStatus.CANCELLED
            self.status = OrderStatus.CANCELLED
        elif target is OrderStatus.ACCEPTED:
            self.status = OrderStatus.ACCEPTED
            self.accepted_at = self.accepted_at or now
        else:
            wanted = _ORDER_TO_LINE[target]
            for line in self.lines:
                if line.status is not LineStatus.CANCELLED and _LINE_RANK[line.status] < _LINE_RANK[wanted]:
                    line.status = wanted
            self._follow_lines()
        self._stamp_ready(now)
        self.updated_at = now

    def _stamp_ready(self, now: str) -> None:
        for line in self.lines:
            if line.status is LineStatus.READY:
                line.ready_at = line.ready_at or now
            elif line.status is not LineStatus.SERVED:
                line.ready_at = None
        self._stamp_served(now)

    def _stamp_served(self, now: str) -> None:
        """A line that became served keeps when (the reports' ready -> served time); one no longer
        served (an undo, a recall) forgets it. A voided line keeps it: it was served, then sent back."""
        for line in self.lines:
            if line.status is LineStatus.SERVED:
                line.served_at = line.served_at or now
            elif line.status is not LineStatus.CANCELLED:
                line.served_at = None

    def void_line(self, line_id: str, reason: VoidReason, note: str, staff_id: str, now: str) -> None:
        """Staff take one line off the bill, whatever the kitchen did with it (a dish sent back is
        voided after it was served); the void is kept on the line."""
        line = self.line(line_id)
        if line.status is LineStatus.CANCELLED:
            raise IllegalTransition("The item is already off the bill.")
        self._void(line, reason, note, staff_id, now)
        self._after_void(now)

    def void(self, reason: VoidReason, note: str, staff_id: str, now: str) -> None:
        """Staff void the whole order: every line still on the bill, served or not."""
        live = [line for line in self.lines if line.status is not LineStatus.CANCELLED]
        if not live:
            raise IllegalTransition("The order is already off the bill.")
        for line in live:
            self._void(line, reason, note, staff_id, now)
        self._after_void(now)

    def _void(self, line: OrderLine, reason: VoidReason, note: str, staff_id: str, now: str) -> None:
        line.void = LineVoid(reason=reason, staff_id=staff_id, at=now, amount=line.total, note=note)
        line.status = LineStatus.CANCELLED
        line.ready_at = None
        line.forget_move()

    def _after_void(self, now: str) -> None:
        self._follow_lines()
        if self.status is OrderStatus.CANCELLED:
            self.awaiting_approval = False
        self.updated_at = now

    def void_open_lines(self, reason: VoidReason, note: str, staff_id: str, now: str) -> None:
        """Closing the table takes its dishes not yet served off the bill; what was served stays."""
        for line in self.lines:
            if line.status not in (LineStatus.CANCELLED, LineStatus.SERVED):
                self._void(line, reason, note, staff_id, now)
        self._after_void(now)

    def serve_open_lines(self, now: str) -> None:
        """Closing the table keeps its open dishes on the bill as served, wherever the kitchen was."""
        for line in self.lines:
            if line.status not in (LineStatus.CANCELLED, LineStatus.SERVED):
                line.status = LineStatus.SERVED
                line.forget_move()
        self.awaiting_approval = False
        self._follow_lines()
        self._stamp_served(now)
        self.updated_at = now

    @property
    def voids(self) -> list[tuple[OrderLine, LineVoid]]:
        return [(line, line.void) for line in self.lines if line.void is not None]

    def reject(self, now: str, reason: str | None) -> None:
        """Staff refuse an order nobody has started on (one waiting for approval, typically)."""
        if self.status is not OrderStatus.PENDING:
            raise IllegalTransition(f"Only a pending order can be rejected; this one is {self.status.value}.")
        self.move(OrderStatus.CANCELLED, now)
        self.rejection_reason = reason or None

    def _follow_lines(self) -> None:
        self.status = derive_order_status(self.status, [line.status for line in self.lines])


def _plus_seconds(moment: str, seconds: int) -> str:
    return iso(parse_iso(moment) + timedelta(seconds=seconds))


def derive_order_status(current: OrderStatus, lines: list[LineStatus]) -> OrderStatus:
    """The order's state follows its lines once the kitchen works on them."""
    live = [s for s in lines if s is not LineStatus.CANCELLED]
    if not live:
        return OrderStatus.CANCELLED
    if all(s is LineStatus.SERVED for s in live):
        return OrderStatus.SERVED
    if all(s in (LineStatus.READY, LineStatus.SERVED) for s in live):
        return OrderStatus.READY
    if any(s is not LineStatus.PENDING for s in live):
        return OrderStatus.PREPARING
    return current if current in (OrderStatus.PENDING, OrderStatus.ACCEPTED) else OrderStatus.ACCEPTED


@dataclass(frozen=True)
class LineRequest:
    menu_item_id: str
    quantity: int
    notes: str = ""
    options: tuple[OptionChoice, ...] = ()


def check_line_requests(requests: list[LineRequest]) -> None:
    if not requests:
        raise InvalidInput("An order needs at least one item.", field="items")
    if len(requests) > MAX_LINES:
        raise InvalidInput(f"An order has at most {MAX_LINES} items.", field="items")
    for index, request in enumerate(requests):
        if not 1 <= request.quantity <= MAX_QUANTITY:
            raise InvalidInput(f"Quantity must be between 1 and {MAX_QUANTITY}.", field=f"items[{index}].quantity")
    portions = sum(request.quantity for request in requests)
    if portions > MAX_ORDER_PORTIONS:
        raise InvalidInput(f"An order has at most {MAX_ORDER_PORTIONS} portions in all; this one has {portions}. "
                           "Split it into smaller orders.", field="items")


@dataclass
class PersonShare:
    """One person's part of the table's bill: what they ordered (or staff ordered for them)."""
    customer_id: str  # "" for what staff ordered for the table as a whole
    name: str
    lines: list[tuple[Order, OrderLine]] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.total for _, line in self.lines)


def split_by_person(orders: list[Order]) -> list[PersonShare]:
    """The billable lines grouped by who ordered them, in the order people first ordered;
    a table can see how to split. Cancelled lines are not on anyone's share."""
    shares: dict[str, PersonShare] = {}
    for order in sorted(orders, key=lambda o: (o.created_at, o.id)):
        for line in order.lines:
            if not line.counts_in_bill:
                continue
            share = shares.setdefault(order.customer_id, PersonShare(order.customer_id, order.customer_name))
            share.lines.append((order, line))
    return list(shares.values())


@dataclass
class Bill:
    session_id: str
    currency: str
    lines: list[dict[str, Any]] = field(default_factory=list)
    subtotal: int = 0


@dataclass(frozen=True)
class AllDayCount:
    """One dish still to cook across the open tickets ("Lomo Saltado x 5")."""

    menu_item_id: str
    name: str
    quantity: int


TO_COOK = frozenset({LineStatus.PENDING, LineStatus.PREPARING})


def count_to_cook(orders: list[Order], categories: frozenset[str] | None = None,
                  station: str | None = None) -> list[AllDayCount]:
    """What is still to cook (lines to do or preparing) of the orders the kitchen sees, per dish,
    most first, then by name; `station` keeps only the lines routed to that station when ordered (a
    station's screen), `categories` only those categories' dishes."""
    quantities: dict[str, int] = {}
    names: dict[str, str] = {}
    for order in orders:
        if not order.is_open or not order.kitchen_sees:
            continue
        for line in order.lines:
            if line.status not in TO_COOK or (categories is not None and line.category_id not in categories):
                continue
            if station is not None and line.station_id != station:
                continue
            quantities[line.menu_item_id] = quantities.get(line.menu_item_id, 0) + line.quantity
            names.setdefault(line.menu_item_id, line.name)
    return sorted((AllDayCount(item, names[item], quantity) for item, quantity in quantities.items()),
                  key=lambda count: (-count.quantity, count.name.casefold()))
