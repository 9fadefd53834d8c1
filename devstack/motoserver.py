"""The embedded AWS: moto's server in a thread, and what the stream poller needs from it.

The stack's moto runs in this process; where moto's API falls short of DynamoDB Streams'
behaviour, the functions at the end reach into its backend (best effort, documented).
"""
from __future__ import annotations

import copy
import io
import threading
from collections.abc import Callable, Iterable
from typing import Any

from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodbstreams.models import dynamodbstreams_backends
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

from . import transport
from .environment import REGION

# DynamoDB calls that cannot change a table: every other DynamoDB call may add stream records.
_READ_ONLY_CALLS = frozenset({
    "GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable",
    "DescribeTimeToLive", "DescribeContinuousBackups", "ListTables", "ListTagsOfResource",
})
_DYNAMODB_TARGET = "DynamoDB_20120810."


class WriteSignal:
    """What the moto server tells the stream readers.

    Writes: per watched table, a generation counter bumped after each write to it. Readers
    sleep on it instead of polling hard, so a push starts within a millisecond or two of the
    write; writes to other tables (rate limits, idempotency, connections) wake nobody, which
    matters when everything shares one GIL.

    Failed transactions: moto as shipped rolls a failed TransactWriteItems back by replacing
    the tables with copies taken before it, stream shard included, and a shard iterator still
    pointing into the discarded shard would hand out the rolled-back records and then nothing,
    ever. The stack's moto restores the transaction's items in place instead
    (`transactions_back_up_items_only`), but a half-applied transaction must still never be
    read: transactions run under `transactions`, readers hold it around get_records, and
    after a failed one the readers of the tables it named take a fresh iterator
    (`take_replaced`; harmless when the shard was kept).

    Every other DynamoDB write runs under `transactions` too: DynamoDB checks a write's
    condition and applies it as one step, moto checks and then applies with nothing held in
    between, so two threads could both pass the same `attribute_not_exists` (two idempotency
    records, two orders). In-process requests (`devstack.transport`) arrive close enough
    together to do that most of the time."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._generations: dict[str, int] = {}
        self._replaced: set[str] = set()
        self.transactions = threading.Lock()

    def watch(self, table: str) -> None:
        with self._condition:
            self._generations.setdefault(table, 0)

    def _named(self, request_body: bytes | None) -> list[str]:
        return [t for t in self._generations if request_body is None or t.encode() in request_body]

    def generation(self, table: str) -> int:
        return self._generations.get(table, 0)

    def notify(self, request_body: bytes | None = None) -> None:
        """After a write: wakes the readers of the tables the request names (all if unknown)."""
        with self._condition:
            tables = self._named(request_body)
            for table in tables:
                self._generations[table] += 1
            if tables:
                self._condition.notify_all()

    def wait_past(self, table: str, generation: int, timeout: float) -> None:
        """Returns once `table` was written after `generation` was read, or after `timeout`."""
        with self._condition:
            self._condition.wait_for(lambda: self._generations.get(table, 0) != generation, timeout=timeout)

    def rolled_back(self, request_body: bytes | None) -> None:
        with self._condition:
            self._replaced.update(self._named(request_body))

    def take_replaced(self, table: str) -> bool:
        """True once after a failed transaction replaced `table` (and its stream shard)."""
        with self._condition:
            if table in self._replaced:
                self._replaced.discard(table)
                return True
            return False


class _NotifyOnWrite:
    """WSGI middleware around moto: moto has applied a call (and appended its stream
    records) by the time the wrapped app returns. The body is read first to know which
    tables the call names."""

    def __init__(self, app: Callable[..., Any], signal: WriteSignal) -> None:
        self._app = app
        self._signal = signal

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target: str = environ.get("HTTP_X_AMZ_TARGET", "")
        call = target[len(_DYNAMODB_TARGET):] if target.startswith(_DYNAMODB_TARGET) else ""
        if not call or call in _READ_ONLY_CALLS:
            return self._app(environ, start_response)
        body: bytes | None = None
        if environ.get("CONTENT_LENGTH"):
            body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
            environ["wsgi.input"] = io.BytesIO(body)
        if call != "TransactWriteItems":
            with self._signal.transactions:  # one write at a time, as DynamoDB's conditions hold
                result = self._app(environ, start_response)
        else:
            statuses: list[str] = []

            def record_status(status: str, *args: Any) -> Any:
                statuses.append(status)
                return start_response(status, *args)

            with self._signal.transactions:
                result = self._app(environ, record_status)
                if not statuses or not statuses[0].startswith("200"):
                    self._signal.rolled_back(body)
        self._signal.notify(body)
        return result


class _TableCopies:
    """Stands in for the `copy` module inside moto's DynamoDB backend: while a transaction of
    this thread runs, "copying" a whole table returns the table itself (see
    `transactions_back_up_items_only`); everything else is copied as before."""

    def __init__(self) -> None:
        self.local = threading.local()

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        from moto.dynamodb.models.table import Table

        if isinstance(value, Table) and getattr(self.local, "in_transaction", False):
            return value
        return copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def _item_key(table: Any, operation: dict[str, Any]) -> tuple[Any, Any] | None:
    from moto.dynamodb.models.dynamo_type import DynamoType

    attributes = operation.get("Item") if "Item" in operation else operation.get("Key")
    try:
        hash_value = DynamoType(attributes[table.hash_key_attr])
        range_value = DynamoType(attributes[table.range_key_attr]) if table.range_key_attr else None
    except (KeyError, TypeError):
        return None  # malformed: moto refuses it before writing anything
    return hash_value, range_value


def _put_back(table: Any, hash_value: Any, range_value: Any, item: Any) -> None:
    if range_value is not None:
        partition = table.items[hash_value]
        if item is None:
            partition.pop(range_value, None)
            if not partition:
                table.items.pop(hash_value, None)
        else:
            partition[range_value] = item
    elif item is None:
        table.items.pop(hash_value, None)
    else:
        table.items[hash_value] = item


def transactions_back_up_items_only() -> None:
    """moto backs a TransactWriteItems up by deep-copying every table it names, whole, so a
    transaction costs time in proportion to everything ever stored: under load (every order
    is a transaction on the orders table) the stand-in, not the app, becomes the bottleneck.
    Here a transaction keeps a copy of just the items it names and each stream's length, and
    a failed one puts those back and drops the stream records it added: the same outcome
    (the failed transaction leaves no trace) at the cost of the transaction's own items.
    Idempotent; best effort (moto internals)."""
    import moto.dynamodb.models as backend_module
    from moto.dynamodb.models import DynamoDBBackend

    if getattr(DynamoDBBackend.transact_write_items, "devstack", False):
        return
    copies = _TableCopies()
    backend_module.copy = copies  # type: ignore[assignment]
    original = DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        undo, streams = [], {}
        for entry in transact_items:
            _, operation = next(iter(entry.items()))
            table = self.tables.get(operation.get("TableName")) if isinstance(operation, dict) else None
            key = _item_key(table, operation) if table is not None else None
            if key is None:
                continue
            hash_value, range_value = key
            current = table.items.get(hash_value)
            if range_value is not None:
                current = current.get(range_value) if current is not None else None
            undo.append((table, hash_value, range_value, copy.deepcopy(current)))
            if table.stream_shard is not None:
                streams.setdefault(id(table), (table.stream_shard, len(table.stream_shard.items)))
        copies.local.in_transaction = True
        try:
            return original(self, transact_items)
        except Exception:
            for table, hash_value, range_value, item in reversed(undo):
                _put_back(table, hash_value, range_value, item)
            for shard, length in streams.values():
                del shard.items[length:]
            raise
        finally:
            copies.local.in_transaction = False

    transact_write_items.devstack = True  # type: ignore[attr-defined]
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def queries_read_their_partition() -> None:
    """moto answers every Query by listing the table's items, all of them, sorted by key
    (`Table.all_items`), then keeping those of the partition asked for (or, for an index, those
    whose index key matches) and sorting those again: a Query costs time in proportion to the
    whole table, and the sort's key comparisons are moto's costliest code. Under load that is
    the stand-in's cost, not the app's: the stream handler's "who listens to this channel"
    read walked every open socket's rows on every push. While a Query runs here, `all_items`
    hands it the one partition it names (a Query of the table) or every item unsorted (a Query
    of an index, whose matches moto sorts by their full key afterwards): the same answers, in
    the same order, at the cost of what is read. Scans keep moto's own way. Idempotent; best
    effort (moto internals)."""
    from moto.dynamodb.models.table import Table

    if getattr(Table.query, "devstack", False):
        return
    scope = threading.local()
    original_query, original_all_items = Table.query, Table.all_items

    def all_items(self: Any) -> list[Any]:
        asked = getattr(scope, "asked", None)
        if asked is None or asked[0] is not self:
            return original_all_items(self)
        _, index_name, hash_key = asked
        if index_name is not None or hash_key is None:
            return [item for partition in list(self.items.values())
                    for item in (list(partition.values()) if self.range_key_attr else [partition])]
        partition = self.items.get(hash_key)
        if partition is None:
            return []
        return list(partition.values()) if self.range_key_attr else [partition]

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        scope.asked = (self, index_name, hash_key)
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            scope.asked = None

    query.devstack = True  # type: ignore[attr-defined]
    Table.query = query  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign]


class _AppPerTarget:
    """moto finds the service of each request by matching its host against hundreds of URL
    patterns under one global lock; for the JSON services (`X-Amz-Target: Service_Version.Op`:
    DynamoDB, DynamoDB Streams, ...) the target names it, so its app is looked up once per
    target prefix, from a signed request (moto reads the service from the signature; an
    unsigned one it may send elsewhere, e.g. to S3). Other requests (S3, ...) go through
    moto's dispatcher as before."""

    def __init__(self, dispatcher: DomainDispatcherApplication) -> None:
        self._dispatcher = dispatcher
        self._apps: dict[str, Callable[..., Any]] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target: str = environ.get("HTTP_X_AMZ_TARGET", "")
        prefix = target.split(".", 1)[0] if "." in target else ""
        if not prefix:
            return self._dispatcher(environ, start_response)
        app = self._apps.get(prefix)
        if app is None:
            app = self._dispatcher.get_application(environ)
            if environ.get("HTTP_AUTHORIZATION"):
                app = self._apps.setdefault(prefix, app)
        return app(environ, start_response)


def dynamodb_results_as_json() -> None:
    """moto turns each DynamoDB result into DynamoDB's JSON (`{"S": ...}` values) and then
    walks it again, attribute by attribute, through its generic shape serializer: for a Query
    of the menu that walk cost more than everything the app does with the answer. A result
    that is plain JSON already is written as it is (what the walk produces for it); one that
    is not (bytes of a binary attribute, a date) still takes moto's own way. Idempotent."""
    import json

    from moto.dynamodb.responses import DynamoResult

    if getattr(DynamoResult.execute_result, "devstack", False):
        return
    original = DynamoResult.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        try:
            body = json.dumps(self.result, separators=(",", ":"))
        except (TypeError, ValueError):
            return original(self, context)
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    execute_result.devstack = True  # type: ignore[attr-defined]
    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]


class MotoServer(ThreadedMotoServer):
    """`ThreadedMotoServer` on 127.0.0.1 and a free port, quiet, signalling DynamoDB writes.

    With `in_process` (the default), botocore requests of this process addressed to it are
    served by calling the same WSGI app in the calling thread (`devstack.transport`); the
    HTTP server (HTTP/1.1 with keep-alive, `transport.KeepAliveServer`, instead of werkzeug's
    development server) keeps serving everything else: photo uploads through the site,
    other processes."""

    def __init__(self, writes: WriteSignal, *, in_process: bool = True) -> None:
        super().__init__(ip_address="127.0.0.1", port=0, verbose=False)
        self._writes = writes
        self._in_process = in_process
        self._diverted: str | None = None
        transactions_back_up_items_only()
        dynamodb_results_as_json()
        queries_read_their_partition()
        self.app = _NotifyOnWrite(_AppPerTarget(DomainDispatcherApplication(create_backend_app)), writes)

    def _server_entry(self) -> None:  # ThreadedMotoServer's, with the app wrapped, and keep-alive
        self._server = transport.KeepAliveServer((self._ip_address, self._port), self.app)  # type: ignore[assignment]
        self._server_ready_event.set()
        self._server.serve_forever()

    def start(self) -> None:
        super().start()
        if self._in_process:
            self._diverted = self.url
            transport.divert(self._diverted, transport.WsgiEndpoint(self.app, self.get_host_and_port()))

    @property
    def url(self) -> str:
        host, port = self.get_host_and_port()
        return f"http://{host}:{port}"

    def stop(self) -> None:
        if self._diverted is not None:
            transport.restore(self._diverted)
            self._diverted = None
        if self._thread is None:
            return
        super().stop()
        if self._server is not None:
            self._server.server_close()
        self._thread = None


def forget_shard_iterator(iterator: str) -> None:
    """moto keeps every shard iterator it ever handed out (each `get_records` makes one):
    drop those the poller is done with, or a long run grows without bound."""
    try:
        dynamodbstreams_backends[DEFAULT_ACCOUNT_ID][REGION].shard_iterators.pop(iterator, None)
    except Exception:  # moto internals moved: a slow leak, not a failure
        pass


def _stream_shard(table_name: str) -> Any:
    return dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION].tables[table_name].stream_shard


def last_stream_sequence(table_name: str) -> str | None:
    """The sequence number of the newest record in a table's stream (None: empty). The
    API has no such call; the stack's moto runs in this process, so it is read there."""
    try:
        shard = _stream_shard(table_name)
    except Exception:  # moto internals moved: the reader starts from the stream's beginning
        return None
    return str(shard.starting_sequence_number + len(shard.items) - 1) if shard.items else None


def forget_stream_records(table_name: str, through_sequence: str) -> None:
    """moto keeps every stream record, and deep-copies each table a transaction touches,
    stream included: left alone, every TransactWriteItems gets slower with every write since
    start. Records the handler has had are blanked in place (list length and sequence
    numbers unchanged, so moto's own arithmetic and concurrent appends are unaffected)."""
    try:
        shard = _stream_shard(table_name)
        end = min(int(through_sequence) - shard.starting_sequence_number + 1, len(shard.items))
        start = getattr(shard, "devstack_forgotten", 0)
        for index in range(start, end):
            shard.items[index] = None
        shard.devstack_forgotten = max(start, end)
    except Exception:  # moto internals moved: slower transactions, not a failure
        pass
