"""Staff: sign-in, the floor, sessions, orders, requests and bills (every object checked
against the token's branches and role)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.errors import InvalidInput
from ..domain.orders import LineStatus, OrderStatus, void_reason
from ..domain.payments import OpenItems
from ..domain.sessions import SessionStatus
from ..lazy import lazy_import
from .parsing import client_ip, moment_range, parse_body, query
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from .. import presenters as present
    from ..auth import StaffPrincipal
    from ..services import bills, floor, kitchen
    from ..services import branches as branch_settings
    from ..services import staff_sign_in as sign_in
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    branch_settings = lazy_import("chalicelib.services.branches")
    bills = lazy_import("chalicelib.services.bills")
    floor = lazy_import("chalicelib.services.floor")
    kitchen = lazy_import("chalicelib.services.kitchen")
    sign_in = lazy_import("chalicelib.services.staff_sign_in")
    present = lazy_import("chalicelib.presenters")

staff = Blueprint(__name__)
TAG = "staff"


@route(staff, "/staff/login", "POST", auth="public", tag=TAG, body="LoginBody", also=(401,),
       summary="Sign in with email and password; wrong credentials are one 401 whatever was wrong.")
def login() -> Response:
    request = staff.current_request
    body = parse_body(request, schemas.LoginBody)
    signed_in = sign_in.login(bootstrap.repositories(), bootstrap.tokens(), body.email, body.password, client_ip(request),
                              body.deviceToken or "")
    return json_response({"token": signed_in.token, "deviceToken": signed_in.device_token,
                          "staff": present.staff_member(signed_in.staff, signed_in.branch_ids),
                          "permissions": [p.value for p in signed_in.permissions]})


@route(staff, "/staff/branches", "GET", auth="staff", tag=TAG, summary="The branches the token may act on.")
def my_branches(principal: StaffPrincipal) -> Response:
    branches = sign_in.my_branches(bootstrap.repositories(), principal)
    return json_response({"branches": [{**present.branch(b), "settings": present.branch_settings(b)} for b in branches]})


@route(staff, "/staff/branches/{branch_id}/settings", "GET", auth="staff", tag=TAG,
       summary="The branch's kitchen pace (wait estimates) and the floor's urgency thresholds.")
def read_settings(principal: StaffPrincipal, branch_id: str) -> Response:
    branch = branch_settings.branch_settings(bootstrap.repositories(), principal, branch_id)
    return json_response(present.branch_settings(branch))


_SETTING_NAMES = {
    "defaultPrepMinutes": "default_prep_minutes", "kitchenParallelism": "kitchen_parallelism",
    "waiterCallUrgentMinutes": "waiter_call_urgent_minutes", "billRequestUrgentMinutes": "bill_request_urgent_minutes",
    "readyLineUrgentMinutes": "ready_line_urgent_minutes",
}


@route(staff, "/staff/branches/{branch_id}/settings", "PATCH", auth="staff", tag=TAG, body="BranchSettingsPatchBody",
       summary="Change the branch's settings (only those given). Managers and owners.")
def edit_settings(principal: StaffPrincipal, branch_id: str) -> Response:
    body = parse_body(staff.current_request, schemas.BranchSettingsPatchBody)
    changes = {_SETTING_NAMES[name]: value for name, value in body.model_dump(exclude_none=True).items()}
    branch = branch_settings.update_branch_settings(bootstrap.repositories(), principal, branch_id, changes)
    return json_response(present.branch_settings(branch))


@route(staff, "/staff/branches/{branch_id}/tables", "GET", auth="staff", tag=TAG,
       summary="Every table with its session, open requests, open order count and `joinRequests` (phones "
               "asking to join, waiting) (the Tables page).")
def tables(principal: StaffPrincipal, branch_id: str) -> Response:
    states = floor.tables_overview(bootstrap.repositories(), principal, branch_id)
    return json_response({"tables": [
        {
            **present.table(s.table),
            "state": s.state,
            "session": present.session(s.active) if s.active else None,
            "pendingSession": present.session(s.pending) if s.pending else None,
            "requests": [present.service_request(r) for r in s.requests],
            "openOrders": s.open_orders,
            "joinRequests": s.join_requests,
            "section": present.table_section(s.section) if s.section else None,
        }
        for s in states
    ]})


@route(staff, "/staff/branches/{branch_id}/sessions", "GET", auth="staff", tag=TAG, query=("status", "from", "to"),
       summary="Sessions by state, newest first; `completed` with from/to (days of the branch's calendar, "
               "or date-times) is the history.")
def sessions(principal: StaffPrincipal, branch_id: str) -> Response:
    request = staff.current_request
    raw_status = query(request, "status", "active")
    try:
        status = SessionStatus(raw_status)
    except ValueError as exc:
        raise InvalidInput("status: must be pending, active or completed", field="status") from exc
    found = floor.sessions_of_branch(bootstrap.repositories(), principal, branch_id, status,
                                     *moment_range(request, "from", "to"))
    return json_response({"sessions": [present.session(s) for s in found]})


@route(staff, "/staff/sessions/{session_id}/approve", "POST", auth="staff", tag=TAG,
       summary="pending -> active (completes the table's previous session, if any). Wrong state: 409.")
def approve(principal: StaffPrincipal, session_id: str) -> Response:
    session = floor.approve_session(bootstrap.repositories(), principal, session_id)
    return json_response(present.session(session))


@route(staff, "/staff/sessions/{session_id}/reject", "POST", auth="staff", tag=TAG, body="RejectBody",
       summary="pending -> completed with a reason. Wrong state: 409.")
def reject(principal: StaffPrincipal, session_id: str) -> Response:
    request = staff.current_request
    body = parse_body(request, schemas.RejectBody)
    session = floor.reject_session(bootstrap.repositories(), principal, session_id, body.reason)
    return json_response(present.session(session))


@route(staff, "/staff/sessions/{session_id}/close", "POST", auth="staff", tag=TAG, body="CloseBody",
       summary="active -> completed: the table is free again; dishes still open are voided (openItems `void`, "
               "with voidReason) or kept on the bill as served; `payments` (and `tip`) record how it paid, "
               "checked against the bill. Wrong state: 409.")
def close(principal: StaffPrincipal, session_id: str) -> Response:
    body = parse_body(staff.current_request, schemas.CloseBody)
    reason, note = void_reason(body.voidReason, body.voidNote, ("voidReason", "voidNote")) if body.voidReason else (None, "")
    closing = floor.Closing(
        open_items=OpenItems(body.openItems) if body.openItems else None, void_reason=reason, void_note=note,
        tenders=[(p.method, p.amount) for p in body.payments] if body.payments is not None else None, tip=body.tip)
    session = floor.close_session(bootstrap.repositories(), principal, session_id, closing)
    return json_response(present.session(session))


@route(staff, "/staff/sessions/{session_id}/bill", "GET", auth="staff", tag=TAG,
       summary="The itemised bill of a session; `people` splits it by who ordered (a subtotal each).")
def bill(principal: StaffPrincipal, session_id: str) -> Response:
    found = bills.session_bill(bootstrap.repositories(), principal, session_id)
    lines = [present.bill_line(o, line) for o in found.orders for line in o.lines if line.counts_in_bill]
    return json_response({
        "session": present.session(found.session), "currency": found.currency, "lines": lines,
        "subtotal": found.subtotal, "total": found.subtotal,
        "people": [present.person_share(share, with_customer_id=False) for share in found.shares],
    })


@route(staff, "/staff/branches/{branch_id}/orders", "GET", auth="staff", tag=TAG, query=("status",),
       summary="Open orders of the branch, oldest first (POS and kitchen display); `status=served`: the orders "
               "of its open tables served within the recall window, newest first (the kitchen's recall strip).")
def orders(principal: StaffPrincipal, branch_id: str) -> Response:
    request = staff.current_request
    raw_status = query(request, "status")
    try:
        status = OrderStatus(raw_status) if raw_status else None
    except ValueError as exc:
        raise InvalidInput("status: not an order status", field="status") from exc
    found = kitchen.open_orders(bootstrap.repositories(), principal, branch_id, status)
    return json_response({"orders": [present.order(o) for o in found]})


@route(staff, "/staff/orders/{order_id}/status", "POST", auth="staff", tag=TAG, body="OrderStatusBody",
       summary="Move the whole order: accepted, preparing, ready, served or cancelled.")
def order_status(principal: StaffPrincipal, order_id: str) -> Response:
    request = staff.current_request
    body = parse_body(request, schemas.OrderStatusBody)
    order = kitchen.set_order_status(bootstrap.repositories(), principal, order_id, OrderStatus(body.status),
                                     station=body.station)
    return json_response(present.order(order))


@route(staff, "/staff/orders/{order_id}/items/{line_id}/status", "POST", auth="staff", tag=TAG, body="LineStatusBody",
       summary="Move one item (the kitchen's bump).")
def line_status(principal: StaffPrincipal, order_id: str, line_id: str) -> Response:
    request = staff.current_request
    body = parse_body(request, schemas.LineStatusBody)
    order = kitchen.set_line_status(bootstrap.repositories(), principal, order_id, line_id,
                                    LineStatus(body.status))
    return json_response(present.order(order))


@route(staff, "/staff/branches/{branch_id}/all-day-counts", "GET", auth="staff", tag=TAG, query=("station",),
       summary="All-day counts: what is still to cook (items to do or preparing) across the branch's open "
               "orders the kitchen sees, per dish, most first: `{counts: [{menuItemId, name, quantity}]}`; "
               "`?station=` only that station's (an unknown station: 400).")
def all_day_counts(principal: StaffPrincipal, branch_id: str) -> Response:
    station = query(staff.current_request, "station", max_length=32) or None
    counts = kitchen.all_day_counts(bootstrap.repositories(), principal, branch_id, station)
    return json_response({"counts": [present.all_day_count(c) for c in counts]})


@route(staff, "/staff/orders/{order_id}/items/{line_id}/undo", "POST", auth="staff", tag=TAG,
       summary="Take back the item's last move (a mistaken bump) within the undo window (`undoUntil` on the "
               "item): it returns to `undoTo`. Nothing to undo: 409 NOTHING_TO_UNDO; too late: 409 UNDO_WINDOW_CLOSED.")
def undo_line(principal: StaffPrincipal, order_id: str, line_id: str) -> Response:
    order = kitchen.undo_line(bootstrap.repositories(), principal, order_id, line_id)
    return json_response(present.order(order))


@route(staff, "/staff/orders/{order_id}/recall", "POST", auth="staff", tag=TAG,
       summary="Call a served order back to the kitchen's screen: its served items are ready again. "
               "Not served: 409 ILLEGAL_TRANSITION; served over 30 minutes ago: 409 RECALL_WINDOW_CLOSED.")
def recall_order(principal: StaffPrincipal, order_id: str) -> Response:
    order = kitchen.recall_order(bootstrap.repositories(), principal, order_id)
    return json_response(present.order(order))


@route(staff, "/staff/branches/{branch_id}/requests", "GET", auth="staff", tag=TAG,
       summary="Open waiter calls and bill requests, oldest first, with the table.")
def requests(principal: StaffPrincipal, branch_id: str) -> Response:
    found = floor.open_requests(bootstrap.repositories(), principal, branch_id)
    return json_response({"requests": [present.service_request(r) for r in found]})


@route(staff, "/staff/requests/{request_id}/ack", "POST", auth="staff", tag=TAG,
       summary="Acknowledge a waiter call or bill request.")
def acknowledge(principal: StaffPrincipal, request_id: str) -> Response:
    found = floor.acknowledge_request(bootstrap.repositories(), principal, request_id)
    return json_response(present.service_request(found))
