"""Waiter calls and bill requests: open until a staff member acknowledges them."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import IllegalTransition
from .sessions import RequestKind


class RequestStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"


@dataclass
class ServiceRequest:
    id: str
    kind: RequestKind
    session_id: str
    branch_id: str
    table_code: str
    customer_id: str
    created_at: str
    status: RequestStatus = RequestStatus.OPEN
    acknowledged_at: str | None = None
    acknowledged_by: str | None = None

    @property
    def is_open(self) -> bool:
        return self.status is RequestStatus.OPEN

    def acknowledge(self, staff_id: str, now: str) -> None:
        if not self.is_open:
            raise IllegalTransition("This request has already been acknowledged.")
        self.status = RequestStatus.ACKNOWLEDGED
        self.acknowledged_at = now
        self.acknowledged_by = staff_id
