"""Warm "Lambda containers" for the REST function: worker processes that import the app once
and run one invocation at a time, as Lambda's containers do.

A Chalice app keeps one `current_request` per app object: it serves one request at a time,
as a Lambda container does (`chalice local` makes it thread-local by swapping the app's
class, which is what this stack no longer does; docs/decisions.md, "moto as shipped").
Concurrent requests therefore run in separate processes, each with its own app, caches and
AWS clients, like separate containers on AWS: requests at the same moment are handled at the
same moment (the app's races are real races), and the containers share only what AWS
shares, the tables. The event goes in and the response comes back pickled, as JSON goes
through Lambda's runtime API.
"""
from __future__ import annotations

import logging
import os
import pickle
import queue
import signal
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, BinaryIO

from .events import lambda_context

log = logging.getLogger("devstack.containers")

_LENGTH = struct.Struct("!I")


def _send(stream: BinaryIO, value: Any) -> None:
    data = pickle.dumps(value)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream: BinaryIO) -> Any:
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        raise EOFError("the container is gone")
    return pickle.loads(stream.read(_LENGTH.unpack(head)[0]))


def _serve(channel_fd: int, project_dir: str, function_name: str, timeout_s: float, memory_mb: int) -> None:
    """A container's loop: import the app (the cold start), then one event at a time."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the stack, which stops us
    sys.path.insert(0, project_dir)
    import app as app_module

    with socket.socket(fileno=channel_fd) as channel, channel.makefile("rwb") as stream:
        _send(stream, "ready")
        while True:
            try:
                event = _receive(stream)
            except EOFError:
                return
            try:
                response = app_module.app(event, lambda_context(function_name, timeout_s, memory_mb))
            except Exception:  # the runtime's answer to an unhandled error: API Gateway makes it a 502
                log.exception("the REST function raised")
                response = {"statusCode": 502, "headers": {"Content-Type": "application/json"},
                            "body": '{"message": "Internal server error"}'}
            _send(stream, response)


class Container:
    """One worker process (`python -m devstack.containers`), spoken to over a socket pair."""

    def __init__(self, project_dir: Path, function_name: str, timeout_s: float, memory_mb: int) -> None:
        ours, theirs = socket.socketpair()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "devstack.containers", str(theirs.fileno()), str(project_dir), function_name,
             str(timeout_s), str(memory_mb)],
            pass_fds=[theirs.fileno()], cwd=str(Path(__file__).resolve().parent.parent), env=dict(os.environ))
        theirs.close()
        self._channel = ours
        self._stream = ours.makefile("rwb")

    def wait_ready(self) -> None:
        if _receive(self._stream) != "ready":
            raise RuntimeError("a REST container did not start")

    def invoke(self, event: dict[str, Any]) -> dict[str, Any]:
        _send(self._stream, event)
        response: dict[str, Any] = _receive(self._stream)
        return response

    def stop(self) -> None:
        for closing in (self._stream, self._channel):
            try:
                closing.close()  # the container reads the end of its events and leaves
            except OSError:
                pass
        try:
            self._process.wait(3)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait(3)


class ContainerPool:
    """`size` warm containers, started together; an invocation takes an idle one (waiting
    if all are busy, as a function at its reserved concurrency would be throttled)."""

    def __init__(self, project_dir: Path, function_name: str, timeout_s: float, memory_mb: int, size: int) -> None:
        self._args = (project_dir, function_name, timeout_s, memory_mb)
        self._size = size
        self._idle: queue.LifoQueue[Container] = queue.LifoQueue()  # the warmest first, as Lambda reuses containers
        self._all: list[Container] = []
        self._lock = threading.Lock()

    def launch(self) -> None:
        """Starts the containers (they import the app meanwhile: call `wait_ready` later)."""
        with self._lock:
            self._all.extend(Container(*self._args) for _ in range(self._size))

    def wait_ready(self) -> None:
        for container in list(self._all):
            container.wait_ready()
            self._idle.put(container)

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        container = self._idle.get()
        try:
            response = container.invoke(event)
        except (EOFError, OSError):  # the container died (killed, out of memory): a new one takes its place
            log.exception("a REST container died: starting another")
            container.stop()
            container = Container(*self._args)
            with self._lock:
                self._all.append(container)
            container.wait_ready()
            response = {"statusCode": 502, "headers": {"Content-Type": "application/json"},
                        "body": '{"message": "Internal server error"}'}
        self._idle.put(container)
        return response

    def stop(self) -> None:
        with self._lock:
            containers, self._all = self._all, []
        for container in containers:
            container.stop()


if __name__ == "__main__":
    fd, directory, name, timeout, memory = sys.argv[1:6]
    _serve(int(fd), directory, name, float(timeout), int(memory))
