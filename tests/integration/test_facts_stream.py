"""The reports' facts on moto (issue 19, docs/reports.md): service over the real API, the tables'
real streams, the facts' handler (app.py `stream_facts`) writing to S3 under the documented keys,
and exactly once: a redelivered batch, or a record delivered in two batches, counts once when
read as every query reads (`SELECT DISTINCT`, here in DuckDB over the objects written)."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import boto3
import pytest

from chalicelib.config import settings
from chalicelib.realtime import facts_stream
from chalicelib.realtime.facts_stream import handle_fact_batch
from chalicelib.store.facts import S3FactSink
from chalicelib.store.models import STREAM_MODELS

CHAIN, DOWNTOWN = "ch_comanda-demo", "br_downtown-lima"


class Streams:
    """Reads every stream-model table's moto stream from "now" on, shaped as Lambda delivers it."""

    def __init__(self) -> None:
        self._client = boto3.client("dynamodbstreams", region_name="us-east-1")
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        self._iterators: dict[str, str] = {}
        for model in STREAM_MODELS:
            arn = ddb.describe_table(TableName=model.Meta.table_name)["Table"]["LatestStreamArn"]
            shard = self._client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
            self._iterators[arn] = self._client.get_shard_iterator(
                StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]

    def drain(self) -> list[dict]:
        records = []
        for arn, iterator in self._iterators.items():
            answer = self._client.get_records(ShardIterator=iterator)
            self._iterators[arn] = answer["NextShardIterator"]
            for record in answer["Records"]:
                change = dict(record["dynamodb"])
                if isinstance(change.get("ApproximateCreationDateTime"), datetime):
                    change["ApproximateCreationDateTime"] = change["ApproximateCreationDateTime"].timestamp()
                records.append({**record, "dynamodb": change, "eventSourceARN": arn, "eventSource": "aws:dynamodb"})
        return records


@pytest.fixture
def facts_bucket(world):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket=settings.facts_bucket)
    facts_stream.reset()
    yield s3
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=settings.facts_bucket):
        for item in page.get("Contents", []):
            s3.delete_object(Bucket=settings.facts_bucket, Key=item["Key"])
    s3.delete_bucket(Bucket=settings.facts_bucket)
    facts_stream.reset()


@pytest.fixture
def streams(api, facts_bucket):
    return Streams()


def keys(s3) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=settings.facts_bucket, Prefix="facts/")
    return sorted(item["Key"] for page in pages for item in page.get("Contents", []))


def a_served_and_closed_table(api) -> dict:
    """T12: Ana orders two Lomo Saltado and a Chicha, asks for the bill (acknowledged), the dishes
    are served, the table closes paying by card."""
    diner = api.seated_diner(code="T12")
    order = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 2},
                                                   {"menuItemId": "chicha-morada", "quantity": 1}]},
                     token=diner["token"]).body
    for line in order["items"]:
        for status in ("ready", "served"):
            reply = api.post(f"/staff/orders/{order['id']}/items/{line['id']}/status", {"status": status},
                             token=diner["staff"])
            assert reply.status == 200, reply.body
    bill = api.post("/session/bill-requests", token=diner["token"]).body
    assert api.post(f"/staff/requests/{bill['id']}/ack", token=diner["staff"]).status == 200
    total = 2 * 4800 + 900
    closed = api.post(f"/staff/sessions/{diner['session_id']}/close",
                      {"payments": [{"method": "card", "amount": total}]}, token=diner["staff"])
    assert closed.status == 200, closed.body
    return {"session_id": diner["session_id"], "order_id": order["id"], "bill_id": bill["id"], "total": total}


def distinct_counts(s3, tmp_path: Path) -> dict[str, int]:
    """Every object written, downloaded as is, counted per kind as the reports' SQL reads them."""
    import duckdb

    for key in keys(s3):
        path = tmp_path / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(s3.get_object(Bucket=settings.facts_bucket, Key=key)["Body"].read())
    counts = {}
    with duckdb.connect() as db:
        for kind_dir in sorted((tmp_path / "facts").iterdir()):
            pattern = str(kind_dir / "**" / "*.json")
            counts[kind_dir.name] = db.execute(
                f"SELECT count(*) FROM (SELECT DISTINCT * FROM read_json_auto('{pattern}', "
                "format='newline_delimited', hive_partitioning=true))").fetchone()[0]
    return counts


def test_a_served_and_closed_table_is_written_under_its_branch_and_local_day(api, streams, facts_bucket):
    made = a_served_and_closed_table(api)
    records = streams.drain()

    answer = handle_fact_batch({"Records": records}, None)

    assert answer == {"batchItemFailures": []}
    name = facts_stream.batch_name(records)
    day = datetime.now(ZoneInfo("America/Lima")).date().isoformat()
    where = f"chain={CHAIN}/branch={DOWNTOWN}/date={day}/{name}.json"
    assert keys(facts_bucket) == sorted(f"facts/{kind}/{where}"
                                        for kind in ("order_lines", "requests", "sessions", "visits"))
    body = facts_bucket.get_object(Bucket=settings.facts_bucket, Key=f"facts/order_lines/{where}")["Body"].read()
    lines = [json.loads(line) for line in body.decode().splitlines()]
    assert sorted((row["item_id"], row["quantity"], row["revenue"], row["status"]) for row in lines) == [
        ("chicha-morada", 1, 900, "served"), ("lomo-saltado", 2, 9600, "served")]
    assert all(row["served_ts"] >= row["ready_ts"] >= row["ordered_ts"] for row in lines), "the store kept the times"
    [session] = [json.loads(line) for line in facts_bucket.get_object(
        Bucket=settings.facts_bucket, Key=f"facts/sessions/{where}")["Body"].read().decode().splitlines()]
    assert (session["session_id"], session["bill_total"], session["paid_total"], session["guests"]) == \
        (made["session_id"], made["total"], made["total"], 1)
    assert session["waiter_id"] == "st_manager_at_downtown_demo_comanda"


def test_a_redelivered_batch_and_a_record_in_two_batches_count_once(api, streams, facts_bucket, tmp_path):
    a_served_and_closed_table(api)
    records = streams.drain()
    handle_fact_batch({"Records": records}, None)
    first = keys(facts_bucket)
    once = distinct_counts(facts_bucket, tmp_path / "once")
    assert once == {"order_lines": 2, "requests": 1, "sessions": 1, "visits": 1}

    # The same batch again (Lambda retried it): the same objects, overwritten
    handle_fact_batch({"Records": records}, None)
    assert keys(facts_bucket) == first

    # The records again, cut into two different batches that share a record (a retry from the
    # middle): new objects, the same facts
    middle = len(records) // 2
    handle_fact_batch({"Records": records[: middle + 1]}, None)
    handle_fact_batch({"Records": records[middle:]}, None)
    assert len(keys(facts_bucket)) > len(first)
    assert distinct_counts(facts_bucket, tmp_path / "again") == once


def test_an_86_and_a_loyalty_sign_up_are_written_and_a_guest_is_not(api, streams, facts_bucket):
    manager = api.login()
    assert api.post(f"/staff/branches/{DOWNTOWN}/menu/items/lomo-saltado/availability", {"available": False},
                    token=manager).status == 200
    api.loyalty_sign_up()
    api.register(code="T20", name="Guest")

    assert handle_fact_batch({"Records": streams.drain()}, None) == {"batchItemFailures": []}

    found = keys(facts_bucket)
    assert [k.split("/")[1] for k in found] == ["availability", "members"]
    assert f"/chain={CHAIN}/branch={DOWNTOWN}/" in found[0]
    assert f"/chain={CHAIN}/branch=/" in found[1], "members: the customers table says no branch"
    member = facts_bucket.get_object(Bucket=settings.facts_bucket, Key=found[1])["Body"].read().decode()
    assert "Lucia" not in member and "987654321" not in member, "no personal data in the lake"


def test_a_write_that_fails_is_reported_for_the_stream_to_retry(api, streams, facts_bucket):
    a_served_and_closed_table(api)
    records = streams.drain()

    answer = handle_fact_batch({"Records": records}, None, sink=S3FactSink("no-such-bucket"))

    failed = [item["itemIdentifier"] for item in answer["batchItemFailures"]]
    assert failed, "not swallowed"
    assert set(failed) <= {r["dynamodb"]["SequenceNumber"] for r in records}
    assert keys(facts_bucket) == []


def test_an_unreadable_record_is_reported_and_the_others_still_written(api, streams, facts_bucket):
    a_served_and_closed_table(api)
    records = streams.drain()
    broken = {**records[0], "dynamodb": {**records[0]["dynamodb"], "NewImage": {"status": {"N": "not a number"}}}}

    answer = handle_fact_batch({"Records": [broken, *records[1:]]}, None)

    assert answer == {"batchItemFailures": [{"itemIdentifier": broken["dynamodb"]["SequenceNumber"]}]}
    assert keys(facts_bucket), "the rest of the batch went out"
