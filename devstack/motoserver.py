"""The embedded AWS: moto's server in a thread, and what the stream poller needs from it.

The stack's moto runs in this process; where moto's API falls short of DynamoDB Streams'
behaviour, the functions at the end reach into its backend (best effort, documented).
"""
from __future__ import annotations

import io
import logging
import threading
from typing import Any, Callable, Iterable

from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodbstreams.models import dynamodbstreams_backends
from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import make_server

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

    Failed transactions: moto rolls a failed TransactWriteItems back by replacing the tables
    with copies taken before it, stream shard included. A shard iterator still points into
    the discarded shard: it would hand out the rolled-back records and then nothing, ever.
    So transactions run under `transactions`, readers hold it around get_records (they never
    see a half-applied transaction), and after a failed one the readers of the tables it
    named take a fresh iterator (`take_replaced`)."""

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


class MotoServer(ThreadedMotoServer):
    """`ThreadedMotoServer` on 127.0.0.1 and a free port, quiet, signalling DynamoDB writes."""

    def __init__(self, writes: WriteSignal) -> None:
        super().__init__(ip_address="127.0.0.1", port=0, verbose=False)
        self._writes = writes

    def _server_entry(self) -> None:  # ThreadedMotoServer's, with the app wrapped
        app = _NotifyOnWrite(DomainDispatcherApplication(create_backend_app), self._writes)
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()

    def start(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per moto request
        super().start()

    @property
    def url(self) -> str:
        host, port = self.get_host_and_port()
        return f"http://{host}:{port}"

    def stop(self) -> None:
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
