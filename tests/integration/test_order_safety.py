"""Order safety: a branch's spending cap per session (an order past it is refused, naming the
cap and what remains) and its approval threshold (such an order waits in `pending`, unseen by
the kitchen, until the floor accepts or rejects it)."""
from __future__ import annotations

from tests.integration.shapes import assert_error

DOWNTOWN = "br_downtown-lima"
KITCHEN = "kitchen@downtown.demo.comanda"


def _safety(api, token, cap=None, threshold=None, branch=DOWNTOWN):
    return api.call("PUT", f"/staff/branches/{branch}/order-safety",
                    {"spendingCap": cap, "approvalThreshold": threshold}, token=token)


def _order(api, token, item="lomo-saltado", quantity=1):
    return api.post("/session/orders", {"items": [{"menuItemId": item, "quantity": quantity}]}, token=token)


def _price(api, item):
    menu = api.get("/branches/downtown-lima/menu").body
    return next(i["price"] for c in menu["categories"] for i in c["items"] if i["id"] == item)


def test_managers_set_the_branch_order_safety_and_diners_see_it(api):
    manager = api.login()
    reply = _safety(api, manager, cap=20000, threshold=15000)
    assert reply.status == 200, reply.body
    assert reply.body["orderSafety"] == {"spendingCap": 20000, "approvalThreshold": 15000, "approvalPortions": 20}
    staff_branches = api.get("/staff/branches", token=manager).body["branches"]
    assert next(b for b in staff_branches if b["id"] == DOWNTOWN)["orderSafety"]["spendingCap"] == 20000
    entry = api.get("/branches/downtown-lima/tables/T12").body
    assert entry["branch"]["orderSafety"] == {"spendingCap": 20000, "approvalThreshold": 15000, "approvalPortions": 20}
    assert _safety(api, manager).body["orderSafety"] == {"spendingCap": None, "approvalThreshold": None,
                                                         "approvalPortions": 20}


def test_an_order_past_the_spending_cap_is_refused_naming_the_cap_and_what_remains(api):
    diner = api.seated_diner(code="T29")
    lomo = _price(api, "lomo-saltado")
    _safety(api, diner["staff"], cap=lomo * 3)
    assert _order(api, diner["token"], quantity=2).status == 201
    # When the next order would pass the cap
    refused = _order(api, diner["token"], quantity=2)
    # Then it is refused, naming the cap and the amount left, and nothing is stored
    assert refused.status == 422
    error = refused.body["error"]
    assert (error["code"], error["field"]) == ("SPENDING_CAP_EXCEEDED", "items")
    assert (error["spendingCap"], error["remaining"], error["orderTotal"]) == (lomo * 3, lomo, lomo * 2)
    assert f"{lomo * 3 // 100}." in error["message"] and f"{lomo // 100}." in error["message"]
    assert len(api.get("/session", token=diner["token"]).body["orders"]) == 1
    # And the staff's ordering endpoint answers the same way (the rule: tests/services/test_orders.py)
    staff_order = api.post(f"/staff/sessions/{diner['session_id']}/orders",
                           {"items": [{"menuItemId": "lomo-saltado", "quantity": 2}]}, token=diner["staff"])
    assert staff_order.status == 422 and staff_order.body["error"]["remaining"] == lomo


def test_an_order_above_the_threshold_waits_for_staff_and_the_kitchen_does_not_see_it(api):
    diner = api.seated_diner(code="T31")
    lomo = _price(api, "lomo-saltado")
    _safety(api, diner["staff"], threshold=lomo)
    small = _order(api, diner["token"], quantity=1).body
    big = _order(api, diner["token"], quantity=3).body
    assert (small["awaitingApproval"], big["awaitingApproval"], big["status"]) == (False, True, "pending")
    kitchen = api.login(KITCHEN)
    board = [o["id"] for o in api.get(f"/staff/branches/{DOWNTOWN}/orders", token=kitchen).body["orders"]]
    assert board == [small["id"]]
    pos = [o["id"] for o in api.get(f"/staff/branches/{DOWNTOWN}/orders", token=diner["staff"]).body["orders"]]
    assert big["id"] in pos
    # The kitchen can neither bump it nor accept it; the floor accepts it and the kitchen sees it
    line = big["items"][0]["id"]
    assert_error(api.post(f"/staff/orders/{big['id']}/items/{line}/status", {"status": "preparing"}, token=kitchen), 404)
    assert_error(api.post(f"/staff/orders/{big['id']}/status", {"status": "accepted"}, token=kitchen), 404)
    assert_error(api.post(f"/staff/orders/{big['id']}/items/{line}/status", {"status": "preparing"},
                          token=diner["staff"]), 409, "ORDER_AWAITING_APPROVAL")
    accepted = api.post(f"/staff/orders/{big['id']}/status", {"status": "accepted"}, token=diner["staff"])
    assert accepted.status == 200 and accepted.body["awaitingApproval"] is False
    board = [o["id"] for o in api.get(f"/staff/branches/{DOWNTOWN}/orders", token=kitchen).body["orders"]]
    assert big["id"] in board


def test_a_rejected_order_shows_its_reason_to_the_diner_and_leaves_the_bill(api):
    diner = api.seated_diner(code="T32")
    _safety(api, diner["staff"], threshold=0)
    held = _order(api, diner["token"], quantity=2).body
    rejected = api.post(f"/staff/orders/{held['id']}/reject", {"reason": "Please order at the bar"},
                        token=diner["staff"])
    assert rejected.status == 200, rejected.body
    seen = api.get("/session", token=diner["token"]).body
    assert (seen["orders"][0]["status"], seen["orders"][0]["rejectionReason"]) == ("cancelled", "Please order at the bar")
    assert seen["subtotal"] == 0 and seen["people"] == []
    assert_error(api.post(f"/staff/orders/{held['id']}/reject", {}, token=diner["staff"]), 409, "ILLEGAL_TRANSITION")


def test_order_safety_validation_and_who_may_set_it(api):
    manager = api.login()
    assert_error(api.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety", {"spendingCap": -5, "approvalThreshold": None},
                          token=manager), 400, field="spendingCap")
    assert_error(api.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety", {"spendingCap": "lots", "approvalThreshold": None},
                          token=manager), 400, field="spendingCap")
    assert_error(api.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety", {"spendingCap": 100}, token=manager),
                 400, field="approvalThreshold")
    assert_error(_safety(api, api.login("waiter@miraflores.demo.comanda"), cap=100), 404)
    assert_error(_safety(api, api.login("waiter@miraflores.demo.comanda"), cap=100, branch="br_miraflores"), 403,
                 "ROLE_NOT_ALLOWED")
    assert_error(_safety(api, api.login(KITCHEN), cap=100), 403, "ROLE_NOT_ALLOWED")
    diner = api.seated_diner(code="T33")
    assert_error(_safety(api, diner["token"], cap=100), 403)
    assert_error(api.post("/staff/orders/x/reject", {}, token=diner["token"]), 403)


def test_other_branches_and_the_kitchen_cannot_reject_an_order(api):
    diner = api.seated_diner(code="T34")
    order = _order(api, diner["token"]).body
    assert_error(api.post(f"/staff/orders/{order['id']}/reject", {}, token=api.login("waiter@miraflores.demo.comanda")), 404)
    assert_error(api.post(f"/staff/orders/{order['id']}/reject", {}, token=api.login(KITCHEN)), 403, "ROLE_NOT_ALLOWED")
    assert_error(api.post(f"/staff/orders/{order['id']}/reject", {"reason": "x" * 300}, token=diner["staff"]), 400,
                 field="reason")
