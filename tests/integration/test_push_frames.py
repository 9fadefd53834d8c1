"""What a push costs (issue #17): API Gateway bills each WebSocket frame, so a batch's messages
for one screen go out as one frame, and each screen gets only the channels its page shows —
while every screen still hears everything it shows live."""
from __future__ import annotations

import json

from chalicelib.realtime.fanout import FRAME_BYTES, frames
from tests.integration.test_realtime import connect, deliver, sockets, streams  # noqa: F401 - fixtures


def test_a_kitchen_bump_is_one_frame_per_screen_and_each_hears_what_it_shows(api, streams, sockets):
    # Given Ana's order, and Ana's phone, the POS and the kitchen display connected
    ana = api.seated_diner()
    order = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 1},
                                                   {"menuItemId": "ceviche-clasico", "quantity": 1}]},
                     token=ana["token"]).body
    kitchen = api.login("kitchen@downtown.demo.comanda")
    for connection_id, token in (("ana", ana["token"]), ("pos", api.login()), ("kds", kitchen)):
        assert connect(api, token, connection_id=connection_id)["statusCode"] == 200
    streams.drain()
    # When the cook starts the first dish
    line = order["items"][0]
    api.post(f"/staff/orders/{order['id']}/items/{line['id']}/status", {"status": "preparing"}, token=kitchen)
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    # Then each screen gets one frame: Ana's carries the order and the dish's news, in order
    assert sockets.frames == {"ana": 1, "pos": 1, "kds": 1}
    assert sockets.types("ana") == ["order.updated", "order.item.updated"]
    assert sockets.sent["ana"][1]["data"]["lineId"] == line["id"]
    # and the POS and the kitchen see the order as it now stands (their pages read order.updated)
    for screen in ("pos", "kds"):
        updated = next(m["data"] for m in sockets.sent[screen] if m["type"] == "order.updated")
        assert [i["status"] for i in updated["items"]] == ["preparing", "pending"]


def test_the_kitchen_display_hears_orders_and_the_menu_but_not_the_floor_s_traffic(api, streams, sockets):
    manager, kitchen = api.login(), api.login("kitchen@downtown.demo.comanda")
    registered = api.register(code="T8").body
    connect(api, registered["token"], connection_id="ana")
    connect(api, manager, connection_id="pos")
    connect(api, kitchen, connection_id="kds")
    streams.drain()
    # When the table is approved, calls the waiter, orders, and the manager 86s a dish
    api.post(f"/staff/sessions/{registered['session']['id']}/approve", token=manager)
    deliver(streams, sockets)
    api.post("/session/waiter-calls", token=registered["token"])
    deliver(streams, sockets)
    api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]},
             token=registered["token"])
    deliver(streams, sockets)
    api.post("/staff/branches/br_downtown-lima/menu/items/tequenos/availability", {"available": False},
             token=manager)
    deliver(streams, sockets)
    # Then the POS hears it all; the kitchen hears the order and the 86 (its availability panel)
    assert sockets.types("pos") == ["session.updated", "request.created", "order.created", "menu.item.updated"]
    assert sockets.types("kds") == ["order.created", "menu.item.updated"]
    assert sockets.sent["kds"][1]["data"]["id"] == "tequenos" and sockets.sent["kds"][1]["data"]["available"] is False
    assert "session.updated" in sockets.types("ana") and "request.created" in sockets.types("ana")


def _message(n: int, size: int) -> tuple[int, str]:
    return n, json.dumps({"type": "order.updated", "data": {"pad": "x" * size, "n": n}})


def test_one_message_goes_as_itself_and_several_as_an_array_in_order():
    assert frames([_message(0, 10)]) == [([0], _message(0, 10)[1])]
    [(records, frame)] = frames([_message(0, 10), _message(1, 10), _message(1, 10)])
    assert records == [0, 1, 1]
    assert [m["data"]["n"] for m in json.loads(frame)] == [0, 1, 1]


def test_frames_stay_within_api_gateway_s_32_kb():
    queue = [_message(n, 9000) for n in range(10)]
    packed = frames(queue)
    assert all(len(frame.encode()) <= FRAME_BYTES for _, frame in packed)
    assert [n for records, _ in packed for n in records] == list(range(10))
    assert len(packed) == 4  # three ~9 KB messages fit in 32 KB, not four
    messages = [m for _, frame in packed for m in (json.loads(frame) if frame.startswith("[") else [json.loads(frame)])]
    assert [m["data"]["n"] for m in messages] == list(range(10))
