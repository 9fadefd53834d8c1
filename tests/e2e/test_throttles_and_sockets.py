"""Throttles and socket limits over real sockets (issue 13, findings 4 and 6).

The local stack's one origin plays CloudFront: it sets `CloudFront-Viewer-Address` from the
socket's peer and replaces whatever a client sent under that name, so a client can neither
escape its limits nor get someone else counted. Two clients here are two loopback addresses
(127.0.0.1 and 127.0.0.2). One token holds at most five live sockets: a sixth and a seventh
close the two oldest, which are told why first.

Tables: downtown T13 and T14 (this file's own)."""
from __future__ import annotations

import http.client
import json
import time
from urllib.parse import urlsplit

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.conftest import away_from_a_window_edge
from tests.e2e.conftest import messages_of

OTHER_CLIENT = "127.0.0.2"


@pytest.fixture(autouse=True)
def one_rate_window():
    """Each test's counts fall in one fixed window of the limits (the stack's clock is the wall's)."""
    away_from_a_window_edge()


def limits():
    """The app's settings, read once the stack has set its environment (imported after it)."""
    from chalicelib.config import settings

    return settings


def call_from(stack, source_ip: str, method: str, path: str, body: dict | None = None,
              headers: dict | None = None) -> tuple[int, dict]:
    """One request to the stack's /api from a given local source address."""
    url = urlsplit(stack.api_url)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=(source_ip, 0))
    try:
        connection.request(method, url.path + path, body=json.dumps(body) if body is not None else None,
                           headers={"Content-Type": "application/json", **(headers or {})})
        answer = connection.getresponse()
        raw = answer.read()
        return answer.status, json.loads(raw) if raw else {}
    finally:
        connection.close()


def sign_up_from(stack, source_ip: str, code: str, name: str, spoofed: str | None = None) -> int:
    headers = {"CloudFront-Viewer-Address": spoofed} if spoofed else {}
    status, _ = call_from(stack, source_ip, "POST", f"/branches/downtown-lima/tables/{code}/sessions",
                          {"mode": "quick", "name": name}, headers)
    return status


@pytest.fixture
def one_moment():
    """The stack's clock (this process's) stands still: every sign-up sits in the pending session
    the first opened, as phones signing up together do, so the statuses show the limit alone."""
    from chalicelib.domain import clock

    moment = clock.utcnow()
    clock.set_source(lambda: moment)
    yield
    clock.set_source(None)


def test_a_client_s_own_viewer_address_header_is_replaced_by_its_real_peer(stack, one_moment):
    # Given a script at 127.0.0.1 that sends a different CloudFront-Viewer-Address each time
    limit = limits().registrations_per_client_table_window
    spoofed = [sign_up_from(stack, "127.0.0.1", "T13", f"Bot {n}", spoofed=f"203.0.113.{n + 1}:4000")
               for n in range(limit + 1)]

    # Then it is counted as the one client it is, and stopped at its limit
    assert spoofed == [201] * limit + [429]
    # And a phone at another address still signs up at that table
    assert sign_up_from(stack, OTHER_CLIENT, "T13", "Ana") == 201


def test_a_stranger_s_wrong_passwords_do_not_stop_the_staff_member_s_tablet(stack):
    email, limit = "kitchen@downtown.demo.comanda", limits().login_attempts_per_window
    # Given the kitchen tablet signed in once from 127.0.0.1 and kept its device credential
    status, first = call_from(stack, "127.0.0.1", "POST", "/staff/login", {"email": email, "password": "demo1234"})
    assert status == 200, first
    # When a stranger at 127.0.0.2 guesses the password past its limit
    guesses = [call_from(stack, OTHER_CLIENT, "POST", "/staff/login", {"email": email, "password": f"guess-{n}"})[0]
               for n in range(limit + 1)]
    assert guesses == [401] * limit + [429]
    assert call_from(stack, OTHER_CLIENT, "POST", "/staff/login", {"email": email, "password": "demo1234"})[0] == 429

    # Then the tablet signs in with its credential
    status, again = call_from(stack, "127.0.0.1", "POST", "/staff/login",
                              {"email": email, "password": "demo1234", "deviceToken": first["deviceToken"]})
    assert status == 200, again
    assert again["deviceToken"]


def _open(stack, token: str):
    return connect(f"{stack.ws_url}?token={token}", additional_headers={"Origin": stack.site_url}, open_timeout=5)


def _closing_words(socket) -> tuple[list[dict], int | None]:
    """What a socket hears until it is closed (or 5 s pass), and its close code."""
    heard: list[dict] = []
    deadline = time.monotonic() + 5
    try:
        while (left := deadline - time.monotonic()) > 0:
            heard += messages_of(socket.recv(timeout=left))
    except (ConnectionClosed, TimeoutError):
        pass
    return heard, socket.close_code


def test_seven_sockets_of_one_token_leave_five_live_and_the_two_oldest_told_and_closed(stack, http):
    # Given a seated diner at T14
    manager = http.login()
    seated = http.register("T14", "Ana")
    assert http.post(f"/staff/sessions/{seated['session']['id']}/approve", token=manager).status == 200
    before = stack.live_connections

    # When seven sockets open with the diner's one token, one after the other
    sockets = []
    for _ in range(7):
        sockets.append(_open(stack, seated["token"]))
        time.sleep(0.05)  # distinct opening times (the oldest is the first opened)
    try:
        # Then the first two hear why and are closed
        for oldest in sockets[:2]:
            heard, code = _closing_words(oldest)
            assert [m["type"] for m in heard] == ["connection.closed"], heard
            assert heard[0]["data"]["code"] == "TOO_MANY_CONNECTIONS"
            assert code == 1000  # what API Gateway's DeleteConnection sends
        assert stack.live_connections == before + 5

        # And the five others stay live and hear the table's pushes
        call = http.post("/session/waiter-calls", token=seated["token"])
        assert call.status == 201, call.body
        for live in sockets[2:]:
            message = _next_of(live, "request.created")
            assert message["data"]["id"] == call.body["id"]
    finally:
        for socket in sockets:
            socket.close()


def _next_of(socket, kind: str, timeout: float = 5.0) -> dict:
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        for message in messages_of(socket.recv(timeout=left)):
            if message["type"] == kind:
                return message
    raise AssertionError(f"no {kind} within {timeout}s")


def test_two_sign_ins_of_one_staff_account_keep_five_sockets_each(stack, http):
    """Two kitchen screens signed in to one account: two tokens, each with its own limit."""
    tokens = []
    for _ in range(2):
        reply = http.post("/staff/login", {"email": "owner@demo.comanda", "password": "demo1234"})
        assert reply.status == 200, reply.body
        tokens.append(reply.body["token"])
    sockets = []
    try:
        for token in tokens:
            sockets += [_open(stack, token) for _ in range(5)]
        for socket in sockets:
            socket.send(json.dumps({"action": "ping"}))
            assert json.loads(socket.recv(timeout=5)) == {"type": "pong"}
    finally:
        for socket in sockets:
            socket.close()
