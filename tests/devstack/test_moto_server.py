"""The stack's moto (`devstack.motoserver`): moto's own server, reached over HTTP like any moto
server, with one middleware of ours for what moto gets wrong under a threaded server. Each
test here states a DynamoDB guarantee the app relies on, checked through the public API; the
last one checks that moto as shipped still breaks it (when it no longer does, the middleware
can go: docs/decisions.md, "moto as shipped")."""
from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto.server import ThreadedMotoServer

from devstack.motoserver import MotoServer, WriteSignal

TABLE = "devstack-moto-test"
CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local", "region_name": "us-east-1"}


@contextmanager
def _account_endpoints_disabled() -> Iterator[None]:
    saved = os.environ.get("AWS_ACCOUNT_ID_ENDPOINT_MODE")
    os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = "disabled"
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("AWS_ACCOUNT_ID_ENDPOINT_MODE", None)
        else:
            os.environ["AWS_ACCOUNT_ID_ENDPOINT_MODE"] = saved


def _clients(url: str, how_many: int) -> list[Any]:
    """Clients that do not retry: a 500 or a second winner shows instead of being retried away."""
    config = Config(retries={"max_attempts": 1})
    return [boto3.client("dynamodb", endpoint_url=url, config=config, **CREDENTIALS) for _ in range(how_many)]


def _create_table(client: Any, table: str = TABLE) -> None:
    client.create_table(
        TableName=table, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})


@pytest.fixture(scope="module")
def stack_moto() -> Iterator[str]:
    with _account_endpoints_disabled():
        server = MotoServer(WriteSignal())
        server.start()
        _create_table(_clients(server.url, 1)[0])
        yield server.url
        server.stop()


@contextmanager
def _threads_switching_often() -> Iterator[None]:
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads take turns as often as they can
    try:
        yield
    finally:
        sys.setswitchinterval(switching)


def _conditional_put_race(clients: list[Any], key: str, table: str = TABLE) -> int:
    """The number of clients whose `attribute_not_exists` put of the same new item succeeded."""
    start, won = threading.Barrier(len(clients)), []

    def put(client: Any) -> None:
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
    return len(won)


def test_conditional_writes_racing_have_one_winner(stack_moto):
    """DynamoDB applies a conditional write as one step: two idempotency records or two
    orders over the spending cap must never both pass their condition."""
    clients = _clients(stack_moto, 6)
    with _threads_switching_often():
        winners = [_conditional_put_race(clients, f"race-{round_}") for round_ in range(30)]
    assert winners == [1] * 30


def _hammer(clients: list[Any], seconds: float, *actions: Callable[[Any, int], None]) -> list[str]:
    """Runs each action in a loop on its own client for `seconds`; returns the errors seen."""
    stop, errors = time.monotonic() + seconds, []

    def loop(client: Any, action: Callable[[Any, int], None]) -> None:
        count = 0
        while time.monotonic() < stop:
            count += 1
            try:
                action(client, count)
            except ClientError as error:
                errors.append(f"{error.response['Error']['Code']}: {error}")

    threads = [threading.Thread(target=loop, args=(clients[i], action)) for i, action in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 30)
    return errors


def test_reads_racing_writes_of_the_same_items_never_fail(stack_moto):
    """bench/push_latency.py logged `RuntimeError: dictionary changed size during iteration`
    (a 500) from a read while a write to the same item was applied: a read sees the item
    before or after a write, never an error."""
    clients = _clients(stack_moto, 6)
    key = {"pk": {"S": "hot"}, "sk": {"S": "a"}}
    clients[0].put_item(TableName=TABLE, Item={**key, "m": {"M": {}}, "l": {"L": []}})

    def grow_the_item(client: Any, count: int) -> None:
        client.update_item(TableName=TABLE, Key=key, UpdateExpression="SET m.#k = :v, l = list_append(l, :l)",
                           ExpressionAttributeNames={"#k": f"k{threading.get_ident()}-{count}"},
                           ExpressionAttributeValues={":v": {"M": {"n": {"N": str(count)}}}, ":l": {"L": [{"S": "x"}]}})

    def grow_the_partition(client: Any, count: int) -> None:
        client.put_item(TableName=TABLE, Item={"pk": {"S": "hot"}, "sk": {"S": f"{threading.get_ident()}-{count}"}})

    def read_the_item(client: Any, count: int) -> None:
        client.get_item(TableName=TABLE, Key=key)

    def read_the_partition(client: Any, count: int) -> None:
        client.query(TableName=TABLE, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "hot"}})
        client.batch_get_item(RequestItems={TABLE: {"Keys": [key]}})

    with _threads_switching_often():
        errors = _hammer(clients, 3.0, grow_the_item, grow_the_partition, grow_the_item,
                         read_the_item, read_the_partition, read_the_item)
    assert errors == []


def test_moto_as_shipped_still_lets_two_conditional_writes_both_pass():
    """Why `OneDynamoDBCallAtATime` exists. If this fails, moto's threaded server now applies
    a conditional write as one step: drop the middleware's lock (and this test)."""
    with _account_endpoints_disabled():
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        try:
            host, port = server.get_host_and_port()
            clients = _clients(f"http://{host}:{port}", 6)
            _create_table(clients[0], "devstack-moto-as-shipped")  # moto's backends are one per process
            with _threads_switching_often():
                for round_ in range(200):
                    if _conditional_put_race(clients, f"shipped-{round_}", "devstack-moto-as-shipped") > 1:
                        return
        finally:
            server.stop()
    pytest.fail("200 rounds of six racing conditional puts on moto as shipped, one winner each")
