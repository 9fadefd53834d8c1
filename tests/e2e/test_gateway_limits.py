"""The local stack's WebSocket gateway keeps API Gateway's clocks (issue 14): a connection
without a frame from its client for 10 minutes is closed, any connection after 2 hours; the
`$disconnect` runs and the app forgets the connection. Shortened here (`websocket_timing`)."""
from __future__ import annotations

import json
import threading
import time

import pytest
from websockets.exceptions import ConnectionClosed

DOWNTOWN = "br_downtown-lima"
# The idle limit where a screen that pings every 0.3 s must stay open: wide enough that a loaded
# machine's stack, late to read the pings, does not take the pinging screen for an idle one
IDLE_S = 3.0


@pytest.fixture
def timing(stack):
    saved = (stack.websocket_timing.idle_s, stack.websocket_timing.max_s)
    yield stack.websocket_timing
    stack.websocket_timing.idle_s, stack.websocket_timing.max_s = saved


def _closed_within(screen, seconds: float, ping_every: float | None = None) -> tuple[int, str]:
    """Waits for the server to close the socket (pinging meanwhile if asked): (code, reason)."""
    started = time.monotonic()
    next_ping = started + (ping_every or seconds * 2)
    while time.monotonic() - started < seconds:
        if ping_every and time.monotonic() >= next_ping:
            try:
                screen.socket.send(json.dumps({"action": "ping"}))
            except ConnectionClosed:
                pass
            next_ping += ping_every
        try:
            screen.socket.recv(timeout=0.1)
        except TimeoutError:
            continue
        except ConnectionClosed as closed:
            assert closed.rcvd is not None, "closed without a close frame"
            return closed.rcvd.code, closed.rcvd.reason
    raise AssertionError(f"still open after {seconds}s")


def _forgotten(connections, channel: str, before: set[str], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if set(connections.listeners(channel)) <= before:
            return True
        time.sleep(0.05)
    return False


def test_a_connection_that_sends_nothing_is_closed_as_idle_and_forgotten(stack, http, listen, timing):
    from chalicelib.bootstrap import repositories

    connections, channel = repositories().connections, f"kitchen:{DOWNTOWN}"
    before = set(connections.listeners(channel))
    # Given the gateway's idle limit (10 minutes on AWS) at one second
    timing.idle_s = 1.0
    # When a kitchen screen opens and never sends a frame
    token = http.login("kitchen@downtown.demo.comanda")
    opened = time.monotonic()  # before the connection: what follows cannot make it look shorter
    screen = listen(token)
    # Then the gateway closes it with 1001 Going away, and $disconnect unsubscribes it
    code, reason = _closed_within(screen, 5.0)
    assert (code, reason) == (1001, "Going away") and time.monotonic() - opened >= 0.8
    assert _forgotten(connections, channel, before)


def test_pushes_do_not_keep_a_connection_alive_but_its_pings_do(stack, http, listen, timing):
    manager, kitchen = http.login(), http.login("kitchen@downtown.demo.comanda")
    session_id = http.register("T19", "Push")["session"]["id"]
    http.post(f"/staff/sessions/{session_id}/approve", token=manager)
    timing.idle_s = IDLE_S
    # Given a screen that pings every 0.3 s (as the pages do, on a timer of their own) and one
    # that only receives
    pinging, silent = listen(kitchen), listen(kitchen)
    stop = threading.Event()

    def keep_pinging() -> None:
        while not stop.is_set():
            pinging.socket.send(json.dumps({"action": "ping"}))
            stop.wait(0.3)

    pinger = threading.Thread(target=keep_pinging, daemon=True)
    pinger.start()
    started = time.monotonic()
    # When orders are pushed to both while the first pings, for twice the idle limit
    try:
        while time.monotonic() - started < 2 * IDLE_S:
            http.post(f"/staff/sessions/{session_id}/orders", {"items": [{"menuItemId": "tequenos", "quantity": 1}]},
                      token=manager)
            time.sleep(0.4)
    finally:
        stop.set()
        pinger.join(5)
    # Then only the silent one was closed as idle; the pinging one still answers
    assert _closed_within(silent, IDLE_S) == (1001, "Going away")
    heard = pinging.drain(0.2)
    assert sum(m["type"] == "pong" for m in heard) >= 5  # its pings were answered all along
    pinging.socket.send(json.dumps({"action": "ping"}))
    assert pinging.next_of("pong", timeout=5)  # would raise if the gateway had closed it
    http.post(f"/staff/sessions/{session_id}/close", token=manager)


def test_any_connection_ends_at_the_gateways_maximum_duration(stack, http, listen, timing):
    # Given the two-hour limit at 1.5 seconds
    timing.max_s = 1.5
    # When a screen stays busy, pinging every 0.3 s
    token = http.login("kitchen@downtown.demo.comanda")
    opened = time.monotonic()  # before the connection (CI once took 0.6 s from it to listen's return)
    screen = listen(token)
    # Then it is closed all the same, at the limit
    code, reason = _closed_within(screen, 6.0, ping_every=0.3)
    assert (code, reason) == (1001, "Going away") and time.monotonic() - opened >= 1.0
