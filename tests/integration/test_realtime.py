"""Live updates on moto: subscriptions on $connect, and every stored change reaching exactly
the connections that may see it, through the real stream handler and fan-out."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import boto3
import pytest
from chalice import WebsocketDisconnectedError

from chalicelib import bootstrap
from chalicelib.config import settings
from chalicelib.domain import clock
from chalicelib.realtime.stream import handle_stream_batch
from chalicelib.store.models import STREAM_MODELS
from tests.conftest import ORIGIN_SECRET

ORIGIN = "http://127.0.0.1:8080"
DOWNTOWN_ID = "br_downtown-lima"


class Sockets:
    """Stands in for API Gateway's @connections: records what each connection was sent;
    connections in `gone` answer 410."""

    def __init__(self) -> None:
        self.sent: dict[str, list[dict]] = {}
        self.frames: dict[str, int] = {}  # what API Gateway bills: a frame carries one message or an array
        self.gone: set[str] = set()

    def post(self, connection_id: str, payload: str) -> None:
        if connection_id in self.gone:
            raise WebsocketDisconnectedError(connection_id)
        frame = json.loads(payload)
        self.sent.setdefault(connection_id, []).extend(frame if isinstance(frame, list) else [frame])
        self.frames[connection_id] = self.frames.get(connection_id, 0) + 1

    def types(self, connection_id: str) -> list[str]:
        return [m["type"] for m in self.sent.get(connection_id, [])]


class Streams:
    """Reads the moto streams of our tables from "now" on and shapes them as Lambda does."""

    def __init__(self) -> None:
        self._client = boto3.client("dynamodbstreams", region_name="us-east-1")
        self._iterators: dict[str, tuple[str, str]] = {}
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        for model in STREAM_MODELS:
            arn = ddb.describe_table(TableName=model.Meta.table_name)["Table"]["LatestStreamArn"]
            shard = self._client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
            iterator = self._client.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")
            self._iterators[arn] = (shard, iterator["ShardIterator"])

    def drain(self) -> dict:
        records = []
        for arn, (shard, iterator) in self._iterators.items():
            answer = self._client.get_records(ShardIterator=iterator)
            self._iterators[arn] = (shard, answer["NextShardIterator"])
            for record in answer["Records"]:
                change = dict(record["dynamodb"])
                created = change.get("ApproximateCreationDateTime")
                if isinstance(created, datetime):
                    change["ApproximateCreationDateTime"] = created.timestamp()
                records.append({**record, "dynamodb": change, "eventSourceARN": arn, "eventSource": "aws:dynamodb"})
        return {"Records": records}


def connect(api, token: str, origin: str = ORIGIN, connection_id: str | None = None):
    from app import ws_connect

    event = {
        "requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "connectionId": connection_id or token[-12:],
                           "apiId": "local", "stage": "ws", "domainName": "localhost"},
        "headers": {"Origin": origin, "X-Origin-Verify": ORIGIN_SECRET}, "queryStringParameters": {"token": token},
        "isBase64Encoded": False,
    }
    return ws_connect(event, None)


@pytest.fixture
def sockets():
    return Sockets()


@pytest.fixture
def streams(api):
    return Streams()


def deliver(streams: Streams, sockets: Sockets) -> dict:
    return handle_stream_batch(streams.drain(), None, sockets.post)


def test_a_diner_token_subscribes_to_its_session_and_branch_menu(api):
    diner = api.seated_diner()
    assert connect(api, diner["token"], connection_id="d1")["statusCode"] == 200
    channels = bootstrap.repositories().connections.channels_of("d1")
    assert channels == [f"session:{diner['session_id']}", "menu:br_downtown-lima"]


def test_kitchen_staff_listen_to_the_kitchen_channel_alone(api):
    # the floor's traffic (sessions, requests, joins) is not the kitchen display's (#17: cost)
    assert connect(api, api.login("kitchen@downtown.demo.comanda"), connection_id="k1")["statusCode"] == 200
    assert bootstrap.repositories().connections.channels_of("k1") == [
        "kitchen:br_downtown-lima", "staff:st_kitchen_at_downtown_demo_comanda"]


@pytest.mark.parametrize("token", ["", "not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."])
def test_a_missing_or_forged_token_cannot_connect(api, token):
    assert connect(api, token, connection_id="x1")["statusCode"] in (401, 403)
    assert bootstrap.repositories().connections.channels_of("x1") == []


def test_a_foreign_origin_cannot_connect(api):
    staff = api.login()
    assert connect(api, staff, origin="https://evil.example", connection_id="e1")["statusCode"] == 403


def test_an_order_reaches_the_diner_the_pos_and_the_kitchen_but_no_other_table(api, streams, sockets):
    # Given Ana at T12, Luis at T5, the downtown kitchen and the Miraflores waiter, all connected
    ana, luis = api.seated_diner(code="T12"), api.seated_diner(code="T5", name="Luis")
    for connection_id, token in (("ana", ana["token"]), ("luis", luis["token"]),
                                 ("kitchen", api.login("kitchen@downtown.demo.comanda")),
                                 ("miraflores", api.login("waiter@miraflores.demo.comanda"))):
        assert connect(api, token, connection_id=connection_id)["statusCode"] == 200
    streams.drain()  # what happened before connecting is not pushed
    # When Ana orders
    api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1, "notes": "No onions"}]},
             token=ana["token"])
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    # Then Ana and the kitchen hear it; Luis and Miraflores hear nothing
    assert sockets.types("ana") == ["order.created"]
    assert sockets.types("kitchen") == ["order.created"]
    assert sockets.types("luis") == [] and sockets.types("miraflores") == []
    kitchen_order = sockets.sent["kitchen"][0]["data"]
    assert kitchen_order["tableCode"] == "T12" and kitchen_order["items"][0]["notes"] == "No onions"
    assert "customerId" not in kitchen_order


def test_a_kitchen_bump_reaches_the_diner_as_an_item_update(api, streams, sockets):
    ana = api.seated_diner()
    order = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]},
                     token=ana["token"]).body
    connect(api, ana["token"], connection_id="ana")
    streams.drain()
    kitchen = api.login("kitchen@downtown.demo.comanda")
    api.post(f"/staff/orders/{order['id']}/items/{order['items'][0]['id']}/status", {"status": "preparing"}, token=kitchen)
    deliver(streams, sockets)
    assert sockets.types("ana") == ["order.updated", "order.item.updated"]
    update = sockets.sent["ana"][1]["data"]
    assert (update["status"], update["orderStatus"], update["version"]) == ("preparing", "preparing", 2)


def test_approval_waiter_call_and_closing_reach_the_right_screens(api, streams, sockets):
    registered = api.register(code="T8").body
    connect(api, registered["token"], connection_id="ana")
    manager = api.login()
    connect(api, manager, connection_id="pos")
    streams.drain()
    api.post(f"/staff/sessions/{registered['session']['id']}/approve", token=manager)
    api.post("/session/waiter-calls", token=registered["token"])
    api.post(f"/staff/sessions/{registered['session']['id']}/close", token=manager)
    deliver(streams, sockets)
    assert [m["data"].get("status") for m in sockets.sent["ana"] if m["type"] == "session.updated"] == ["active", "completed"]
    assert "request.created" in sockets.types("pos")
    assert sockets.sent["pos"][sockets.types("pos").index("request.created")]["data"]["tableCode"] == "T8"


def test_86ing_an_item_greys_it_out_for_diners_of_that_branch_only(api, streams, sockets):
    downtown, miraflores = api.seated_diner(), api.seated_diner(slug="miraflores", code="T1")
    connect(api, downtown["token"], connection_id="downtown")
    connect(api, miraflores["token"], connection_id="miraflores")
    streams.drain()
    kitchen = api.login("kitchen@downtown.demo.comanda")
    api.post("/staff/branches/br_downtown-lima/menu/items/lomo-saltado/availability", {"available": False}, token=kitchen)
    deliver(streams, sockets)
    assert sockets.types("downtown") == ["menu.item.updated"]
    assert sockets.sent["downtown"][0]["data"]["available"] is False
    assert sockets.types("miraflores") == []


@pytest.fixture
def later():
    """Moves the clock on (by more than the grace a connecting socket gets); undone after."""
    moved = []

    def move(seconds: float) -> None:
        clock.travel(timedelta(seconds=seconds))
        moved.append(seconds)

    yield move
    clock.travel(-timedelta(seconds=sum(moved)))


def test_a_connection_gone_without_disconnect_is_removed_by_the_next_push(api, streams, sockets, later):
    ana = api.seated_diner()
    connect(api, ana["token"], connection_id="vanished")
    streams.drain()
    sockets.gone.add("vanished")
    later(settings.connect_grace_s + 1)  # connected a while ago: a 410 now means gone
    api.post("/session/waiter-calls", token=ana["token"])
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    assert bootstrap.repositories().connections.channels_of("vanished") == []
    assert bootstrap.repositories().connections.listeners(f"session:{ana['session_id']}") == []


def test_a_410_to_a_connection_still_connecting_keeps_its_subscriptions(api, streams, sockets):
    """API Gateway answers 410 to a post while the connection's $connect has not returned:
    a screen opening during a rush must not be unsubscribed by it (issue 14)."""
    # Given a kitchen screen whose $connect has just subscribed it, but is not open yet
    kitchen = api.login("kitchen@downtown.demo.comanda")
    connect(api, kitchen, connection_id="opening")
    streams.drain()
    sockets.gone.add("opening")
    ana = api.seated_diner()
    api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}, token=ana["token"])
    # When the order's push is answered 410
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    # Then the screen is still subscribed, and once open it hears the next order
    assert f"kitchen:{DOWNTOWN_ID}" in bootstrap.repositories().connections.channels_of("opening")
    sockets.gone.discard("opening")
    order = api.post("/session/orders", {"items": [{"menuItemId": "tequenos", "quantity": 1}]},
                     token=ana["token"]).body
    deliver(streams, sockets)
    assert [m["data"]["id"] for m in sockets.sent["opening"] if m["type"] == "order.created"] == [order["id"]]


def test_a_record_that_fails_is_reported_alone_and_the_others_are_delivered(api, streams, sockets):
    ana = api.seated_diner()
    connect(api, ana["token"], connection_id="ana")
    streams.drain()
    api.post("/session/waiter-calls", token=ana["token"])
    api.post("/session/bill-requests", token=ana["token"])
    event = streams.drain()
    requests = [r for r in event["Records"] if "service-requests" in r["eventSourceARN"]]
    poisoned = requests[0]
    poisoned["dynamodb"]["NewImage"]["kind"] = {"S": "not-a-kind"}
    answer = handle_stream_batch(event, None, sockets.post)
    assert answer == {"batchItemFailures": [{"itemIdentifier": poisoned["dynamodb"]["SequenceNumber"]}]}
    assert "request.created" in sockets.types("ana")


def test_disconnect_removes_every_subscription_of_the_connection(api):
    from app import ws_disconnect

    staff = api.login("owner@demo.comanda")
    connect(api, staff, connection_id="owner")
    assert len(bootstrap.repositories().connections.channels_of("owner")) == 7  # branch, kitchen, floor x 2; the person's own
    ws_disconnect({"requestContext": {"routeKey": "$disconnect", "eventType": "DISCONNECT", "connectionId": "owner",
                                      "apiId": "local", "stage": "ws", "domainName": "localhost"}}, None)
    assert bootstrap.repositories().connections.channels_of("owner") == []
    assert bootstrap.repositories().connections.listeners("branch:br_miraflores") == []


def test_a_batch_reads_each_channel_once_and_each_screen_hears_its_messages_in_stream_order(api, streams, sockets):
    from tests.conftest import DYNAMO_CALLS

    # Given the kitchen and three diners of one branch connected
    connect(api, api.login("kitchen@downtown.demo.comanda"), connection_id="kitchen")
    diners = {code: api.seated_diner(code=code, name=f"Guest {code}") for code in ("T3", "T4", "T5")}
    for code, diner in diners.items():
        connect(api, diner["token"], connection_id=code)
    streams.drain()
    # When each orders and one batch carries the three orders
    placed = [api.post("/session/orders", {"items": [{"menuItemId": "tequenos", "quantity": 1}]},
                       token=diners[code]["token"]).body["id"] for code in diners]
    answer, calls = DYNAMO_CALLS.measure(lambda: deliver(streams, sockets))
    # Then the kitchen's and branch's channels were read once for the batch (plus each session's)
    assert answer == {"batchItemFailures": []}
    assert calls.count("Query") == 2 + len(diners)
    # and the kitchen heard the orders in the order they were stored, each diner their own
    assert [m["data"]["id"] for m in sockets.sent["kitchen"]] == placed
    for code, order_id in zip(diners, placed):
        assert [m["data"]["id"] for m in sockets.sent[code]] == [order_id]


def test_a_kitchen_pause_reaches_that_branch_s_diners_and_kitchen_with_the_category_s_items(api, streams, sockets):
    downtown, miraflores = api.seated_diner(code="T25"), api.seated_diner(slug="miraflores", code="T2")
    connect(api, downtown["token"], connection_id="downtown")
    connect(api, miraflores["token"], connection_id="miraflores")
    kitchen = api.login("kitchen@downtown.demo.comanda")
    connect(api, kitchen, connection_id="kitchen")
    streams.drain()
    paused = api.call("PUT", "/staff/branches/br_downtown-lima/menu/categories/cat_desserts/pause", {"minutes": 5},
                      token=kitchen).body
    deliver(streams, sockets)
    assert sockets.types("downtown") == ["menu.category.updated"]
    assert sockets.types("kitchen") == ["menu.category.updated"]
    assert sockets.types("miraflores") == []
    data = sockets.sent["downtown"][0]["data"]
    assert data["id"] == "cat_desserts" and data["pausedUntil"] == paused["pausedUntil"]
    assert {i["id"] for i in data["items"]} >= {"picarones"} and all(i["pausedUntil"] for i in data["items"])


def test_new_hours_for_an_item_reach_the_diners_as_an_item_update(api, streams, sockets):
    diner = api.seated_diner(code="T26")
    connect(api, diner["token"], connection_id="ana")
    streams.drain()
    api.call("PUT", "/staff/branches/br_downtown-lima/menu/items/picarones/schedule",
             {"windows": [{"start": "18:00", "end": "23:00"}]}, token=api.login())
    deliver(streams, sockets)
    assert sockets.types("ana") == ["menu.item.updated"]
    assert sockets.sent["ana"][0]["data"]["served"] == "windows"


# -- asking to join a table ------------------------------------------------------------------------
def test_a_request_token_listens_to_its_own_request_only(api):
    api.seated_diner(code="T12")
    asked = api.ask_to_join(code="T12", name="Luis")

    assert connect(api, asked["requestToken"], connection_id="asker")["statusCode"] == 200

    assert bootstrap.repositories().connections.channels_of("asker") == [f"join:{asked['joinRequest']['id']}"]


def test_a_request_to_join_and_its_answer_reach_the_table_the_floor_and_the_asking_phone(api, streams, sockets):
    # Given Ana at T12 and the manager's POS connected, and Eve at T5
    ana, eve = api.seated_diner(code="T12"), api.seated_diner(code="T5", name="Eve")
    manager = api.login()
    for connection_id, token in (("ana", ana["token"]), ("pos", manager), ("eve", eve["token"]),
                                 ("miraflores", api.login("waiter@miraflores.demo.comanda"))):
        connect(api, token, connection_id=connection_id)
    streams.drain()

    # When Luis asks to join T12
    asked = api.ask_to_join(code="T12", name="Luis")
    request_id = asked["joinRequest"]["id"]
    connect(api, asked["requestToken"], connection_id="luis")
    assert deliver(streams, sockets) == {"batchItemFailures": []}

    # Then Ana's phone and the POS hear it; Eve's table and Miraflores do not
    assert sockets.types("ana") == ["join.requested"]
    heard = sockets.sent["ana"][0]["data"]
    assert set(heard) == {"id", "name", "createdAt"} and (heard["id"], heard["name"]) == (request_id, "Luis")
    pos = sockets.sent["pos"][sockets.types("pos").index("join.requested")]["data"]
    assert (pos["id"], pos["name"], pos["tableCode"], pos["sessionId"]) == (request_id, "Luis", "T12", ana["session_id"])
    assert sockets.types("eve") == [] and sockets.types("miraflores") == []

    # When the manager allows him
    api.post(f"/staff/join-requests/{request_id}/allow", token=manager)
    deliver(streams, sockets)

    # Then his phone hears the answer on its own channel, and the table and the POS hear who decided
    assert sockets.sent["luis"] == [{"type": "join.updated", "data": {"id": request_id, "status": "allowed"},
                                     "at": sockets.sent["luis"][0]["at"]}]
    table_update = [m["data"] for m in sockets.sent["ana"] if m["type"] == "join.updated"]
    assert table_update == [{"id": request_id, "status": "allowed", "decidedBy": "staff"}]
    pos_update = [m["data"] for m in sockets.sent["pos"] if m["type"] == "join.updated"]
    assert pos_update == [{"id": request_id, "status": "allowed", "tableCode": "T12", "decidedBy": "staff"}]
    assert "session.updated" in sockets.types("ana")  # a participant joined
    assert sockets.types("eve") == []


def test_a_declined_or_expired_request_reaches_the_asking_phone(api, streams, sockets):
    from datetime import timedelta

    from chalicelib.domain import clock

    ana = api.seated_diner(code="T12")
    declined, lapsed = api.ask_to_join(code="T12", name="Eve"), api.ask_to_join(code="T12", name="Mallory")
    connect(api, declined["requestToken"], connection_id="eve")
    connect(api, lapsed["requestToken"], connection_id="mallory")
    streams.drain()

    api.post(f"/session/join-requests/{declined['joinRequest']['id']}/decline", token=ana["token"])
    clock.travel(timedelta(minutes=11))
    api.get(f"/join-requests/{lapsed['joinRequest']['id']}", token=lapsed["requestToken"])  # read after it lapsed
    deliver(streams, sockets)

    assert [m["data"]["status"] for m in sockets.sent["eve"]] == ["declined"]
    assert [m["data"]["status"] for m in sockets.sent["mallory"]] == ["expired"]
