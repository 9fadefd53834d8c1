"""Table sessions: pending -> active -> completed, with the participants at the table."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .errors import IllegalTransition, InvalidInput, InvalidToken, SessionEnded, SessionNotActive
from .join_requests import device_key_matches
from .payments import Payment
from .venues import table_id


class SessionStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    COMPLETED = "completed"


SESSION_MOVES: dict[SessionStatus, frozenset[SessionStatus]] = {
    SessionStatus.PENDING: frozenset({SessionStatus.ACTIVE, SessionStatus.COMPLETED}),
    SessionStatus.ACTIVE: frozenset({SessionStatus.COMPLETED}),
    SessionStatus.COMPLETED: frozenset(),
}

MAX_PARTICIPANTS = 30


class EndReason(StrEnum):
    CLOSED = "closed"
    REJECTED = "rejected"
    REPLACED = "replaced"


class RequestKind(StrEnum):
    WAITER = "waiter"
    BILL = "bill"


@dataclass
class Participant:
    customer_id: str
    name: str
    joined_at: str
    device_key_hash: str | None = None  # the hash of the phone's own key (a rejoin proves it)


@dataclass
class TableSession:
    id: str
    branch_id: str
    table_code: str
    status: SessionStatus
    started_at: str
    participants: list[Participant] = field(default_factory=list)
    approved_at: str | None = None
    ended_at: str | None = None
    end_reason: EndReason | None = None
    reason_note: str | None = None
    replaces_session_id: str | None = None
    open_requests: dict[str, str] = field(default_factory=dict)
    previous_tables: list[str] = field(default_factory=list)  # codes it moved away from, oldest first
    opened_by_staff: str | None = None  # the staff member who seated the table without a diner
    # What the session's orders come to (minor units), kept in the same transaction as each order
    # placed or cancelled: the spending cap is checked against it in that one conditional write.
    # None: stored before sessions kept it (its orders are summed once, at its next order).
    ordered_total: int | None = 0
    payment: Payment | None = None  # how the table paid, recorded when staff closed it
    version: int = 0  # the stored version this object was read at (optimistic locking)

    # -- queries -------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.status is not SessionStatus.COMPLETED

    def has_participant(self, customer_id: str) -> bool:
        return any(p.customer_id == customer_id for p in self.participants)

    def participant_holding(self, device_key: str) -> Participant | None:
        """The participant whose phone holds this device key (the same phone, coming back)."""
        return next((p for p in self.participants if device_key_matches(device_key, p.device_key_hash)), None)

    def has_sat_at(self, table_code: str) -> bool:
        """The table the session is at, or one it moved away from (diners' tokens name those)."""
        return table_code == self.table_code or table_code in self.previous_tables

    def require_active(self) -> None:
        if self.status is SessionStatus.COMPLETED:
            raise SessionEnded("This table session has been closed.")
        if self.status is not SessionStatus.ACTIVE:
            raise SessionNotActive("The table session is waiting for staff approval.")

    def require_not_ended(self) -> None:
        if self.status is SessionStatus.COMPLETED:
            raise SessionEnded("This table session has been closed.")

    # -- moves ---------------------------------------------------------------------
    def _move(self, target: SessionStatus) -> SessionStatus:
        if target not in SESSION_MOVES[self.status]:
            raise IllegalTransition(f"The session is {self.status.value}; it cannot become {target.value}.")
        previous = self.status
        self.status = target
        return previous

    def approve(self, now: str) -> None:
        self._move(SessionStatus.ACTIVE)
        self.approved_at = now

    def reject(self, now: str, note: str | None) -> None:
        if self.status is not SessionStatus.PENDING:
            raise IllegalTransition(f"Only a pending session can be rejected; this one is {self.status.value}.")
        self._end(now, EndReason.REJECTED, note)

    def close(self, now: str, reason: EndReason = EndReason.CLOSED) -> None:
        if self.status is not SessionStatus.ACTIVE:
            raise IllegalTransition(f"Only an active session can be closed; this one is {self.status.value}.")
        self._end(now, reason, None)

    def _end(self, now: str, reason: EndReason, note: str | None) -> None:
        self._move(SessionStatus.COMPLETED)
        self.ended_at = now
        self.end_reason = reason
        self.reason_note = note
        self.open_requests = {}

    def move_to(self, table_code: str) -> str:
        """Guests change seats: the session goes to another table of its branch. Returns the
        code it left. Only a seated (active) session moves."""
        if self.status is not SessionStatus.ACTIVE:
            raise IllegalTransition(f"Only an active session can move; this one is {self.status.value}.")
        if table_code == self.table_code:
            raise InvalidInput(f"The session is already at {table_code}.", field="tableCode")
        left = self.table_code
        self.previous_tables = [code for code in self.previous_tables if code not in (left, table_code)] + [left]
        self.table_code = table_code
        return left

    def add_participant(self, customer_id: str, name: str, now: str, device_key_hash: str | None = None) -> bool:
        """Adds the customer; False when they already are a participant (a rejoin: their name
        and, when given, their phone's key hash are renewed)."""
        self.require_not_ended()
        for participant in self.participants:
            if participant.customer_id == customer_id:
                participant.name = name
                if device_key_hash:
                    participant.device_key_hash = device_key_hash
                return False
        if len(self.participants) >= MAX_PARTICIPANTS:
            raise IllegalTransition("This table session is full.")
        self.participants.append(Participant(customer_id=customer_id, name=name, joined_at=now,
                                             device_key_hash=device_key_hash))
        return True

    def hand_over(self, guest_id: str, account_id: str) -> bool:
        """The guest's place at the table becomes the account's (a phone verified as the
        account's), under the name the guest gave; False when the account was already here
        (the guest's entry is then dropped)."""
        self.require_not_ended()
        if self.has_participant(account_id):
            self.participants = [p for p in self.participants if p.customer_id != guest_id]
            return False
        for participant in self.participants:
            if participant.customer_id == guest_id:
                participant.customer_id = account_id
                return True
        raise IllegalTransition("You are no longer at this table.")


def seated_session(session: TableSession | None, customer_id: str, branch_id: str, table: str) -> TableSession:
    """The session a diner's sign-in names, while it still seats them: at the branch and the
    table the sign-in names (or one the session moved away from), the diner among its
    participants. Otherwise the sign-in is stale: scan the table's code again."""
    if (
        session is None
        or session.branch_id != branch_id
        or not any(table_id(session.branch_id, code) == table for code in (session.table_code, *session.previous_tables))
        or not session.has_participant(customer_id)
    ):
        raise InvalidToken("This sign-in no longer matches a table session; scan the table's code again.")
    return session
