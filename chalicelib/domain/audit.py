"""The audit trail (issue 18): who changed what in the back office, or did a sensitive floor
action, when, with the state before and after."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class AuditAction(StrEnum):
    BRANCH_CREATED = "branch.created"
    BRANCH_UPDATED = "branch.updated"
    BRANCH_ARCHIVED = "branch.archived"
    BRANCH_RESTORED = "branch.restored"
    TABLE_ADDED = "table.added"
    TABLE_UPDATED = "table.updated"
    TABLE_REMOVED = "table.removed"
    STAFF_INVITED = "staff.invited"
    STAFF_UPDATED = "staff.updated"
    STAFF_DEACTIVATED = "staff.deactivated"
    STAFF_REACTIVATED = "staff.reactivated"
    STAFF_PASSWORD_RESET = "staff.password_reset"
    ORDER_VOIDED = "order.voided"
    PRICE_CHANGED = "menu.price_changed"
    ITEM_AVAILABILITY = "menu.availability"  # the 86 and its return
    ORDER_SAFETY_CHANGED = "branch.order_safety"  # spending cap, approval threshold and portions
    JOIN_ALLOWED = "table.join_allowed"


AUDIT_KEEP_DAYS = 400  # about thirteen months: a year's comparisons; then DynamoDB's TTL drops the entry


@dataclass(frozen=True)
class AuditEntry:
    branch_id: str
    id: str  # a ULID: newest last in key order
    at: str
    actor_id: str
    actor_name: str
    actor_role: str
    action: str
    target: str  # what changed: a branch id, a table code, an order id, a staff id
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
