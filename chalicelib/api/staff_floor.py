"""Staff on the floor beyond the lifecycle: seating a table themselves, moving a session,
ordering on a table's behalf, accepting or rejecting held orders, and the branch's order safety."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.orders import void_reason
from ..lazy import lazy_import
from .idempotency import once_per_key
from .parsing import parse_body
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from .. import presenters as present
    from ..auth import StaffPrincipal
    from ..services import assisted, joining, order_safety, seating, voids
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    assisted = lazy_import("chalicelib.services.assisted")
    order_safety = lazy_import("chalicelib.services.order_safety")
    seating = lazy_import("chalicelib.services.seating")
    joining = lazy_import("chalicelib.services.joining")
    voids = lazy_import("chalicelib.services.voids")
    present = lazy_import("chalicelib.presenters")

staff_floor = Blueprint(__name__)
TAG = "staff"


@route(staff_floor, "/staff/branches/{branch_id}/tables/{table_code}/sessions", "POST", auth="staff", tag=TAG,
       status=201, idempotent=True,
       summary="Seat a free table with no diner (guests without a phone): an active session. Busy table: 409.")
def open_session(principal: StaffPrincipal, branch_id: str, table_code: str) -> Response:
    session = seating.open_table_session(bootstrap.repositories(), principal, branch_id, table_code,
                                         once_per_key(staff_floor, None))
    return json_response(present.session(session), status=201)


@route(staff_floor, "/staff/sessions/{session_id}/move", "POST", auth="staff", tag=TAG, body="MoveSessionBody",
       summary="Move an active session to a free table of its branch (guests change seats). "
               "A busy table or a racing move or close: 409.")
def move_session(principal: StaffPrincipal, session_id: str) -> Response:
    body = parse_body(staff_floor.current_request, schemas.MoveSessionBody)
    session = seating.move_session(bootstrap.repositories(), principal, session_id, body.tableCode,
                                   body.fromTableCode)
    return json_response(present.session(session))


@route(staff_floor, "/staff/sessions/{session_id}/orders", "POST", auth="staff", tag=TAG, body="StaffOrderBody",
       status=201, idempotent=True,
       summary="Order on the table's behalf (waiter-assisted): prices from the menu, the branch's order safety "
               "applied; the diners see it marked as added by staff. Honours `Idempotency-Key`.")
def place_order(principal: StaffPrincipal, session_id: str) -> Response:
    body = parse_body(staff_floor.current_request, schemas.StaffOrderBody)
    order = assisted.place_order_for_table(bootstrap.repositories(), principal, session_id, body.line_requests(),
                                           body.notes, body.participantId, once_per_key(staff_floor, body))
    return json_response(present.order(order), status=201)


@route(staff_floor, "/staff/orders/{order_id}/reject", "POST", auth="staff", tag=TAG, body="RejectOrderBody",
       summary="Refuse a pending order (one waiting for approval, typically), with a reason the diners see.")
def reject_order(principal: StaffPrincipal, order_id: str) -> Response:
    body = parse_body(staff_floor.current_request, schemas.RejectOrderBody)
    order = order_safety.reject_order(bootstrap.repositories(), principal, order_id, body.reason)
    return json_response(present.order(order))


@route(staff_floor, "/staff/orders/{order_id}/void", "POST", auth="staff", tag=TAG, body="VoidBody",
       summary="Void the whole order with a reason (waiters, managers, owners; not the kitchen): every line still "
               "on the bill, served or not, comes off it; the void is kept for reports. Closed session: 409.")
def void_order(principal: StaffPrincipal, order_id: str) -> Response:
    body = parse_body(staff_floor.current_request, schemas.VoidBody)
    reason, note = void_reason(body.reason, body.note)
    order = voids.void_order(bootstrap.repositories(), principal, order_id, reason, note)
    return json_response(present.order(order))


@route(staff_floor, "/staff/orders/{order_id}/items/{line_id}/void", "POST", auth="staff", tag=TAG, body="VoidBody",
       summary="Void one line with a reason, before or after the kitchen made it; it comes off the bill.")
def void_line(principal: StaffPrincipal, order_id: str, line_id: str) -> Response:
    body = parse_body(staff_floor.current_request, schemas.VoidBody)
    reason, note = void_reason(body.reason, body.note)
    order = voids.void_line(bootstrap.repositories(), principal, order_id, line_id, reason, note)
    return json_response(present.order(order))


@route(staff_floor, "/staff/branches/{branch_id}/order-safety", "PUT", auth="staff", tag=TAG, body="OrderSafetyBody",
       summary="Set the branch's spending cap per session, and the amount and the portions above which "
               "orders wait for staff (null switches a rule off; approvalPortions left out stays as it is). "
               "Managers and owners.")
def set_order_safety(principal: StaffPrincipal, branch_id: str) -> Response:
    body = parse_body(staff_floor.current_request, schemas.OrderSafetyBody)
    branch = order_safety.set_order_safety(bootstrap.repositories(), principal, branch_id, **body.changes())
    return json_response(present.branch(branch))


@route(staff_floor, "/staff/branches/{branch_id}/join-requests", "GET", auth="staff", tag=TAG,
       summary="Phones asking to join a table's session, waiting: `{joinRequests: [{id, name, tableCode, "
               "sessionId, createdAt, expiresAt}]}` (the POS and Tables page).")
def join_requests(principal: StaffPrincipal, branch_id: str) -> Response:
    waiting = joining.waiting_of_branch(bootstrap.repositories(), principal, branch_id)
    return json_response({"joinRequests": [present.join_request_for_staff(r) for r in waiting]})


def _decide(principal: StaffPrincipal, request_id: str, allow: bool) -> Response:
    request = joining.decide_as_staff(bootstrap.repositories(), principal, request_id, allow)
    return json_response(present.join_decision(request))


@route(staff_floor, "/staff/join-requests/{request_id}/allow", "POST", auth="staff", tag=TAG,
       summary="Let a phone that asks to join sit at the table (staff who manage sessions; another branch's "
               "request: 404; decided already or expired: 409).")
def allow_join(principal: StaffPrincipal, request_id: str) -> Response:
    return _decide(principal, request_id, True)


@route(staff_floor, "/staff/join-requests/{request_id}/decline", "POST", auth="staff", tag=TAG,
       summary="Turn away a phone that asks to join a table (decided already or expired: 409).")
def decline_join(principal: StaffPrincipal, request_id: str) -> Response:
    return _decide(principal, request_id, False)
