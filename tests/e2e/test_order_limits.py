"""Order limits on the real local stack, over real HTTP: six phones of one table ordering at
the same instant never pass the spending cap; an order past the bounds is a 400; a big order
waits for staff and does not lengthen the next table's wait meanwhile (issue 13: 3, 5).

Tables T38..T40 and T11 of downtown-lima. The branch's order safety is shared by this process's tests:
each test that changes it puts the defaults back."""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.e2e.test_faults import at_once, seat

DOWNTOWN = "br_downtown-lima"
PHONES = 6


def _price(http, item: str) -> int:
    menu = http.get("/branches/downtown-lima/menu").body
    return next(i["price"] for c in menu["categories"] for i in c["items"] if i["id"] == item)


def _set_safety(http, **rules) -> None:
    body = {"spendingCap": None, "approvalThreshold": None, **rules}  # approvalPortions: as the branch has it
    reply = http.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety", body, token=http.login())
    assert reply.status == 200, reply.body


def _wait_for_queue(condition, timeout: float = 20.0) -> set[str]:
    """The orders of downtown-lima's kitchen queue, read (in this process, where the stack runs)
    until `condition` holds of them: the queue follows the orders' stream, a moment behind."""
    from chalicelib.bootstrap import repositories

    deadline = time.monotonic() + timeout
    while True:
        queued = set(repositories().kitchen_queues.of_branch(DOWNTOWN).orders)
        if condition(queued) or time.monotonic() > deadline:
            assert condition(queued), f"the kitchen queue did not follow the stream within {timeout}s: {queued}"
            return queued
        time.sleep(0.05)


@pytest.fixture
def safety(http) -> Iterator:
    yield lambda **rules: _set_safety(http, **rules)
    _set_safety(http)


def test_six_phones_ordering_at_once_never_pass_the_spending_cap(http, safety):
    # Given a table whose cap fits two lomos and not three
    diner = seat(http, "T38")
    lomo = _price(http, "lomo-saltado")
    safety(spendingCap=lomo * 2 + lomo // 2)
    body = {"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}
    # When six requests for one lomo each arrive at the same instant
    replies = at_once(*[lambda: http.post("/session/orders", body, token=diner["token"])] * PHONES)
    # Then exactly two are placed and four are refused by the cap, in API.md's shape
    statuses = sorted(r.status for r in replies)
    assert statuses == [201, 201] + [422] * (PHONES - 2), [(r.status, r.body) for r in replies]
    refused = [r.body["error"] for r in replies if r.status == 422]
    assert {(e["code"], e["field"], e["remaining"]) for e in refused} == {("SPENDING_CAP_EXCEEDED", "items", lomo // 2)}
    session = http.get("/session", token=diner["token"]).body
    assert len(session["orders"]) == 2 and session["subtotal"] == 2 * lomo


def test_an_order_past_the_bounds_is_a_400_naming_the_field(http):
    diner = seat(http, "T39")
    finding = http.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 50}] * 50},
                        token=diner["token"])
    assert (finding.status, finding.body["error"]["code"], finding.body["error"]["field"]) == \
        (400, "INVALID_INPUT", "items[0].quantity")
    too_many = http.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 20}] * 3},
                         token=diner["token"])
    assert (too_many.status, too_many.body["error"]["field"]) == (400, "items")
    assert http.get("/session", token=diner["token"]).body["orders"] == []


def _drink_through_the_queue(http, diner: dict, drink: dict) -> dict:
    """Places a drink, waits until the kitchen queue has it, cancels it and waits until the queue
    has let it go. The queue follows one stream, in order: once it has taken this drink in and
    out, it has taken in everything stored before (other tests' orders, still flowing on a busy
    machine) and quotes from now on read a settled kitchen."""
    placed = http.post("/session/orders", drink, token=diner["token"]).body
    _wait_for_queue(lambda queued: placed["id"] in queued)
    cancelled = http.post(f"/staff/orders/{placed['id']}/status", {"status": "cancelled"}, token=http.login())
    assert cancelled.status == 200, cancelled.body
    _wait_for_queue(lambda queued: placed["id"] not in queued)
    return placed


def test_a_big_order_waits_for_staff_and_the_next_table_s_drink_is_quoted_as_before(http):
    # Given the default rule (more than 20 portions wait), a settled kitchen queue, and a drink
    # quoted at the next table
    big_table, next_table = seat(http, "T11", "Rosa"), seat(http, "T40", "Luis")
    drink = {"items": [{"menuItemId": "chicha-morada", "quantity": 1}]}
    _drink_through_the_queue(http, next_table, drink)
    probe = http.post("/session/orders", drink, token=next_table["token"]).body
    before = probe["estimate"]
    _wait_for_queue(lambda queued: probe["id"] in queued)
    # When the other table sends 40 portions
    big = http.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 20},
                                                  {"menuItemId": "ceviche-clasico", "quantity": 20}]},
                    token=big_table["token"])
    assert big.status == 201 and big.body["awaitingApproval"] is True, big.body
    # ... and the probe leaves the queue again, so that the two quotes see the same kitchen (a
    # second drink behind the probe would be quoted longer); once the stream has taken the probe
    # out, it has handled the big order too (one stream, in order)
    cancelled = http.post(f"/staff/orders/{probe['id']}/status", {"status": "cancelled"}, token=http.login())
    assert cancelled.status == 200, cancelled.body
    queued = _wait_for_queue(lambda queued: probe["id"] not in queued)
    # Then the kitchen has not got the big order, and the drink is quoted as before
    assert big.body["id"] not in queued
    after = http.post("/session/orders", drink, token=next_table["token"]).body["estimate"]
    assert (after["minMinutes"], after["maxMinutes"]) == (before["minMinutes"], before["maxMinutes"])
    # And the staff see it waiting; rejecting it leaves nothing on the table's bill
    rejected = http.post(f"/staff/orders/{big.body['id']}/reject", {"reason": "Please order in rounds"},
                         token=http.login())
    assert rejected.status == 200, rejected.body
    assert http.get("/session", token=big_table["token"]).body["subtotal"] == 0
