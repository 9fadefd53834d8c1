"""The seam between the use cases and storage: what each repository promises, as Protocols.

Services take a `Repositories` and know nothing else of storage; `bootstrap.repositories()`
builds the DynamoDB ones (`store/`), the service tests build in-memory ones (`tests/fakes/`).
Domain objects in, domain objects out; a write whose condition fails raises the domain error
named in its docstring (the same one from every implementation: `tests/integration/test_repository_contract.py`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, Protocol

from .domain.audit import AuditEntry
from .domain.customers import Customer
from .domain.facts import Fact
from .domain.join_requests import JoinRequest
from .domain.menu import BranchItemSetting, BranchSchedule, Category, ChainMenu, MenuItem
from .domain.orders import Order
from .domain.pacing import CategoryPause, KitchenQueue, QueuedOrder
from .domain.phone_verification import PhoneVerification
from .domain.sections import Floor as SectionFloor
from .domain.sections import Section
from .domain.service_requests import ServiceRequest
from .domain.sessions import Participant, SessionStatus, TableSession
from .domain.staff import StaffMember
from .domain.stations import Station
from .domain.venues import Branch, Chain, DiningTable, OrderSafety


class Listener(NamedTuple):
    """A connection subscribed to a channel, and when its `$connect` registered it."""

    connection_id: str
    registered_at: datetime | None


class VenueRepository(Protocol):
    """Chains, branches and their tables."""

    def get_chain(self, chain_id: str) -> Chain | None: ...
    def save_chain(self, chain: Chain) -> None: ...
    def get_branch(self, branch_id: str) -> Branch | None: ...
    def branch_id_for_slug(self, slug: str) -> str | None: ...
    def branch_by_slug(self, slug: str) -> Branch | None: ...
    def branches_of_chain(self, chain_id: str) -> list[Branch]: ...
    def add_branch(self, branch: Branch) -> None:
        """A taken slug: AlreadyExists (field "slug")."""
    def update_branch(self, branch: Branch) -> None: ...
    def set_order_safety(self, branch_id: str, safety: OrderSafety) -> None:
        """Only the order-safety attributes; a missing branch: Conflict."""
    def get_table(self, branch_id: str, code: str) -> DiningTable | None: ...
    def tables_of_branch(self, branch_id: str) -> list[DiningTable]:
        """In the table codes' key order (plain string order)."""
    def add_table(self, table: DiningTable) -> None:
        """A taken code: AlreadyExists (field "code")."""
    def save_table(self, table: DiningTable) -> None:
        """Only its label and seats; gone: NotFound (field "code")."""
    def remove_table(self, branch_id: str, code: str) -> None:
        """Only while no session is open or pending at it, else TableBusy (field "code"); gone: NotFound."""


class AuditRepository(Protocol):
    """The audit trail, one partition per branch (issue 18)."""

    def add(self, entry: AuditEntry) -> None: ...
    def of_branch(self, branch_id: str, after_id: str = "", before_id: str = "", limit: int = 500) -> list[AuditEntry]:
        """Newest first, ids strictly between `after_id` and `before_id` (either may be "")."""


class CustomerRepository(Protocol):
    def get(self, customer_id: str) -> Customer | None: ...
    def id_for_phone(self, chain_id: str, phone: str) -> str | None: ...
    def add(self, customer: Customer) -> None:
        """A loyalty customer claims the phone in the chain; taken: AlreadyExists (field "phone")."""
    def save_profile(self, customer: Customer) -> None: ...
    def record_consent(self, customer_id: str, at: str) -> None:
        """Marketing consent given; `consent_at` is set to `at` only if it was not set."""
    def members_of_chain(self, chain_id: str) -> list[Customer]:
        """The chain's loyalty accounts, in customer id order (the owner's member list)."""
    def record_visit(self, customer_id: str) -> None: ...
    def add_points(self, customer_id: str, points: int) -> None: ...


class StaffRepository(Protocol):
    def get(self, staff_id: str) -> StaffMember | None: ...
    def by_email(self, email: str) -> StaffMember | None:
        """Case-insensitive."""
    def of_chain(self, chain_id: str) -> list[StaffMember]:
        """Every account of the chain, in staff id order."""
    def add(self, member: StaffMember) -> None:
        """A taken e-mail address: AlreadyExists (field "email")."""
    def update(self, member: StaffMember) -> None: ...
    def update_from(self, member: StaffMember, version_read: int) -> None:
        """Saves only if the stored token version is still `version_read`; else ConcurrentUpdate."""


class SectionRepository(Protocol):
    """A branch's sections of the floor and which table is in which (one partition per branch)."""

    def floor_of(self, branch_id: str) -> SectionFloor:
        """Sections in id order, assignments in table codes' plain string order (strongly consistent)."""
    def add_section(self, section: Section) -> None:
        """An id already used: AlreadyExists (field "id")."""
    def save_section(self, section: Section) -> None:
        """Its name and waiter; a section that is gone: NotFound."""
    def assign_table(self, branch_id: str, table_code: str, section_id: str | None) -> None:
        """The table in that section (and out of any other), or in none; a section that is gone: NotFound
        (field "sectionId")."""
    def delete_section(self, branch_id: str, section_id: str, table_codes: list[str]) -> None:
        """The section and the assignments of `table_codes` to it."""


class SessionRepository(Protocol):
    """Every write is conditional on the version (or state) the session was read at, and bumps
    the session's `version` on success; a lost condition is ConcurrentUpdate unless said."""

    def get(self, session_id: str) -> TableSession | None: ...
    def of_branch(self, branch_id: str, status: SessionStatus, start_from: str = "", start_to: str = "",
                  limit: int = 200) -> list[TableSession]:
        """Newest start first."""
    def open_pending(self, session: TableSession) -> None:
        """The table already has a pending session: PendingSessionExists."""
    def save(self, session: TableSession) -> None: ...
    def append_participant(self, session: TableSession, participant: Participant) -> None:
        """Only while pending and not full."""
    def activate(self, session: TableSession, replaced: TableSession | None,
                 closed_requests: Iterable[ServiceRequest] = ()) -> None: ...
    def end(self, session: TableSession, was: SessionStatus, closed_requests: Iterable[ServiceRequest] = ()) -> None: ...
    def open_for_staff(self, session: TableSession) -> None:
        """The table has any session: TableBusy (field "tableCode")."""
    def move(self, session: TableSession, left: str, orders: Iterable[Order],
             requests: Iterable[ServiceRequest]) -> None: ...


class JoinRequestRepository(Protocol):
    def get(self, request_id: str) -> JoinRequest | None: ...
    def waiting_of_session(self, session_id: str) -> list[JoinRequest]:
        """Oldest first."""
    def waiting_of_branch(self, branch_id: str) -> list[JoinRequest]:
        """Oldest first."""
    def add(self, request: JoinRequest) -> None:
        """Only while its session is open, else ConcurrentUpdate."""
    def allow(self, request: JoinRequest, session: TableSession) -> None:
        """Decided or expired meanwhile: JoinRequestDecided; the session changed: ConcurrentUpdate."""
    def settle(self, request: JoinRequest) -> None:
        """Declined or expired, on the request still waiting, else JoinRequestDecided."""


class OrderRepository(Protocol):
    def get(self, order_id: str) -> Order | None: ...
    def of_session(self, session_id: str) -> list[Order]:
        """Newest first."""
    def open_of_branch(self, branch_id: str) -> list[Order]:
        """Oldest first: the kitchen's board."""
    def add(self, order: Order, session: TableSession, counted: int, spending_cap: int | None) -> None:
        """The order and the session's running total, all or nothing: only while the session
        is active and, under a cap, the total leaves room; else ConcurrentUpdate."""
    def save(self, order: Order) -> None:
        """On the version read; what a cancellation takes off leaves the running total."""


class KitchenQueueRepository(Protocol):
    def of_branch(self, branch_id: str) -> KitchenQueue: ...
    def apply(self, branch_id: str, changes: Mapping[str, QueuedOrder | None]) -> None: ...


class ServiceRequestRepository(Protocol):
    def get(self, request_id: str) -> ServiceRequest | None: ...
    def of_session(self, session_id: str) -> list[ServiceRequest]:
        """Newest first."""
    def open_of_branch(self, branch_id: str) -> list[ServiceRequest]:
        """Oldest first."""
    def open(self, request: ServiceRequest, session: TableSession) -> None:
        """One of its kind already open, or the session not active: RequestAlreadyOpen."""
    def acknowledge(self, request: ServiceRequest, session: TableSession | None) -> None:
        """Acknowledged meanwhile: ConcurrentUpdate."""


class MenuRepository(Protocol):
    def chain_menu(self, chain_id: str) -> tuple[list[Category], list[MenuItem], list[BranchItemSetting]]: ...
    def whole_menu(self, chain_id: str) -> ChainMenu:
        """The caller's own copy: change it freely."""
    def version(self, chain_id: str) -> tuple[int, str] | None: ...
    def whole_menu_and_version(self, chain_id: str) -> tuple[ChainMenu, tuple[int, str] | None]:
        """`whole_menu` and `version` read before it."""
    def save_schedule(self, chain_id: str, schedule: BranchSchedule, now: str) -> None: ...
    def save_pause(self, chain_id: str, pause: CategoryPause, now: str) -> None: ...
    def get_category(self, chain_id: str, category_id: str) -> Category | None: ...
    def get_item(self, chain_id: str, item_id: str) -> MenuItem | None: ...
    def save_category(self, category: Category, now: str, *, new: bool = False) -> None:
        """new and there: AlreadyExists; not new and gone: Conflict."""
    def save_item(self, item: MenuItem, now: str, *, new: bool = False) -> None:
        """new and there: AlreadyExists; not new and gone: Conflict."""
    def delete_category(self, chain_id: str, category_id: str) -> None: ...
    def delete_item(self, chain_id: str, item_id: str, branch_ids: Iterable[str]) -> None: ...
    def save_branch_setting(self, chain_id: str, setting: BranchItemSetting, now: str) -> None: ...
    def save_stations(self, chain_id: str, stations: list[Station], now: str) -> None:
        """The chain's whole list of kitchen stations, replacing the one stored."""


class RateLimiter(Protocol):
    """Fixed windows aligned to the clock; over the limit: TooManyRequests(retry_after_s)."""

    def check(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None: ...
    def hit(self, name: str, caller: str, limit: int, window_s: int, message: str) -> None: ...


class ConnectionRepository(Protocol):
    def register(self, connection_id: str, channels: list[str], subject: str, expires_at: datetime,
                 token_id: str = "", connected_at: str = "", registered_at: datetime | None = None) -> None: ...
    def of_token(self, token_id: str) -> list[tuple[str, str]]:
        """(connected_at, connection_id), oldest first."""
    def forget(self, connection_id: str) -> None: ...
    def listeners(self, channel: str) -> list[str]: ...
    def listening(self, channel: str) -> list[Listener]: ...
    def channels_of(self, connection_id: str) -> list[str]: ...


class PhoneVerificationRepository(Protocol):
    def get(self, customer_id: str) -> PhoneVerification | None: ...
    def replace(self, verification: PhoneVerification, resend_interval_s: int) -> bool:
        """False when the last code is younger than `resend_interval_s`."""
    def count_try(self, customer_id: str, code_hash: str) -> PhoneVerification | None:
        """None once the tries are used up, or the code was replaced or used."""
    def consume(self, customer_id: str, code_hash: str) -> bool: ...
    def claim_phone(self, customer_id: str, chain_id: str, phone: str) -> None:
        """The phone has an account already: AlreadyExists (field "phone")."""


class UrlSigner(Protocol):
    """What a boto3 S3 client offers a browser's upload: a pre-signed URL."""

    def generate_presigned_url(self, ClientMethod: str, Params: dict[str, str],  # noqa: N803 - boto3's names
                               ExpiresIn: int) -> str: ...


class FactSink(Protocol):
    """Where the reports' finished facts go (docs/reports.md): S3 (`store/facts.py`), or memory
    in the service tests (`tests/fakes/facts.py`)."""

    def write(self, name: str, facts: Sequence[Fact]) -> int:
        """Writes `facts` as one newline-delimited JSON object per (kind, chain, branch, day),
        each named `name` under its partition's prefix (the same name again overwrites it:
        a redelivered batch). Returns the number of objects written; raises on failure."""


@dataclass(frozen=True)
class Repositories:
    venues: VenueRepository
    customers: CustomerRepository
    staff: StaffRepository
    sessions: SessionRepository
    join_requests: JoinRequestRepository
    orders: OrderRepository
    kitchen_queues: KitchenQueueRepository
    requests: ServiceRequestRepository
    menu: MenuRepository
    rate_limiter: RateLimiter
    connections: ConnectionRepository
    phone_verifications: PhoneVerificationRepository
    sections: SectionRepository
    audit: AuditRepository
