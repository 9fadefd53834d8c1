"""The spending cap holds exactly when orders arrive together: the check and the write are one
conditional write on the session's running total (docs/decisions.md), so parallel orders from
the phones of one table can never pass the cap between them."""
from __future__ import annotations

import threading

from chalicelib import bootstrap
from chalicelib.domain.errors import SpendingCapExceeded
from chalicelib.domain.orders import LineRequest
from chalicelib.services import ordering

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
