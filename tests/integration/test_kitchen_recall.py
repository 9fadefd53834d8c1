"""Recall and undo over HTTP (issue 16): the contract of POST /staff/orders/{id}/items/{line}/undo
and POST /staff/orders/{id}/recall, their refusals in API.md's shape, the caller's branches, and
the change reaching the diner, the POS and every kitchen screen through the stream. The rules'
variations are proven on the domain: tests/unit/test_recall_and_undo.py."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain import clock
from tests.integration.test_realtime import connect, deliver, sockets, streams  # noqa: F401 - fixtures

KITCHEN = "kitchen@downtown.demo.comanda"
MIRAFLORES_WAITER = "waiter@miraflores.demo.comanda"


@pytest.fixture(autouse=True)
def _clock():
    yield
    clock.reset()


def serve(api, order: dict, token: str) -> None:
    for status in ("accepted", "served"):
        reply = api.post(f"/staff/orders/{order['id']}/status", {"status": status}, token=token)
        assert reply.status == 200, reply.body


def place(api, diner: dict, *items: str) -> dict:
    reply = api.post("/session/orders", {"items": [{"menuItemId": i, "quantity": 1} for i in items]},
                     token=diner["token"])
    assert reply.status == 201, reply.body
    return reply.body


def line_path(order: dict, index: int, action: str) -> str:
    return f"/staff/orders/{order['id']}/items/{order['items'][index]['id']}/{action}"


def test_a_mistaken_bump_is_taken_back_and_the_item_says_until_when(api):
    diner = api.seated_diner(code="T40")
    order = place(api, diner, "lomo-saltado", "anticuchos")
    kitchen = api.login(KITCHEN)
    bumped = api.post(line_path(order, 0, "status"), {"status": "preparing"}, token=kitchen)
    assert bumped.status == 200
    item = bumped.body["items"][0]
    assert item["undoTo"] == "pending" and item["undoUntil"] > bumped.body["updatedAt"]

    undone = api.post(line_path(order, 0, "undo"), token=kitchen)

    assert undone.status == 200, undone.body
    # the line is back to "to do"; the order, touched by the kitchen, stays accepted (it follows its lines)
    assert (undone.body["status"], undone.body["items"][0]["status"]) == ("accepted", "pending")
    assert (undone.body["items"][0]["undoUntil"], undone.body["items"][0]["undoTo"]) == (None, None)


def test_an_undo_after_five_minutes_or_with_nothing_to_undo_is_a_409_naming_why(api):
    diner = api.seated_diner(code="T40")
    order = place(api, diner, "lomo-saltado")
    kitchen = api.login(KITCHEN)
    nothing = api.post(line_path(order, 0, "undo"), token=kitchen)
    assert (nothing.status, nothing.error["code"]) == (409, "NOTHING_TO_UNDO")

    api.post(line_path(order, 0, "status"), {"status": "preparing"}, token=kitchen)
    clock.travel(timedelta(minutes=5, seconds=2))
    late = api.post(line_path(order, 0, "undo"), token=kitchen)

    assert (late.status, late.error["code"]) == (409, "UNDO_WINDOW_CLOSED")
    assert "5 minutes" in late.error["message"]
    assert api.get("/session", token=diner["token"]).body["orders"][0]["items"][0]["status"] == "preparing"


def test_a_served_order_is_recalled_to_the_kitchen_and_an_open_one_is_not(api):
    diner = api.seated_diner(code="T40")
    order = place(api, diner, "anticuchos")
    manager = diner["staff"]
    serve(api, order, manager)
    kitchen = api.login(KITCHEN)
    assert order["id"] not in [o["id"] for o in api.get("/staff/branches/br_downtown-lima/orders", token=kitchen).body["orders"]]

    recalled = api.post(f"/staff/orders/{order['id']}/recall", token=kitchen)

    assert recalled.status == 200, recalled.body
    assert (recalled.body["status"], recalled.body["items"][0]["status"]) == ("ready", "ready")
    assert order["id"] in [o["id"] for o in api.get("/staff/branches/br_downtown-lima/orders", token=kitchen).body["orders"]]
    again = api.post(f"/staff/orders/{order['id']}/recall", token=kitchen)
    assert (again.status, again.error["code"]) == (409, "ILLEGAL_TRANSITION")


def test_a_recall_after_thirty_minutes_is_refused(api):
    diner = api.seated_diner(code="T40")
    order = place(api, diner, "anticuchos")
    serve(api, order, diner["staff"])
    clock.travel(timedelta(minutes=30, seconds=2))
    late = api.post(f"/staff/orders/{order['id']}/recall", token=api.login(KITCHEN))
    assert (late.status, late.error["code"]) == (409, "RECALL_WINDOW_CLOSED")


@pytest.mark.parametrize("action", ["undo", "recall"])
def test_another_branch_s_staff_and_unknown_orders_get_404(api, action):
    diner = api.seated_diner(code="T40")
    order = place(api, diner, "anticuchos")
    path = line_path(order, 0, "undo") if action == "undo" else f"/staff/orders/{order['id']}/recall"
    outsider = api.post(path, token=api.login(MIRAFLORES_WAITER))
    assert (outsider.status, outsider.error["code"]) == (404, "NOT_FOUND")
    unknown = api.post(path.replace(order["id"], "01HZZZZZZZZZZZZZZZZZZZZZZZ"), token=api.login(KITCHEN))
    assert unknown.status == 404
    assert api.post(path).status == 401


def test_an_undo_and_a_recall_reach_the_diner_the_pos_and_the_kitchen(api, streams, sockets):  # noqa: F811
    diner = api.seated_diner(code="T40")
    order = place(api, diner, "anticuchos")
    kitchen = api.login(KITCHEN)
    api.post(line_path(order, 0, "status"), {"status": "ready"}, token=kitchen)
    api.post(line_path(order, 0, "status"), {"status": "served"}, token=kitchen)
    for connection_id, token in (("diner", diner["token"]), ("pos", diner["staff"]), ("kitchen", kitchen)):
        assert connect(api, token, connection_id=connection_id)["statusCode"] == 200
    streams.drain()

    api.post(line_path(order, 0, "undo"), token=kitchen)
    deliver(streams, sockets)

    for screen in ("diner", "pos", "kitchen"):
        updates = [m["data"] for m in sockets.sent[screen] if m["type"] == "order.updated"]
        assert updates and updates[-1]["status"] == "ready", screen
        assert updates[-1]["items"][0]["status"] == "ready", screen


def test_the_orders_served_lately_are_listed_for_a_kitchen_screen_that_reloads(api):
    # Given an order served at T40 and another still open
    diner = api.seated_diner(code="T40")
    served, still_open = place(api, diner, "anticuchos"), place(api, diner, "chicha-morada")
    serve(api, served, diner["staff"])
    kitchen = api.login(KITCHEN)

    # When a kitchen screen asks for the orders served lately
    listed = api.get("/staff/branches/br_downtown-lima/orders?status=served", token=kitchen)

    # Then it gets the served one, with until when it can be recalled, and not the open one
    assert listed.status == 200, listed.body
    assert [(o["id"], o["status"]) for o in listed.body["orders"]] == [(served["id"], "served")]
    assert listed.body["orders"][0]["recallUntil"]
    assert still_open["id"] not in [o["id"] for o in listed.body["orders"]]
    # And once the window has passed, nothing is listed; another branch's waiter is refused
    clock.travel(timedelta(minutes=30, seconds=2))
    assert api.get("/staff/branches/br_downtown-lima/orders?status=served", token=kitchen).body["orders"] == []
    other = api.get("/staff/branches/br_downtown-lima/orders?status=served", token=api.login(MIRAFLORES_WAITER))
    assert other.status in (403, 404), other.body
