"""The journey over the local stack with real WebSocket clients: every screen hears what it
should, at once, and nothing it should not."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest

DOWNTOWN = "br_downtown-lima"


def test_a_diner_hears_approval_and_the_kitchen_hears_the_order_and_the_diner_each_bump(http, listen):
    # Given a diner signing in at T12 while the POS and the kitchen screens are open
    pos = listen(http.login())
    kitchen = listen(http.login("kitchen@downtown.demo.comanda"))
    registered = http.register("T12")
    session_id = registered["session"]["id"]
    diner = listen(registered["token"])
    assert pos.next_of("session.updated", id=session_id)["data"]["status"] == "pending"

    # When the manager approves, the diner hears it
    assert http.post(f"/staff/sessions/{session_id}/approve", token=http.login()).status == 200
    assert diner.next_of("session.updated", id=session_id, status="active")

    # When the diner orders, the POS and the kitchen hear it with the table and the notes
    order = http.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 2,
                                                     "notes": "No onions"}]}, token=registered["token"]).body
    heard = kitchen.next_of("order.created", id=order["id"])["data"]
    assert (heard["tableCode"], heard["items"][0]["notes"]) == ("T12", "No onions")
    assert pos.next_of("order.created", id=order["id"])
    assert diner.next_of("order.created", id=order["id"])

    # When the kitchen bumps the line, the diner hears the item's new state
    line = order["items"][0]["id"]
    kitchen_token = http.login("kitchen@downtown.demo.comanda")
    http.post(f"/staff/orders/{order['id']}/items/{line}/status", {"status": "preparing"}, token=kitchen_token)
    assert diner.next_of("order.item.updated", lineId=line)["data"]["status"] == "preparing"

    # When the diner calls a waiter, the POS hears it with the table
    http.post("/session/waiter-calls", token=registered["token"])
    assert pos.next_of("request.created", sessionId=session_id)["data"]["tableCode"] == "T12"

    # When the manager closes the table, the diner hears it
    http.post(f"/staff/sessions/{session_id}/close", token=http.login())
    assert diner.next_of("session.updated", id=session_id, status="completed")


def test_a_diner_never_hears_another_tables_orders(http, listen):
    manager = http.login()
    ana, luis = http.register("T3", "Ana"), http.register("T4", "Luis")
    for registered in (ana, luis):
        http.post(f"/staff/sessions/{registered['session']['id']}/approve", token=manager)
    luis_socket = listen(luis["token"])
    luis_socket.drain(0.3)
    http.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}, token=ana["token"])
    heard = luis_socket.drain(1.0)
    assert [m for m in heard if m["type"].startswith("order.")] == []


@pytest.mark.parametrize("token", ["", "forged.token.value",
                                   "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ4IiwidHlwIjoic3RhZmYifQ."])
def test_a_forged_token_cannot_connect(stack, token):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with pytest.raises(InvalidStatus) as refused:
        connect(f"{stack.ws_url}?token={token}", additional_headers={"Origin": stack.site_url}, open_timeout=5)
    assert refused.value.response.status_code in (401, 403)


def test_a_foreign_origin_cannot_connect(stack, http):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with pytest.raises(InvalidStatus):
        connect(f"{stack.ws_url}?token={http.login()}", additional_headers={"Origin": "https://evil.example"},
                open_timeout=5)


def test_ping_is_answered_with_pong(http, listen):
    listener = listen(http.login())
    listener.socket.send('{"action": "ping"}')
    assert listener.next_of("pong")


def test_a_socket_that_vanished_without_disconnect_is_removed_by_the_next_push(stack, http, listen):
    from chalicelib.bootstrap import repositories
    from chalicelib.config import settings
    from chalicelib.domain import clock

    connections = repositories().connections
    channel = f"kitchen:{DOWNTOWN}"
    # Given two kitchen screens, one of which drops off the network (no $disconnect reaches the app)
    kitchen_token = http.login("kitchen@downtown.demo.comanda")
    alive = listen(kitchen_token)
    before = set(connections.listeners(channel))
    listen(kitchen_token)
    (vanished,) = set(connections.listeners(channel)) - before
    stack.vanish(vanished)
    # When, a while later (a 410 in a connection's first seconds may mean "still connecting"),
    # an order is pushed to the kitchen
    registered = http.register("T6")
    http.post(f"/staff/sessions/{registered['session']['id']}/approve", token=http.login())
    later = timedelta(seconds=settings.connect_grace_s + 1)
    clock.travel(later)
    try:
        order = http.post("/session/orders", {"items": [{"menuItemId": "tequenos", "quantity": 1}]},
                          token=registered["token"]).body
        # Then the other screen hears it and the vanished connection is no longer subscribed
        assert alive.next_of("order.created", id=order["id"])
        deadline = time.monotonic() + 3  # the 410 may be handled just after the live screen's post
        while vanished in connections.listeners(channel) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        clock.travel(-later)
    assert vanished not in connections.listeners(channel)
