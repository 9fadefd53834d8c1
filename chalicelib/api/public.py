"""Public entry: a table's page, the branch menu, and registration (which issues the diner token)."""
from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from chalice import Blueprint, Response

from .. import bootstrap
from ..domain.clock import now_iso, utcnow
from ..domain.customers import RegistrationMode
from ..domain.translations import menu_language
from ..lazy import lazy_import
from .idempotency import once_per_key
from .parsing import client_ip, matches_etag, parse_body, query, received_at
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from .. import presenters as present
    from ..auth import JoinPrincipal
    from ..domain.menu import BranchMenu
    from ..services import diners, joining, menus, registration
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    diners = lazy_import("chalicelib.services.diners")
    joining = lazy_import("chalicelib.services.joining")
    menus = lazy_import("chalicelib.services.menus")
    registration = lazy_import("chalicelib.services.registration")
    present = lazy_import("chalicelib.presenters")

public = Blueprint(__name__)
TAG = "diner: entry"


@route(public, "/branches/{slug}/tables/{code}", "GET", auth="public", tag=TAG,
       summary="A table's entry page: branch, `chain` (`{name}`: the loyalty form's consent names it), table "
               "and whether it is in use (`activeSession`: `{status, startedAt}` or null; never ids or names).")
def table_entry(slug: str, code: str) -> Response:
    entry = diners.describe_table(bootstrap.repositories(), slug, code)
    return json_response({
        "branch": present.branch(entry.branch),
        "chain": {"name": entry.chain_name},
        "table": present.table(entry.table),
        "activeSession": present.table_in_use(entry.active_session) if entry.active_session else None,
    })


@route(public, "/branches/{slug}/menu", "GET", auth="public", tag=TAG, also=(304,), query=("lang", "v"),
       summary="The branch's menu: categories in order with their items. Carries an ETag. `?lang=` (one of "
               "the branch's `languages`; default its first) resolves the texts for that language: its "
               "translation, else the default language's, else the base text; `language` says which. "
               "`revision` (also `menuRevision` in GET /session) changes with every menu write: asked as "
               "`?v=<revision>`, the answer is cacheable by CloudFront until the menu's next time boundary.")
def branch_menu(slug: str) -> Response:
    branch, menu, revision = menus.public_menu_and_revision(bootstrap.repositories(), slug)
    language = menu_language(query(public.current_request, "lang", max_length=8), branch.languages)
    asked = query(public.current_request, "v", max_length=40)
    body = {**present.menu(branch, menu, language), "revision": revision}
    etag = '"' + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:32] + '"'  # of what is sent
    headers: dict[str, str | list[str]] = {"ETag": etag, "Cache-Control": menu_cache_control(menu, revision, asked)}
    if matches_etag(public.current_request, etag):
        return Response(body="", status_code=304, headers=headers)
    return Response(body=body, status_code=200,
                    headers={"Content-Type": "application/json", **headers})


MENU_SHORT_CACHE = "public, max-age=15, must-revalidate"
MENU_VERSIONED_MAX_AGE_S = 3600  # infra/template.py MENU_MAX_TTL_S is at least this


def menu_cache_control(menu: BranchMenu, revision: str | None, asked: str) -> str:
    """`?v=` the menu's current revision: CloudFront (s-maxage) keeps it until the menu's next time
    boundary (a window opens or closes, a pause ends), at most an hour; a new revision is a new
    URL. Browsers revalidate (the phone asks with `no-cache`). No `v`, or an old one: 15 s, as
    before (an old `v`'s URL must not keep today's menu under yesterday's name for long)."""
    if not asked or revision is None or asked != revision:
        return MENU_SHORT_CACHE
    now = menu.now or utcnow()
    boundary = menu.next_change()
    seconds = MENU_VERSIONED_MAX_AGE_S if boundary is None else int((boundary - now).total_seconds())
    seconds = max(0, min(MENU_VERSIONED_MAX_AGE_S, seconds))
    return f"public, max-age=0, s-maxage={seconds}, must-revalidate" if seconds else "no-cache"


@route(public, "/branches/{slug}/tables/{code}/sessions", "POST", auth="public", tag=TAG,
       body="RegistrationBody", status=201, idempotent=True, also=(202,),
       summary="Register (quick or loyalty). 201 `{token, session, customer, deviceKey}`: a new pending session, "
               "the one a phone signing up at the same moment opened, this phone's own session again (its "
               "`deviceKey`), or `startNew`. 202 `{joinRequest, requestToken}`: the table is in use, the phone "
               "asks to join and waits for a yes. A loyalty sign-up is a guest until the phone's SMS code is "
               "entered: its 201 carries `phoneVerification`.")
def register(slug: str, code: str) -> Response:
    body = parse_body(public.current_request, schemas.RegistrationBody)
    registering = diners.Registration(
        mode=RegistrationMode(body.mode), name=body.name, phone=body.phone, email=body.email,
        birth_date=body.birthDate.isoformat() if body.birthDate else None, join=body.join,
        client_ip=client_ip(public.current_request), received_at=received_at(public.current_request),
        device_key=body.deviceKey, start_new=bool(body.startNew), marketing_consent=body.marketingConsent,
    )
    signed_up = registration.register(bootstrap.repositories(), bootstrap.tokens(), bootstrap.text_messages,
                                      bootstrap.code_hasher, slug, code, registering, once_per_key(public, body))
    if signed_up.join is not None:
        return json_response({"joinRequest": present.join_request_for_asker(signed_up.join.request, signed_up.at),
                              "requestToken": signed_up.join.request_token}, status=202)
    admitted = signed_up.admitted
    assert admitted is not None  # a sign-up that did not ask to join was admitted
    return json_response({
        **present.admitted(admitted.token, admitted.session, admitted.customer, admitted.device_key),
        **({"phoneVerification": present.code_sent(signed_up.code)} if signed_up.code else {}),
    }, status=201)


@route(public, "/join-requests/{request_id}", "GET", auth="join", tag=TAG,
       summary="The caller's request to join (its `requestToken`): `{id, status, name, expiresAt}`; once "
               "allowed, also `{token, session, customer, deviceKey}`.")
def my_join_request(principal: JoinPrincipal, request_id: str) -> Response:
    answer = joining.read_join_request(bootstrap.repositories(), bootstrap.tokens(), principal, request_id)
    body = present.join_request_for_asker(answer.request, now_iso())
    if answer.admitted is not None:
        a = answer.admitted
        body.update(present.admitted(a.token, a.session, a.customer, a.device_key))
    return json_response(body)
