"""The stream poller against a real moto server: Lambda-shaped records, partial batch
failures retried from the first failed record, giving up after max attempts, pause/resume.
No app involved: the handler is a fake that records what it is given."""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from devstack.motoserver import MotoServer, WriteSignal
from devstack.poller import StreamPoller, stream_sources

TABLE = "devstack-poller-test"


class FakeTableModel:
    class Meta:
        table_name = TABLE


@pytest.fixture(scope="module")
def moto() -> Iterator[WriteSignal]:
    writes = WriteSignal()
    server = MotoServer(writes)
    server.start()
    saved = {name: os.environ.get(name) for name in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
                                                     "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")}
    os.environ.update({"AWS_ENDPOINT_URL": server.url, "AWS_ACCESS_KEY_ID": "local",
                       "AWS_SECRET_ACCESS_KEY": "local", "AWS_DEFAULT_REGION": "us-east-1"})
    boto3.client("dynamodb").create_table(
        TableName=TABLE, BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
    )
    yield writes
    server.stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


class Recorder:
    """A stream handler: records each batch's keys; `fail(key)` decides a record's fate."""

    def __init__(self, fail: Callable[[str, int], bool] = lambda key, seen: False) -> None:
        self.batches: list[list[str]] = []
        self.records: list[dict[str, Any]] = []
        self._fail = fail
        self._seen: dict[str, int] = {}
        self._lock = threading.Lock()

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        with self._lock:
            keys = [r["dynamodb"]["Keys"]["pk"]["S"] for r in event["Records"]]
            self.batches.append(keys)
            self.records.extend(event["Records"])
            failures = []
            for record, key in zip(event["Records"], keys, strict=True):
                self._seen[key] = self._seen.get(key, 0) + 1
                if self._fail(key, self._seen[key]):
                    failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
            return {"batchItemFailures": failures}

    def delivered(self) -> list[str]:
        with self._lock:
            return [key for batch in self.batches for key in batch]

    def wait_for(self, key: str, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while key not in self.delivered():
            assert time.monotonic() < deadline, f"{key} not delivered; got {self.batches}"
            time.sleep(0.01)


def _put(*keys: str) -> None:
    client = boto3.client("dynamodb")
    for key in keys:
        client.put_item(TableName=TABLE, Item={"pk": {"S": key}, "n": {"N": "1"}, "b": {"B": b"\x00\x01"}})


def _fail_a_transaction(key: str) -> None:
    """A TransactWriteItems that puts `key` and fails its other item's condition: moto undoes it."""
    with pytest.raises(Exception, match="TransactionCanceled"):
        boto3.client("dynamodb").transact_write_items(TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": key}}}},
            {"ConditionCheck": {"TableName": TABLE, "Key": {"pk": {"S": "missing"}},
                                "ConditionExpression": "attribute_exists(pk)"}},
        ])


@pytest.fixture
def poll(moto: WriteSignal) -> Iterator[Callable[[Recorder], StreamPoller]]:
    started: list[StreamPoller] = []

    def start(handler: Recorder) -> StreamPoller:
        poller = StreamPoller(handler, stream_sources((FakeTableModel,)), moto, backoff_s=0.01, max_attempts=3)
        poller.start()
        started.append(poller)
        return poller

    yield start
    for poller in started:
        poller.stop()


def test_records_arrive_as_lambda_delivers_them_woken_by_the_write_not_by_the_idle_poll(moto):
    # the idle poll is a minute away: a record delivered within seconds was woken by its write
    # (a bound on the mechanism, not a timing: these machines are shared)
    handler = Recorder()
    poller = StreamPoller(handler, stream_sources((FakeTableModel,)), moto, idle_poll_s=60.0)
    poller.start()
    try:
        _put("a1")
        handler.wait_for("a1", timeout=10.0)
    finally:
        poller.stop()
    record = handler.records[0]
    assert record["eventSource"] == "aws:dynamodb" and record["eventVersion"] == "1.1"
    assert record["eventSourceARN"].split(":table/")[1].startswith(TABLE + "/stream/")
    assert record["awsRegion"] == "us-east-1" and record["eventName"] == "INSERT"
    change = record["dynamodb"]
    assert isinstance(change["ApproximateCreationDateTime"], int)
    assert change["NewImage"]["b"] == {"B": "AAE="}  # base64, as in Lambda's JSON
    assert {"Keys", "SequenceNumber", "SizeBytes", "StreamViewType"} <= set(change)


def test_a_partial_failure_redelivers_from_the_first_failed_record(poll):
    handler = Recorder(fail=lambda key, seen: key == "b2" and seen == 1)
    poller = poll(handler)
    poller.pause()
    _put("b1", "b2", "b3")
    poller.resume()
    handler.wait_for("b3")
    deadline = time.monotonic() + 5
    while handler.delivered().count("b3") < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert handler.batches == [["b1", "b2", "b3"], ["b2", "b3"]]


def test_a_record_that_keeps_failing_is_given_up_and_the_rest_delivered(poll):
    handler = Recorder(fail=lambda key, seen: key == "c1")
    poll(handler)
    _put("c1")
    _put("c2")
    deadline = time.monotonic() + 5
    while handler.batches[-1:] != [["c2"]] and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.1)
    assert handler.delivered().count("c1") == 3  # max_attempts, then c2 alone
    assert handler.batches[-1] == ["c2"]


def test_a_handler_that_raises_gets_the_whole_batch_again(poll):
    calls: list[int] = []

    def flaky(event: dict[str, Any], context: Any) -> None:
        calls.append(len(event["Records"]))
        if len(calls) == 1:
            raise RuntimeError("boom")

    poll(flaky)  # type: ignore[arg-type]
    _put("d1")
    deadline = time.monotonic() + 5
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert calls == [1, 1]


def test_nothing_is_delivered_while_paused_and_everything_after(poll):
    handler = Recorder()
    poller = poll(handler)
    poller.pause()
    _put("e1", "e2")
    time.sleep(0.3)
    assert handler.delivered() == []
    poller.resume()
    handler.wait_for("e2")
    assert handler.delivered() == ["e1", "e2"]


def test_a_failed_transaction_neither_delivers_its_writes_nor_deafens_the_stream(poll):
    handler = Recorder()
    poll(handler)
    _fail_a_transaction("f1")
    _put("f2")
    handler.wait_for("f2")
    assert "f1" not in handler.delivered()


def _stream_keys() -> list[str]:
    """The key of every record in the table's stream, read from the start (public API)."""
    streams = boto3.client("dynamodbstreams")
    arn = boto3.client("dynamodb").describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][-1]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    keys: list[str] = []
    while True:
        answer = streams.get_records(ShardIterator=iterator, Limit=1000)
        keys += [r["dynamodb"]["Keys"]["pk"]["S"] for r in answer["Records"]]
        if not answer["Records"]:
            return keys
        iterator = answer["NextShardIterator"]


def test_a_failed_transaction_leaves_every_item_as_it_was_and_no_stream_record(moto):
    client = boto3.client("dynamodb")
    client.put_item(TableName=TABLE, Item={"pk": {"S": "kept"}, "n": {"N": "1"}})
    records_before = _stream_keys()
    with pytest.raises(Exception, match="TransactionCanceled"):
        client.transact_write_items(TransactItems=[
            {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "new-in-failed"}}}},
            {"Update": {"TableName": TABLE, "Key": {"pk": {"S": "kept"}}, "UpdateExpression": "SET n = :two",
                        "ExpressionAttributeValues": {":two": {"N": "2"}}}},
            {"Delete": {"TableName": TABLE, "Key": {"pk": {"S": "also-missing"}}}},
            {"ConditionCheck": {"TableName": TABLE, "Key": {"pk": {"S": "missing"}},
                                "ConditionExpression": "attribute_exists(pk)"}},
        ])
    assert "Item" not in client.get_item(TableName=TABLE, Key={"pk": {"S": "new-in-failed"}})
    assert client.get_item(TableName=TABLE, Key={"pk": {"S": "kept"}})["Item"]["n"] == {"N": "1"}
    assert _stream_keys() == records_before
    # and a transaction that succeeds writes everything, with its stream records
    client.transact_write_items(TransactItems=[
        {"Put": {"TableName": TABLE, "Item": {"pk": {"S": "new-in-ok"}}}},
        {"Update": {"TableName": TABLE, "Key": {"pk": {"S": "kept"}}, "UpdateExpression": "SET n = :two",
                    "ExpressionAttributeValues": {":two": {"N": "2"}}}},
    ])
    assert client.get_item(TableName=TABLE, Key={"pk": {"S": "kept"}})["Item"]["n"] == {"N": "2"}
    assert _stream_keys() == [*records_before, "new-in-ok", "kept"]


def test_a_reader_whose_iterator_predates_a_failed_transaction_hears_later_writes(poll):
    """moto undoes a failed transaction by putting back a copy of the table, stream shard
    included: an iterator taken before it reads the discarded shard (the rolled-back record,
    then nothing, ever). The poller notices the rollback and reads on from the shard kept."""
    handler = Recorder()
    poll(handler)
    _put("g1")
    handler.wait_for("g1")
    for _ in range(3):
        _fail_a_transaction("g-rolled-back")
        _put("g2")
    handler.wait_for("g2")
    time.sleep(0.2)
    assert "g-rolled-back" not in handler.delivered()
    assert handler.delivered().count("g2") == 3


def test_a_reader_that_finds_its_shard_replaced_reads_on_at_once_not_at_the_next_idle_poll(moto):
    """A reader that learns of a rollback renews its iterator and must read again at once: the
    records written meanwhile are already there, and no further write may come to wake it (a
    kitchen screen would wait for the idle poll, 5 s by default, for an order already placed)."""
    handler = Recorder()
    poller = StreamPoller(handler, stream_sources((FakeTableModel,)), moto, idle_poll_s=60.0)
    poller.start()
    try:
        _put("h1")
        handler.wait_for("h1")
        # Given the reader holds an iterator from before a failed transaction and a later write
        poller.pause()
        _fail_a_transaction("h-rolled-back")
        _put("h2")
        # When it reads again, with nothing more written
        poller.resume()
        # Then the write is delivered long before the idle poll
        handler.wait_for("h2", timeout=5.0)
        assert "h-rolled-back" not in handler.delivered()
    finally:
        poller.stop()


def test_items_read_back_exactly_as_written_whether_or_not_they_hold_binary(moto):
    """The stack's moto writes plain-JSON DynamoDB results straight out, and anything else
    (binary attributes) through moto's own serializer: both must give back what was stored."""
    client = boto3.client("dynamodb")
    plain = {"pk": {"S": "plain"}, "n": {"N": "12.5"}, "m": {"M": {"a": {"L": [{"S": "x"}, {"BOOL": True}]}}},
             "ss": {"SS": ["a", "b"]}, "nul": {"NULL": True}}
    binary = {"pk": {"S": "binary"}, "b": {"B": b"\x00\xff"}, "n": {"N": "1"}}
    for item in (plain, binary):
        client.put_item(TableName=TABLE, Item=item)
    assert client.get_item(TableName=TABLE, Key={"pk": {"S": "plain"}})["Item"] == plain
    assert client.get_item(TableName=TABLE, Key={"pk": {"S": "binary"}})["Item"] == binary
    batch = client.batch_get_item(RequestItems={TABLE: {"Keys": [{"pk": {"S": "plain"}}, {"pk": {"S": "binary"}}]}})
    assert sorted(batch["Responses"][TABLE], key=lambda i: i["pk"]["S"]) == [binary, plain]
