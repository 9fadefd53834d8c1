"""Attacks on /ws over real sockets: forged or expired tokens and foreign pages are refused at
the handshake (API Gateway answers a refused $connect with a failed handshake); oversized,
binary and malformed frames and unknown actions are closed cleanly or answered with an error
message; and through all of it the server keeps serving the clients that are connected.

Tables: downtown T36..T37 and T5 (this file's own)."""
from __future__ import annotations

import json
import time

import jwt
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.e2e.conftest import Http

FRAME_LIMIT = 32 * 1024  # API Gateway's frame limit, which the local stack mirrors


@pytest.fixture(scope="module")
def floor(stack, http):
    """A seated diner at T36, the manager's POS socket (the bystander) and a way to make the
    server push to it."""
    manager = http.login()
    seated = http.register("T36", "Ana")
    session_id = seated["session"]["id"]
    assert http.post(f"/staff/sessions/{session_id}/approve", token=manager).status == 200
    return {"manager": manager, "diner": seated["token"], "session_id": session_id}


@pytest.fixture
def bystander(listen, floor):
    return listen(floor["manager"])


def assert_still_served(http: Http, floor: dict, bystander) -> None:
    """A waiter call from T36 reaches the POS socket that was open all along, and a new
    connection still gets its pong."""
    call = http.post("/session/waiter-calls", token=floor["diner"])
    assert call.status == 201, call.body
    assert bystander.next_of("request.created", id=call.body["id"])
    assert http.post(f"/staff/requests/{call.body['id']}/ack", token=floor["manager"]).status == 200
    assert bystander.next_of("request.updated", id=call.body["id"])


def _open(stack, token: str, origin: str | None = None):
    return connect(f"{stack.ws_url}?token={token}", additional_headers={"Origin": origin or stack.site_url},
                   open_timeout=5)


def _refused_handshake(stack, token: str, origin: str | None = None) -> int:
    before = stack.live_connections
    with pytest.raises(InvalidStatus) as refused:
        _open(stack, token, origin)
    assert stack.live_connections == before
    return refused.value.response.status_code


def _forge(stack, claims: dict, **changes) -> str:
    return jwt.encode({**claims, **changes}, stack.jwt_secret, algorithm="HS256")


def _unsigned(claims: dict) -> str:
    return jwt.encode(claims, key=None, algorithm="none")


# -- the handshake ---------------------------------------------------------------------------
def test_forged_and_expired_tokens_are_refused_at_the_handshake(stack, http, floor, bystander):
    diner = jwt.decode(floor["diner"], options={"verify_signature": False})
    staff = jwt.decode(floor["manager"], options={"verify_signature": False})
    now = int(time.time())
    header, payload, signature = floor["manager"].split(".")
    forged = {
        "no token": "",
        "garbage": "not-a-token",
        "alg none": _unsigned({**staff, "branches": ["br_downtown-lima", "br_miraflores"], "role": "owner"}),
        "tampered signature": f"{header}.{payload}.{('A' if signature[0] != 'A' else 'B') + signature[1:]}",
        "another key": jwt.encode(staff, "not-the-" + stack.jwt_secret, algorithm="HS256"),
        "expired staff": _forge(stack, staff, iat=now - 7200, exp=now - 60),
        "expired diner": _forge(stack, diner, iat=now - 7200, exp=now - 60),
        "wrong audience": _forge(stack, staff, aud="someone-else"),
        "wrong issuer": _forge(stack, staff, iss="https://evil.example"),
        "unknown type": _forge(stack, staff, typ="admin"),
        "diner of a session that does not exist": _forge(stack, diner, sid="01NOSUCHSESSION0000000000"),
    }
    for name, token in forged.items():
        assert _refused_handshake(stack, token) in (401, 403), name

    assert_still_served(http, floor, bystander)


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1.evil.example",
                                    "http://localhost:1"])
def test_a_page_of_another_origin_is_refused_even_with_a_good_token(stack, http, floor, bystander, origin):
    assert _refused_handshake(stack, floor["manager"], origin) == 403

    assert_still_served(http, floor, bystander)


# -- frames on an open connection ------------------------------------------------------------
def _error_reply(socket) -> dict:
    reply = json.loads(socket.recv(timeout=5))
    assert reply["type"] == "error", reply
    assert reply["data"]["code"].isupper() and reply["data"]["message"], reply
    return reply


@pytest.mark.parametrize("frame", [
    "not json", "{", "", "null", "[]", '"ping"', "42", '{"action": "subscribe", "channel": "branch:br_miraflores"}',
    '{"action": ["ping"]}', '{"action": {"$ne": null}}', '{"action": "PING"}', '{"no": "action"}',
    "[" * 12000 + "]" * 12000, '{"a":' * 4000 + "1" + "}" * 4000, "\udcff".encode("utf-8", "surrogatepass").decode("latin-1"),
], ids=["text", "truncated", "empty", "null", "array", "string", "number", "unknown-action", "action-list",
        "action-object", "action-case", "no-action", "deep-array", "deep-object", "odd-bytes"])
def test_malformed_frames_and_unknown_actions_get_an_error_message_and_the_socket_stays_open(
        stack, http, floor, bystander, frame):
    with _open(stack, floor["diner"]) as socket:
        socket.send(frame)
        _error_reply(socket)

        socket.send(json.dumps({"action": "ping"}))  # the same connection still works
        assert json.loads(socket.recv(timeout=5)) == {"type": "pong"}

    assert_still_served(http, floor, bystander)


def test_a_frame_at_the_limit_is_answered(stack, floor):
    with _open(stack, floor["diner"]) as socket:
        socket.send(json.dumps({"action": "x" * (FRAME_LIMIT - 20)}))
        _error_reply(socket)


def test_a_frame_over_the_limit_closes_that_connection_with_1009_and_no_other(stack, http, floor, bystander):
    with _open(stack, floor["diner"]) as socket:
        socket.send(json.dumps({"action": "ping", "pad": "x" * (FRAME_LIMIT + 1)}))
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009

    assert_still_served(http, floor, bystander)


def test_a_binary_frame_closes_that_connection_cleanly(stack, http, floor, bystander):
    with _open(stack, floor["diner"]) as socket:
        socket.send(b"\x00\xff" * 100)
        with pytest.raises(ConnectionClosed) as closed:
            socket.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1003

    assert_still_served(http, floor, bystander)


def test_a_burst_of_garbage_from_many_sockets_leaves_the_server_serving(stack, http, floor, bystander):
    # Ten sockets of two tokens (one token holds five at most: test_throttles_and_sockets.py)
    waiting = http.register("T5", "Luis")["token"]  # a table of its own: a second phone at T36 asks to join
    sockets = [_open(stack, token) for token in (floor["diner"], waiting) for _ in range(5)]
    try:
        for socket in sockets:
            for _ in range(20):
                socket.send("{garbage")
        for socket in sockets:
            for _ in range(20):
                _error_reply(socket)
    finally:
        for socket in sockets:
            socket.close()

    assert_still_served(http, floor, bystander)


def test_a_socket_that_vanishes_mid_frame_leaves_the_server_serving(stack, http, floor, bystander):
    socket = _open(stack, floor["diner"])
    socket.socket.sendall(b"\x81\xfe\x10\x00\x00\x00\x00\x00partial")  # a masked text frame's header and 7 of 4096 bytes
    socket.socket.close()

    assert_still_served(http, floor, bystander)
