"""bench/load.py's verdict (issue #15: a correctness check under load, not a speed target):
PASS only when every order was placed and every screen of the branch (the ordering diner's,
every POS and kitchen socket) heard its order.created exactly once, with no 5xx and no socket
closed by the server; how fast the stand-in went does not decide it."""
from __future__ import annotations

from collections import Counter

import pytest

from tests.unit.bench_scripts import bench_script


@pytest.fixture(scope="module")
def load():
    with bench_script("bench_load", "load.py") as module:
        yield module


def floor(load):
    """Two tables of one branch with a diner each, the branch's POS and kitchen, and another
    branch's kitchen (which must not hear these orders)."""
    screens = [load.Screen("diner", "br_a", "T1"), load.Screen("diner", "br_a", "T2"),
               load.Screen("pos", "br_a"), load.Screen("kitchen", "br_a"), load.Screen("kitchen", "br_b")]
    placed = [load.Placed("T1", "br_a", sent=1.0, answered=1.1, status=201, order_id="o1"),
              load.Placed("T2", "br_a", sent=2.0, answered=2.1, status=201, order_id="o2")]
    return screens, placed


def hear(screens, order_id, *indexes):
    for index in indexes:
        screens[index].heard[order_id].append(3.0)


def test_every_order_heard_once_where_it_should_passes(load):
    screens, placed = floor(load)
    hear(screens, "o1", 0, 2, 3)
    hear(screens, "o2", 1, 2, 3)
    verdict = load.judge(placed, screens, Counter({201: 2}))
    assert verdict.passed and verdict.summary == "PASS"
    assert (verdict.expected, verdict.lost, verdict.repeats) == (6, 0, 0)


@pytest.mark.parametrize("spoil, reason", [
    (lambda load, screens, placed, statuses: screens[3].heard.pop("o2"), "1 pushes lost"),
    (lambda load, screens, placed, statuses: hear(screens, "o1", 2), "1 pushes repeated"),
    (lambda load, screens, placed, statuses: setattr(screens[0], "closed", True), "1 sockets closed by the server"),
    (lambda load, screens, placed, statuses: (
        placed.append(load.Placed("T1", "br_a", sent=4.0, answered=4.2, status=503)), statuses.update({503: 1})),
     "1 of 3 orders not placed, 1 5xx"),
], ids=["lost", "repeated", "socket-closed", "5xx"])
def test_a_lost_repeated_refused_or_dropped_message_fails(load, spoil, reason):
    screens, placed = floor(load)
    hear(screens, "o1", 0, 2, 3)
    hear(screens, "o2", 1, 2, 3)
    statuses = Counter({201: 2})
    spoil(load, screens, placed, statuses)
    verdict = load.judge(placed, screens, statuses)
    assert not verdict.passed
    assert verdict.summary == f"FAIL: {reason}"
