"""A stored change (a DynamoDB stream record) -> the messages of API.md and their audiences.

Stream images decode through the same PynamoDB models as the store (`from_raw_data`), so a
record means the same thing everywhere. Each audience gets only what it may see: the
kitchen and the floor get no customer ids; a diner's channel is their session alone.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, cast

from pynamodb.models import Model

from .. import presenters as present
from ..domain.clock import now_iso, utcnow
from ..domain.menu import BranchMenu
from ..ports import Repositories
from ..store.join_requests import join_request_from_record
from ..store.models import (
    STREAM_MODELS,
    BranchItemRecord,
    BranchScheduleRecord,
    CategoryPauseRecord,
    CustomerRecord,
    JoinRequestRecord,
    MenuEntryRecord,
    MenuItemRecord,
    OrderRecord,
    SectionEntryRecord,
    ServiceRequestRecord,
    SessionRecord,
)
from ..store.orders import order_from_record
from ..store.sections import SECTION as SECTION_PREFIX
from ..store.sections import TABLE as TABLE_PREFIX
from ..store.sections import section_from_record
from ..store.service_requests import request_from_record
from ..store.sessions import session_from_record
from .channels import (
    channel_for_branch,
    channel_for_floor,
    channel_for_join_request,
    channel_for_kitchen,
    channel_for_menu,
    channel_for_session,
)


@dataclass(frozen=True)
class Outgoing:
    channels: tuple[str, ...]
    message: dict[str, Any]


@functools.cache
def _models_by_table() -> dict[str, type[Model]]:
    return {model.Meta.table_name: model for model in STREAM_MODELS}


def table_of(event_source_arn: str) -> str:
    """`arn:aws:dynamodb:{region}:{account}:table/{name}/stream/{label}` -> name."""
    return event_source_arn.split(":table/", 1)[-1].split("/", 1)[0]


def _envelope(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": kind, "data": data, "at": now_iso()}


def model_of(raw: dict[str, Any]) -> type[Model] | None:
    """The model of the table a stream record comes from (None: not a table we stream)."""
    return _models_by_table().get(table_of(raw.get("eventSourceARN", "")))


def images(raw: dict[str, Any], model: type[Model]) -> tuple[Model | None, Model | None]:
    """A stream record's new and old images, decoded through the store's model (None: absent)."""
    change = raw.get("dynamodb", {})
    new = model.from_raw_data(change["NewImage"]) if "NewImage" in change else None
    old = model.from_raw_data(change["OldImage"]) if "OldImage" in change else None
    return new, old


def messages_for_change(raw: dict[str, Any], repos: Repositories) -> list[Outgoing]:
    """The messages one stream record produces (none for deletions and unseen changes, nor for
    customers: their table streams for the reports' facts alone, and no screen hears of it)."""
    model = model_of(raw)
    if model is None or model is CustomerRecord or \
            raw.get("eventName") == "REMOVE" and model not in (MenuEntryRecord, SectionEntryRecord):
        return []
    new, old = images(raw, model)
    if model is SessionRecord:
        return _session_messages(cast(SessionRecord, new), cast("SessionRecord | None", old))
    if model is OrderRecord:
        return _order_messages(cast(OrderRecord, new), cast("OrderRecord | None", old))
    if model is ServiceRequestRecord:
        return _request_messages(cast(ServiceRequestRecord, new), cast("ServiceRequestRecord | None", old))
    if model is JoinRequestRecord:
        return _join_request_messages(cast(JoinRequestRecord, new), cast("JoinRequestRecord | None", old))
    if model is SectionEntryRecord:
        return _section_messages(cast("SectionEntryRecord | None", new), cast(SectionEntryRecord, new or old))
    return _menu_messages(cast(MenuEntryRecord, new or old), repos)


def _session_messages(new: SessionRecord, old: SessionRecord | None) -> list[Outgoing]:
    session = session_from_record(new)
    before = session_from_record(old) if old is not None else None
    if before is not None and (before.status, before.participants, before.table_code) == \
            (session.status, session.participants, session.table_code):
        return []  # only request pointers moved: request.* messages carry that
    channels = (channel_for_session(session.id), channel_for_branch(session.branch_id))
    data = {**present.session(session), "version": session.version}
    out = [Outgoing(channels, _envelope("session.updated", data))]
    if before is not None and before.table_code != session.table_code:
        out.append(Outgoing(channels, _envelope("session.moved", {
            "id": session.id, "sessionId": session.id, "branchId": session.branch_id,
            "fromTableCode": before.table_code, "tableCode": session.table_code, "version": session.version,
        })))
    return out


def _for_staff(order_data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in order_data.items() if key != "customerId"}


def _order_messages(new: OrderRecord, old: OrderRecord | None) -> list[Outgoing]:
    order = order_from_record(new)
    diner_channels = (channel_for_session(order.session_id),)
    if order.kitchen_sees:
        staff_channels: tuple[str, ...] = (channel_for_branch(order.branch_id), channel_for_kitchen(order.branch_id))
    else:  # held for approval: the floor staff alone hear of it until they accept it
        staff_channels = (channel_for_floor(order.branch_id),)
    data = present.order(order)
    kind = "order.created" if old is None else "order.updated"
    out = [Outgoing(diner_channels, _envelope(kind, data)), Outgoing(staff_channels, _envelope(kind, _for_staff(data)))]
    if old is not None:
        before = {line.id: line.status for line in order_from_record(old).lines}
        for line in order.lines:
            if before.get(line.id) is not line.status:
                item = {"orderId": order.id, "sessionId": order.session_id, "tableCode": order.table_code,
                        "lineId": line.id, "menuItemId": line.menu_item_id, "name": line.name,
                        "status": line.status.value, "orderStatus": order.status.value, "version": order.version}
                out.append(Outgoing(diner_channels + staff_channels, _envelope("order.item.updated", item)))
    return out


_REQUEST_VERSION = {"open": 1, "acknowledged": 2}


def _request_messages(new: ServiceRequestRecord, old: ServiceRequestRecord | None) -> list[Outgoing]:
    request = request_from_record(new)
    data = {**present.service_request(request), "version": _REQUEST_VERSION[request.status.value]}
    kind = "request.created" if old is None else "request.updated"
    return [Outgoing((channel_for_session(request.session_id), channel_for_branch(request.branch_id)),
                     _envelope(kind, data))]


def _join_request_messages(new: JoinRequestRecord, old: JoinRequestRecord | None) -> list[Outgoing]:
    """A phone asks to join: the session's phones and the floor hear it. Its answer (allowed,
    declined, expired): they hear that too, and so does the asking phone, on its own channel."""
    request = join_request_from_record(new)
    session, branch = channel_for_session(request.session_id), channel_for_branch(request.branch_id)
    if old is None:
        return [
            Outgoing((session,), _envelope("join.requested", present.join_request_for_table(request))),
            Outgoing((branch,), _envelope("join.requested", {
                key: value for key, value in present.join_request_for_staff(request).items() if key != "expiresAt"})),
        ]
    if join_request_from_record(old).status is request.status:
        return []
    decided_by = request.decided_by.value if request.decided_by else None
    return [
        Outgoing((session,), _envelope("join.updated", {**present.join_decision(request), "decidedBy": decided_by})),
        Outgoing((branch,), _envelope("join.updated", {**present.join_decision(request),
                                                       "tableCode": request.table_code, "decidedBy": decided_by})),
        Outgoing((channel_for_join_request(request.id),), _envelope("join.updated", present.join_decision(request))),
    ]


def _section_messages(new: SectionEntryRecord | None, entry: SectionEntryRecord) -> list[Outgoing]:
    """A section named, renamed, given a waiter or removed (`section.updated`), or a table put in
    a section or in none (`table.section.updated`): the floor's screens of the branch hear it (the
    floor channel: the kitchen's screens have no use for it)."""
    channels = (channel_for_floor(entry.branch_id),)
    if entry.entry.startswith(SECTION_PREFIX):
        data = {**present.table_section(section_from_record(entry)), "branchId": entry.branch_id, "removed": new is None}
        return [Outgoing(channels, _envelope("section.updated", data))]
    return [Outgoing(channels, _envelope("table.section.updated", {
        "branchId": entry.branch_id, "tableCode": entry.entry[len(TABLE_PREFIX):],
        "sectionId": new.section_id if new is not None else None,
    }))]


def _menu_messages(entry: MenuEntryRecord, repos: Repositories) -> list[Outgoing]:
    """An item's availability, price or windows changed: every affected branch hears the item
    as it now stands there (diners, the floor, and the kitchen display's availability panel). A category's windows or pause changed: its branch hears the
    category with its items (`menu.category.updated`, the kitchen display too)."""
    category_id = None
    if isinstance(entry, BranchItemRecord):
        branch_ids, item_id = [entry.branch_id], entry.item_id
    elif isinstance(entry, MenuItemRecord):
        branch_ids, item_id = [b.id for b in repos.venues.branches_of_chain(entry.chain_id)], entry.item_id
    elif isinstance(entry, BranchScheduleRecord) and entry.target_kind == "item":
        branch_ids, item_id = [entry.branch_id], entry.target_id
    elif isinstance(entry, BranchScheduleRecord):
        branch_ids, item_id, category_id = [entry.branch_id], None, entry.target_id
    elif isinstance(entry, CategoryPauseRecord):
        branch_ids, item_id, category_id = [entry.branch_id], None, entry.category_id
    else:
        return []
    whole = repos.menu.whole_menu(entry.chain_id)
    out = []
    for branch_id in branch_ids:
        branch = repos.venues.get_branch(branch_id)
        menu = BranchMenu.compose(branch_id, branch.currency if branch else "", whole.categories, whole.items,
                                  whole.settings, schedules=whole.schedules, pauses=whole.pauses,
                                  timezone=branch.timezone if branch else "UTC", now=utcnow())
        if category_id is not None:
            data = {**present.category_timing(menu, category_id), "branchId": branch_id,
                    "items": [present.offered_item(i) for i in menu.items if i.category_id == category_id]}
            out.append(Outgoing((channel_for_menu(branch_id), channel_for_branch(branch_id),
                                 channel_for_kitchen(branch_id)), _envelope("menu.category.updated", data)))
            continue
        offered = next((i for i in menu.items if i.id == item_id), None)
        data = {**present.offered_item(offered), "branchId": branch_id} if offered else \
            {"id": item_id, "branchId": branch_id, "removed": True, "available": False}
        out.append(Outgoing((channel_for_menu(branch_id), channel_for_branch(branch_id),
                             channel_for_kitchen(branch_id)), _envelope("menu.item.updated", data)))
    return out
