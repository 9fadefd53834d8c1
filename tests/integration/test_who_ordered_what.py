"""Who ordered what: every order (and so each line) belongs to a participant; the diners'
session and the staff bill split the lines by person with a subtotal each."""
from __future__ import annotations

DOWNTOWN = "br_downtown-lima"


def _order(api, token, item, quantity=1):
    reply = api.post("/session/orders", {"items": [{"menuItemId": item, "quantity": quantity}]}, token=token)
    assert reply.status == 201, reply.body
    return reply.body


def _two_diners(api, code="T12"):
    ana = api.seated_diner(code=code)
    luis = api.joined_diner(code=code, name="Luis", allowed_by=ana["token"])
    return ana, luis


def test_the_session_splits_the_table_by_person_with_a_subtotal_each(api):
    # Given Ana and Luis at one table, each ordering
    ana, luis = _two_diners(api)
    ceviche = _order(api, ana["token"], "ceviche-clasico", 2)
    lomo = _order(api, luis["token"], "lomo-saltado")
    _order(api, ana["token"], "pisco-sour")

    # When either of them reads the session
    session = api.get("/session", token=luis["token"]).body

    # Then the lines are grouped by person, in the order they first ordered, each with a subtotal
    people = session["people"]
    assert [p["name"] for p in people] == ["Ana", "Luis"]
    assert people[1]["customerId"] == luis["customer"]["id"]
    assert [line["name"] for line in people[0]["lines"]][0] == ceviche["items"][0]["name"]
    assert len(people[0]["lines"]) == 2
    assert people[1]["subtotal"] == lomo["total"]
    assert sum(p["subtotal"] for p in people) == session["subtotal"]


def test_the_staff_bill_splits_by_person_without_customer_ids(api):
    ana, luis = _two_diners(api, code="T6")
    _order(api, ana["token"], "ceviche-clasico")
    lomo = _order(api, luis["token"], "lomo-saltado", 2)

    bill = api.get(f"/staff/sessions/{ana['session_id']}/bill", token=ana["staff"]).body

    assert [(p["name"], p["subtotal"]) for p in bill["people"]][1] == ("Luis", lomo["total"])
    assert all("customerId" not in p for p in bill["people"])
    assert sum(p["subtotal"] for p in bill["people"]) == bill["total"]
    assert bill["lines"][0]["orderedBy"] == "Ana"  # the old flat shape still works


def test_a_cancelled_line_leaves_its_persons_share(api):
    ana, luis = _two_diners(api, code="T7")
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1},
                                                   {"menuItemId": "pisco-sour", "quantity": 1}]},
                     token=ana["token"]).body
    line = order["items"][1]
    reply = api.post(f"/staff/orders/{order['id']}/items/{line['id']}/status", {"status": "cancelled"}, token=ana["staff"])
    assert reply.status == 200

    people = api.get("/session", token=ana["token"]).body["people"]

    assert [(p["name"], [l["name"] for l in p["lines"]]) for p in people] == [("Ana", [order["items"][0]["name"]])]
    assert people[0]["subtotal"] == order["items"][0]["total"]
