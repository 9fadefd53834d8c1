"""Live pushes of seating, moves, staff orders and held orders: each audience hears only
what it may see (a diner only their own session; the kitchen nothing before acceptance)."""
from __future__ import annotations

from tests.integration.test_realtime import connect, deliver, sockets, streams  # noqa: F401 - fixtures

KITCHEN = "kitchen@downtown.demo.comanda"


def test_a_move_reaches_the_moved_diners_and_the_floor_but_no_other_table(api, streams, sockets):
    ana, luis = api.seated_diner(code="T12"), api.seated_diner(code="T13", name="Luis")
    for connection_id, token in (("ana", ana["token"]), ("luis", luis["token"]), ("pos", ana["staff"]),
                                 ("miraflores", api.login("waiter@miraflores.demo.comanda"))):
        assert connect(api, token, connection_id=connection_id)["statusCode"] == 200
    streams.drain()
    api.post(f"/staff/sessions/{ana['session_id']}/move", {"tableCode": "T31"}, token=ana["staff"])
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    moved = [m["data"] for m in sockets.sent["ana"] if m["type"] == "session.moved"]
    assert [(m["fromTableCode"], m["tableCode"]) for m in moved] == [("T12", "T31")]
    assert "session.moved" in sockets.types("pos")
    assert sockets.types("luis") == [] and sockets.types("miraflores") == []
    # A diner's socket still connects with the token issued at the old table
    assert connect(api, ana["token"], connection_id="ana-again")["statusCode"] == 200


def test_a_staff_order_reaches_the_diners_marked_as_added_by_staff(api, streams, sockets):
    ana = api.seated_diner(code="T32")
    connect(api, ana["token"], connection_id="ana")
    streams.drain()
    api.post(f"/staff/sessions/{ana['session_id']}/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 1}]},
             token=ana["staff"])
    deliver(streams, sockets)
    created = [m["data"] for m in sockets.sent["ana"] if m["type"] == "order.created"]
    assert [(o["addedByStaff"], o["placedBy"]) for o in created] == [(True, "staff")]


def test_a_held_order_reaches_the_floor_and_the_diner_but_the_kitchen_only_once_accepted(api, streams, sockets):
    ana = api.seated_diner(code="T33")
    api.call("PUT", "/staff/branches/br_downtown-lima/order-safety", {"spendingCap": None, "approvalThreshold": 0},
             token=ana["staff"])
    for connection_id, token in (("ana", ana["token"]), ("kitchen", api.login(KITCHEN)), ("pos", ana["staff"])):
        connect(api, token, connection_id=connection_id)
    streams.drain()
    held = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}, token=ana["token"]).body
    deliver(streams, sockets)
    assert sockets.types("kitchen") == []
    assert sockets.types("ana") == ["order.created"] and sockets.sent["ana"][0]["data"]["awaitingApproval"] is True
    assert "order.created" in sockets.types("pos")
    api.post(f"/staff/orders/{held['id']}/status", {"status": "accepted"}, token=ana["staff"])
    deliver(streams, sockets)
    assert sockets.types("kitchen") == ["order.updated"]
    assert sockets.sent["kitchen"][0]["data"]["awaitingApproval"] is False
