"""The signed-in diner: their session, orders, waiter calls, bill requests and profile."""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.sessions import RequestKind
from ..lazy import lazy_import
from .idempotency import once_per_key
from .parsing import client_ip, matches_etag, parse_body
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from .. import presenters as present
    from ..auth import DinerPrincipal
    from ..services import diners, joining, menus, ordering, phone_verification, table_view
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    diners = lazy_import("chalicelib.services.diners")
    joining = lazy_import("chalicelib.services.joining")
    menus = lazy_import("chalicelib.services.menus")
    ordering = lazy_import("chalicelib.services.ordering")
    phone_verification = lazy_import("chalicelib.services.phone_verification")
    table_view = lazy_import("chalicelib.services.table_view")
    present = lazy_import("chalicelib.presenters")

diner = Blueprint(__name__)
TAG = "diner"


@route(diner, "/session", "GET", auth="diner", tag=TAG, also=(304,),
       summary="The caller's session: status, table, participants, orders, requests, subtotal, "
               "`people` (the bill split by who ordered), `joinRequests` (phones asking to join, waiting) and `me` (the "
               "caller's profile, as GET /me answers it). "
               "Carries an ETag of what it says to this caller: with `If-None-Match` naming it, 304 and no body "
               "(the phone's catch-up read after its socket connects, when nothing changed since its first read).")
def my_session(principal: DinerPrincipal) -> Response:
    snapshot = table_view.session_snapshot(bootstrap.repositories(), principal)
    body = {
        **present.session(snapshot.session),
        "branch": present.branch(snapshot.branch),
        "table": present.table(snapshot.table),
        "orders": [present.order(o) for o in snapshot.orders],
        "requests": [present.service_request(r) for r in snapshot.requests],
        "subtotal": snapshot.subtotal,
        "currency": snapshot.branch.currency,
        "people": [present.person_share(share, with_customer_id=True) for share in snapshot.people],
        "joinRequests": [present.join_request_for_table(r) for r in snapshot.join_requests],
        "menuRevision": menus.menu_revision(bootstrap.repositories(), snapshot.branch),
        "me": present.customer(snapshot.me) if snapshot.me is not None else None,
    }
    # Of what is sent to this diner (never stored by a cache: json_response's no-store stays; the
    # phone keeps the last answer and its ETag in memory and sends If-None-Match itself).
    etag = '"' + hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()[:32] + '"'
    if matches_etag(diner.current_request, etag):
        return Response(body="", status_code=304, headers={"ETag": etag, "Cache-Control": "no-store"})
    return json_response(body, headers={"ETag": etag})


def _decide(principal: DinerPrincipal, request_id: str, allow: bool) -> Response:
    request = joining.decide_as_diner(bootstrap.repositories(), principal, request_id, allow)
    return json_response(present.join_decision(request))


@route(diner, "/session/join-requests/{request_id}/allow", "POST", auth="diner", tag=TAG,
       summary="Let a phone that asks to join sit at your table (a request for your own session only, else 404; "
               "decided already or expired: 409).")
def allow_join(principal: DinerPrincipal, request_id: str) -> Response:
    return _decide(principal, request_id, True)


@route(diner, "/session/join-requests/{request_id}/decline", "POST", auth="diner", tag=TAG,
       summary="Turn away a phone that asks to join your table (decided already or expired: 409).")
def decline_join(principal: DinerPrincipal, request_id: str) -> Response:
    return _decide(principal, request_id, False)


@route(diner, "/session/orders", "POST", auth="diner", tag=TAG, body="OrderBody", status=201, idempotent=True,
       summary="Place an order. Prices come from the menu. Honours `Idempotency-Key`.")
def place_order(principal: DinerPrincipal) -> Response:
    request = diner.current_request
    body = parse_body(request, schemas.OrderBody)
    order = ordering.place_order(bootstrap.repositories(), principal, body.line_requests(), body.notes,
                                 once_per_key(diner, body))
    return json_response(present.order(order), status=201)


@route(diner, "/session/orders", "GET", auth="diner", tag=TAG,
       summary="The session's orders, newest first, with item statuses.")
def my_orders(principal: DinerPrincipal) -> Response:
    orders = ordering.session_orders(bootstrap.repositories(), principal)
    return json_response({"orders": [present.order(o) for o in orders]})


def _open_request(principal: DinerPrincipal, kind: RequestKind) -> Response:
    request, created = ordering.open_request(bootstrap.repositories(), principal, kind)
    return json_response(present.service_request(request), status=201 if created else 200)


@route(diner, "/session/waiter-calls", "POST", auth="diner", tag=TAG, status=201, also=(200,),
       summary="Call a waiter; while a call is open, the open one is returned (200).")
def call_waiter(principal: DinerPrincipal) -> Response:
    return _open_request(principal, RequestKind.WAITER)


@route(diner, "/session/bill-requests", "POST", auth="diner", tag=TAG, status=201, also=(200,),
       summary="Request the bill; while a request is open, the open one is returned (200).")
def request_bill(principal: DinerPrincipal) -> Response:
    return _open_request(principal, RequestKind.BILL)


@route(diner, "/me", "GET", auth="diner", tag=TAG, summary="The diner's profile.")
def my_profile(principal: DinerPrincipal) -> Response:
    customer = diners.get_profile(bootstrap.repositories(), principal)
    return json_response(present.customer(customer))


@route(diner, "/me", "PATCH", auth="diner", tag=TAG, body="ProfilePatchBody",
       summary="Edit name, email, birth date, allergens to avoid (null clears email and birth date) or a loyalty "
               "member's consent to offers (false stops them).")
def edit_profile(principal: DinerPrincipal) -> Response:
    request = diner.current_request
    body = parse_body(request, schemas.ProfilePatchBody)
    change = diners.ProfileChange(
        given=frozenset(_PROFILE_FIELDS[name] for name in body.model_fields_set), name=body.name, email=body.email,
        birth_date=body.birthDate.isoformat() if body.birthDate else None, avoid_allergens=body.avoidAllergens,
        marketing_consent=body.marketingConsent,
    )
    customer = diners.update_profile(bootstrap.repositories(), principal, change)
    return json_response(present.customer(customer))


_PROFILE_FIELDS = {"name": "name", "email": "email", "birthDate": "birth_date", "avoidAllergens": "avoid_allergens",
                   "marketingConsent": "marketing_consent"}


# -- the phone proves itself (a loyalty sign-up is a guest until then) ------------------------
@route(diner, "/me/phone-verification", "POST", auth="diner", tag=TAG, body="PhoneCodeRequestBody", status=201,
       summary="Send a new six-digit code by SMS (to `phone`, else to the last code's phone); valid 5 minutes. "
               "Throttled per diner (30 s), per phone and per client: 429 `RESEND_THROTTLED` with Retry-After. "
               "409 `ALREADY_VERIFIED` for a loyalty account.")
def send_phone_code(principal: DinerPrincipal) -> Response:
    body = parse_body(diner.current_request, schemas.PhoneCodeRequestBody)
    sent = phone_verification.send_code(bootstrap.repositories(), bootstrap.text_messages(), bootstrap.code_hasher(),
                                        principal, client_ip(diner.current_request), body.phone)
    return json_response({"phoneVerification": present.code_sent(sent)}, status=201)


@route(diner, "/me/phone-verification", "GET", auth="diner", tag=TAG,
       summary="The code last sent to this guest (masked phone, expiry, seconds until a resend), or null.")
def phone_code_state(principal: DinerPrincipal) -> Response:
    sent = phone_verification.pending_code(bootstrap.repositories(), principal)
    return json_response({"phoneVerification": present.code_sent(sent) if sent else None})


@route(diner, "/me/phone-verification/confirm", "POST", auth="diner", tag=TAG, body="PhoneCodeBody",
       summary="Enter the code. Right: 200 with a new `token` and the loyalty `customer` (the phone's existing "
               "account, which takes over this diner's place at the table, or this guest made the account). "
               "Wrong: 422 `CODE_INVALID` (`triesLeft`), `CODE_EXPIRED`, `TOO_MANY_TRIES` (5 tries per code); "
               "409 `NO_CODE_SENT`.")
def confirm_phone_code(principal: DinerPrincipal) -> Response:
    body = parse_body(diner.current_request, schemas.PhoneCodeBody)
    verified = phone_verification.confirm_code(bootstrap.repositories(), bootstrap.tokens(), bootstrap.code_hasher(),
                                               principal, body.code)
    return json_response({"token": verified.token, "customer": present.customer(verified.customer),
                          "linked": verified.linked})
