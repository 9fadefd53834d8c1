"""PynamoDB models: one table per aggregate, keys designed for the access patterns.

`docs/data-model.md` lists every access pattern and the key or index that serves it.
No code path scans a table.
"""
from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
)
from pynamodb.constants import PAY_PER_REQUEST_BILLING_MODE, STREAM_NEW_AND_OLD_IMAGE
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection
from pynamodb.models import Model

from ..config import settings
from .botocore_data import share_with_pynamodb

share_with_pynamodb()  # every table's connection parses botocore's data files once, not once per table


def _meta(short_name: str, *, stream: bool = False) -> Any:  # a class PynamoDB reads as Meta
    attrs = {
        "table_name": settings.table_name(short_name),
        "region": settings.region,
        "billing_mode": PAY_PER_REQUEST_BILLING_MODE,
    }
    if stream:
        attrs["stream_view_type"] = STREAM_NEW_AND_OLD_IMAGE
    return type("Meta", (), attrs)


def string_list(**options: Any) -> ListAttribute[str]:
    """`ListAttribute(of=UnicodeAttribute)`, typed as the list of strings it reads as (PynamoDB's
    annotations would make it a list of attributes)."""
    return ListAttribute(of=UnicodeAttribute, **options)  # type: ignore[arg-type]


def number_list(**options: Any) -> ListAttribute[float]:
    """`ListAttribute(of=NumberAttribute)`, typed as the list of numbers it reads as."""
    return ListAttribute(of=NumberAttribute, **options)  # type: ignore[arg-type]


def _index_meta(index_name: str) -> Any:
    return type("Meta", (), {"index_name": index_name, "projection": AllProjection()})


def _keys_index_meta(index_name: str) -> Any:
    """An index that holds keys only: a change to the item's other attributes (a kitchen bump, a
    session's running total) writes no copy to it. Its readers query it for keys, then read the
    items (`dynamodb.query_then_get`). The names end in `-keys-index`: a projection cannot be
    changed in place (infra/README.md, "Index projections")."""
    return type("Meta", (), {"index_name": index_name, "projection": KeysOnlyProjection()})


# -- venues ----------------------------------------------------------------------------
class ChainRecord(Model):
    Meta = _meta("chains")
    chain_id = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute()
    currency = UnicodeAttribute()
    languages = string_list()
    timezone = UnicodeAttribute(default="UTC")


class BranchesOfChain(GlobalSecondaryIndex):
    Meta = _index_meta("chain-index")
    chain_id = UnicodeAttribute(hash_key=True)
    slug = UnicodeAttribute(range_key=True)


class BranchRecord(Model):
    Meta = _meta("branches")
    branch_id = UnicodeAttribute(hash_key=True)
    chain_id = UnicodeAttribute()
    slug = UnicodeAttribute()
    name = UnicodeAttribute()
    currency = UnicodeAttribute()
    languages = string_list()
    timezone = UnicodeAttribute(default="UTC")
    address = UnicodeAttribute(default="")
    settings: MapAttribute[str, Any] = MapAttribute(null=True)  # BranchSettings by name; missing keys: the defaults
    spending_cap = NumberAttribute(null=True)        # order safety: per session, minor units
    approval_threshold = NumberAttribute(null=True)  # order safety: orders above it wait for staff
    approval_portions = NumberAttribute(null=True)   # order safety: orders of more portions wait; 0 off, absent default
    archived = BooleanAttribute(null=True)  # closed by the owner (issue 18); absent: open
    by_chain = BranchesOfChain()


class DiningTableRecord(Model):
    """A table of a branch; it points at its active and pending session (strongly consistent)."""

    Meta = _meta("dining-tables")
    branch_id = UnicodeAttribute(hash_key=True)
    code = UnicodeAttribute(range_key=True)
    label = UnicodeAttribute()
    seats = NumberAttribute(null=True)
    active_session_id = UnicodeAttribute(null=True)
    pending_session_id = UnicodeAttribute(null=True)


class LookupRecord(Model):
    """Unique natural keys (branch slug, staff email, loyalty phone per chain) -> an id.

    Written in the same transaction as the object they point at, with a condition that
    the key is not taken: that is how uniqueness is enforced without a scan.
    """

    Meta = _meta("lookups")
    key = UnicodeAttribute(hash_key=True)
    target_id = UnicodeAttribute()


# -- people ------------------------------------------------------------------------------
class CustomersOfChain(GlobalSecondaryIndex):
    """A chain's customers (the owner's loyalty member list, issue 19). Phone codes share the table
    and carry a chain id too: the query keeps loyalty customers only (`mode`)."""

    Meta = _index_meta("chain-index")
    chain_id = UnicodeAttribute(hash_key=True)
    customer_id = UnicodeAttribute(range_key=True)


class CustomerRecord(Model):
    """Streams (issue 19): a loyalty account created is a fact for the reports (the realtime
    fan-out ignores the table)."""

    Meta = _meta("customers", stream=True)
    customer_id = UnicodeAttribute(hash_key=True)
    chain_id = UnicodeAttribute()
    mode = UnicodeAttribute()
    name = UnicodeAttribute()
    phone = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    birth_date = UnicodeAttribute(null=True)
    points = NumberAttribute(default=0)
    visits = NumberAttribute(default=0)
    avoid_allergens = string_list(default=list)
    created_at = UnicodeAttribute()
    marketing_consent = BooleanAttribute(default=False, null=True)  # rows stored before: no consent
    consent_at = UnicodeAttribute(null=True)
    by_chain = CustomersOfChain()


class PhoneVerificationRecord(Model):
    """A guest's pending phone code, in the customers table under `phone-verification#{customerId}`
    (not a customer: no `chain_id` index reads it). `code_hash` is a keyed hash, never the code."""

    Meta = _meta("customers", stream=True)
    key = UnicodeAttribute(hash_key=True, attr_name="customer_id")
    chain_id = UnicodeAttribute()
    phone = UnicodeAttribute()
    code_hash = UnicodeAttribute()
    sent_at = NumberAttribute()
    expires_at = NumberAttribute()
    tries = NumberAttribute(default=0)


class StaffOfChain(GlobalSecondaryIndex):
    """A chain's staff accounts (the floor's waiters for the sections picker)."""

    Meta = _index_meta("chain-index")
    chain_id = UnicodeAttribute(hash_key=True)
    staff_id = UnicodeAttribute(range_key=True)


class StaffRecord(Model):
    Meta = _meta("staff")
    staff_id = UnicodeAttribute(hash_key=True)
    chain_id = UnicodeAttribute()
    email = UnicodeAttribute()
    name = UnicodeAttribute()
    role = UnicodeAttribute()
    branch_ids = string_list()
    password_hash = UnicodeAttribute()
    active = BooleanAttribute(default=True)
    token_version = NumberAttribute(default=0)  # staff tokens issued under another version are refused
    link_hash = UnicodeAttribute(null=True)  # SHA-256 of the open invitation or reset link's secret
    link_expires_at = UnicodeAttribute(null=True)
    by_chain = StaffOfChain()


# -- sections of the floor (issue 16) -----------------------------------------------------
class SectionEntryRecord(Model):
    """One partition per branch: `S#{sectionId}` a named section and the waiter serving it
    (`staff_id`, and `staff_name` as it was when assigned), `T#{tableCode}` the section a table is in."""

    Meta = _meta("sections", stream=True)
    branch_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute(null=True)         # S#
    staff_id = UnicodeAttribute(null=True)     # S#
    staff_name = UnicodeAttribute(null=True)   # S#
    section_id = UnicodeAttribute(null=True)   # T#
    updated_at = UnicodeAttribute()


# -- table sessions ----------------------------------------------------------------------
class ParticipantMap(MapAttribute):
    customer_id = UnicodeAttribute()
    name = UnicodeAttribute()
    joined_at = UnicodeAttribute()
    device_key_hash = UnicodeAttribute(null=True)  # SHA-256 of the phone's own key (participants before it: none)


class SessionsOfBranch(GlobalSecondaryIndex):
    """Sessions of a branch by state, then by start time: `state_key = status#startedAt`."""

    Meta = _keys_index_meta("branch-state-keys-index")
    branch_id = UnicodeAttribute(hash_key=True)
    state_key = UnicodeAttribute(range_key=True)


class TenderMap(MapAttribute):
    method = UnicodeAttribute()
    amount = NumberAttribute()


class PaymentMap(MapAttribute):
    """How a closed table paid (reports read it): the bill then, the tip, the tenders, who and when."""
    bill_total = NumberAttribute()
    tip = NumberAttribute(default=0)
    tenders = ListAttribute(of=TenderMap, default=list)
    staff_id = UnicodeAttribute()
    at = UnicodeAttribute()


class SessionRecord(Model):
    Meta = _meta("sessions", stream=True)
    session_id = UnicodeAttribute(hash_key=True)
    branch_id = UnicodeAttribute()
    table_code = UnicodeAttribute()
    status = UnicodeAttribute()
    state_key = UnicodeAttribute()
    started_at = UnicodeAttribute()
    participants = ListAttribute(of=ParticipantMap, default=list)
    approved_at = UnicodeAttribute(null=True)
    ended_at = UnicodeAttribute(null=True)
    end_reason = UnicodeAttribute(null=True)
    reason_note = UnicodeAttribute(null=True)
    replaces_session_id = UnicodeAttribute(null=True)
    open_requests: MapAttribute[str, Any] = MapAttribute(default=dict)  # kind -> request id, while open
    previous_tables = string_list(null=True)  # codes it moved away from
    opened_by_staff = UnicodeAttribute(null=True)
    ordered_total = NumberAttribute(null=True)  # the orders' running total (spending cap); absent: stored before it
    payment = PaymentMap(null=True)  # set when staff closed the table recording how it paid
    version = NumberAttribute(default=0)
    by_branch_state = SessionsOfBranch()


# -- requests to join a table's session -----------------------------------------------------
class WaitingJoinRequestsOfSession(GlobalSecondaryIndex):
    """Sparse: only waiting requests carry `waiting_since`."""

    Meta = _index_meta("session-waiting-index")
    session_id = UnicodeAttribute(hash_key=True)
    waiting_since = UnicodeAttribute(range_key=True)


class WaitingJoinRequestsOfBranch(GlobalSecondaryIndex):
    """Sparse: only waiting requests carry `waiting_since` (the POS and Tables page)."""

    Meta = _index_meta("branch-waiting-index")
    branch_id = UnicodeAttribute(hash_key=True)
    waiting_since = UnicodeAttribute(range_key=True)


class JoinRequestRecord(Model):
    """A phone asking to join a table's session. Decided by one conditional write (on
    `status`); allowing it also adds the participant to the session in the same transaction.
    `purge_at` (TTL) removes it a day after it expires."""

    Meta = _meta("join-requests", stream=True)
    request_id = UnicodeAttribute(hash_key=True)
    branch_id = UnicodeAttribute()
    table_code = UnicodeAttribute()
    session_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    name = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    expires_at = UnicodeAttribute()
    device_key_hash = UnicodeAttribute()
    client = UnicodeAttribute(null=True)  # the asking phone's client key (per-client limits)
    waiting_since = UnicodeAttribute(null=True)  # `{createdAt}#{id}` while waiting
    decided_by = UnicodeAttribute(null=True)
    decider_id = UnicodeAttribute(null=True)
    decided_at = UnicodeAttribute(null=True)
    purge_at = TTLAttribute(null=True)
    waiting_of_session = WaitingJoinRequestsOfSession()
    waiting_of_branch = WaitingJoinRequestsOfBranch()


# -- orders ------------------------------------------------------------------------------
class ChosenOptionMap(MapAttribute):
    """A modifier as the line keeps it: names and price delta as they were when ordered."""

    group_id = UnicodeAttribute()
    group_name = UnicodeAttribute()
    option_id = UnicodeAttribute()
    name = UnicodeAttribute()
    price_delta = NumberAttribute(default=0)


class LineVoidMap(MapAttribute):
    """Staff took the line off the bill: why, who, when and for how much (reports read it)."""
    reason = UnicodeAttribute()
    note = UnicodeAttribute(default="")
    staff_id = UnicodeAttribute()
    at = UnicodeAttribute()
    amount = NumberAttribute()


class OrderLineMap(MapAttribute):
    line_id = UnicodeAttribute()
    menu_item_id = UnicodeAttribute()
    category_id = UnicodeAttribute(default="")
    name = UnicodeAttribute()
    quantity = NumberAttribute()
    unit_price = NumberAttribute()
    status = UnicodeAttribute()
    notes = UnicodeAttribute(default="")
    options = ListAttribute(of=ChosenOptionMap, default=list)  # lines stored before modifiers have none
    age_restricted = BooleanAttribute(default=False)
    ready_at = UnicodeAttribute(null=True)
    prep_minutes = NumberAttribute(null=True)  # one portion's cook-minutes when ordered (the kitchen queue's weight)
    void = LineVoidMap(null=True)
    station_id = UnicodeAttribute(null=True)  # where it was routed when ordered; absent: the kitchen

    previous_status = UnicodeAttribute(null=True)  # before the line's last kitchen move: what an undo restores
    moved_at = UnicodeAttribute(null=True)  # when that move happened (the undo window runs from it)
    served_at = UnicodeAttribute(null=True)  # when it became served (reports); lines stored before: none


class WaitEstimateMap(MapAttribute):
    min_minutes = NumberAttribute()
    max_minutes = NumberAttribute()
    ready_from = UnicodeAttribute()
    ready_to = UnicodeAttribute()


class OrdersOfSession(GlobalSecondaryIndex):
    Meta = _keys_index_meta("session-keys-index")
    session_id = UnicodeAttribute(hash_key=True)
    order_id = UnicodeAttribute(range_key=True)


class OpenOrdersOfBranch(GlobalSecondaryIndex):
    """Sparse: only open orders carry `open_since`, so the index holds just the live board."""

    Meta = _keys_index_meta("branch-open-keys-index")
    branch_id = UnicodeAttribute(hash_key=True)
    open_since = UnicodeAttribute(range_key=True)


class OrderRecord(Model):
    """An order with all its lines: one item, written once, then conditionally updated."""

    Meta = _meta("orders", stream=True)
    order_id = UnicodeAttribute(hash_key=True)
    session_id = UnicodeAttribute()
    branch_id = UnicodeAttribute()
    table_code = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    customer_name = UnicodeAttribute()
    currency = UnicodeAttribute()
    lines = ListAttribute(of=OrderLineMap)
    status = UnicodeAttribute()
    notes = UnicodeAttribute(default="")
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    open_since = UnicodeAttribute(null=True)
    placed_by_staff = UnicodeAttribute(null=True)
    accepted_at = UnicodeAttribute(null=True)  # when the floor accepted it (reports); orders stored before: none
    awaiting_approval = BooleanAttribute(null=True)
    rejection_reason = UnicodeAttribute(null=True)
    version = NumberAttribute(default=0)
    estimate = WaitEstimateMap(null=True)
    by_session = OrdersOfSession()
    open_by_branch = OpenOrdersOfBranch()


# -- waiter calls and bill requests ------------------------------------------------------
class RequestsOfSession(GlobalSecondaryIndex):
    Meta = _keys_index_meta("session-keys-index")
    session_id = UnicodeAttribute(hash_key=True)
    request_id = UnicodeAttribute(range_key=True)


class OpenRequestsOfBranch(GlobalSecondaryIndex):
    """Sparse, and a full copy: an open request is small, goes into the index when opened and out
    of it when acknowledged, one index write each whatever it projects (a table move, rare,
    rewrites it once more); keys only would add a read to the POS's load and save next to nothing."""

    Meta = _index_meta("branch-open-index")
    branch_id = UnicodeAttribute(hash_key=True)
    open_since = UnicodeAttribute(range_key=True)


class ServiceRequestRecord(Model):
    Meta = _meta("service-requests", stream=True)
    request_id = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    session_id = UnicodeAttribute()
    branch_id = UnicodeAttribute()
    table_code = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    acknowledged_at = UnicodeAttribute(null=True)
    acknowledged_by = UnicodeAttribute(null=True)
    open_since = UnicodeAttribute(null=True)
    by_session = RequestsOfSession()
    open_by_branch = OpenRequestsOfBranch()


# -- menu ----------------------------------------------------------------------------------
class OptionMap(MapAttribute):
    option_id = UnicodeAttribute()
    name = UnicodeAttribute()
    price_delta = NumberAttribute(default=0)
    translations = JSONAttribute(null=True)  # {"es": {"name": ...}}; absent: the base text only


class OptionGroupMap(MapAttribute):
    group_id = UnicodeAttribute()
    name = UnicodeAttribute()
    min_choices = NumberAttribute(default=0)
    max_choices = NumberAttribute(default=1)
    options = ListAttribute(of=OptionMap, default=list)
    translations = JSONAttribute(null=True)


class MenuEntryRecord(Model):
    """A chain's whole menu lives in one partition: one Query reads all of it.

    `entry` is `C#{categoryId}`, `I#{itemId}`, `B#{branchId}#{itemId}` (a branch's own
    availability and price), `S#{branchId}#{category|item}#{id}` (a branch's service windows),
    `P#{branchId}#{categoryId}` (the kitchen's pause) or `V` (the partition's version); `kind`
    tells PynamoDB which subclass a row is.
    """

    Meta = _meta("menu", stream=True)
    chain_id = UnicodeAttribute(hash_key=True)
    entry = UnicodeAttribute(range_key=True)
    kind = DiscriminatorAttribute()
    updated_at = UnicodeAttribute(default="")


class CategoryRecord(MenuEntryRecord, discriminator="category"):
    category_id = UnicodeAttribute()
    name = UnicodeAttribute()
    position = NumberAttribute(default=0)
    station_id = UnicodeAttribute(null=True)  # categories stored before stations: the chain's first station
    translations = JSONAttribute(null=True)  # {"es": {"name": ...}}; absent: the base text only


class MenuItemRecord(MenuEntryRecord, discriminator="item"):
    item_id = UnicodeAttribute()
    category_id = UnicodeAttribute()
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    price = NumberAttribute()
    image_key = UnicodeAttribute(default="")
    tags = string_list(default=list)
    allergens = string_list(default=list)
    position = NumberAttribute(default=0)
    available = BooleanAttribute(default=True)
    option_groups = ListAttribute(of=OptionGroupMap, default=list)  # items stored before modifiers have none
    age_restricted = BooleanAttribute(default=False)
    prep_minutes = NumberAttribute(null=True)
    station_id = UnicodeAttribute(null=True)  # the item's own station; absent: its category's
    translations = JSONAttribute(null=True)  # {"es": {"name", "description"}}; absent: the base text only


class BranchItemRecord(MenuEntryRecord, discriminator="branch-item"):
    branch_id = UnicodeAttribute()
    item_id = UnicodeAttribute()
    available = BooleanAttribute(null=True)
    price = NumberAttribute(null=True)


class ServiceWindowMap(MapAttribute):
    start = UnicodeAttribute()
    end = UnicodeAttribute()
    days = number_list(default=list)


class BranchScheduleRecord(MenuEntryRecord, discriminator="branch-schedule"):
    branch_id = UnicodeAttribute()
    target_kind = UnicodeAttribute()  # category | item
    target_id = UnicodeAttribute()
    windows = ListAttribute(of=ServiceWindowMap, default=list)


class CategoryPauseRecord(MenuEntryRecord, discriminator="branch-pause"):
    branch_id = UnicodeAttribute()
    category_id = UnicodeAttribute()
    until = UnicodeAttribute()


class StationMap(MapAttribute):
    station_id = UnicodeAttribute()
    name = UnicodeAttribute()


class StationsRecord(MenuEntryRecord, discriminator="stations"):
    """`entry` `K`: the chain's kitchen stations, in the order screens list them (absent: one
    "Kitchen", domain.stations.DEFAULT_STATION)."""

    ENTRY = "K"
    stations = ListAttribute(of=StationMap, default=list)


class MenuVersionRecord(MenuEntryRecord, discriminator="version"):
    """`entry` `V`: changed in the same transaction as every other write to the partition, so
    a container may keep the menu it read while the version stays the same. `version` counts
    the writes; `stamp` is new on each, so a table recreated (or restored) under the same
    name never repeats a version a container saw before."""

    ENTRY = "V"
    version = NumberAttribute(default=0)
    stamp = UnicodeAttribute(default="")


# -- infrastructure tables -----------------------------------------------------------------
class RateLimitRecord(Model):
    """Fixed-window counters: `key` names the limit, the caller and the window."""

    Meta = _meta("rate-limits")
    key = UnicodeAttribute(hash_key=True)
    hits = NumberAttribute(default=0)
    expires_at = TTLAttribute(null=True)


class ConnectionRecord(Model):
    """WebSocket subscriptions. A row per (channel, connection) answers "who listens to this
    channel" with one Query; a row `connection#{id}` / `_` lists a connection's channels so
    $disconnect (or a 410 on a push) can remove all of its rows. A row per (`token#{id}`,
    connection) answers "which sockets does this token hold", oldest first by `connected_at`
    (the limit of live sockets per token). Rows expire a little after API Gateway's two-hour
    connection limit, in case no $disconnect ever comes. `registered_at` (ISO-8601, on the meta
    and channel rows) tells the fan-out a connection too young for a 410 to mean gone (API
    Gateway answers 410 until `$connect` has returned)."""

    Meta = _meta("connections")
    channel = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)
    channels = string_list(null=True)
    subject = UnicodeAttribute(null=True)
    token = UnicodeAttribute(null=True)  # the meta row: the `token#{id}` row to remove with it
    connected_at = UnicodeAttribute(null=True)  # ISO-8601 with microseconds, on `token#` rows
    registered_at = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class IdempotencyRecord(Model):
    """The table Powertools' idempotency utility writes (its default attribute names)."""

    Meta = _meta("idempotency")
    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute(null=True)


class AuditRecord(Model):
    """The audit trail (issue 18): one partition per branch, entries by `entry_id` (a ULID, so in
    time order); `before`/`after` are the changed fields as JSON text. `purge_at` (TTL) drops an
    entry after domain.audit.AUDIT_KEEP_DAYS."""

    Meta = _meta("audit")
    branch_id = UnicodeAttribute(hash_key=True)
    entry_id = UnicodeAttribute(range_key=True)
    at = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    actor_name = UnicodeAttribute()
    actor_role = UnicodeAttribute()
    action = UnicodeAttribute()
    target = UnicodeAttribute()
    before = UnicodeAttribute(null=True)
    after = UnicodeAttribute(null=True)
    extra = UnicodeAttribute(null=True)
    purge_at = TTLAttribute(null=True)


ALL_MODELS: tuple[type[Model], ...] = (
    ChainRecord,
    BranchRecord,
    DiningTableRecord,
    LookupRecord,
    CustomerRecord,
    StaffRecord,
    SectionEntryRecord,
    SessionRecord,
    JoinRequestRecord,
    OrderRecord,
    ServiceRequestRecord,
    MenuEntryRecord,
    RateLimitRecord,
    ConnectionRecord,
    IdempotencyRecord,
    AuditRecord,
)

# The tables whose changes reach screens (their streams feed the realtime fan-out) or the reports'
# facts (chalicelib/realtime/facts_stream.py; the customers table streams for those alone).
STREAM_MODELS: tuple[type[Model], ...] = (SessionRecord, OrderRecord, ServiceRequestRecord, MenuEntryRecord,
                                          JoinRequestRecord, SectionEntryRecord, CustomerRecord)
