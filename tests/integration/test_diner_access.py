"""A diner's token opens their own table's session and nothing else: another table's orders
and requests stay out of reach, staff endpoints refuse it, and forged tokens are refused."""
from __future__ import annotations

import pytest

from tests.integration.shapes import assert_error, claims_of, forge

CEVICHE = {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]}


@pytest.fixture
def tables(api):
    """Ana at T12 with an order and a waiter call; Bruno at T5, both seated."""
    ana = api.seated_diner(code="T12", name="Ana")
    bruno = api.seated_diner(code="T5", name="Bruno")
    order = api.post("/session/orders", CEVICHE, token=ana["token"])
    call = api.post("/session/waiter-calls", token=ana["token"])
    assert order.status == 201 and call.status == 201
    return {"ana": ana, "bruno": bruno, "order": order.body, "call": call.body}


# -- another table ---------------------------------------------------------------------------
def test_a_diner_never_sees_another_tables_orders(api, tables):
    mine = api.post("/session/orders", CEVICHE, token=tables["bruno"]["token"]).body

    session = api.get("/session", token=tables["bruno"]["token"]).body
    orders = api.get("/session/orders", token=tables["bruno"]["token"]).body["orders"]

    assert session["id"] == tables["bruno"]["session_id"]
    assert [o["id"] for o in session["orders"]] == [mine["id"]]
    assert [o["id"] for o in orders] == [mine["id"]]
    assert session["subtotal"] == mine["subtotal"]
    assert [p["name"] for p in session["participants"]] == ["Bruno"]


def test_a_diner_never_sees_another_tables_requests(api, tables):
    session = api.get("/session", token=tables["bruno"]["token"]).body

    assert session["requests"] == []


def test_a_diners_call_does_not_return_another_tables_open_call(api, tables):
    reply = api.post("/session/waiter-calls", token=tables["bruno"]["token"])

    assert reply.status == 201, reply.body
    assert reply.body["id"] != tables["call"]["id"]
    assert reply.body["tableCode"] == "T5"


def test_a_diner_cannot_acknowledge_another_tables_request(api, tables):
    reply = api.post(f"/staff/requests/{tables['call']['id']}/ack", token=tables["bruno"]["token"])

    assert_error(reply, 403)
    ana_requests = api.get("/session", token=tables["ana"]["token"]).body["requests"]
    assert [r["status"] for r in ana_requests] == ["open"]


def test_a_diner_cannot_list_the_branchs_requests(api, tables):
    reply = api.get("/staff/branches/br_downtown-lima/requests", token=tables["bruno"]["token"])

    assert_error(reply, 403)


# -- staff endpoints -------------------------------------------------------------------------
@pytest.mark.parametrize("method, path, body", [
    ("GET", "/staff/branches", None),
    ("GET", "/staff/branches/br_downtown-lima/tables", None),
    ("GET", "/staff/branches/br_downtown-lima/sessions?status=active", None),
    ("GET", "/staff/branches/br_downtown-lima/orders", None),
    ("POST", "/staff/sessions/{ana_session}/close", None),
    ("POST", "/staff/sessions/{ana_session}/approve", None),
    ("GET", "/staff/sessions/{ana_session}/bill", None),
    ("POST", "/staff/orders/{ana_order}/status", {"status": "cancelled"}),
    ("POST", "/staff/branches/br_downtown-lima/menu/items/ceviche-clasico/availability", {"available": False}),
])
def test_a_diner_token_is_403_on_staff_endpoints(api, tables, method, path, body):
    path = path.format(ana_session=tables["ana"]["session_id"], ana_order=tables["order"]["id"])

    reply = api.call(method, path, body, token=tables["ana"]["token"])

    assert_error(reply, 403)


def test_a_diner_token_changes_nothing_on_staff_endpoints(api, tables):
    api.post(f"/staff/sessions/{tables['ana']['session_id']}/close", token=tables["ana"]["token"])
    api.post(f"/staff/orders/{tables['order']['id']}/status", {"status": "cancelled"}, token=tables["ana"]["token"])

    session = api.get("/session", token=tables["ana"]["token"]).body
    assert session["status"] == "active"
    assert [o["status"] for o in session["orders"]] == ["pending"]


# -- tokens forged to reach another table ----------------------------------------------------
def test_a_token_naming_another_tables_session_is_401(api, tables):
    # Given Bruno's token, re-signed to name Ana's session at T12 (a leaked key or a bug elsewhere)
    token = forge({**claims_of(tables["bruno"]["token"]), "sid": tables["ana"]["session_id"]})

    # Then it neither reads nor orders on Ana's session
    assert_error(api.get("/session", token=token), 401, "INVALID_TOKEN")
    assert_error(api.post("/session/orders", CEVICHE, token=token), 401, "INVALID_TOKEN")
    assert_error(api.post("/session/bill-requests", token=token), 401, "INVALID_TOKEN")
    assert len(api.get("/session/orders", token=tables["ana"]["token"]).body["orders"]) == 1


def test_a_token_naming_a_session_its_customer_never_joined_is_401(api, tables):
    # Bruno's customer id on a token that is otherwise Ana's
    token = forge({**claims_of(tables["ana"]["token"]), "sub": claims_of(tables["bruno"]["token"])["sub"]})

    assert_error(api.get("/session", token=token), 401, "INVALID_TOKEN")


def test_a_token_naming_another_branch_is_401(api, tables):
    token = forge({**claims_of(tables["ana"]["token"]), "bid": "br_miraflores"})

    assert_error(api.get("/session", token=token), 401, "INVALID_TOKEN")


