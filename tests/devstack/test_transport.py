"""The stand-in's in-process transport (`devstack.transport`): botocore requests to the
stack's moto and `@connections` endpoints are answered in the calling thread, and the
answers are the ones the HTTP servers give.

Every "in-process" client here is pointed at an address where nothing listens: an answer
can only have come through the transport. Its twins go over real HTTP (`localhost`, which is
not diverted) to the same app: through the stack's keep-alive server, and through moto's own
server (werkzeug with moto's request handler), the reference both must match."""
from __future__ import annotations

import asyncio
import http.client as http_client
import io
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aiohttp import web
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError
from chalice.app import WebsocketAPI, WebsocketDisconnectedError
from moto.moto_server.werkzeug_app import MotoRequestHandler
from werkzeug.serving import make_server

from devstack import transport
from devstack.connections import ConnectionRegistry, InProcessManagement, LiveConnection, ManagementApi
from devstack.motoserver import MotoServer, WriteSignal

TABLE = "devstack-transport-test"
BUCKET = "devstack-transport-test"
CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local", "region_name": "us-east-1"}


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def moto() -> Iterator[tuple[WriteSignal, str, str, str]]:
    """The stack's moto; its app's in-process URL (nothing listens there), its HTTP URL, and
    the URL of the same app behind moto's own werkzeug server."""
    saved = os.environ.get("AWS_ACCOUNT_ID_ENDPOINT_MODE")
    os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"
    writes = WriteSignal()
    server = MotoServer(writes)
    server.start()
    host, port = server.get_host_and_port()
    direct = f"http://127.0.0.1:{_unused_port()}"
    transport.divert(direct, transport.WsgiEndpoint(server.app, (host, port)))
    reference = make_server("127.0.0.1", 0, server.app, True, request_handler=MotoRequestHandler)
    threading.Thread(target=reference.serve_forever, daemon=True).start()
    yield writes, direct, f"http://localhost:{port}", f"http://localhost:{reference.server_port}"
    reference.shutdown()
    reference.server_close()
    transport.restore(direct)
    server.stop()
    if saved is None:
        os.environ.pop("AWS_ACCOUNT_ID_ENDPOINT_MODE", None)
    else:
        os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = saved


def _clients(service: str, *urls: str, **config: Any) -> list[Any]:
    return [boto3.client(service, endpoint_url=url, config=Config(**config), **CREDENTIALS) for url in urls]


def _without_metadata(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "ResponseMetadata"}


@pytest.fixture(scope="module")
def table(moto) -> str:
    writes, direct, _, _ = moto
    dynamodb, = _clients("dynamodb", direct)
    dynamodb.create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                              {"AttributeName": "sk", "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    writes.watch(TABLE)
    return TABLE


def _list_buckets(connection: http_client.HTTPConnection) -> tuple[int, str | None, bool]:
    """An unsigned GET / (moto: S3's ListBuckets) on a kept connection."""
    connection.request("GET", "/")
    answer = connection.getresponse()
    return answer.status, answer.getheader("Connection"), b"ListAllMyBucketsResult" in answer.read()


def test_the_stack_s_moto_url_is_served_in_process_and_released_on_stop():
    server = MotoServer(WriteSignal())
    server.start()
    url = server.url
    assert transport.diverted(url) and transport.diverted(url + "/bucket/key")
    assert not transport.diverted(url + "0")  # another port that merely starts alike
    kept_alive = http_client.HTTPConnection(url.removeprefix("http://"), timeout=5)
    assert _list_buckets(kept_alive)[0] == 200
    server.stop()
    assert not transport.diverted(url)
    with pytest.raises((ConnectionError, http_client.HTTPException)):  # the open connection ended too
        _list_buckets(kept_alive)
    kept_alive.close()


def test_dynamodb_answers_in_process_as_over_http(moto, table):
    _, *urls = moto
    clients = _clients("dynamodb", *urls)
    clients[0].put_item(TableName=table, Item={
        "pk": {"S": "p#1"}, "sk": {"S": "a"}, "n": {"N": "1"}, "text": {"S": "ñandú & \"quotes\" ✓"},
        "blob": {"B": b"\x00\xff"}})
    clients[1].put_item(TableName=table, Item={"pk": {"S": "p#1"}, "sk": {"S": "b"}, "n": {"N": "2"}})
    for call, kwargs in [
        ("get_item", {"TableName": table, "Key": {"pk": {"S": "p#1"}, "sk": {"S": "a"}}}),
        ("query", {"TableName": table, "KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {
            ":p": {"S": "p#1"}}}),
        ("describe_table", {"TableName": table}),
    ]:
        answers = [_without_metadata(getattr(client, call)(**kwargs)) for client in clients]
        assert answers[0] == answers[1] == answers[2], call
    errors = []
    for client in clients:
        with pytest.raises(ClientError) as raised:
            client.put_item(TableName=table, Item={"pk": {"S": "p#1"}, "sk": {"S": "a"}},
                            ConditionExpression="attribute_not_exists(pk)")
        errors.append((raised.value.response["Error"]["Code"], raised.value.response["ResponseMetadata"][
            "HTTPStatusCode"]))
    assert errors == [("ConditionalCheckFailedException", 400)] * 3


def test_a_write_in_process_wakes_the_stream_readers_and_lands_in_the_stream(moto, table):
    writes, direct, _, _ = moto
    dynamodb, streams = _clients("dynamodb", direct)[0], _clients("dynamodbstreams", direct)[0]
    before = writes.generation(table)
    woke: list[float] = []
    waiter = threading.Thread(target=lambda: (writes.wait_past(table, before, 5.0), woke.append(time.monotonic())))
    waiter.start()
    written = time.monotonic()
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "p#wake"}, "sk": {"S": "x"}})
    waiter.join(6.0)
    assert writes.generation(table) == before + 1 and woke and woke[0] - written < 1.0
    arn = dynamodb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")
    records = streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]
    assert {"S": "p#wake"} in [r["dynamodb"]["Keys"]["pk"] for r in records]


def test_a_failed_transaction_in_process_is_rolled_back_under_the_transaction_lock(moto, table):
    writes, direct, _, _ = moto
    dynamodb, = _clients("dynamodb", direct)
    writes.take_replaced(table)
    with pytest.raises(ClientError) as raised:
        dynamodb.transact_write_items(TransactItems=[
            {"Put": {"TableName": table, "Item": {"pk": {"S": "p#tx"}, "sk": {"S": "1"}}}},
            {"Put": {"TableName": table, "Item": {"pk": {"S": "p#1"}, "sk": {"S": "a"}},
                     "ConditionExpression": "attribute_not_exists(pk)"}},
        ])
    assert raised.value.response["Error"]["Code"] == "TransactionCanceledException"
    assert "Item" not in dynamodb.get_item(TableName=table, Key={"pk": {"S": "p#tx"}, "sk": {"S": "1"}})
    assert writes.take_replaced(table)  # the readers of the table take a fresh iterator
    assert writes.transactions.acquire(blocking=False)
    writes.transactions.release()


def test_conditional_writes_racing_in_process_have_one_winner(moto, table):
    """DynamoDB applies a conditional write as one step; so must the stand-in, however close
    together the requests arrive (in-process they arrive very close)."""
    _, direct, _, _ = moto
    clients = _clients("dynamodb", *[direct] * 4, retries={"max_attempts": 1})
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    try:
        winners = []
        for round_ in range(30):
            start, won = threading.Barrier(len(clients)), []

            def put(client: Any, key: str = f"p#race-{round_}") -> None:
                start.wait()
                try:
                    client.put_item(TableName=table, Item={"pk": {"S": key}, "sk": {"S": "x"}},
                                    ConditionExpression="attribute_not_exists(pk)")
                    won.append(client)
                except ClientError as error:
                    assert error.response["Error"]["Code"] == "ConditionalCheckFailedException"

            threads = [threading.Thread(target=put, args=(client,)) for client in clients]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(10)
            winners.append(len(won))
    finally:
        sys.setswitchinterval(switching)
    assert winners == [1] * 30


def test_s3_objects_round_trip_in_process_as_over_http(moto):
    _, *urls = moto
    clients = _clients("s3", *urls, s3={"addressing_style": "path"})
    here = clients[0]
    here.create_bucket(Bucket=BUCKET)
    key = "menu/fotos/ñandú & co+1 %2F=x.jpg"
    body = bytes(range(256)) * 1000  # 256 kB: read in several chunks
    here.put_object(Bucket=BUCKET, Key=key, Body=body, ContentType="image/jpeg",
                    Metadata={"dish_id": "ceviche", "owner": "kitchen"})
    answers = [client.get_object(Bucket=BUCKET, Key=key) for client in clients]
    assert [b"".join(a["Body"].iter_chunks(chunk_size=10_000)) for a in answers] == [body] * 3
    assert [(a["ContentLength"], a["ContentType"], a["Metadata"], a["ETag"]) for a in answers] == \
        [(len(body), "image/jpeg", {"dish_id": "ceviche", "owner": "kitchen"}, answers[2]["ETag"])] * 3
    listed = [[o["Key"] for o in c.list_objects_v2(Bucket=BUCKET, Prefix="menu/")["Contents"]] for c in clients]
    assert listed == [[key]] * 3
    ranged = [c.get_object(Bucket=BUCKET, Key=key, Range="bytes=10-19") for c in clients]
    assert [(r["Body"].read(), r["ResponseMetadata"]["HTTPStatusCode"]) for r in ranged] == [(body[10:20], 206)] * 3
    clients[1].put_object(Bucket=BUCKET, Key="uploaded over http", Body=io.BytesIO(b"photo"))
    assert here.get_object(Bucket=BUCKET, Key="uploaded over http")["Body"].read() == b"photo"
    here.delete_object(Bucket=BUCKET, Key=key)
    for client in clients:
        with pytest.raises(ClientError) as raised:
            client.head_object(Bucket=BUCKET, Key=key)
        assert raised.value.response["Error"]["Code"] == "404"


def test_the_http_server_keeps_connections_alive(moto):
    _, _, http, _ = moto
    connection = http_client.HTTPConnection(http.removeprefix("http://"), timeout=5)
    try:
        answers = []
        for _ in range(3):
            answers.append(_list_buckets(connection))
            assert connection.sock is not None  # http.client drops a socket the server closes
        assert answers == [(200, None, True)] * 3
    finally:
        connection.close()


def test_other_addresses_still_go_over_http():
    nowhere = f"http://127.0.0.1:{_unused_port()}"
    dynamodb, = _clients("dynamodb", nowhere, retries={"max_attempts": 1})
    with pytest.raises(EndpointConnectionError):
        dynamodb.list_tables()


# -- @connections ---------------------------------------------------------------------------

class _EndpointSession:
    """What the app gives chalice's websocket_api locally: clients forced to one endpoint."""

    region_name = "us-east-1"

    def __init__(self, endpoint: str) -> None:
        self._endpoint = endpoint

    def client(self, service_name: str, **kwargs: Any) -> Any:
        kwargs["endpoint_url"] = self._endpoint
        return boto3.client(service_name, config=Config(retries={"max_attempts": 1}), **CREDENTIALS, **kwargs)


def _sender(endpoint: str) -> WebsocketAPI:
    api = WebsocketAPI(env={"AWS_REGION": "us-east-1"})
    api.session = _EndpointSession(endpoint)
    api.configure("localhost", "local")
    return api


class Gateway:
    """A ManagementApi on its own event loop and aiohttp server, as in the stack."""

    def __init__(self) -> None:
        self.registry = ConnectionRegistry()
        self.api = ManagementApi(self.registry, {"127.0.0.1", "::1"})
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.on_loop(self._serve())

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_routes(self.api.routes())
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def on_loop(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(5)

    def stop(self) -> None:
        assert self._runner is not None
        self.on_loop(self._runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()

    async def connect(self, connection_id: str, ready: bool = True) -> LiveConnection:
        """A connection whose handshake is done (`ready`), or still in its $connect."""
        connection = LiveConnection(connection_id, "203.0.113.9", "pytest")
        self.registry.add(connection)
        if ready:
            await self.registry.attach(connection_id, RecordingSocket())  # type: ignore[arg-type]
        return connection


class RecordingSocket:
    """Plays aiohttp's WebSocketResponse for the registry: what was written, how it closed."""

    def __init__(self) -> None:
        self.sent: list[str | bytes] = []
        self.closed = False
        self.closed_with: tuple[int, bytes] | None = None

    async def send_str(self, data: str) -> None:
        self.sent.append(data)

    async def send_bytes(self, data: bytes) -> None:
        self.sent.append(data)

    async def close(self, *, code: int = 1000, message: bytes = b"") -> bool:
        self.closed, self.closed_with = True, (code, message)
        return True


@pytest.fixture
def gateway() -> Iterator[tuple[Gateway, str, str]]:
    """The gateway, its in-process endpoint (nothing listens there) and its HTTP one."""
    running = Gateway()
    running.start()
    direct = f"http://127.0.0.1:{_unused_port()}/_connections"
    transport.divert(direct, InProcessManagement(running.api, running.loop, direct))
    yield running, direct, f"http://localhost:{running.port}/_connections"
    transport.restore(direct)
    running.stop()


def test_a_post_in_process_reaches_the_socket(gateway):
    running, direct, _ = gateway
    connection = running.on_loop(running.connect("conn-a1="))
    _sender(direct).send("conn-a1=", '{"type":"order.created"}')
    _sender(direct).send("conn-a1=", "ñ✓")
    assert connection.socket.sent == ['{"type":"order.created"}', "ñ✓"]


def test_a_post_or_get_before_the_handshake_is_done_is_gone_as_on_api_gateway(gateway):
    """API Gateway answers 410 to a connection whose $connect has not returned: never buffered."""
    running, direct, http = gateway
    connection = running.on_loop(running.connect("conn-early=", ready=False))
    for endpoint in (direct, http):
        with pytest.raises(WebsocketDisconnectedError):
            _sender(endpoint).send("conn-early=", '{"type":"order.created"}')
        with pytest.raises(WebsocketDisconnectedError):  # chalice's name for GetConnection's 410 too
            _sender(endpoint).info("conn-early=")
    assert running.registry.gone_before_ready == 2
    # Once the handshake is done, the next post reaches the socket, and only it
    socket = RecordingSocket()
    running.on_loop(running.registry.attach("conn-early=", socket))  # type: ignore[arg-type]
    _sender(direct).send("conn-early=", "after")
    assert socket.sent == ["after"] and connection.socket is socket


def test_a_vanished_socket_is_a_websocket_disconnected_error_in_process_as_over_http(gateway):
    running, direct, http = gateway
    running.on_loop(running.connect("conn-gone="))
    running.registry.remove("conn-gone=")  # as LocalStack.vanish: no $disconnect, the socket just went
    for endpoint in (direct, http):
        with pytest.raises(WebsocketDisconnectedError) as raised:
            _sender(endpoint).send("conn-gone=", "hello")
        assert raised.value.connection_id == "conn-gone="


def test_refused_posts_and_oversized_messages_fail_in_process_as_over_http(gateway):
    running, direct, http = gateway
    running.on_loop(running.connect("conn-r="))
    codes = []
    for endpoint in (direct, http):
        running.api.refuse_posts("conn-r=", 1)
        for message in ("refused", "x" * (128 * 1024 + 1)):
            with pytest.raises(ClientError) as raised:
                _sender(endpoint).send("conn-r=", message)
            codes.append((raised.value.response["Error"]["Code"],
                          raised.value.response["ResponseMetadata"]["HTTPStatusCode"]))
        _sender(endpoint).send("conn-r=", "accepted again")
    assert codes == [("ForbiddenException", 403), ("PayloadTooLargeException", 413)] * 2


def test_info_and_close_in_process_as_over_http(gateway):
    running, direct, http = gateway
    connection = running.on_loop(running.connect("conn-i="))
    infos = [_sender(endpoint).info("conn-i=") for endpoint in (direct, http)]
    assert [i["Identity"] for i in infos] == [{"SourceIp": "203.0.113.9", "UserAgent": "pytest"}] * 2
    assert infos[0]["ConnectedAt"] == infos[1]["ConnectedAt"]
    _sender(direct).close("conn-i=")
    assert connection.socket.closed_with == (1000, b"closed by the server")


def test_a_call_from_the_event_loop_itself_fails_instead_of_hanging(gateway):
    running, direct, _ = gateway
    running.on_loop(running.connect("conn-loop="))

    async def send_from_the_loop() -> None:
        _sender(direct).send("conn-loop=", "deadlock?")

    with pytest.raises(RuntimeError, match="event loop"):
        running.on_loop(send_from_the_loop())


def test_when_the_loop_is_gone_the_endpoint_is_unreachable():
    running = Gateway()
    running.start()
    direct = f"http://127.0.0.1:{_unused_port()}/_connections"
    transport.divert(direct, InProcessManagement(running.api, running.loop, direct))
    try:
        running.stop()
        with pytest.raises(EndpointConnectionError):
            _sender(direct).send("conn-x=", "hello")
    finally:
        transport.restore(direct)
