"""The in-memory tables every fake shares, by the real tables' keys, and the copy that stands
for a read from or a write to DynamoDB."""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TypeVar

from chalicelib.domain.audit import AuditEntry
from chalicelib.domain.customers import Customer
from chalicelib.domain.join_requests import JoinRequest
from chalicelib.domain.orders import Order
from chalicelib.domain.pacing import QueuedOrder
from chalicelib.domain.phone_verification import PhoneVerification
from chalicelib.domain.sections import Section
from chalicelib.domain.service_requests import ServiceRequest
from chalicelib.domain.sessions import TableSession
from chalicelib.domain.staff import StaffMember
from chalicelib.domain.venues import Branch, Chain, DiningTable

T = TypeVar("T")


def _copy(value: T) -> T:
    return copy.deepcopy(value)


@dataclass
class Tables:
    """The stored items, by the real tables' keys."""

    chains: dict[str, Chain] = field(default_factory=dict)
    branches: dict[str, Branch] = field(default_factory=dict)
    tables: dict[tuple[str, str], DiningTable] = field(default_factory=dict)
    lookups: dict[str, str] = field(default_factory=dict)  # "slug#…", "phone#chain#…", "email#…" -> id
    customers: dict[str, Customer] = field(default_factory=dict)
    staff: dict[str, StaffMember] = field(default_factory=dict)
    sessions: dict[str, TableSession] = field(default_factory=dict)
    join_requests: dict[str, JoinRequest] = field(default_factory=dict)
    orders: dict[str, Order] = field(default_factory=dict)
    requests: dict[str, ServiceRequest] = field(default_factory=dict)
    queues: dict[str, dict[str, QueuedOrder]] = field(default_factory=dict)
    menus: dict[str, dict[str, object]] = field(default_factory=dict)  # chain -> sort key -> entry
    menu_versions: dict[str, tuple[int, str]] = field(default_factory=dict)
    rate_counts: dict[str, int] = field(default_factory=dict)
    connections: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)  # (channel, id) -> row
    verifications: dict[str, PhoneVerification] = field(default_factory=dict)
    sections: dict[tuple[str, str], Section] = field(default_factory=dict)  # (branch, section id)
    assignments: dict[tuple[str, str], str] = field(default_factory=dict)  # (branch, table code) -> section id
    audit: dict[tuple[str, str], AuditEntry] = field(default_factory=dict)  # (branch, entry id)
