"""Closing a table over HTTP (issue 16): the open dishes are voided or kept as served, the payment
is recorded and checked against the bill (400 naming the field), and nothing of the table stays
on the POS or the kitchen's list. Variations: tests/services/test_closing.py."""
from __future__ import annotations

from tests.integration.shapes import assert_error

DOWNTOWN = "br_downtown-lima"
KITCHEN = "kitchen@downtown.demo.comanda"


def place(api, diner: dict, *items: str) -> dict:
    reply = api.post("/session/orders", {"items": [{"menuItemId": i, "quantity": 1} for i in items]}, token=diner["token"])
    assert reply.status == 201, reply.body
    return reply.body


def test_closing_voids_the_open_dishes_records_a_split_payment_and_nothing_lingers(api):
    # Given T12 with a dish the kitchen has not finished
    diner = api.seated_diner(code="T12")
    served, open_order = place(api, diner, "pisco-sour"), place(api, diner, "ceviche-clasico")
    api.post(f"/staff/orders/{served['id']}/status", {"status": "ready"}, token=diner["staff"])
    api.post(f"/staff/orders/{served['id']}/status", {"status": "served"}, token=diner["staff"])
    due = served["total"]

    # When the manager closes it: voiding the ceviche, paid by card and cash with a 500 tip
    reply = api.post(f"/staff/sessions/{diner['session_id']}/close", {
        "openItems": "void", "voidReason": "out_of_stock",
        "payments": [{"method": "card", "amount": due}, {"method": "cash", "amount": 500}], "tip": 500,
    }, token=diner["staff"])

    # Then the session is completed with its payment, the ceviche is voided, and no order is open
    assert reply.status == 200, reply.body
    assert reply.body["status"] == "completed"
    assert reply.body["payment"] == {"billTotal": due, "tip": 500, "paid": due + 500, "at": reply.body["endedAt"],
                                     "payments": [{"method": "card", "amount": due}, {"method": "cash", "amount": 500}]}
    for token in (diner["staff"], api.login(KITCHEN)):
        listed = api.get(f"/staff/branches/{DOWNTOWN}/orders", token=token).body["orders"]
        assert open_order["id"] not in [o["id"] for o in listed]
    seen = api.get("/session", token=diner["token"]).body
    voided = next(o for o in seen["orders"] if o["id"] == open_order["id"])
    assert (voided["status"], voided["items"][0]["void"]["reason"]) == ("cancelled", "out_of_stock")


def test_a_payment_off_the_bill_is_a_400_naming_the_field_and_the_table_stays_open(api):
    diner = api.seated_diner(code="T13")
    order = place(api, diner, "ceviche-clasico")
    close = f"/staff/sessions/{diner['session_id']}/close"

    assert_error(api.post(close, {"openItems": "serve", "payments": [{"method": "card", "amount": 1}]},
                          token=diner["staff"]), 400, "INVALID_INPUT", "payments")
    assert_error(api.post(close, {"payments": [{"method": "coins", "amount": order["total"]}]},
                          token=diner["staff"]), 400, field="payments[0].method")
    assert_error(api.post(close, {"payments": [{"method": "cash", "amount": "12"}]},
                          token=diner["staff"]), 400, field="payments[0].amount")
    assert_error(api.post(close, {"tip": -5}, token=diner["staff"]), 400, field="tip")
    assert_error(api.post(close, {"openItems": "void"}, token=diner["staff"]), 400, field="voidReason")
    assert_error(api.post(close, {"openItems": "void", "voidReason": "other"}, token=diner["staff"]), 400,
                 field="voidNote")
    assert api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body["session"]["status"] == "active"


def test_a_close_without_a_body_keeps_the_old_shape_and_leaves_no_order_open(api):
    diner = api.seated_diner(code="T14")
    order = place(api, diner, "ceviche-clasico")

    reply = api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])

    assert reply.status == 200, reply.body
    assert reply.body["payment"] is None
    listed = api.get(f"/staff/branches/{DOWNTOWN}/orders", token=diner["staff"]).body["orders"]
    assert order["id"] not in [o["id"] for o in listed]
