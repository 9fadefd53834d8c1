"""How long a handler runs (what Lambda bills) and how much of that it spends waiting on AWS
services (DynamoDB, API Gateway's @connections) — the rest is the app's own work.

A `Stopwatch` is started per invocation (the REST middleware, the stream handler) and kept in a
context variable; hooks on every botocore session (`hook`, where the sessions are made) mark
when a request goes out and when its answer is back. Requests made in parallel (the
fan-out's pool) count once: the waiting time is the time at least one request was out, so
`own_ms` never goes negative. On AWS the waiting part is the services' latency; on the local
stack it is moto's and the stand-in gateway's, which is why benches report both.
"""
from __future__ import annotations

import contextvars
import functools
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Stopwatch:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.ended: float | None = None
        self._cpu_started = time.thread_time()
        self._cpu_s = 0.0  # this thread's, once stopped, and the helper threads' (`carried`)
        self.calls = 0
        self._waiting_s = 0.0
        self._outstanding = 0
        self._since = 0.0
        self._lock = threading.Lock()

    def call_started(self) -> None:
        with self._lock:
            if self._outstanding == 0:
                self._since = time.perf_counter()
            self._outstanding += 1
            self.calls += 1

    def call_ended(self) -> None:
        with self._lock:
            if self._outstanding == 0:
                return
            self._outstanding -= 1
            if self._outstanding == 0:
                self._waiting_s += time.perf_counter() - self._since

    def stop(self) -> Stopwatch:
        if self.ended is None:
            self.ended = time.perf_counter()
            self.add_cpu(time.thread_time() - self._cpu_started)
        return self

    def add_cpu(self, seconds: float) -> None:
        with self._lock:
            self._cpu_s += seconds

    @property
    def cpu_ms(self) -> float:
        """The CPU the handler's threads used (its own code and botocore's client side): unlike
        the wall-clock figures, it does not grow when a busy machine makes the handler wait for a
        core, nor with the stand-ins' work (moto runs in other threads or another process)."""
        with self._lock:
            return self._cpu_s * 1000

    @property
    def elapsed_ms(self) -> float:
        return ((self.ended or time.perf_counter()) - self.started) * 1000

    @property
    def waiting_ms(self) -> float:
        with self._lock:
            waiting = self._waiting_s + (time.perf_counter() - self._since if self._outstanding else 0.0)
        return waiting * 1000

    @property
    def own_ms(self) -> float:
        return max(0.0, self.elapsed_ms - self.waiting_ms)

    def server_timing(self) -> str:
        """The `Server-Timing` header: the handler's whole time and the part spent on AWS."""
        return (f'handler;dur={self.elapsed_ms:.1f};desc="handler", '
                f'aws;dur={self.waiting_ms:.1f};desc="waiting on AWS services ({self.calls} calls)", '
                f'cpu;dur={self.cpu_ms:.1f};desc="handler CPU"')


_CURRENT: contextvars.ContextVar[Stopwatch | None] = contextvars.ContextVar("comanda_stopwatch", default=None)


def start() -> tuple[Stopwatch, contextvars.Token]:
    watch = Stopwatch()
    return watch, _CURRENT.set(watch)


def finish(token: contextvars.Token) -> None:
    _CURRENT.reset(token)


def current() -> Stopwatch | None:
    return _CURRENT.get()


def carried(function: Callable[[T], R]) -> Callable[[T], R]:
    """`function` for another thread (a pool's worker), timed by this thread's stopwatch."""
    watch = _CURRENT.get()

    @functools.wraps(function)
    def run(argument: T) -> R:
        token = _CURRENT.set(watch)
        cpu = time.thread_time()
        try:
            return function(argument)
        finally:
            if watch is not None:
                watch.add_cpu(time.thread_time() - cpu)
            _CURRENT.reset(token)

    return run


def _sending(**_: Any) -> None:
    watch = _CURRENT.get()
    if watch is not None:
        watch.call_started()


def _answered(**_: Any) -> None:
    watch = _CURRENT.get()
    if watch is not None:
        watch.call_ended()


def hook(session: Any) -> None:
    """Times every request of this botocore session (chalicelib/store/botocore_data.py makes
    them all: boto3's, PynamoDB's, Powertools')."""
    emitter = session.get_component("event_emitter")
    # first in line: moto's in-process mock answers in a `before-send` handler of its own
    emitter.register_first("before-send", _sending, unique_id="comanda-timing-sending")
    emitter.register_last("response-received", _answered, unique_id="comanda-timing-answered")
