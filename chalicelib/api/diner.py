"""The signed-in diner: their session, orders, waiter calls, bill requests and profile."""
from __future__ import annotations

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.orders import LineRequest
from ..domain.sessions import RequestKind
from ..services import diners, ordering
from . import presenters as present
from .parsing import header, parse_body
from .routing import diner_principal, json_response, route
from .schemas import OrderBody, ProfilePatchBody

diner = Blueprint(__name__)
TAG = "diner"


@route(diner, "/session", "GET", auth="diner", tag=TAG,
       summary="The caller's session: status, table, participants, orders, requests and subtotal.")
def my_session() -> Response:
    snapshot = diners.session_snapshot(bootstrap.repositories(), diner_principal(diner.current_request))
    return json_response({
        **present.session(snapshot.session),
        "branch": present.branch(snapshot.branch),
        "table": present.table(snapshot.table),
        "orders": [present.order(o) for o in snapshot.orders],
        "requests": [present.service_request(r) for r in snapshot.requests],
        "subtotal": snapshot.subtotal,
        "currency": snapshot.branch.currency,
    })


@route(diner, "/session/orders", "POST", auth="diner", tag=TAG, body=OrderBody, status=201,
       summary="Place an order. Prices come from the menu. Honours `Idempotency-Key`.")
def place_order() -> Response:
    request = diner.current_request
    principal = diner_principal(request)
    body = parse_body(request, OrderBody)
    lines = [LineRequest(menu_item_id=i.menuItemId, quantity=i.quantity, notes=i.notes) for i in body.items]
    repos = bootstrap.repositories()

    def place() -> dict:
        return present.order(ordering.place_order(repos, principal, lines, body.notes))

    key = header(request, "idempotency-key").strip()
    if key:
        result = ordering.run_once(key[:128], principal.session_id, body.model_dump(mode="json"), place,
                                  diner.lambda_context)
    else:
        result = place()
    return json_response(result, status=201)


@route(diner, "/session/orders", "GET", auth="diner", tag=TAG,
       summary="The session's orders, newest first, with item statuses.")
def my_orders() -> Response:
    orders = ordering.session_orders(bootstrap.repositories(), diner_principal(diner.current_request))
    return json_response({"orders": [present.order(o) for o in orders]})


def _open_request(kind: RequestKind) -> Response:
    request, created = ordering.open_request(bootstrap.repositories(), diner_principal(diner.current_request), kind)
    return json_response(present.service_request(request), status=201 if created else 200)


@route(diner, "/session/waiter-calls", "POST", auth="diner", tag=TAG, status=201,
       summary="Call a waiter; while a call is open, the open one is returned (200).")
def call_waiter() -> Response:
    return _open_request(RequestKind.WAITER)


@route(diner, "/session/bill-requests", "POST", auth="diner", tag=TAG, status=201,
       summary="Request the bill; while a request is open, the open one is returned (200).")
def request_bill() -> Response:
    return _open_request(RequestKind.BILL)


@route(diner, "/me", "GET", auth="diner", tag=TAG, summary="The diner's profile.")
def my_profile() -> Response:
    customer = diners.get_profile(bootstrap.repositories(), diner_principal(diner.current_request))
    return json_response(present.customer(customer))


@route(diner, "/me", "PATCH", auth="diner", tag=TAG, body=ProfilePatchBody,
       summary="Edit name, email or birth date (null clears email and birth date).")
def edit_profile() -> Response:
    request = diner.current_request
    principal = diner_principal(request)
    body = parse_body(request, ProfilePatchBody)
    changes = {}
    if "name" in body.model_fields_set:
        if body.name is None:
            from ..domain.errors import InvalidInput
            raise InvalidInput("name: cannot be empty", field="name")
        changes["name"] = body.name
    if "email" in body.model_fields_set:
        changes["email"] = body.email
    if "birthDate" in body.model_fields_set:
        changes["birth_date"] = body.birthDate.isoformat() if body.birthDate else None
    customer = diners.update_profile(bootstrap.repositories(), principal, **changes)
    return json_response(present.customer(customer))
