"""The authorization matrix: every operation of /openapi.json, called by everyone who must
be refused, is refused with API.md's error shape and changes nothing; everyone the matrix
allows gets past the door.

MATRIX below holds one decision per operation (who may call it). An operation of the spec
that is missing from it fails `test_every_operation_of_the_spec_has_a_decision`, so a new
route forces its author to decide. Path parameters are filled by name from real objects of
the demo chain (SCENE_KEYS): objects of downtown-lima for the callers who may act there,
objects of miraflores for "another branch".

Callers and what they must get (API.md; docs/decisions.md "Other branches' objects answer 404"):
- no token, or a forged one (alg none, tampered signature, another key, expired, wrong
  audience, wrong issuer, missing claims): 401;
- a token of the wrong type (a diner's on a staff route, a staff member's on a diner route): 403;
- another table's diner: 404 for an object in the path; on routes scoped by the token alone,
  the reply names nothing of the other table, and a token re-signed to name the other
  table's session is 401;
- a staff member of another branch (a miraflores manager on downtown objects): 404;
- a staff role that lacks the right at that branch (e.g. kitchen on the Tables page): 403.
"""
from __future__ import annotations

import base64
import copy
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import jwt
import pytest
from chalice.test import Client

from tests.conftest import DYNAMO_CALLS
from tests.integration.conftest import Api
from tests.integration.moto_shim import restore, snapshot
from tests.integration.shapes import TEST_KEY, assert_error, claims_of, forge

pytestmark = pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")  # the HS512 forgery

Auth = Literal["public", "diner", "staff", "join"]
STAFF_ACTORS = ("owner", "manager", "waiter", "kitchen")  # each acting at downtown-lima
FLOOR = frozenset({"owner", "manager", "waiter"})          # tables, sessions, requests, bills, QR codes
EVERY_ROLE = frozenset(STAFF_ACTORS)
AVAILABILITY = frozenset({"owner", "manager", "kitchen"})  # the one-tap 86
CATALOGUE = frozenset({"owner"})                           # the chain's items and categories: every branch
BRANCH_MENU = frozenset({"owner", "manager"})              # a branch's service windows and settings
PAUSE = frozenset({"owner", "manager", "kitchen"})         # the kitchen pauses a category
SECTIONS = frozenset({"owner", "manager"})                 # name sections, give them waiters and tables
BRANCH_ADMIN = frozenset({"owner"})                        # open, set up, archive branches; the audit trail (#18)
TABLES_ADMIN = frozenset({"owner", "manager"})             # add, rename, remove a branch's tables (#18)
ADMIN = "/staff/admin/branches"
ADMINS = frozenset({"owner", "manager"})                   # staff accounts (a manager: their waiters and cooks)
REPORTS = frozenset({"owner", "manager"})                  # the reports (issue #19; scoping: test_reports_api.py)
WRITES = {"PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem"}


@dataclass(frozen=True)
class Op:
    """Who may call one operation. `allowed`: the downtown staff actors (or "diner") that get
    past the door; everyone else is refused. `params` maps a path parameter to a SCENE_KEYS
    entry when the default for its name is not the object wanted (a pending session to approve)."""
    auth: Auth
    allowed: frozenset[str] = frozenset()
    body: dict | None = None
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    branch_scoped: bool = True
    why_public: str = ""
    starter: str = ""  # the path's object is this caller's alone: the other allowed callers get 404 (a report run)


MENU = "/staff/branches/{branch_id}/menu"
MATRIX: dict[str, Op] = {
    # -- public: anyone may call these -------------------------------------------------------
    "GET /openapi.json": Op("public", why_public="the API's description"),
    "GET /branches/{slug}/tables/{code}": Op("public", why_public="the page a QR code opens"),
    "GET /branches/{slug}/menu": Op("public", why_public="the menu, before signing in"),
    "POST /branches/{slug}/tables/{code}/sessions": Op("public", why_public="registration issues the diner token"),
    "POST /staff/login": Op("public", why_public="sign-in issues the staff token"),
    "POST /staff/links/check": Op("public", body={"token": "st_x.not-a-real-link-secret"},
                                  why_public="an invitation or reset link is its own credential"),
    "POST /staff/links/password": Op("public", body={"token": "st_x.not-a-real-link-secret", "password": "x"},
                                     why_public="an invitation or reset link is its own credential"),
    # -- the diner's own session (scoped by the token) ---------------------------------------
    "GET /session": Op("diner", frozenset({"diner"})),
    "GET /session/orders": Op("diner", frozenset({"diner"})),
    "POST /session/orders": Op("diner", frozenset({"diner"}),
                               body={"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]}),
    "POST /session/waiter-calls": Op("diner", frozenset({"diner"})),
    "POST /session/bill-requests": Op("diner", frozenset({"diner"})),
    "GET /me": Op("diner", frozenset({"diner"})),
    "PATCH /me": Op("diner", frozenset({"diner"}), body={"name": "Ana María"}),
    "POST /session/join-requests/{request_id}/allow": Op("diner", frozenset({"diner"}),
                                                         params={"request_id": "join_request_id"}),
    "POST /session/join-requests/{request_id}/decline": Op("diner", frozenset({"diner"}),
                                                           params={"request_id": "join_request_id"}),
    # -- a phone asking to join: its request token reads that request alone ---------------------
    "GET /join-requests/{request_id}": Op("join", frozenset({"join"}), params={"request_id": "join_request_id"}),
    "POST /me/phone-verification": Op("diner", frozenset({"diner"}), body={"phone": "+51911222333"}),
    "GET /me/phone-verification": Op("diner", frozenset({"diner"})),
    "POST /me/phone-verification/confirm": Op("diner", frozenset({"diner"}), body={"code": "123456"}),
    # -- staff: the floor ----------------------------------------------------------------------
    "GET /staff/branches": Op("staff", EVERY_ROLE, branch_scoped=False),
    "GET /staff/branches/{branch_id}/tables": Op("staff", FLOOR),
    "GET /staff/branches/{branch_id}/sessions": Op("staff", FLOOR),
    "POST /staff/sessions/{session_id}/approve": Op("staff", FLOOR, params={"session_id": "pending_session_id"}),
    "POST /staff/sessions/{session_id}/reject": Op("staff", FLOOR, body={"reason": "closed"},
                                                   params={"session_id": "pending_session_id"}),
    "POST /staff/sessions/{session_id}/close": Op("staff", FLOOR),
    "GET /staff/sessions/{session_id}/bill": Op("staff", FLOOR),
    "GET /staff/branches/{branch_id}/requests": Op("staff", FLOOR),
    "GET /staff/branches/{branch_id}/join-requests": Op("staff", FLOOR),
    "POST /staff/join-requests/{request_id}/allow": Op("staff", FLOOR, params={"request_id": "join_request_id"}),
    "POST /staff/join-requests/{request_id}/decline": Op("staff", FLOOR, params={"request_id": "join_request_id"}),
    "POST /staff/requests/{request_id}/ack": Op("staff", FLOOR),
    "GET /staff/branches/{branch_id}/tables/{table_code}/qr.svg": Op("staff", FLOOR),
    "GET /staff/branches/{branch_id}/tables/{table_code}/qr.png": Op("staff", FLOOR, headers={"Accept": "image/png"}),
    "GET /staff/branches/{branch_id}/qr-sheet": Op("staff", FLOOR),
    # -- staff: seating, moving, ordering for a table, order safety (issue #7) -------------------
    "POST /staff/branches/{branch_id}/tables/{table_code}/sessions": Op("staff", FLOOR),
    "POST /staff/sessions/{session_id}/move": Op("staff", FLOOR, body={"tableCode": "T32"}),
    "POST /staff/sessions/{session_id}/orders": Op(
        "staff", FLOOR, body={"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]}),
    "POST /staff/orders/{order_id}/reject": Op("staff", FLOOR, body={"reason": "Kitchen closed"}),
    # -- staff: voids with a reason (issue #16): never the kitchen ------------------------------
    "POST /staff/orders/{order_id}/void": Op("staff", FLOOR, body={"reason": "out_of_stock"}),
    "POST /staff/orders/{order_id}/items/{line_id}/void": Op("staff", FLOOR, body={"reason": "out_of_stock"}),
    "PUT /staff/branches/{branch_id}/order-safety": Op(
        "staff", frozenset({"owner", "manager"}), body={"spendingCap": 50000, "approvalThreshold": None}),
    # -- staff: sections of the floor (issue #16): every floor role reads, managers change -------
    "GET /staff/branches/{branch_id}/sections": Op("staff", FLOOR),
    "GET /staff/branches/{branch_id}/waiters": Op("staff", FLOOR),
    "POST /staff/branches/{branch_id}/sections": Op("staff", SECTIONS, body={"name": "Patio"}),
    "PATCH /staff/branches/{branch_id}/sections/{section_id}": Op("staff", SECTIONS, body={"staffId": None}),
    "DELETE /staff/branches/{branch_id}/sections/{section_id}": Op("staff", SECTIONS),
    "PUT /staff/branches/{branch_id}/tables/{table_code}/section": Op("staff", SECTIONS, body={"sectionId": "sec_salon"}),
    # -- staff: the back office of branches and tables, the audit trail (issue #18) -------------
    f"GET {ADMIN}": Op("staff", TABLES_ADMIN, branch_scoped=False),
    f"POST {ADMIN}": Op("staff", BRANCH_ADMIN, branch_scoped=False, body={
        "name": "Barranco", "slug": "barranco", "timezone": "America/Lima", "currency": "PEN", "languages": ["es"]}),
    f"PATCH {ADMIN}/{{branch_id}}": Op("staff", BRANCH_ADMIN, body={"address": "Jr. de la Union 1"}),
    f"GET {ADMIN}/{{branch_id}}/tables": Op("staff", TABLES_ADMIN),
    f"POST {ADMIN}/{{branch_id}}/tables": Op("staff", TABLES_ADMIN, body={"code": "T98"}),
    f"PATCH {ADMIN}/{{branch_id}}/tables/{{table_code}}": Op("staff", TABLES_ADMIN, body={"label": "Window"}),
    f"DELETE {ADMIN}/{{branch_id}}/tables/{{table_code}}": Op("staff", TABLES_ADMIN),
    f"GET {ADMIN}/{{branch_id}}/audit": Op("staff", BRANCH_ADMIN),
    # -- staff accounts (issue #18): owners, and managers for their branches' waiters and cooks -
    "GET /staff/me": Op("staff", EVERY_ROLE, branch_scoped=False),
    "POST /staff/me/password": Op("staff", EVERY_ROLE, branch_scoped=False,
                                  body={"currentPassword": "demo1234", "newPassword": "a long new secret 9"}),
    "GET /staff/accounts": Op("staff", ADMINS, branch_scoped=False),  # another branch's manager: their own
    # -- staff: reports (issue #19): owners and managers; a manager's other branches are 403 there -
    "GET /staff/reports": Op("staff", REPORTS, branch_scoped=False),
    "POST /staff/reports/runs": Op("staff", REPORTS, branch_scoped=False,
                                   body={"report": "heatmap", "from": "2026-03-02", "to": "2026-03-02"}),
    "GET /staff/reports/runs/{run_id}": Op("staff", REPORTS, branch_scoped=False, starter="owner"),
    "POST /staff/accounts": Op("staff", ADMINS, body={"email": "new.waiter@example.com", "name": "Nueva",
                                                      "role": "waiter", "branchIds": ["br_downtown-lima"]}),
    "PATCH /staff/accounts/{staff_id}": Op("staff", ADMINS, body={"name": "Ana María"}),
    "POST /staff/accounts/{staff_id}/reset": Op("staff", ADMINS),
    # -- staff: orders and the kitchen ---------------------------------------------------------
    "GET /staff/branches/{branch_id}/orders": Op("staff", EVERY_ROLE),
    "POST /staff/orders/{order_id}/status": Op("staff", EVERY_ROLE, body={"status": "accepted"}),
    "POST /staff/orders/{order_id}/items/{line_id}/status": Op("staff", EVERY_ROLE, body={"status": "preparing"}),
    "POST /staff/orders/{order_id}/items/{line_id}/undo": Op("staff", EVERY_ROLE),
    "POST /staff/orders/{order_id}/recall": Op("staff", EVERY_ROLE),
    "GET /staff/branches/{branch_id}/all-day-counts": Op("staff", EVERY_ROLE),
    # -- staff: the menu -----------------------------------------------------------------------
    f"GET {MENU}": Op("staff", EVERY_ROLE),
    f"POST {MENU}/items/{{item_id}}/availability": Op("staff", AVAILABILITY, body={"available": False}),
    f"POST {MENU}/categories": Op("staff", CATALOGUE, body={"name": "Brunch"}),
    f"PATCH {MENU}/categories/{{category_id}}": Op("staff", CATALOGUE, body={"name": "Starters"}),
    f"DELETE {MENU}/categories/{{category_id}}": Op("staff", CATALOGUE),
    f"POST {MENU}/items": Op("staff", CATALOGUE, body={"categoryId": "cat_desserts", "name": "Suspiro", "price": 1500}),
    f"PATCH {MENU}/items/{{item_id}}": Op("staff", CATALOGUE, body={"price": 4200}),
    f"DELETE {MENU}/items/{{item_id}}": Op("staff", CATALOGUE),
    f"POST {MENU}/items/{{item_id}}/image-upload": Op("staff", CATALOGUE, body={"contentType": "image/jpeg"}),
    f"PUT {MENU}/categories/{{category_id}}/schedule": Op("staff", BRANCH_MENU,
                                                          body={"windows": [{"start": "07:00", "end": "11:30"}]}),
    f"PUT {MENU}/items/{{item_id}}/schedule": Op("staff", BRANCH_MENU, body={"windows": []}),
    f"PUT {MENU}/categories/{{category_id}}/pause": Op("staff", PAUSE, body={"minutes": 5}),
    # -- staff: kitchen stations (issue #16): every screen reads them, the catalogue's editors set them
    f"GET {MENU}/stations": Op("staff", EVERY_ROLE),
    f"PUT {MENU}/stations": Op("staff", CATALOGUE, body={"stations": [{"id": "kitchen", "name": "Kitchen"},
                                                                      {"id": "bar", "name": "Bar"}]}),
    # -- staff: the branch's settings ----------------------------------------------------------
    "GET /staff/branches/{branch_id}/settings": Op("staff", EVERY_ROLE),
    "PATCH /staff/branches/{branch_id}/settings": Op("staff", BRANCH_MENU, body={"waiterCallUrgentMinutes": 4}),
}


# -- the scene: real objects of the demo chain at both branches -------------------------------
@dataclass
class Scene:
    own: dict[str, str]       # path-parameter values: downtown-lima objects
    foreign: dict[str, str]   # the same names: miraflores objects
    tokens: dict[str, str]    # caller -> token
    victim_ids: tuple[str, ...]  # ids of the downtown diner's table that another diner must never see
    tables: dict = field(default_factory=dict)


def _add_staff(email: str, role: str, branch_id: str) -> None:
    from chalicelib.auth import hash_password
    from chalicelib.bootstrap import repositories
    from chalicelib.domain.staff import Role, StaffMember

    repositories().staff.add(StaffMember(
        id="st_" + re.sub(r"\W", "_", email), chain_id="ch_comanda-demo", email=email, name=email.split("@")[0].title(),
        role=Role(role), branch_ids=[branch_id], password_hash=hash_password("demo1234")))


def _objects_at(api: Api, slug: str, active_code: str, pending_code: str, staff_email: str) -> dict[str, str]:
    """An approved session with an order and a waiter call, and a pending session, at one branch."""
    seated = api.seated_diner(slug, active_code, "Ana", staff_email=staff_email)
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]},
                     token=seated["token"])
    call = api.post("/session/waiter-calls", token=seated["token"])
    pending = api.register(slug, pending_code, "Bea")
    asking = api.register(slug, active_code, "Eve")  # a phone asking to join the seated table
    assert order.status == 201 and call.status == 201 and pending.status == 201, (order.body, call.body)
    assert asking.status == 202, asking.body
    return {
        "branch_id": f"br_{slug}", "slug": slug, "code": active_code, "table_code": active_code,
        "session_id": seated["session_id"], "pending_session_id": pending.body["session"]["id"],
        "order_id": order.body["id"], "line_id": order.body["items"][0]["id"], "request_id": call.body["id"],
        "item_id": "ceviche-clasico", "category_id": "cat_desserts", "section_id": "sec_salon",
        "staff_id": {"downtown-lima": "st_ana_at_downtown_demo_comanda",
                     "miraflores": "st_waiter_at_miraflores_demo_comanda"}[slug],
        "diner_token": seated["token"], "customer_id": claims_of(seated["token"])["sub"],
        "join_request_id": asking.body["joinRequest"]["id"], "join_token": asking.body["requestToken"],
    }


@pytest.fixture(scope="module")
def scene(_moto):
    from app import app

    restore(_moto.seeded)
    _add_staff("waiter@downtown.demo.comanda", "waiter", "br_downtown-lima")
    _add_staff("manager@miraflores.demo.comanda", "manager", "br_miraflores")
    with Client(app) as client:
        api = Api(client)
        own = _objects_at(api, "downtown-lima", "T30", "T31", "manager@downtown.demo.comanda")
        foreign = _objects_at(api, "miraflores", "T3", "T4", "manager@miraflores.demo.comanda")
        tokens = {
            "owner": api.login("owner@demo.comanda"),
            "manager": api.login("manager@downtown.demo.comanda"),
            "waiter": api.login("waiter@downtown.demo.comanda"),
            "kitchen": api.login("kitchen@downtown.demo.comanda"),
            "other_branch": api.login("manager@miraflores.demo.comanda"),
            "diner": own["diner_token"],
            "other_diner": foreign["diner_token"],
            "join": own["join_token"],
            "other_join": foreign["join_token"],
        }
        run = api.post("/staff/reports/runs", {"report": "heatmap", "from": "2026-03-02", "to": "2026-03-02"},
                       token=tokens["owner"])
        assert run.status == 202, run.body
        own["run_id"] = foreign["run_id"] = run.body["runId"]  # the owner's run
        victim = tuple(own[k] for k in ("session_id", "order_id", "line_id", "request_id", "customer_id"))
        yield Scene(own, foreign, tokens, victim, snapshot())


@pytest.fixture
def call(scene):
    """Restores the scene's tables, then calls one operation of the matrix as someone."""
    from app import app

    restore(scene.tables)
    with Client(app) as client:
        api = Api(client)

        def call_op(key: str, token: str | None, objects: str = "own", headers: dict | None = None):
            method, path = key.split(" ", 1)
            op = MATRIX[key]
            values = scene.own if objects == "own" else scene.foreign
            concrete = _fill(path, op, values)
            sent = {**op.headers, **(headers or {})}
            reply, calls = DYNAMO_CALLS.measure(lambda: api.call(method, concrete, op.body, token=token, headers=sent))
            return reply, [c for c in calls if c in WRITES]

        yield call_op


def _fill(path: str, op: Op, values: dict[str, str]) -> str:
    def value(match: re.Match) -> str:
        name = match.group(1)
        key = op.params.get(name, name)
        assert key in values, f"no object of the scene for path parameter {{{name}}}: add one to _objects_at"
        return values[key]

    return re.sub(r"{(\w+)}", value, path)


def _keys(auth: Auth | None = None, **flags: bool) -> list[str]:
    return [k for k, op in MATRIX.items()
            if (auth is None or op.auth == auth) and all(getattr(op, f) == v for f, v in flags.items())]


def _refused(reply, writes, status: int, code: str | None = None) -> None:
    assert_error(reply, status, code)
    assert writes == [], f"a refused call wrote to DynamoDB: {writes}"


# -- the matrix covers the spec --------------------------------------------------------------
def test_every_operation_of_the_spec_has_a_decision(scene):
    from chalicelib.api.openapi import openapi_document

    spec = openapi_document()
    described = {f"{method.upper()} {path}": operation for path, ops in spec["paths"].items()
                 for method, operation in ops.items()}
    missing = sorted(set(described) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(described))
    assert not missing, f"operations with no decision in MATRIX (who may call them?): {missing}"
    assert not stale, f"MATRIX names operations the spec no longer has: {stale}"
    for key, operation in described.items():
        declared = {name.removesuffix("Token") for entry in operation.get("security", []) for name in entry}
        assert declared == ({MATRIX[key].auth} - {"public"}), f"{key}: the spec and the matrix disagree on its token"


def test_public_operations_say_why_they_are_public():
    for key in _keys("public"):
        assert MATRIX[key].why_public, key


# -- no token, forged tokens -----------------------------------------------------------------
def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _forgeries(real: str) -> dict[str, str]:
    claims = claims_of(real)
    header, payload, signature = real.split(".")
    now = int(time.time())
    escalated = {**claims, "role": "owner", "branches": ["br_downtown-lima", "br_miraflores"]} \
        if claims["typ"] == "staff" else {**claims, "sid": "another-session"}
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return {
        "alg none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(escalated)}.",
        "alg none, signature kept": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{payload}.{signature}",
        "claims changed, signature kept": f"{header}.{_b64(escalated)}.{signature}",
        "signature tampered": f"{header}.{payload}.{flipped}",
        "signed with another key": forge(claims, key="not-" + TEST_KEY),
        "HS512 with the right key": jwt.encode(claims, TEST_KEY, algorithm="HS512"),
        "expired": forge({**claims, "iat": now - 7200, "exp": now - 60}),
        "wrong audience": forge({**claims, "aud": "someone-else"}),
        "wrong issuer": forge({**claims, "iss": "https://evil.example"}),
        "no expiry": forge({k: v for k, v in claims.items() if k != "exp"}),
        "not a JWT": "not-a-token",
        "empty segments": "..",
    }


FORGERIES = list(_forgeries(forge({"sub": "x", "typ": "staff", "iat": 1, "exp": 2, "iss": "i", "aud": "a"})))


@pytest.mark.parametrize("key", _keys("diner") + _keys("staff"))
def test_no_token_is_401(call, key):
    reply, writes = call(key, None)

    _refused(reply, writes, 401, "UNAUTHENTICATED")
    assert reply.headers.get("WWW-Authenticate", "").startswith("Bearer")


@pytest.mark.parametrize("key", _keys("diner") + _keys("staff"))
def test_a_non_bearer_authorization_is_401(call, key):
    reply, writes = call(key, None, headers={"Authorization": "Basic b3duZXI6ZGVtbzEyMzQ="})

    _refused(reply, writes, 401, "UNAUTHENTICATED")


@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("key", _keys("diner") + _keys("staff"))
def test_a_forged_token_is_401(call, scene, key, forgery):
    real = scene.tokens["owner" if MATRIX[key].auth == "staff" else "diner"]

    reply, writes = call(key, _forgeries(real)[forgery])

    _refused(reply, writes, 401, "INVALID_TOKEN")


# -- a token of the wrong type ---------------------------------------------------------------
@pytest.mark.parametrize("key", _keys("staff"))
def test_a_diner_token_on_a_staff_route_is_403(call, scene, key):
    reply, writes = call(key, scene.tokens["diner"])

    _refused(reply, writes, 403, "FORBIDDEN")


@pytest.mark.parametrize("key", _keys("diner"))
def test_a_staff_token_on_a_diner_route_is_403(call, scene, key):
    reply, writes = call(key, scene.tokens["owner"])

    _refused(reply, writes, 403, "FORBIDDEN")


# -- another table's diner -------------------------------------------------------------------
@pytest.mark.parametrize("key", _keys("diner"))
def test_another_tables_diner_reaches_nothing_of_this_table(call, scene, key):
    has_objects = "{" in key
    # Given the miraflores diner, with the downtown table's objects in the path (if any)
    reply, writes = call(key, scene.tokens["other_diner"], objects="own")

    if has_objects:
        _refused(reply, writes, 404, "NOT_FOUND")
    else:  # scoped by the token alone: the reply is about the caller's own table
        assert reply.status < 500
        text = json.dumps(reply.body)
        assert not [i for i in scene.victim_ids if i in text], f"{key} leaked another table's ids: {text}"


@pytest.mark.parametrize("key", _keys("diner"))
def test_a_diner_token_re_signed_to_name_another_tables_session_is_401(call, scene, key):
    token = forge({**claims_of(scene.tokens["other_diner"]), "sid": scene.own["session_id"]})

    reply, writes = call(key, token)

    _refused(reply, writes, 401, "INVALID_TOKEN")


# -- staff of another branch, roles without the right ----------------------------------------
@pytest.mark.parametrize("key", _keys("staff", branch_scoped=True))
def test_staff_of_another_branch_get_404(call, scene, key):
    # A manager of miraflores (who may do this at miraflores) on downtown's objects
    reply, writes = call(key, scene.tokens["other_branch"])

    _refused(reply, writes, 404, "NOT_FOUND")


def test_staff_of_another_branch_list_only_their_own_branches(call, scene):
    reply, _ = call("GET /staff/branches", scene.tokens["other_branch"])

    assert reply.status == 200
    assert [b["id"] for b in reply.body["branches"]] == ["br_miraflores"]


@pytest.mark.parametrize("key, role", [(k, role) for k in _keys("staff") for role in STAFF_ACTORS
                                       if role not in MATRIX[k].allowed])
def test_a_role_without_the_right_is_403(call, scene, key, role):
    reply, writes = call(key, scene.tokens[role])

    _refused(reply, writes, 403)
    assert reply.error["code"] in ("ROLE_NOT_ALLOWED", "FORBIDDEN")


# -- the matrix is not stricter than the app: those it allows get past the door ---------------
@pytest.mark.parametrize("key, caller", [(k, caller) for k in _keys("diner") + _keys("staff")
                                         for caller in sorted(MATRIX[k].allowed)])
def test_an_allowed_caller_gets_past_the_door(call, scene, key, caller):
    reply, _ = call(key, scene.tokens[caller])

    if MATRIX[key].starter and caller != MATRIX[key].starter:  # someone else's object: as if it did not exist
        assert reply.status == 404, (key, caller, reply.status, reply.body)
        return
    assert reply.status < 400 or reply.status in (409, 422), (key, caller, reply.status, reply.body)


# -- the request token of a phone asking to join ------------------------------------------------
@pytest.mark.parametrize("key", _keys("join"))
def test_a_request_to_join_is_read_by_its_own_token_alone(call, scene, key):
    # No token, a forged one, another type's, another request's: refused, nothing written
    _refused(*call(key, None), 401)
    _refused(*call(key, forge({**claims_of(scene.tokens["join"]), "sub": scene.foreign["join_request_id"]})), 404)
    _refused(*call(key, _forgeries(scene.tokens["join"])["signature tampered"]), 401)
    _refused(*call(key, scene.tokens["diner"]), 403)
    _refused(*call(key, scene.tokens["owner"]), 403)
    _refused(*call(key, scene.tokens["other_join"]), 404)
    # Its own token reads it: waiting, and nothing of the table
    reply, _ = call(key, scene.tokens["join"])
    assert reply.status == 200 and reply.body["status"] == "waiting", reply.body
    assert not [i for i in scene.victim_ids if i in json.dumps(reply.body)]


@pytest.mark.parametrize("key", _keys("diner") + _keys("staff"))
def test_a_request_token_opens_no_diner_or_staff_route(call, scene, key):
    reply, writes = call(key, scene.tokens["join"])

    _refused(reply, writes, 403, "FORBIDDEN")
