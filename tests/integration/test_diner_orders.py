"""A seated diner orders from the menu and follows the session: prices come from the menu,
bad lines are named, a retried tap orders once, and a closed table takes no more orders.
(Branch prices, 86s, the per-table limit and cancelled orders' subtotals are rules proven on
the services: tests/services/test_orders.py, test_menus.py and test_throttles.py.)"""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from tests.conftest import demo_chain
from tests.integration.shapes import assert_error

CEVICHE = {"menuItemId": "ceviche-clasico", "quantity": 2, "notes": "No onions"}


def header(reply, name: str) -> str | None:
    return next((value for key, value in reply.headers.items() if key.lower() == name.lower()), None)


def price_of(key: str, branch: str | None = None) -> int:
    item = next(i for c in demo_chain()["categories"] for i in c["items"] if i["key"] == key)
    return int(item.get("branchPrices", {}).get(branch, item["price"]))


def order_of(*lines: dict, **extra) -> dict:
    return {"items": list(lines), **extra}


def orders_of(api, token: str) -> list[dict]:
    reply = api.get("/session/orders", token=token)
    assert reply.status == 200, reply.body
    return reply.body["orders"]


@pytest.fixture
def diner(api):
    """Ana, seated at downtown-lima T12 by the manager."""
    return api.seated_diner(code="T12", name="Ana")


@pytest.fixture
def fixed_rate_window(monkeypatch):
    """Keeps the rate limiter's clock at the start of one minute, so the test's orders all fall
    in one fixed window whatever the wall clock does meanwhile."""
    from chalicelib.store import rate_limits

    start_of_minute = int(time.time()) // 60 * 60
    monkeypatch.setattr(rate_limits, "time", SimpleNamespace(time=lambda: start_of_minute + 1))


# -- the happy path --------------------------------------------------------------------------
def test_diner_cannot_order_before_approval(api):
    waiting = api.register(code="T12").body

    reply = api.post("/session/orders", order_of(CEVICHE), token=waiting["token"])

    assert_error(reply, 409, "SESSION_NOT_ACTIVE")
    assert orders_of(api, waiting["token"]) == []


def test_an_approved_diner_orders_at_the_menus_prices(api, diner):
    reply = api.post("/session/orders", order_of(CEVICHE, {"menuItemId": "pisco-sour", "quantity": 1},
                                                 notes="It's a birthday"), token=diner["token"])

    assert reply.status == 201, reply.body
    order = reply.body
    assert order["id"]
    assert order["status"] == "pending"
    assert order["notes"] == "It's a birthday"
    assert order["createdAt"].endswith("Z")
    ceviche, pisco = order["items"]
    assert ceviche["id"] and ceviche["id"] != pisco["id"]
    assert ceviche["menuItemId"] == "ceviche-clasico"
    assert ceviche["name"]
    assert ceviche["quantity"] == 2
    assert ceviche["unitPrice"] == price_of("ceviche-clasico")
    assert ceviche["notes"] == "No onions"
    assert ceviche["status"] == "pending"
    assert pisco["unitPrice"] == price_of("pisco-sour")
    assert pisco["notes"] == ""
    expected = 2 * price_of("ceviche-clasico") + price_of("pisco-sour")
    assert order["subtotal"] == expected
    assert order["total"] == expected


# -- lines the menu refuses ------------------------------------------------------------------
def test_twenty_of_an_item_is_fine(api, diner):
    reply = api.post("/session/orders", order_of({**CEVICHE, "quantity": 20}), token=diner["token"])

    assert reply.status == 201, reply.body


def test_line_notes_of_200_characters_are_fine(api, diner):
    reply = api.post("/session/orders", order_of({**CEVICHE, "notes": "n" * 200}), token=diner["token"])

    assert reply.status == 201, reply.body


def test_an_unknown_menu_item_is_422_naming_the_line(api, diner):
    reply = api.post("/session/orders", order_of({"menuItemId": "caviar", "quantity": 1}), token=diner["token"])

    assert_error(reply, 422, "UNKNOWN_MENU_ITEM", "items[0].menuItemId")
    assert orders_of(api, diner["token"]) == []


def test_an_unavailable_item_is_422_naming_the_line(api, diner):
    # tacu-tacu is off the menu at downtown-lima
    reply = api.post("/session/orders", order_of(CEVICHE, {"menuItemId": "tacu-tacu", "quantity": 1}),
                     token=diner["token"])

    assert_error(reply, 422, "ITEM_UNAVAILABLE", "items[1].menuItemId")
    assert orders_of(api, diner["token"]) == []


# -- a retried tap orders once ---------------------------------------------------------------
def test_the_same_idempotency_key_and_body_place_one_order(api, diner):
    # Given a phone that placed an order with an Idempotency-Key
    key = {"Idempotency-Key": "tap-7f3c"}
    first = api.post("/session/orders", order_of(CEVICHE), token=diner["token"], headers=key)
    assert first.status == 201, first.body

    # When its retry arrives with the same key and body
    again = api.post("/session/orders", order_of(CEVICHE), token=diner["token"], headers=key)

    # Then it gets the same order, and the session has only one
    assert again.status == 201, again.body
    assert again.body["id"] == first.body["id"]
    assert [o["id"] for o in orders_of(api, diner["token"])] == [first.body["id"]]


def test_the_same_idempotency_key_with_another_body_is_409(api, diner):
    key = {"Idempotency-Key": "tap-7f3c"}
    api.post("/session/orders", order_of(CEVICHE), token=diner["token"], headers=key)

    reply = api.post("/session/orders", order_of({**CEVICHE, "quantity": 3}), token=diner["token"], headers=key)

    assert_error(reply, 409, "IDEMPOTENCY_KEY_REUSED")
    assert len(orders_of(api, diner["token"])) == 1


def test_different_idempotency_keys_place_different_orders(api, diner):
    first = api.post("/session/orders", order_of(CEVICHE), token=diner["token"], headers={"Idempotency-Key": "a"})
    second = api.post("/session/orders", order_of(CEVICHE), token=diner["token"], headers={"Idempotency-Key": "b"})

    assert first.body["id"] != second.body["id"]
    assert len(orders_of(api, diner["token"])) == 2


def test_a_key_whose_first_use_was_refused_can_be_used_again(api):
    # Given a diner who tapped "Place order" before approval, with a key
    waiting = api.register(code="T12").body
    key = {"Idempotency-Key": "tap-early"}
    assert api.post("/session/orders", order_of(CEVICHE), token=waiting["token"], headers=key).status == 409
    # When the manager approves and the phone retries with the same key
    api.post(f"/staff/sessions/{waiting['session']['id']}/approve", token=api.login())
    reply = api.post("/session/orders", order_of(CEVICHE), token=waiting["token"], headers=key)

    # Then the order is placed
    assert reply.status == 201, reply.body


# -- too many orders -------------------------------------------------------------------------
def test_a_seventh_order_within_a_minute_is_429_with_retry_after(api, diner, fixed_rate_window):
    for _ in range(6):
        assert api.post("/session/orders", order_of(CEVICHE), token=diner["token"]).status == 201

    reply = api.post("/session/orders", order_of(CEVICHE), token=diner["token"])

    assert_error(reply, 429, "TOO_MANY_REQUESTS")
    assert 1 <= int(header(reply, "Retry-After")) <= 60
    assert len(orders_of(api, diner["token"])) == 6


# -- a closed table takes no more orders -----------------------------------------------------
def test_after_staff_close_the_session_ordering_is_409_and_stores_nothing(api, diner):
    api.post("/session/orders", order_of(CEVICHE), token=diner["token"])
    assert api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"]).status == 200

    reply = api.post("/session/orders", order_of(CEVICHE), token=diner["token"])

    assert_error(reply, 409, "SESSION_ENDED")
    assert len(orders_of(api, diner["token"])) == 1
    bill = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body
    assert bill["subtotal"] == 2 * price_of("ceviche-clasico")


# -- following the session -------------------------------------------------------------------
def test_session_shows_orders_requests_subtotal_and_participants(api, diner):
    # Given Ana and Luis at T12, each with an order, and a waiter call
    luis = api.joined_diner(code="T12", name="Luis", allowed_by=diner["token"])
    api.post("/session/orders", order_of(CEVICHE), token=diner["token"])
    api.post("/session/orders", order_of({"menuItemId": "lomo-saltado", "quantity": 1}), token=luis["token"])
    call = api.post("/session/waiter-calls", token=luis["token"]).body

    # When Ana reads the session
    reply = api.get("/session", token=diner["token"])

    # Then she sees the table's orders, requests, bill subtotal and who is at the table
    assert reply.status == 200, reply.body
    session = reply.body
    assert session["id"] == diner["session_id"]
    assert session["status"] == "active"
    assert session["table"]["code"] == "T12"
    assert session["currency"] == "PEN"
    assert sorted(p["name"] for p in session["participants"]) == ["Ana", "Luis"]
    assert [o["orderedBy"] for o in session["orders"]] == ["Luis", "Ana"]
    assert [r["id"] for r in session["requests"]] == [call["id"]]
    assert session["requests"][0]["status"] == "open"
    assert session["subtotal"] == 2 * price_of("ceviche-clasico") + price_of("lomo-saltado")


def test_a_pending_session_reads_fine(api):
    waiting = api.register(code="T12").body

    reply = api.get("/session", token=waiting["token"])

    assert reply.status == 200, reply.body
    assert reply.body["id"] == waiting["session"]["id"]
    assert reply.body["status"] == "pending"
    assert reply.body["orders"] == []
    assert reply.body["requests"] == []
    assert reply.body["subtotal"] == 0
    assert [p["name"] for p in reply.body["participants"]] == ["Ana"]


def test_session_orders_come_newest_first_with_item_statuses(api, diner):
    # Given two orders, the first one's ceviche being prepared
    first = api.post("/session/orders", order_of(CEVICHE, {"menuItemId": "pisco-sour", "quantity": 1}),
                     token=diner["token"]).body
    second = api.post("/session/orders", order_of({"menuItemId": "lomo-saltado", "quantity": 1}),
                      token=diner["token"]).body
    kitchen = api.login("kitchen@downtown.demo.comanda")
    bumped = api.post(f"/staff/orders/{first['id']}/items/{first['items'][0]['id']}/status",
                      {"status": "preparing"}, token=kitchen)
    assert bumped.status == 200, bumped.body

    # When Ana follows her orders
    orders = orders_of(api, diner["token"])

    # Then the newest comes first, and each item says where it is
    assert [o["id"] for o in orders] == [second["id"], first["id"]]
    assert orders[0]["status"] == "pending"
    assert [i["status"] for i in orders[0]["items"]] == ["pending"]
    assert orders[1]["status"] == "preparing"
    assert [(i["menuItemId"], i["status"]) for i in orders[1]["items"]] == [
        ("ceviche-clasico", "preparing"), ("pisco-sour", "pending")]


def test_session_orders_of_a_new_session_are_empty(api, diner):
    assert orders_of(api, diner["token"]) == []
