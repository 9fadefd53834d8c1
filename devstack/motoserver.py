"""The embedded AWS: moto's server in a thread, reached over HTTP like any moto server.

It is what `moto.server` runs (werkzeug's threaded server with moto's request handler,
in front of `DomainDispatcherApplication(create_backend_app)`), wrapped in one WSGI
middleware of ours, `OneDynamoDBCallAtATime`, for what moto gets wrong under a threaded
server (docs/decisions.md, "moto as shipped"):

- DynamoDB checks a write's condition and applies the write as one step; moto checks, then
  applies, with nothing held in between, so two requests on two server threads can both pass
  the same `attribute_not_exists` (two idempotency records, two orders over the spending cap).
- A read walking a table while another thread writes it fails with `RuntimeError:
  dictionary changed size during iteration` (a 500).
- A failed TransactWriteItems is undone by putting back deep copies of the tables it named,
  taken when it started: a write another thread made meanwhile is lost, and the table gets a
  new stream shard object, so a shard iterator taken before still reads the discarded shard
  (the rolled-back records, then nothing, ever).

So every DynamoDB and DynamoDB Streams request runs alone (one lock; they are in-memory and
short), and the middleware tells the stream readers when a write may have added stream
records (`WriteSignal.notify`: they sleep on it instead of polling hard) and when a
transaction failed (`WriteSignal.rollbacks`: their iterators may point into a replaced shard).
Nothing of moto is patched; everything else (S3, SNS, SSM) is moto as shipped.
"""
from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

_DYNAMODB_TARGETS = ("DynamoDB_20120810.", "DynamoDBStreams_20120810.")
# DynamoDB calls that cannot change a table: every other DynamoDB call may add stream records.
_READ_ONLY_CALLS = frozenset({
    "GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems", "DescribeTable",
    "DescribeTimeToLive", "DescribeContinuousBackups", "ListTables", "ListTagsOfResource",
})


class WriteSignal:
    """What the moto server tells the stream readers.

    Per watched table, a generation counter bumped after each write naming it: readers wait
    on it (`wait_past`) instead of polling hard, so a push starts a millisecond or two after
    the write, and writes to other tables (rate limits, idempotency) wake nobody. `rollbacks`
    counts failed transactions: a reader whose shard iterator is older than the last one
    takes a fresh one (see the module's docstring)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._generations: dict[str, int] = {}
        self.rollbacks = 0

    def watch(self, table: str) -> None:
        with self._condition:
            self._generations.setdefault(table, 0)

    def generation(self, table: str) -> int:
        return self._generations.get(table, 0)

    def notify(self, request_body: bytes | None = None) -> None:
        """After a write: wakes the readers of the tables the request names (all if unknown)."""
        with self._condition:
            tables = [t for t in self._generations if request_body is None or t.encode() in request_body]
            for table in tables:
                self._generations[table] += 1
            if tables:
                self._condition.notify_all()

    def rolled_back(self) -> None:
        with self._condition:
            self.rollbacks += 1
            self._condition.notify_all()

    def wait_past(self, table: str, generation: int, timeout: float) -> None:
        """Returns once `table` was written after `generation` was read, or after `timeout`."""
        with self._condition:
            self._condition.wait_for(lambda: self._generations.get(table, 0) != generation, timeout=timeout)


class OneDynamoDBCallAtATime:
    """WSGI middleware around moto's app: DynamoDB (and Streams) requests one at a time, and
    the stream readers told about writes and failed transactions. Other services pass."""

    def __init__(self, app: WsgiApp, signal: WriteSignal) -> None:
        self._app = app
        self._signal = signal
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        target: str = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(_DYNAMODB_TARGETS):
            return self._app(environ, start_response)
        call = target.split(".", 1)[1]
        writes = target.startswith("DynamoDB_") and call not in _READ_ONLY_CALLS
        body: bytes | None = None
        if writes and environ.get("CONTENT_LENGTH"):  # read first, to know which tables the call names
            body = environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"]))
            environ["wsgi.input"] = io.BytesIO(body)
        statuses: list[str] = []

        def recording(status: str, *args: Any) -> Any:
            statuses.append(status)
            return start_response(status, *args)

        with self._lock:
            answer = self._app(environ, recording)
            try:  # the answer is built from live items: serialized under the lock too
                chunks = list(answer)
            finally:
                close = getattr(answer, "close", None)
                if close is not None:
                    close()
            if call == "TransactWriteItems" and not (statuses and statuses[0].startswith("200")):
                self._signal.rolled_back()
        if writes:
            self._signal.notify(body)
        return chunks


class MotoServer:
    """moto's server on 127.0.0.1 and a free port, in a daemon thread (what moto's
    `ThreadedMotoServer` runs, with the middleware around its app)."""

    def __init__(self, writes: WriteSignal, host: str = "127.0.0.1") -> None:
        self.app = OneDynamoDBCallAtATime(DomainDispatcherApplication(create_backend_app), writes)
        self._host = host
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request, as moto's server -q
        self._server = make_server(self._host, 0, self.app, threaded=True, request_handler=MotoRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, name="moto", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        assert self._server is not None, "start() first"
        return f"http://{self._host}:{self._server.server_port}"

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)
        self._server = self._thread = None
