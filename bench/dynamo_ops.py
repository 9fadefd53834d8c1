"""The DynamoDB requests of one diner's whole journey and of each staff action, by operation,
with read/write units estimated from the items' sizes, and what 1,000 orders cost on AWS.

    python bench/dynamo_ops.py [--queue 0]

Runs the real app (Chalice's test client) on an in-process moto with the demo chain, and the
real stream handler on what each step wrote (as the DynamoDB-stream Lambda would), with a
diner's socket, the POS's and the kitchen's open. Every request the app's botocore sessions
send to DynamoDB is counted through botocore's event hooks (PynamoDB's, boto3's and
Powertools' alike). Exits 1 if any request is a Scan. `--queue N` has staff place N orders of
two dishes at another table first (not counted), so the diner orders behind a busy kitchen.

Units, as DynamoDB on-demand bills them: a read is 0.5 RRU per 4 KB (eventually consistent),
1 RRU strongly consistent, 2 RRU transactional; a write is 1 WRU per 1 KB (2 in a transaction),
the larger of the item before and after. A global secondary index costs what DynamoDB's Developer
Guide ("Provisioned throughput considerations for global secondary indexes") says, from each
index's projection as describe_table gives it: an item in the index neither before nor after, or
whose indexed keys and projected attributes did not change, writes nothing to it; one put into or
deleted from it writes its entry once; a changed index key writes twice (delete + put); a changed
projected attribute writes once. An entry's size is its projected attributes (keys included); a
transaction's index writes are counted double too (we found no word that they are billed
standard). Item sizes follow DynamoDB's rules (names + values).
"""
from __future__ import annotations

import math
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.update({
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "COMANDA_STAGE": "local", "COMANDA_TABLE_PREFIX": "comanda-bench-",
    "COMANDA_BUCKET": "comanda-bench-site", "COMANDA_JWT_SECRET": "bench-signing-key-that-is-long-enough-for-hs256",
    "POWERTOOLS_LOG_LEVEL": "WARNING", "POWERTOOLS_METRICS_DISABLED": "true",
})
for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
    os.environ.pop(variable, None)

# Public on-demand prices, us-east-1 (USD), as published on the AWS pricing pages (DynamoDB's
# after its November 2024 reduction). Check them before you rely on the totals.
PRICES = {
    "dynamodb_write_per_million": 0.625,   # write request units
    "dynamodb_read_per_million": 0.125,    # read request units
    "lambda_request_per_million": 0.20,
    "lambda_gb_second": 0.0000166667,      # x86
    "rest_api_per_million": 3.50,          # API Gateway REST API, first 333 M
    "websocket_message_per_million": 1.00,  # API Gateway WebSocket, per 32 KB message unit
    "websocket_connection_minute_per_million": 0.25,
    "cloudfront_https_per_10k": 0.0100,    # requests to /api and /ws through the one origin
    "s3_put_per_thousand": 0.005,          # S3 Standard PUT requests (the reports' facts, issue 19)
}
# Assumptions for what this run cannot measure (say so when quoting the totals).
LAMBDA_MEMORY_MB = 128         # Chalice's default lambda_memory_size
REST_LAMBDA_MS = 60             # a warm request's billed duration
STREAM_LAMBDA_MS = 120          # one stream batch (queries + posts)
WS_LAMBDA_MS = 40               # $connect / $disconnect / ping
FACTS_LAMBDA_MS = 80            # one batch of the facts consumer (stream_facts: turn records into facts, PUT them)
SESSION_MINUTES = 60            # how long a diner's socket stays open
STAFF_SCREENS = 2               # POS + kitchen sockets, open all day: not per order
ORDERS_PER_DAY = 200            # a branch's orders in a day of service: what a day's actions are shared by
MENU_MISSES_PER_DAY = 48        # the versioned menu URL's CloudFront misses a day: 2 languages x (12 h of
                                # service at its 1 h cap, + ~12 new revisions: 86s, pauses, edits)


# -- item sizes and units ---------------------------------------------------------------------

def value_size(value: dict[str, Any]) -> int:
    (kind, inner), = value.items()
    if kind == "S":
        return len(inner.encode())
    if kind == "N":
        digits = inner.lstrip("-").replace(".", "").lstrip("0") or "0"
        return 1 + math.ceil(len(digits) / 2)
    if kind == "B":
        return len(inner) if isinstance(inner, (bytes, bytearray)) else len(str(inner))
    if kind in ("BOOL", "NULL"):
        return 1
    if kind == "L":
        return 3 + sum(1 + value_size(v) for v in inner)
    if kind == "M":
        return 3 + sum(1 + len(k.encode()) + value_size(v) for k, v in inner.items())
    if kind in ("SS", "NS", "BS"):
        return sum(value_size({kind[0]: v}) for v in inner)
    return 0


def item_size(item: dict[str, Any] | None) -> int:
    return sum(len(name.encode()) + value_size(value) for name, value in (item or {}).items())


def read_units(size: int, consistent: bool = False, transactional: bool = False) -> float:
    blocks = max(1, math.ceil(size / 4096))
    return blocks * (2.0 if transactional else 1.0 if consistent else 0.5)


def write_units(size: int, transactional: bool = False) -> float:
    return max(1, math.ceil(size / 1024)) * (2.0 if transactional else 1.0)


@dataclass(frozen=True)
class IndexShape:
    """A global secondary index as describe_table gives it: its keys, and what it projects
    (`projected` None for ALL; else the non-key attributes of INCLUDE, empty for KEYS_ONLY)."""

    keys: tuple[str, ...]
    projected: frozenset[str] | None

    @classmethod
    def described(cls, index: dict[str, Any]) -> IndexShape:
        projection = index.get("Projection", {})
        keys = tuple(key["AttributeName"] for key in index["KeySchema"])
        if projection.get("ProjectionType", "ALL") == "ALL":
            return cls(keys, None)
        return cls(keys, frozenset(projection.get("NonKeyAttributes", [])))

    def entry(self, item: dict[str, Any] | None, table_keys: tuple[str, ...]) -> dict[str, Any] | None:
        """The item's copy in the index (None when it is not in it)."""
        if not item or not all(key in item for key in self.keys):
            return None
        if self.projected is None:
            return item
        kept = set(self.keys) | set(table_keys) | self.projected
        return {name: value for name, value in item.items() if name in kept}

    def write_units(self, old: dict[str, Any] | None, new: dict[str, Any] | None, table_keys: tuple[str, ...],
                    transactional: bool = False) -> float:
        """What a write that turned `old` into `new` costs in this index."""
        before, after = self.entry(old, table_keys), self.entry(new, table_keys)
        if before is None and after is None:
            return 0.0
        if before is None or after is None:  # put into the index, or deleted from it
            return write_units(item_size(before or after), transactional)
        if any(before[key] != after[key] for key in self.keys):  # moved: delete + put
            return write_units(item_size(before), transactional) + write_units(item_size(after), transactional)
        if before != after:  # a projected attribute changed
            return write_units(max(item_size(before), item_size(after)), transactional)
        return 0.0


@dataclass
class Tally:
    operations: Counter = field(default_factory=Counter)
    read_units: float = 0.0
    write_units: float = 0.0
    stream_records: int = 0
    stream_batches: int = 0
    fact_batches: int = 0  # invocations of the facts consumer (batches with a record its filters let through)
    fact_objects: int = 0  # S3 PUTs of the facts consumer (one object per kind and partition per batch)
    pushes: int = 0
    push_units: int = 0  # 32 KB message units
    rest_requests: int = 0
    ws_invocations: int = 0
    cdn_hits: int = 0  # requests CloudFront answers from its cache (the versioned menu URL)

    def add(self, other: Tally, times: int = 1) -> None:
        for _ in range(times):
            self.operations.update(other.operations)
        for name in ("read_units", "write_units", "stream_records", "stream_batches", "fact_batches", "fact_objects",
                     "pushes", "push_units",
                     "rest_requests", "ws_invocations", "cdn_hits"):
            setattr(self, name, getattr(self, name) + times * getattr(other, name))


class Meter:
    """botocore hooks on every DynamoDB request: counts it and estimates its units. Items
    written are read back (uncounted) through a side client to size them."""

    def __init__(self) -> None:
        self.tally = Tally()
        self._local = threading.local()
        self._before_sizes: dict[int, list[tuple[str, int, dict | None]]] = {}
        self._indexes: dict[str, list[IndexShape]] = {}
        self._table_keys: dict[str, tuple[str, ...]] = {}
        self._side = None

    # the side client: uncounted reads of items and table shapes
    def _quiet(self, call: Callable[[], Any]) -> Any:
        self._local.quiet = True
        try:
            return call()
        finally:
            self._local.quiet = False

    def _client(self):
        if self._side is None:
            import boto3

            self._side = boto3.client("dynamodb", region_name="us-east-1")
        return self._side

    def _shape(self, table: str) -> tuple[tuple[str, ...], list[IndexShape]]:
        """The table's key attributes and its global secondary indexes."""
        if table not in self._indexes:
            described = self._quiet(lambda: self._client().describe_table(TableName=table))["Table"]
            self._table_keys[table] = tuple(key["AttributeName"] for key in described["KeySchema"])
            self._indexes[table] = [IndexShape.described(index) for index in described.get("GlobalSecondaryIndexes", [])]
        return self._table_keys[table], self._indexes[table]

    def _current(self, table: str, key: dict) -> dict | None:
        return self._quiet(lambda: self._client().get_item(TableName=table, Key=key, ConsistentRead=True)).get("Item")

    def _key_of(self, table: str, item: dict) -> dict:
        described = self._quiet(lambda: self._client().describe_table(TableName=table))["Table"]
        return {key["AttributeName"]: item[key["AttributeName"]] for key in described["KeySchema"]}

    def _written(self, params: dict, name: str) -> list[tuple[str, dict, dict | None, bool]]:
        """(table, key, item put if known, transactional) of each item a write touches."""
        if name == "PutItem":
            return [(params["TableName"], self._key_of(params["TableName"], params["Item"]), params["Item"], False)]
        if name in ("UpdateItem", "DeleteItem"):
            return [(params["TableName"], params["Key"], None, False)]
        if name == "TransactWriteItems":
            out = []
            for entry in params["TransactItems"]:
                (kind, body), = entry.items()
                if kind == "Put":
                    out.append((body["TableName"], self._key_of(body["TableName"], body["Item"]), body["Item"], True))
                else:
                    out.append((body["TableName"], body["Key"], None, True))
            return out
        if name == "BatchWriteItem":
            out = []
            for table, requests in params["RequestItems"].items():
                for request in requests:
                    if "PutRequest" in request:
                        item = request["PutRequest"]["Item"]
                        out.append((table, self._key_of(table, item), item, False))
                    else:
                        out.append((table, request["DeleteRequest"]["Key"], None, False))
            return out
        return []

    def before(self, model=None, params=None, **_: Any) -> None:
        if model is None or getattr(self._local, "quiet", False):
            return
        self.tally.operations[model.name] += 1
        written = self._written(params or {}, model.name)
        if written:
            self._before_sizes[id(params)] = [(t, 0, self._current(t, k)) for t, k, _, _ in written]
            self._local.pending = (id(params), written)

    def after(self, model=None, parsed=None, http_response=None, **_: Any) -> None:
        if model is None or getattr(self._local, "quiet", False) or parsed is None:
            return
        name = model.name
        if name == "GetItem":
            self.tally.read_units += read_units(item_size(parsed.get("Item")))
        elif name == "Query":
            self.tally.read_units += read_units(sum(item_size(i) for i in parsed.get("Items", [])))
        elif name == "BatchGetItem":
            for items in parsed.get("Responses", {}).values():
                self.tally.read_units += sum(read_units(item_size(i)) for i in items)
        elif name == "TransactGetItems":
            self.tally.read_units += sum(read_units(item_size(r.get("Item")), transactional=True)
                                         for r in parsed.get("Responses", []))
        pending = getattr(self._local, "pending", None)
        if pending is None:
            return
        self._local.pending = None
        params_id, written = pending
        befores = self._before_sizes.pop(params_id, [])
        failed = bool(parsed.get("Error")) or (http_response is not None and http_response.status_code >= 400)
        for (table, key, put, transactional), (_, _, old) in zip(written, befores):
            new = None if failed else (put if put is not None else self._current(table, key))
            size = max(item_size(old), item_size(new))
            # a failed conditional write still consumes its units (transactions: 2x), and writes no index
            self.tally.write_units += write_units(size, transactional)
            if not failed:
                table_keys, indexes = self._shape(table)
                self.tally.write_units += sum(index.write_units(old, new, table_keys, transactional) for index in indexes)


METER = Meter()


def install_hooks() -> None:
    import botocore.handlers

    botocore.handlers.BUILTIN_HANDLERS.append(("before-parameter-build.dynamodb", METER.before))
    botocore.handlers.BUILTIN_HANDLERS.append(("after-call.dynamodb", METER.after))


# -- the world: moto, the app, the streams, the sockets ----------------------------------------

class Streams:
    """Reads our tables' streams as Lambda's event source mapping does (uncounted: Lambda's
    GetRecords on a stream it triggers is free)."""

    def __init__(self) -> None:
        import boto3

        from chalicelib.store.models import STREAM_MODELS

        self._client = boto3.client("dynamodbstreams", region_name="us-east-1")
        self._iterators: dict[str, str] = {}
        ddb = boto3.client("dynamodb", region_name="us-east-1")
        for model in STREAM_MODELS:
            arn = METER._quiet(lambda m=model: ddb.describe_table(TableName=m.Meta.table_name))["Table"]["LatestStreamArn"]
            shard = self._client.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
            self._iterators[arn] = self._client.get_shard_iterator(
                StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]

    def drain(self) -> list[list[dict]]:
        """One batch per stream that has records (what one Lambda invocation each would get)."""
        batches = []
        for arn, iterator in self._iterators.items():
            answer = self._client.get_records(ShardIterator=iterator)
            self._iterators[arn] = answer["NextShardIterator"]
            records = []
            for record in answer["Records"]:
                change = dict(record["dynamodb"])
                if isinstance(change.get("ApproximateCreationDateTime"), datetime):
                    change["ApproximateCreationDateTime"] = change["ApproximateCreationDateTime"].timestamp()
                records.append({**record, "dynamodb": change, "eventSourceARN": arn, "eventSource": "aws:dynamodb"})
            if records:
                batches.append(records)
        return batches


_FACT_FILTERS: dict[str, tuple[dict[str, Any], ...]] = {}


def passes_fact_filters(record: dict[str, Any]) -> bool:
    """Whether the facts consumer's event source mapping lets the record through (its table's
    patterns, chalicelib/realtime/fact_filters.py; matched as the local stack does)."""
    from chalicelib.realtime.fact_filters import FACT_FILTERS
    from devstack.events import matches_filter

    if not _FACT_FILTERS:
        _FACT_FILTERS.update({model.Meta.table_name: patterns for model, patterns in FACT_FILTERS.items()})
    table = record["eventSourceARN"].split(":table/", 1)[1].split("/", 1)[0]
    return any(matches_filter(pattern, record) for pattern in _FACT_FILTERS.get(table, ()))


class CountingFactSink:
    """The facts consumer's sink here: counts the objects it would PUT (S3 is not metered)."""

    def __init__(self) -> None:
        self.objects = 0

    def write(self, name: str, facts: Any) -> int:
        from chalicelib.store.facts import by_object

        written = len(by_object(facts, name))
        self.objects += written
        return written

    def take(self) -> int:
        taken, self.objects = self.objects, 0
        return taken


class World:
    def __init__(self, client) -> None:
        self.client = client
        self.fact_sink = CountingFactSink()
        self.streams = Streams()
        self.tallies: dict[str, Tally] = {}
        self.posted: list[tuple[str, int]] = []

    def post(self, connection_id: str, payload: str) -> None:
        self.posted.append((connection_id, len(payload.encode())))

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict | None = None) -> Any:
        import json

        sent = {"Content-Type": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = json.dumps(body).encode() if body is not None else b""
        reply = getattr(self.client.http, method.lower())(path, headers=sent, body=payload)
        if reply.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {reply.status_code} {reply.body!r}")
        return json.loads(reply.body) if reply.body else None

    def websocket(self, route: str, connection_id: str, token: str = "") -> None:
        from app import ws_connect, ws_disconnect

        event = {"requestContext": {"routeKey": route, "eventType": route.strip("$").upper(),
                                    "connectionId": connection_id, "apiId": "bench", "stage": "ws",
                                    "domainName": "localhost"},
                 "headers": {"Origin": "http://127.0.0.1:8080"}, "queryStringParameters": {"token": token},
                 "isBase64Encoded": False}
        answer = (ws_connect if route == "$connect" else ws_disconnect)(event, None)
        if isinstance(answer, dict) and answer.get("statusCode", 200) >= 400:
            raise RuntimeError(f"{route}: {answer}")

    def step(self, name: str, action: Callable[[], Any], *, rest: int = 0, ws: int = 0, cdn: int = 0) -> Any:
        """Runs one step and then the stream handler on what it wrote; tallies both. `cdn`: requests
        CloudFront answers from its cache (the step's action then reads nothing: it only counts)."""
        from chalicelib.realtime.facts_stream import handle_fact_batch
        from chalicelib.realtime.stream import handle_stream_batch

        METER.tally = Tally()
        result = action()
        self.posted = []
        for batch in self.streams.drain():
            answer = handle_stream_batch({"Records": batch}, None, self.post)
            if answer.get("batchItemFailures"):
                raise RuntimeError(f"{name}: stream records failed: {answer}")
            # The records its mapping's event filters let through reach the facts consumer, as on
            # AWS (its reads are metered, its PUTs counted; no record through: no invocation)
            passing = [record for record in batch if passes_fact_filters(record)]
            if passing:
                facts = handle_fact_batch({"Records": passing}, None, sink=self.fact_sink)
                if facts.get("batchItemFailures"):
                    raise RuntimeError(f"{name}: fact records failed: {facts}")
                METER.tally.fact_batches += 1
            METER.tally.stream_records += len(batch)
            METER.tally.stream_batches += 1
        METER.tally.fact_objects = self.fact_sink.take()
        METER.tally.pushes = len(self.posted)
        METER.tally.push_units = sum(max(1, math.ceil(size / 32768)) for _, size in self.posted)
        METER.tally.rest_requests, METER.tally.ws_invocations, METER.tally.cdn_hits = rest, ws, cdn
        self.tallies[name] = METER.tally
        return result


def fill_kitchen(world: World, staff: str, orders: int) -> None:
    """`orders` open orders in the branch's kitchen, placed by staff at T40 (not counted)."""
    w = world

    def place() -> None:
        seated = w.call("POST", "/staff/branches/br_downtown-lima/tables/T40/sessions", token=staff)
        for _ in range(orders):
            w.call("POST", f"/staff/sessions/{seated['id']}/orders", {"items": [
                {"menuItemId": "lomo-saltado", "quantity": 2}, {"menuItemId": "chicha-morada", "quantity": 1}]},
                token=staff)

    w.step("(not counted) the kitchen's queue", place)
    del w.tallies["(not counted) the kitchen's queue"]


def journey(world: World, queue: int = 0) -> tuple[list[str], list[str]]:
    """A diner's whole visit with one order of two dishes, and the staff actions it takes.
    Returns the names of the diner's steps and of the staff's."""
    w = world
    manager = w.step("staff: sign in (POS)", lambda: w.call("POST", "/staff/login", {
        "email": "manager@downtown.demo.comanda", "password": "demo1234"})["token"], rest=1)
    kitchen = w.step("staff: sign in (kitchen)", lambda: w.call("POST", "/staff/login", {
        "email": "kitchen@downtown.demo.comanda", "password": "demo1234"})["token"], rest=1)
    w.step("staff: POS socket $connect", lambda: w.websocket("$connect", "pos", manager), ws=1)
    w.step("staff: kitchen socket $connect", lambda: w.websocket("$connect", "kds", kitchen), ws=1)
    w.step("staff: open the POS (tables page)", lambda: w.call(
        "GET", "/staff/branches/br_downtown-lima/tables", token=manager), rest=1)
    w.step("staff: open orders (POS/kitchen load)", lambda: w.call(
        "GET", "/staff/branches/br_downtown-lima/orders", token=manager), rest=1)
    w.step("staff: open requests (POS load)", lambda: w.call(
        "GET", "/staff/branches/br_downtown-lima/requests", token=manager), rest=1)

    # The diner's steps are the REST requests a phone sends over one visit, as measured in Chromium
    # (tests/browser/test_journey_requests.py): the menu is read at its revision's URL (`?v=`), which
    # CloudFront answers from its cache (its misses are a day's, below).
    w.step("diner: scan (table entry)", lambda: w.call("GET", "/branches/downtown-lima/tables/T12"), rest=1)
    registered = w.step("diner: register (quick start)", lambda: w.call(
        "POST", "/branches/downtown-lima/tables/T12/sessions", {"mode": "quick", "name": "Ana"}), rest=1)
    token, session_id = registered["token"], registered["session"]["id"]
    revision = w.step("diner: session (waiting page)", lambda: w.call("GET", "/session", token=token),
                      rest=1)["menuRevision"]
    w.step("diner: menu at ?v= (CloudFront's cache, x2)", lambda: None, cdn=2)
    w.step("diner: socket $connect", lambda: w.websocket("$connect", "diner", token), ws=1)
    w.step("diner: session (socket open)", lambda: w.call("GET", "/session", token=token), rest=1)
    w.step("staff: approve", lambda: w.call("POST", f"/staff/sessions/{session_id}/approve", token=manager), rest=1)
    if queue:
        fill_kitchen(w, manager, queue)
    order = w.step("diner: place order (Idempotency-Key)", lambda: w.call(
        "POST", "/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 2},
                                              {"menuItemId": "lomo-saltado", "quantity": 1, "notes": "No onions"}]},
        token=token, headers={"Idempotency-Key": "bench-order-1"}), rest=1)
    for index, line in enumerate(order["items"]):
        for status, who in (("preparing", kitchen), ("ready", kitchen), ("served", manager)):
            w.step(f"staff: line {index + 1} -> {status}", lambda line=line, status=status, who=who: w.call(
                "POST", f"/staff/orders/{order['id']}/items/{line['id']}/status", {"status": status}, token=who),
                rest=1)
    call = w.step("diner: call waiter", lambda: w.call("POST", "/session/waiter-calls", token=token), rest=1)
    w.step("staff: acknowledge waiter call", lambda: w.call("POST", f"/staff/requests/{call['id']}/ack",
                                                            token=manager), rest=1)
    bill = w.step("diner: request bill", lambda: w.call("POST", "/session/bill-requests", token=token), rest=1)
    w.step("staff: bill", lambda: w.call("GET", f"/staff/sessions/{session_id}/bill", token=manager), rest=1)
    w.step("staff: acknowledge bill request", lambda: w.call("POST", f"/staff/requests/{bill['id']}/ack",
                                                             token=manager), rest=1)
    w.step("staff: close the table", lambda: w.call("POST", f"/staff/sessions/{session_id}/close", token=manager),
           rest=1)
    w.step("diner: socket $disconnect", lambda: w.websocket("$disconnect", "diner"), ws=1)
    w.step("diner: table entry (after the close)", lambda: w.call(
        "GET", "/branches/downtown-lima/tables/T12"), rest=1)
    # A day's actions, not an order's: shared by the day's ORDERS_PER_DAY orders
    w.step("per day: 86 an item (and back)", lambda: [w.call(
        "POST", "/staff/branches/br_downtown-lima/menu/items/tequenos/availability", {"available": flag},
        token=manager) for flag in (False, True)], rest=2)
    w.step(f"per day: a menu miss at CloudFront (x{MENU_MISSES_PER_DAY})", lambda: w.call(
        "GET", f"/branches/downtown-lima/menu?lang=en&v={revision}"), rest=1)
    names = list(w.tallies)
    diner = [n for n in names if n.startswith("diner:")]
    return diner, [n for n in names if n.startswith("staff:")]


# -- the report -----------------------------------------------------------------------------

OPERATIONS = ("GetItem", "BatchGetItem", "Query", "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems",
              "TransactGetItems", "BatchWriteItem", "Scan")
SHORT = {"GetItem": "Get", "BatchGetItem": "BGet", "Query": "Query", "PutItem": "Put", "UpdateItem": "Upd",
         "DeleteItem": "Del", "TransactWriteItems": "TxW", "TransactGetItems": "TxG", "BatchWriteItem": "BW",
         "Scan": "Scan"}


def row(name: str, tally: Tally) -> str:
    ops = " ".join(f"{tally.operations.get(op, 0):>5}" for op in OPERATIONS)
    return (f"{name:<40} {ops} {sum(tally.operations.values()):>5} {tally.read_units:>6.1f} {tally.write_units:>6.1f}"
            f" {tally.stream_records:>4} {tally.pushes:>5}")


def header() -> str:
    ops = " ".join(f"{SHORT[op]:>5}" for op in OPERATIONS)
    return f"{'step (app request + its stream records)':<40} {ops} {'all':>5} {'RRU':>6} {'WRU':>6} {'recs':>4} {'push':>5}"


def cost_per_thousand(total: Tally, sessions: float = 1.0, orders: float = 1000) -> list[tuple[str, float]]:
    """What `total` costs `orders` times (a diner's socket open `sessions` times each)."""
    # The facts consumer is invoked for the batches its event filters let a record through; with
    # its 60-s batching window it is invoked less often still in a rush: an upper bound.
    lambda_gb_s = (total.rest_requests * REST_LAMBDA_MS + total.stream_batches * STREAM_LAMBDA_MS
                   + total.fact_batches * FACTS_LAMBDA_MS + total.ws_invocations * WS_LAMBDA_MS) / 1000 \
        * LAMBDA_MEMORY_MB / 1024
    lines = [
        ("DynamoDB writes", total.write_units * orders / 1e6 * PRICES["dynamodb_write_per_million"]),
        ("DynamoDB reads", total.read_units * orders / 1e6 * PRICES["dynamodb_read_per_million"]),
        ("DynamoDB stream reads by Lambda", 0.0),
        ("Lambda requests (REST + WebSocket routes + stream batches, pushes' and facts')",
         (total.rest_requests + total.ws_invocations + total.stream_batches + total.fact_batches) * orders / 1e6
         * PRICES["lambda_request_per_million"]),
        ("Lambda duration (assumed, see below)", lambda_gb_s * orders * PRICES["lambda_gb_second"]),
        ("API Gateway REST requests", total.rest_requests * orders / 1e6 * PRICES["rest_api_per_million"]),
        ("API Gateway WebSocket messages (pushes)", total.push_units * orders / 1e6
         * PRICES["websocket_message_per_million"]),
        ("API Gateway WebSocket connection minutes (diner)", sessions * SESSION_MINUTES * orders / 1e6
         * PRICES["websocket_connection_minute_per_million"]),
        ("CloudFront requests to /api (its cache's answers too)", (total.rest_requests + total.cdn_hits) * orders / 1e4
         * PRICES["cloudfront_https_per_10k"]),
        ("S3 PUTs of the reports' facts", total.fact_objects * orders / 1e3 * PRICES["s3_put_per_thousand"]),
    ]
    return lines


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queue", type=int, default=0,
                        help="open orders already in the branch's kitchen when the diner orders")
    args = parser.parse_args()
    install_hooks()
    import json

    from moto import mock_aws

    with mock_aws():
        import boto3
        from chalice.test import Client

        from chalicelib import bootstrap
        from chalicelib.seed import seed_chain
        from chalicelib.store.schema import create_tables

        bootstrap.reset()
        METER._quiet(create_tables)
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="comanda-bench-site")
        METER._quiet(lambda: seed_chain(json.loads((ROOT / "demo" / "chain.json").read_text(encoding="utf-8"))))
        from app import app

        with Client(app) as client:
            world = World(client)
            diner_steps, staff_steps = journey(world, args.queue)

    print("DynamoDB requests per step: the app's own request, then the stream handler on the records it wrote")
    if args.queue:
        print(f"(the diner orders behind {args.queue} open orders of the branch, placed by staff before)")
    print("(RRU/WRU: estimated read/write request units; recs: stream records; push: WebSocket messages posted)")
    print()
    print(header())
    journey_total, staff_setup, per_day = Tally(), Tally(), Tally()
    for name, tally in world.tallies.items():
        print(row(name, tally))
        if name.startswith(("staff: sign in", "staff: POS socket", "staff: kitchen socket", "staff: open ")):
            staff_setup.add(tally)  # a shift's start, shared by every order of the day
        elif name.startswith("per day: a menu miss"):
            per_day.add(tally, MENU_MISSES_PER_DAY)
        elif name.startswith("per day:"):
            per_day.add(tally)
        else:
            journey_total.add(tally)
    print("-" * len(header()))
    print(row("one diner journey (1 order, 2 dishes)", journey_total))
    print(row(f"a day's actions (/{ORDERS_PER_DAY} orders)", per_day))
    print(row("a staff screen opening (not per order)", staff_setup))
    scans = sum(t.operations.get("Scan", 0) for t in (journey_total, staff_setup, per_day))
    print()
    print(f"Scans: {scans}")
    print(f"per order: {sum(journey_total.operations.values())} DynamoDB requests, {journey_total.read_units:.1f} RRU, "
          f"{journey_total.write_units:.1f} WRU, {journey_total.stream_records} stream records in "
          f"{journey_total.stream_batches} batches ({journey_total.fact_batches} of them through the facts "
          f"consumer's filters), {journey_total.pushes} pushes, {journey_total.rest_requests} REST "
          f"requests, {journey_total.ws_invocations} WebSocket route invocations, {journey_total.cdn_hits} "
          f"answered by CloudFront's cache; plus a day's actions shared by {ORDERS_PER_DAY} orders")
    print()
    print("AWS cost per 1,000 orders (one journey each, and 1,000/ORDERS_PER_DAY days' actions; us-east-1 "
          "on-demand list prices, USD):")
    daily = dict(cost_per_thousand(per_day, sessions=0, orders=1000 / ORDERS_PER_DAY))
    lines = [(label, usd + daily[label]) for label, usd in cost_per_thousand(journey_total)]
    for label, usd in lines:
        print(f"  {label:<58} ${usd:8.4f}")
    print(f"  {'total':<58} ${sum(usd for _, usd in lines):8.4f}")
    print(f"  assumed: Lambda {LAMBDA_MEMORY_MB} MB, {REST_LAMBDA_MS} ms per REST request, "
          f"{STREAM_LAMBDA_MS} ms per stream batch, {FACTS_LAMBDA_MS} ms per batch of the facts consumer's, "
          f"{WS_LAMBDA_MS} ms per WebSocket route; one stream batch per table written per step, for the pushes "
          f"and, where its event filters let a record through, the facts (a rush batches more, the facts' 60-s "
          f"window far more: an upper bound), one S3 PUT "
          f"per fact object it writes; the diner's socket open "
          f"{SESSION_MINUTES} min; {ORDERS_PER_DAY} orders a day share a day's 86 and its {MENU_MISSES_PER_DAY} "
          f"menu misses at CloudFront; staff screens' sockets and storage not included")
    if scans:
        print("FAIL: a Scan was made", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
