"""Faults on the real local stack: concurrent HTTP requests racing on one object, a push that
fails and is retried, and the stream consumer stopping during a rush. Real sockets, real
threads, the app's own conditional writes deciding; nothing of ours is stubbed.

Tables T21..T37 of downtown-lima (this process has its own stack)."""
from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest

DOWNTOWN = "br_downtown-lima"
OWNER, MANAGER, KITCHEN = "owner@demo.comanda", "manager@downtown.demo.comanda", "kitchen@downtown.demo.comanda"


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    """Runs the calls in threads released together by a barrier; returns their results."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def seat(http, code: str, name: str = "Ana") -> dict:
    registered = http.register(code, name)
    assert http.post(f"/staff/sessions/{registered['session']['id']}/approve", token=http.login()).status == 200
    return registered


def order(http, diner: dict, item: str = "ceviche-clasico", quantity: int = 1) -> dict:
    reply = http.post("/session/orders", {"items": [{"menuItemId": item, "quantity": quantity}]}, token=diner["token"])
    assert reply.status == 201, reply.body
    return reply.body


def connection_of(channel: str, open_socket: Callable[[], Any]) -> tuple[Any, str]:
    """Opens a socket and returns it with its connection id (the one new listener of `channel`)."""
    from chalicelib.bootstrap import repositories

    connections = repositories().connections
    before = set(connections.listeners(channel))
    opened = open_socket()
    (new,) = set(connections.listeners(channel)) - before
    return opened, new


def order_messages(messages: list[dict]) -> dict[str, list[tuple[str, int, str]]]:
    """Per order id, the (type, version, line id) of each order message, in arrival order."""
    per_order: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for message in messages:
        data = message.get("data", {})
        if message["type"] in ("order.created", "order.updated"):
            per_order[data["id"]].append((message["type"], data["version"], ""))
        elif message["type"] == "order.item.updated":
            per_order[data["orderId"]].append((message["type"], data["version"], data["lineId"]))
    return per_order


def collect(listener, until: Callable[[list[dict]], bool], timeout: float = 30.0) -> list[dict]:
    """Everything a socket hears until `until(heard)` holds (then a short quiet spell)."""
    heard: list[dict] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not until(heard):
        heard += listener.drain(0.2)
    heard += listener.drain(0.5)  # anything late (a repeat) is caught too
    return heard


# -- races over HTTP -----------------------------------------------------------------------

def test_the_same_order_sent_twice_at_once_with_one_idempotency_key_is_one_order(http):
    diner = seat(http, "T21")
    body = {"items": [{"menuItemId": "lomo-saltado", "quantity": 2}]}
    headers = {"Idempotency-Key": "double-tap-e2e-1"}
    first, second = at_once(*[lambda: http.post("/session/orders", body, token=diner["token"], headers=headers)] * 2)
    # Each answer is the order (the first, or its replay) or "still in progress, retry": never a second order
    answers = [reply for reply in (first, second) if reply.status == 201]
    assert answers and all(r.status in (201, 409) for r in (first, second)), (first, second)
    assert len({reply.body["id"] for reply in answers}) == 1
    retried = http.post("/session/orders", body, token=diner["token"], headers=headers)
    assert (retried.status, retried.body["id"]) == (201, answers[0].body["id"])
    orders = http.get("/session/orders", token=diner["token"]).body["orders"]
    assert [o["id"] for o in orders] == [answers[0].body["id"]]


def test_two_staff_approving_at_once_one_wins_and_the_other_gets_409(http):
    registered = http.register("T22")
    path = f"/staff/sessions/{registered['session']['id']}/approve"
    manager, owner = http.login(MANAGER), http.login(OWNER)
    replies = at_once(lambda: http.post(path, token=manager), lambda: http.post(path, token=owner))
    assert sorted(r.status for r in replies) == [200, 409], replies
    loser = next(r for r in replies if r.status == 409)
    assert loser.body["error"]["code"] and loser.body["error"]["message"]
    session = http.get("/session", token=registered["token"]).body
    assert session["status"] == "active"


def test_two_staff_closing_at_once_one_wins_and_the_other_gets_409(http):
    diner = seat(http, "T23")
    path = f"/staff/sessions/{diner['session']['id']}/close"
    manager, owner = http.login(MANAGER), http.login(OWNER)
    replies = at_once(lambda: http.post(path, token=manager), lambda: http.post(path, token=owner))
    assert sorted(r.status for r in replies) == [200, 409], replies
    assert next(r for r in replies if r.status == 200).body["status"] == "completed"


@pytest.mark.parametrize("code", ["T24", "T25", "T26"])
def test_an_order_placed_while_the_table_closes_is_on_the_bill_or_refused(http, code):
    diner = seat(http, code)
    manager = http.login(MANAGER)
    body = {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]}
    placed, closed = at_once(lambda: http.post("/session/orders", body, token=diner["token"]),
                             lambda: http.post(f"/staff/sessions/{diner['session']['id']}/close", token=manager))
    assert closed.status == 200, closed.body
    assert placed.status in (201, 409), placed.body
    bill = http.get(f"/staff/sessions/{diner['session']['id']}/bill", token=manager).body
    billed = {line["orderId"] for line in bill["lines"]}
    assert billed == ({placed.body["id"]} if placed.status == 201 else set())


# -- the stream: a failing push, a stopped consumer -------------------------------------------

def test_a_push_that_fails_is_retried_the_others_are_delivered_and_repeats_carry_the_same_version(stack, http, listen):
    # Given the kitchen screen and three seated tables, each with its diner's socket
    kitchen, kitchen_id = connection_of(f"kitchen:{DOWNTOWN}", lambda: listen(http.login(KITCHEN)))
    diners = {code: seat(http, code) for code in ("T27", "T28", "T29")}
    sockets = {code: listen(d["token"]) for code, d in diners.items()}
    kitchen.drain(0.5)
    # When three orders land in one stream batch and the kitchen's first push of it fails
    stack.poller.pause()
    try:
        placed = {code: order(http, diner) for code, diner in diners.items()}
        stack.refuse_pushes(kitchen_id, times=1)
    finally:
        stack.poller.resume()
    in_order = [placed[code]["id"] for code in ("T27", "T28", "T29")]
    heard = collect(kitchen, lambda got: set(in_order) <= {m["data"]["id"] for m in got if m["type"] == "order.created"})

    # Then the kitchen hears every order once, in order: the failed record was retried, and
    # its later messages to the kitchen were held back rather than sent ahead of it
    assert [m["data"]["id"] for m in heard if m["type"] == "order.created"] == in_order
    # ... the other screens got their messages in the first delivery, and again in the retry
    # (the stream redelivers from the failed record on): the same message, the same version
    repeats = 0
    for code, listener in sockets.items():
        mine = [m["data"] for m in collect(listener, lambda got: len(got) >= 2, timeout=5) if m["type"] == "order.created"]
        assert {d["id"] for d in mine} == {placed[code]["id"]}  # their own order, no other table's
        assert all(copy == mine[0] for copy in mine) and mine[0]["version"] == 1
        repeats += len(mine) - 1
    assert repeats >= 1


def test_changes_made_while_the_stream_consumer_is_stopped_all_arrive_in_order_once_it_resumes(stack, http, listen):
    # Given the kitchen, the POS and six seated tables with their diners' sockets open
    kitchen, pos = listen(http.login(KITCHEN)), listen(http.login(MANAGER))
    codes = ("T30", "T31", "T32", "T33", "T34", "T35")
    diners = {code: seat(http, code, name=f"Guest {code}") for code in codes}
    sockets = {code: listen(diners[code]["token"]) for code in codes}
    for listener in (kitchen, pos, *sockets.values()):
        listener.drain(0.3)
    cook = http.login(KITCHEN)

    # When the stream consumer stops (a throttled Lambda) during a rush of orders, bumps and calls
    stack.poller.pause()
    try:
        orders: dict[str, list[str]] = {code: [] for code in codes}
        for round_ in range(2):
            for code in codes:
                placed = http.post("/session/orders", {"items": [
                    {"menuItemId": "ceviche-clasico", "quantity": 1},
                    {"menuItemId": "lomo-saltado", "quantity": 1, "notes": f"round {round_}"}]},
                    token=diners[code]["token"]).body
                orders[code].append(placed["id"])
                first, second = (line["id"] for line in placed["items"])
                for line, status in ((first, "preparing"), (first, "ready"), (second, "preparing")):
                    reply = http.post(f"/staff/orders/{placed['id']}/items/{line}/status", {"status": status},
                                      token=cook)
                    assert reply.status == 200, reply.body
        for code in codes[:3]:
            assert http.post("/session/waiter-calls", token=diners[code]["token"]).status == 201
        time.sleep(0.5)
        assert kitchen.drain(0.3) == []  # nothing is pushed while the consumer is stopped
    finally:
        stack.poller.resume()

    # Then every change reaches its screens, in order per order, and none twice
    stored = {o["id"]: o for code in codes for o in http.get("/session/orders", token=diners[code]["token"]).body["orders"]}
    assert len(stored) == 2 * len(codes)

    def complete(heard: list[dict], order_ids: set[str]) -> bool:
        last = {oid: max((v for _, v, _ in seq), default=0) for oid, seq in order_messages(heard).items()}
        return all(last.get(oid) == stored[oid]["version"] for oid in order_ids)

    screens = {"kitchen": (kitchen, set(stored)), "pos": (pos, set(stored)),
               **{code: (sockets[code], set(orders[code])) for code in codes}}
    for name, (listener, expected) in screens.items():
        heard = collect(listener, lambda got, expected=expected: complete(got, expected))
        per_order = order_messages(heard)
        assert set(per_order) == expected, name  # all of its orders, and no other table's
        for order_id, sequence in per_order.items():
            assert sequence[0] == ("order.created", 1, ""), (name, sequence)
            versions = [version for _, version, _ in sequence]
            assert versions == sorted(versions), (name, sequence)  # in order
            assert len(set(sequence)) == len(sequence), (name, sequence)  # never the same message twice
            assert versions[-1] == stored[order_id]["version"] == 4
            lines = [(line, v) for kind, v, line in sequence if kind == "order.item.updated"]
            assert len(lines) == 3, (name, sequence)  # each bump, once
        if name in codes[:3] or name == "pos":
            calls = [m for m in heard if m["type"] == "request.created"]
            assert len(calls) == (3 if name == "pos" else 1), name
