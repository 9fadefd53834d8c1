"""Bad input and refused tokens on the diner's endpoints: a 4xx in the error shape, naming the
offending field, and nothing stored.

Each test checks that its request left the world as it was."""
from __future__ import annotations

import json
import time
from datetime import date, timedelta

import jwt
import pytest

from tests.integration.shapes import assert_error, claims_of, forge

PHONE = "+51987654321"
REGISTER_AT = "/branches/downtown-lima/tables/T20/sessions"
CEVICHE = {"menuItemId": "ceviche-clasico", "quantity": 2, "notes": "No onions"}

DINER_ENDPOINTS = [
    ("GET", "/session", None),
    ("POST", "/session/orders", {"items": [CEVICHE]}),
    ("GET", "/session/orders", None),
    ("POST", "/session/waiter-calls", None),
    ("POST", "/session/bill-requests", None),
    ("GET", "/me", None),
    ("PATCH", "/me", {"name": "Mallory"}),
]
DINER_IDS = [f"{method} {path}" for method, path, _ in DINER_ENDPOINTS]


@pytest.fixture
def seated(api):
    """Lucia (loyalty) seated at T12, and a manager."""
    lucia = api.loyalty_sign_up("/branches/downtown-lima/tables/T12/sessions", name="Lucia", phone=PHONE,
                                email="lucia@example.com", birthDate="1990-05-17")
    manager = api.login()
    assert api.post(f"/staff/sessions/{lucia['session']['id']}/approve", token=manager).status == 200
    return {"api": api, "token": lucia["token"], "manager": manager}


@pytest.fixture
def token(seated):
    return seated["token"]


def table_t20(seated) -> dict:
    tables = seated["api"].get("/staff/branches/br_downtown-lima/tables", token=seated["manager"]).body["tables"]
    return next(t for t in tables if t["code"] == "T20")


def no_orders(api, token) -> bool:
    return api.get("/session/orders", token=token).body["orders"] == []


# -- registration ----------------------------------------------------------------------------
@pytest.mark.parametrize("body, field", [
    ({"mode": "loyalty", "name": "Lucia"}, "phone"),
    ({"mode": "loyalty", "name": "Lucia", "phone": "987654321"}, "phone"),
    ({"mode": "quick", "name": "Ana", "phone": "+51 987 654 321"}, "phone"),
    ({"mode": "loyalty", "name": "Lucia", "phone": PHONE, "email": "lucia.example.com"}, "email"),
    ({"mode": "loyalty", "name": "Lucia", "phone": PHONE, "email": "lucia@example"}, "email"),
    ({"mode": "loyalty", "name": "Lucia", "phone": PHONE,
      "birthDate": (date.today() + timedelta(days=1)).isoformat()}, "birthDate"),
    ({"mode": "loyalty", "name": "Lucia", "phone": PHONE, "birthDate": "17/05/1990"}, "birthDate"),
    ({"mode": "quick", "name": "A" * 81}, "name"),
    ({"mode": "quick", "name": "   "}, "name"),
    ({"mode": "quick"}, "name"),
    ({"name": "Ana"}, "mode"),
    ({"mode": "vip", "name": "Ana"}, "mode"),
    ({"mode": "quick", "name": "Ana", "table": "T1"}, "table"),
    ({"mode": "quick", "name": "Ana", "join": "../../etc"}, "join"),
], ids=[
    "loyalty-without-phone", "phone-not-e164", "phone-with-spaces", "email-without-at", "email-without-tld",
    "birth-date-in-the-future", "birth-date-not-iso", "name-81-chars", "name-blank", "name-missing",
    "mode-missing", "mode-unknown", "unknown-field", "join-not-an-id",
])
def test_registration_with_bad_input_names_the_field_and_opens_nothing(seated, api, body, field):
    reply = api.post(REGISTER_AT, body)

    assert_error(reply, 400, "INVALID_INPUT", field)
    assert table_t20(seated)["pendingSession"] is None


def test_registration_body_that_is_not_json_is_400(seated, api):
    assert_error(api.post(REGISTER_AT, raw=b'{"mode": "quick", "name": '), 400, "INVALID_INPUT", "body")
    assert table_t20(seated)["pendingSession"] is None


def test_registration_body_that_is_not_an_object_is_400(api):
    assert_error(api.post(REGISTER_AT, ["quick", "Ana"]), 400, "INVALID_INPUT", "body")


def test_registration_body_over_64_kb_is_413(seated, api):
    raw = json.dumps({"mode": "quick", "name": "Ana", "padding": "x" * (65 * 1024)}).encode()

    assert_error(api.post(REGISTER_AT, raw=raw), 413, "BODY_TOO_LARGE", "body")
    assert table_t20(seated)["pendingSession"] is None


@pytest.mark.parametrize("path", [REGISTER_AT, "/session/orders", "/me"])
def test_a_deeply_nested_body_is_400_not_500(api, token, path):
    method = "PATCH" if path == "/me" else "POST"

    reply = api.call(method, path, raw=b"[" * 20_000 + b"]" * 20_000, token=token)

    assert_error(reply, 400, "INVALID_INPUT", "body")


def test_a_body_not_sent_as_json_is_refused_in_the_error_shape(seated, api):
    reply = api.post(REGISTER_AT, {"mode": "quick", "name": "Ana"}, headers={"Content-Type": "text/plain"})

    assert reply.status in (400, 415), reply.body
    assert_error(reply, reply.status)
    assert table_t20(seated)["pendingSession"] is None


def test_registration_at_an_unknown_table_is_404(api):
    reply = api.post("/branches/downtown-lima/tables/T99/sessions", {"mode": "quick", "name": "Ana"})

    assert_error(reply, 404, "NOT_FOUND")


def test_registration_at_an_unknown_branch_is_404(api):
    reply = api.post("/branches/nowhere/tables/T1/sessions", {"mode": "quick", "name": "Ana"})

    assert_error(reply, 404, "NOT_FOUND")


# -- orders ----------------------------------------------------------------------------------
@pytest.mark.parametrize("line, field", [
    ({**CEVICHE, "price": 1}, "items[0].price"),
    ({**CEVICHE, "unitPrice": 1}, "items[0].unitPrice"),
], ids=["price", "unitPrice"])
def test_a_price_sent_by_the_phone_is_an_unknown_field(api, token, line, field):
    reply = api.post("/session/orders", {"items": [line]}, token=token)

    assert_error(reply, 400, "INVALID_INPUT", field)
    assert no_orders(api, token)


@pytest.mark.parametrize("quantity", [0, 51, 1.5, "2", True, None, -1],
                         ids=["zero", "over-50", "fraction", "string", "boolean", "null", "negative"])
def test_a_bad_quantity_is_400_naming_the_line(api, token, quantity):
    reply = api.post("/session/orders", {"items": [{**CEVICHE, "quantity": quantity}]}, token=token)

    assert_error(reply, 400, "INVALID_INPUT", "items[0].quantity")
    assert no_orders(api, token)


def test_a_bad_quantity_on_a_later_line_names_that_line(api, token):
    reply = api.post("/session/orders", {"items": [CEVICHE, {"menuItemId": "lomo-saltado", "quantity": 0}]},
                     token=token)

    assert_error(reply, 400, "INVALID_INPUT", "items[1].quantity")
    assert no_orders(api, token)


def test_line_notes_over_200_characters_are_400(api, token):
    reply = api.post("/session/orders", {"items": [{**CEVICHE, "notes": "n" * 201}]}, token=token)

    assert_error(reply, 400, "INVALID_INPUT", "items[0].notes")
    assert no_orders(api, token)


def test_order_notes_over_200_characters_are_400(api, token):
    reply = api.post("/session/orders", {"items": [CEVICHE], "notes": "n" * 201}, token=token)

    assert_error(reply, 400, "INVALID_INPUT", "notes")


@pytest.mark.parametrize("body", [{"items": []}, {}, {"items": "ceviche"}], ids=["empty", "missing", "not-a-list"])
def test_an_order_without_items_is_400(api, token, body):
    assert_error(api.post("/session/orders", body, token=token), 400, "INVALID_INPUT", "items")


def test_an_order_of_more_than_50_lines_is_400(api, token):
    reply = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}] * 51}, token=token)

    assert_error(reply, 400, "INVALID_INPUT", "items")


def test_a_line_without_a_menu_item_is_400(api, token):
    reply = api.post("/session/orders", {"items": [{"quantity": 1}]}, token=token)

    assert_error(reply, 400, "INVALID_INPUT", "items[0].menuItemId")


def test_an_order_body_that_is_not_json_is_400(api, token):
    assert_error(api.post("/session/orders", raw=b"{items: 1}", token=token), 400, "INVALID_INPUT", "body")


def test_an_order_body_over_64_kb_is_413(api, token):
    reply = api.post("/session/orders", {"items": [{**CEVICHE, "notes": "n" * (65 * 1024)}]}, token=token)

    assert_error(reply, 413, "BODY_TOO_LARGE", "body")
    assert no_orders(api, token)


# -- the profile -----------------------------------------------------------------------------
@pytest.mark.parametrize("body, field", [
    ({"email": "lucia.example.com"}, "email"),
    ({"name": ""}, "name"),
    ({"name": "   "}, "name"),
    ({"name": None}, "name"),
    ({"name": "L" * 81}, "name"),
    ({"birthDate": (date.today() + timedelta(days=1)).isoformat()}, "birthDate"),
    ({"birthDate": "yesterday"}, "birthDate"),
    ({"phone": "+51911111111"}, "phone"),
    ({"points": 1000}, "points"),
], ids=["bad-email", "empty-name", "blank-name", "null-name", "name-81-chars", "future-birth-date",
        "birth-date-not-a-date", "phone-not-editable", "points-not-editable"])
def test_a_bad_profile_edit_is_400_naming_the_field_and_changes_nothing(api, token, body, field):
    before = api.get("/me", token=token).body

    reply = api.patch("/me", body, token=token)

    assert_error(reply, 400, "INVALID_INPUT", field)
    assert api.get("/me", token=token).body == before


def test_a_profile_edit_that_is_not_json_is_400(api, token):
    assert_error(api.patch("/me", raw=b"name=Lu", token=token), 400, "INVALID_INPUT", "body")


def test_a_body_of_whitespace_alone_is_not_json_and_is_400(api, token):
    # found by the fuzzer (tests/fuzz): " " was taken for "no body" and edited nothing with a 200
    assert_error(api.patch("/me", raw=b" \n\t", token=token), 400, "INVALID_INPUT", "body")


def test_a_profile_edit_without_a_body_changes_nothing(api, token):
    before = api.get("/me", token=token).body

    reply = api.patch("/me", raw=b"", token=token)

    assert reply.status == 200 and reply.body == before


# -- refused tokens --------------------------------------------------------------------------
@pytest.mark.parametrize("method, path, body", DINER_ENDPOINTS, ids=DINER_IDS)
def test_diner_endpoints_without_a_token_are_401(api, token, method, path, body):
    assert_error(api.call(method, path, body), 401)
    assert no_orders(api, token)


@pytest.mark.parametrize("method, path, body", DINER_ENDPOINTS, ids=DINER_IDS)
def test_diner_endpoints_with_a_garbage_token_are_401(api, token, method, path, body):
    assert_error(api.call(method, path, body, token="not.a.jwt"), 401)
    assert no_orders(api, token)


@pytest.mark.parametrize("method, path, body", DINER_ENDPOINTS, ids=DINER_IDS)
def test_a_staff_token_is_403_on_diner_endpoints(seated, api, token, method, path, body):
    assert_error(api.call(method, path, body, token=seated["manager"]), 403)
    assert no_orders(api, token)


def test_a_non_bearer_authorization_is_401(api, token):
    assert_error(api.get("/session", headers={"Authorization": f"Basic {token}"}), 401)


def test_a_refusal_says_how_to_authenticate(api):
    reply = api.get("/session")

    assert reply.status == 401
    assert "bearer" in next(v for k, v in reply.headers.items() if k.lower() == "www-authenticate").lower()


def test_a_token_signed_with_another_key_is_401(api, token):
    forged = forge(claims_of(token), key="another-key-that-is-also-long-enough-for-hs256")

    assert_error(api.get("/session", token=forged), 401, "INVALID_TOKEN")
    assert_error(api.post("/session/orders", {"items": [CEVICHE]}, token=forged), 401, "INVALID_TOKEN")
    assert no_orders(api, token)


def test_an_expired_token_is_401(api, token):
    now = int(time.time())
    expired = forge({**claims_of(token), "iat": now - 7200, "exp": now - 3600})

    assert_error(api.get("/session", token=expired), 401, "INVALID_TOKEN")


def test_an_unsigned_alg_none_token_is_401(api, token):
    unsigned = jwt.encode(claims_of(token), None, algorithm="none")

    assert_error(api.get("/session", token=unsigned), 401, "INVALID_TOKEN")
    assert_error(api.post("/session/orders", {"items": [CEVICHE]}, token=unsigned), 401, "INVALID_TOKEN")
    assert no_orders(api, token)


@pytest.mark.parametrize("claim, value", [("iss", "someone-else"), ("aud", "another-api")])
def test_a_token_for_another_issuer_or_audience_is_401(api, token, claim, value):
    reply = api.get("/session", token=forge({**claims_of(token), claim: value}))

    assert_error(reply, 401, "INVALID_TOKEN")


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "sid", "tid", "bid"])
def test_a_token_missing_a_claim_is_401(api, token, claim):
    claims = claims_of(token)
    del claims[claim]

    assert_error(api.get("/session", token=forge(claims)), 401, "INVALID_TOKEN")
