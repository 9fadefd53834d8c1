"""End-to-end fixtures: the whole local stack (`make run`'s, on free ports) in this process,
driven over real HTTP and real WebSockets. Runs in its own pytest process (see Makefile):
the stack's moto server and in-process moto must not share a process."""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

import pytest


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def stack():
    from devstack.stack import LocalStack

    running = LocalStack("127.0.0.1", _free_port())
    running.start()
    yield running
    running.stop()


@dataclass
class Reply:
    status: int
    body: Any


class Http:
    """A tiny JSON client for the stack's one origin."""

    def __init__(self, api_url: str) -> None:
        self.api_url = api_url
        self._staff_tokens: dict[str, str] = {}

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict[str, str] | None = None) -> Reply:
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.api_url + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return Reply(response.status, json.loads(raw) if raw else None)
        except urllib.error.HTTPError as error:
            raw = error.read()
            return Reply(error.code, json.loads(raw) if raw else None)

    def get(self, path: str, **kw) -> Reply:
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw) -> Reply:
        return self.call("POST", path, body, **kw)

    def login(self, email: str = "manager@downtown.demo.comanda") -> str:
        """A staff member's token, signed in once per run as a staff device keeps its token
        (the tests share one stack, whose sign-ins per IP are rate-limited as on AWS)."""
        if email not in self._staff_tokens:
            reply = self.post("/staff/login", {"email": email, "password": "demo1234"})
            assert reply.status == 200, reply.body
            self._staff_tokens[email] = reply.body["token"]
        return self._staff_tokens[email]

    def register(self, code: str, name: str = "Ana", slug: str = "downtown-lima") -> dict:
        reply = self.post(f"/branches/{slug}/tables/{code}/sessions", {"mode": "quick", "name": name})
        assert reply.status == 201, reply.body
        return reply.body


@pytest.fixture(scope="session")
def http(stack) -> Http:
    return Http(stack.api_url)


def messages_of(frame: str | bytes) -> list[dict]:
    """A WebSocket frame's messages: one, or several in order as a JSON array (the fan-out packs
    a batch's messages for one screen into one frame)."""
    parsed = json.loads(frame)
    return parsed if isinstance(parsed, list) else [parsed]


class Listener:
    """A real WebSocket client that collects the messages pushed to it."""

    def __init__(self, ws_url: str, token: str, origin: str) -> None:
        from websockets.sync.client import connect

        self.socket = connect(f"{ws_url}?token={token}", additional_headers={"Origin": origin}, open_timeout=5)
        self.messages: list[dict] = []

    def next_of(self, kind: str, timeout: float = 15.0, **match: Any) -> dict:
        """Waits for the next message of a type (and data fields); earlier ones are kept."""
        import time

        deadline = time.monotonic() + timeout
        for message in self.messages:
            if message["type"] == kind and all(message["data"].get(k) == v for k, v in match.items()):
                self.messages.remove(message)
                return message
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.messages += messages_of(self.socket.recv(timeout=left))
            except TimeoutError:
                break
            for message in self.messages:
                if message["type"] == kind and all(message.get("data", {}).get(k) == v for k, v in match.items()):
                    self.messages.remove(message)
                    return message
        raise AssertionError(f"no {kind} {match} within {timeout}s; got {[m['type'] for m in self.messages]}")

    def drain(self, wait: float = 0.5) -> list[dict]:
        import time

        deadline = time.monotonic() + wait
        while (left := deadline - time.monotonic()) > 0:
            try:
                self.messages += messages_of(self.socket.recv(timeout=left))
            except TimeoutError:
                break
        drained, self.messages = self.messages, []
        return drained

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def listen(stack):
    opened: list[Listener] = []

    def open_listener(token: str, origin: str | None = None) -> Listener:
        listener = Listener(stack.ws_url, token, origin or stack.site_url)
        opened.append(listener)
        return listener

    yield open_listener
    for listener in opened:
        listener.close()
