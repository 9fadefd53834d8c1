"""The spending cap holds exactly when orders arrive together: the check and the write are one
conditional write on the session's running total (docs/decisions.md), so parallel orders from
the phones of one table can never pass the cap between them."""
from __future__ import annotations

import threading

import boto3

from chalicelib import bootstrap
from chalicelib.domain.errors import SpendingCapExceeded
from chalicelib.domain.orders import LineRequest
from chalicelib.services import ordering
from chalicelib.store.models import SessionRecord

DOWNTOWN = "br_downtown-lima"
PARALLEL = 6


def _price(api, item: str) -> int:
    menu = api.get("/branches/downtown-lima/menu").body
    return next(i["price"] for c in menu["categories"] for i in c["items"] if i["id"] == item)


def _place_together(token: str, item: str, how_many: int) -> tuple[list, list]:
    """`how_many` threads place one order each through the real service and repositories on
    moto, released at the same instant. Returns (orders placed, errors raised)."""
    repos = bootstrap.repositories()
    principal = bootstrap.tokens().diner(token)
    start = threading.Barrier(how_many)
    placed, errors, lock = [], [], threading.Lock()

    def one() -> None:
        start.wait()
        try:
            order = ordering.place_order(repos, principal, [LineRequest(menu_item_id=item, quantity=1)])
        except Exception as exc:  # noqa: BLE001 - every outcome is collected and asserted on
            with lock:
                errors.append(exc)
        else:
            with lock:
                placed.append(order)

    threads = [threading.Thread(target=one) for _ in range(how_many)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return placed, errors


def test_six_parallel_orders_place_exactly_the_ones_that_fit_under_the_cap(api):
    # Given a table with a cap that two orders fit under, and not three
    diner = api.seated_diner(code="T35")
    price = _price(api, "lomo-saltado")
    cap = price * 2 + price // 2
    reply = api.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety",
                     {"spendingCap": cap, "approvalThreshold": None}, token=diner["staff"])
    assert reply.status == 200, reply.body
    # When six phones of the table order one dish each at the same instant
    placed, errors = _place_together(diner["token"], "lomo-saltado", PARALLEL)
    # Then exactly two are placed, the four others are refused by the cap (nothing else fails)
    assert len(placed) == 2, f"{len(placed)} orders placed under a cap that fits two"
    assert len(errors) == PARALLEL - 2 and all(isinstance(e, SpendingCapExceeded) for e in errors), errors
    stored = api.get("/session", token=diner["token"]).body
    assert sorted(o["id"] for o in stored["orders"]) == sorted(o.id for o in placed)
    assert stored["subtotal"] == 2 * price <= cap
    # And the session's running total is the placed orders' sum
    assert bootstrap.repositories().sessions.get(diner["session_id"]).ordered_total == 2 * price


def test_parallel_orders_without_a_cap_are_all_placed_and_all_counted(api):
    diner = api.seated_diner(code="T36")
    price = _price(api, "chicha-morada")
    placed, errors = _place_together(diner["token"], "chicha-morada", PARALLEL)
    assert (len(placed), errors) == (PARALLEL, [])
    assert bootstrap.repositories().sessions.get(diner["session_id"]).ordered_total == PARALLEL * price


def _running_total(session_id: str) -> int | None:
    return bootstrap.repositories().sessions.get(session_id).ordered_total


def _order(api, token: str, item: str, quantity: int) -> dict:
    reply = api.post("/session/orders", {"items": [{"menuItemId": item, "quantity": quantity}]}, token=token)
    assert reply.status == 201, reply.body
    return reply.body


def test_cancelled_lines_cancelled_orders_and_rejected_orders_give_their_amount_back(api):
    # Given a table with three orders
    diner = api.seated_diner(code="T35")
    staff = diner["staff"]
    lomo, chicha = _price(api, "lomo-saltado"), _price(api, "chicha-morada")
    first = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 2},
                                                   {"menuItemId": "chicha-morada", "quantity": 3}]},
                     token=diner["token"]).body
    second = _order(api, diner["token"], "lomo-saltado", 1)
    third = _order(api, diner["token"], "chicha-morada", 1)
    assert _running_total(diner["session_id"]) == 3 * lomo + 4 * chicha
    # When the kitchen voids a line, the floor cancels an order and rejects another
    line = first["items"][1]["id"]
    assert api.post(f"/staff/orders/{first['id']}/items/{line}/status", {"status": "cancelled"}, token=staff).status == 200
    assert _running_total(diner["session_id"]) == 3 * lomo + chicha
    assert api.post(f"/staff/orders/{second['id']}/status", {"status": "cancelled"}, token=staff).status == 200
    assert _running_total(diner["session_id"]) == 2 * lomo + chicha
    assert api.post(f"/staff/orders/{third['id']}/reject", {"reason": "No more chicha"}, token=staff).status == 200
    # Then the running total is what the bill still counts
    assert _running_total(diner["session_id"]) == 2 * lomo == api.get("/session", token=diner["token"]).body["subtotal"]
    # And a cancelled order cancelled again gives nothing back twice
    assert api.post(f"/staff/orders/{second['id']}/status", {"status": "cancelled"}, token=staff).status == 409
    assert _running_total(diner["session_id"]) == 2 * lomo


def test_a_session_stored_before_the_running_total_counts_its_orders_at_its_next_order(api):
    # Given a session with an order, stored as sessions were before they kept a running total
    diner = api.seated_diner(code="T36")
    lomo = _price(api, "lomo-saltado")
    _order(api, diner["token"], "lomo-saltado", 2)
    boto3.client("dynamodb", region_name="us-east-1").update_item(
        TableName=SessionRecord.Meta.table_name, Key={"session_id": {"S": diner["session_id"]}},
        UpdateExpression="REMOVE ordered_total")
    assert _running_total(diner["session_id"]) is None
    api.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety",
             {"spendingCap": lomo * 3, "approvalThreshold": None}, token=diner["staff"])
    # When the table orders past the cap, counting what it ordered before: refused
    refused = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 2}]}, token=diner["token"])
    assert (refused.status, refused.body["error"]["code"], refused.body["error"]["remaining"]) == \
        (422, "SPENDING_CAP_EXCEEDED", lomo)
    # Then an order within the cap goes through and the session keeps the total from then on
    _order(api, diner["token"], "lomo-saltado", 1)
    assert _running_total(diner["session_id"]) == 3 * lomo
    # a cancellation on such a session (none kept yet) leaves it without one
    other = api.seated_diner(code="T37")
    placed = _order(api, other["token"], "lomo-saltado", 1)
    boto3.client("dynamodb", region_name="us-east-1").update_item(
        TableName=SessionRecord.Meta.table_name, Key={"session_id": {"S": other["session_id"]}},
        UpdateExpression="REMOVE ordered_total")
    assert api.post(f"/staff/orders/{placed['id']}/status", {"status": "cancelled"}, token=other["staff"]).status == 200
    assert _running_total(other["session_id"]) is None
    _order(api, other["token"], "chicha-morada", 1)
    assert _running_total(other["session_id"]) == _price(api, "chicha-morada")
