"""Public entry: a table's page, the branch menu, and registration (which issues the diner token)."""
from __future__ import annotations

import hashlib
import json

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.customers import RegistrationMode
from ..lazy import lazy_import
from .idempotency import respond_once
from .parsing import client_ip, matches_etag, parse_body
from .routing import json_response, route

schemas = lazy_import("chalicelib.api.schemas")
diners = lazy_import("chalicelib.services.diners")
phone_verification = lazy_import("chalicelib.services.phone_verification")
menus = lazy_import("chalicelib.services.menus")
present = lazy_import("chalicelib.api.presenters")

public = Blueprint(__name__)
TAG = "diner: entry"


@route(public, "/branches/{slug}/tables/{code}", "GET", auth="public", tag=TAG,
       summary="A table's entry page: branch, table and its active session (if any).")
def table_entry(slug: str, code: str) -> Response:
    entry = diners.describe_table(bootstrap.repositories(), slug, code)
    return json_response({
        "branch": present.branch(entry.branch),
        "table": present.table(entry.table),
        "activeSession": present.session_summary(entry.active_session) if entry.active_session else None,
    })


@route(public, "/branches/{slug}/menu", "GET", auth="public", tag=TAG, also=(304,),
       summary="The branch's menu: categories in order with their items. Carries an ETag.")
def branch_menu(slug: str) -> Response:
    branch, menu = menus.public_menu(bootstrap.repositories(), slug)
    body = present.menu(branch, menu)
    etag = '"' + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32] + '"'  # of what is sent
    headers = {"ETag": etag, "Cache-Control": "public, max-age=15, must-revalidate"}
    if matches_etag(public.current_request, etag):
        return Response(body="", status_code=304, headers=headers)
    return Response(body=body, status_code=200,
                    headers={"Content-Type": "application/json", **headers})


@route(public, "/branches/{slug}/tables/{code}/sessions", "POST", auth="public", tag=TAG,
       body="RegistrationBody", status=201, idempotent=True,
       summary="Register (quick or loyalty) and open the table's session, or join it with `join`. A loyalty "
               "sign-up is a guest until the phone's SMS code is entered: the answer carries `phoneVerification`.")
def register(slug: str, code: str) -> Response:
    body = parse_body(public.current_request, schemas.RegistrationBody)
    registration = diners.Registration(
        mode=RegistrationMode(body.mode), name=body.name, phone=body.phone, email=body.email,
        birth_date=body.birthDate.isoformat() if body.birthDate else None, join=body.join,
    )

    def create() -> dict:
        sent = None
        if registration.mode is RegistrationMode.LOYALTY:  # a guest until the phone's code is entered
            registered, sent = phone_verification.register_with_phone(
                bootstrap.repositories(), bootstrap.tokens(), bootstrap.text_messages(), bootstrap.code_hasher(),
                slug, code, registration, client_ip(public.current_request))
        else:
            registered = diners.register_diner(bootstrap.repositories(), bootstrap.tokens(), slug, code, registration)
        return {
            "token": registered.token,
            "session": {"id": registered.session.id, "status": registered.session.status.value},
            "customer": {"id": registered.customer.id, "name": registered.customer.name,
                         "loyalty": registered.customer.is_loyalty},
            **({"phoneVerification": present.code_sent(sent)} if sent else {}),
        }

    return json_response(respond_once(public, f"register:{slug}:{code}", body, create), status=201)
