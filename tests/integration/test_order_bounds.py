"""Orders have sane bounds (docs/decisions.md): at most 20 portions on a line and 50 in an
order (400 naming the field); an order of more portions than the branch's rule (on by default)
waits for staff; and an order waiting for staff weighs nothing in the other tables' wait
estimates until the floor accepts it."""
from __future__ import annotations

from tests.integration.shapes import assert_error
from tests.integration.test_realtime import deliver, sockets, streams  # noqa: F401 - fixtures

DOWNTOWN = "br_downtown-lima"
KITCHEN = "kitchen@downtown.demo.comanda"


def _order(api, token: str, *lines: tuple[str, int]):
    return api.post("/session/orders", {"items": [{"menuItemId": item, "quantity": qty} for item, qty in lines]},
                    token=token)


def test_orders_out_of_bounds_are_a_400_naming_the_line_or_the_items(api):
    # The bounds themselves (20 a line, 50 an order, nothing stored, staff held to them too):
    # tests/services/test_orders.py. Here: API.md's error shape on both ordering endpoints.
    diner = api.seated_diner(code="T37")
    reply = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 50}] * 50},
                     token=diner["token"])
    assert_error(reply, 400, "INVALID_INPUT", "items[0].quantity")
    reply = _order(api, diner["token"], ("chicha-morada", 2), ("ceviche-clasico", 21))
    assert_error(reply, 400, "INVALID_INPUT", "items[1].quantity")
    assert "20" in reply.body["error"]["message"]
    reply = _order(api, diner["token"], ("ceviche-clasico", 20), ("lomo-saltado", 20), ("chicha-morada", 11))
    assert_error(reply, 400, "INVALID_INPUT", "items")
    assert "50 portions" in reply.body["error"]["message"]
    staff = api.post(f"/staff/sessions/{diner['session_id']}/orders",
                     {"items": [{"menuItemId": "ceviche-clasico", "quantity": 20}] * 3}, token=diner["staff"])
    assert_error(staff, 400, "INVALID_INPUT", "items")
    assert api.get("/session", token=diner["token"]).body["orders"] == []


def test_a_manager_changes_or_switches_off_the_portions_rule(api):
    manager = api.login()
    path = f"/staff/branches/{DOWNTOWN}/order-safety"
    changed = api.call("PUT", path, {"spendingCap": None, "approvalThreshold": None, "approvalPortions": 8}, token=manager)
    assert changed.status == 200 and changed.body["orderSafety"]["approvalPortions"] == 8
    # a body without the field (an older client) leaves it as it is
    kept = api.call("PUT", path, {"spendingCap": 5000, "approvalThreshold": None}, token=manager)
    assert kept.body["orderSafety"] == {"spendingCap": 5000, "approvalThreshold": None, "approvalPortions": 8}
    off = api.call("PUT", path, {"spendingCap": None, "approvalThreshold": None, "approvalPortions": None}, token=manager)
    assert off.body["orderSafety"]["approvalPortions"] is None
    # (orders under the rule switched off, and the default of 20: tests/services/test_orders.py)
    for bad in (0, 51, "many", 2.5):
        assert_error(api.call("PUT", path, {"spendingCap": None, "approvalThreshold": None, "approvalPortions": bad},
                              token=manager), 400, field="approvalPortions")


def test_a_held_order_does_not_lengthen_the_next_table_s_wait_until_it_is_accepted(api, streams, sockets):
    # Given a drink estimated at a quiet kitchen
    manager = api.login()
    api.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety",
             {"spendingCap": None, "approvalThreshold": 10000}, token=manager)
    big_table, next_table = api.seated_diner(code="T10"), api.seated_diner(code="T11", name="Luis")
    quiet = _order(api, next_table["token"], ("chicha-morada", 1)).body["estimate"]
    # When another table's big order waits for staff, and the stream handler has run
    held = _order(api, big_table["token"], ("lomo-saltado", 20), ("ceviche-clasico", 20)).body
    assert held["awaitingApproval"] is True
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    # Then the next table's drink is quoted as before
    after = _order(api, next_table["token"], ("chicha-morada", 1)).body["estimate"]
    assert (after["minMinutes"], after["maxMinutes"]) == (quiet["minMinutes"], quiet["maxMinutes"])
    # And once the floor accepts it, the kitchen has it: the next drink waits behind it
    accepted = api.post(f"/staff/orders/{held['id']}/status", {"status": "accepted"}, token=big_table["staff"])
    assert accepted.status == 200, accepted.body
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    behind = _order(api, next_table["token"], ("chicha-morada", 1)).body["estimate"]
    assert behind["minMinutes"] > quiet["maxMinutes"]
