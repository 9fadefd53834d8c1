"""Voids over HTTP: a waiter or manager voids an order or a line with a reason; the reply, the
diner's session and the bill follow; bad input is a 400 naming the field; the kitchen gets a 403.
The rules' variations are proven on the services: tests/services/test_voids.py."""
from __future__ import annotations

from tests.integration.shapes import assert_error

KITCHEN = "kitchen@downtown.demo.comanda"


def place(api, diner: dict, *items: str) -> dict:
    body = {"items": [{"menuItemId": item, "quantity": 1} for item in items]}
    reply = api.post("/session/orders", body, token=diner["token"])
    assert reply.status == 201, reply.body
    return reply.body


def test_a_manager_voids_a_line_and_the_diner_and_the_bill_follow(api):
    # Given a seated table with an order of two dishes
    diner = api.seated_diner(code="T12")
    order = place(api, diner, "ceviche-clasico", "pisco-sour")
    ceviche, pisco = (line["id"] for line in order["items"])

    # When the manager voids the pisco sour: wrong item entered
    reply = api.post(f"/staff/orders/{order['id']}/items/{pisco}/void", {"reason": "wrong_item_entered"},
                     token=diner["staff"])

    # Then the line is cancelled with its reason, and the bill and the diner's session no longer count it
    assert reply.status == 200, reply.body
    voided = next(line for line in reply.body["items"] if line["id"] == pisco)
    assert (voided["status"], voided["void"]["reason"], voided["void"]["amount"]) == (
        "cancelled", "wrong_item_entered", voided["total"])
    assert next(line for line in reply.body["items"] if line["id"] == ceviche)["void"] is None
    bill = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body
    assert [line["lineId"] for line in bill["lines"]] == [ceviche]
    assert bill["total"] == reply.body["total"]
    seen = api.get("/session", token=diner["token"]).body
    mine = next(o for o in seen["orders"] if o["id"] == order["id"])
    assert next(line for line in mine["items"] if line["id"] == pisco)["status"] == "cancelled"


def test_a_whole_order_is_voided_with_other_and_a_note(api):
    diner = api.seated_diner(code="T13")
    order = place(api, diner, "ceviche-clasico")

    reply = api.post(f"/staff/orders/{order['id']}/void", {"reason": "other", "note": "Spilled"}, token=diner["staff"])

    assert reply.status == 200, reply.body
    assert reply.body["status"] == "cancelled" and reply.body["total"] == 0


def test_a_void_without_a_known_reason_or_the_note_other_needs_is_a_400_naming_the_field(api):
    diner = api.seated_diner(code="T14")
    order = place(api, diner, "ceviche-clasico")
    path = f"/staff/orders/{order['id']}/void"

    assert_error(api.post(path, {}, token=diner["staff"]), 400, field="reason")
    assert_error(api.post(path, {"reason": "bored"}, token=diner["staff"]), 400, field="reason")
    assert_error(api.post(path, {"reason": "other"}, token=diner["staff"]), 400, "INVALID_INPUT", "note")
    assert_error(api.post(path, {"reason": "other", "note": "x" * 201}, token=diner["staff"]), 400, field="note")


def test_the_kitchen_cannot_void_and_another_branch_gets_a_404(api):
    diner = api.seated_diner(code="T15")
    order = place(api, diner, "ceviche-clasico")
    path = f"/staff/orders/{order['id']}/void"

    assert_error(api.post(path, {"reason": "out_of_stock"}, token=api.login(KITCHEN)), 403)
    assert_error(api.post(path, {"reason": "out_of_stock"}, token=api.login("waiter@miraflores.demo.comanda")), 404)
    assert_error(api.post(f"/staff/orders/{order['id']}/items/nope/void", {"reason": "out_of_stock"},
                          token=diner["staff"]), 404)
