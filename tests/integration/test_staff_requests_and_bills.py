"""Waiter calls and bill requests reach the floor staff, who acknowledge them; the itemised bill."""
from __future__ import annotations

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
REQUESTS = f"/staff/branches/{DOWNTOWN}/requests"
KITCHEN = "kitchen@downtown.demo.comanda"
UNKNOWN_ID = "01HZZZZZZZZZZZZZZZZZZZZZZZ"


def refusal(reply) -> tuple:
    return reply.status, reply.error["code"], reply.error.get("field")


def place(api, token: str, *lines: tuple[str, int]) -> dict:
    body = {"items": [{"menuItemId": item, "quantity": quantity} for item, quantity in lines]}
    reply = api.post("/session/orders", body, token=token)
    assert reply.status == 201, reply.body
    return reply.body


def ack(api, request_id: str, token: str):
    return api.post(f"/staff/requests/{request_id}/ack", token=token)


# -- requests --------------------------------------------------------------------------------
def test_waiter_calls_and_bill_requests_are_listed_oldest_first_with_their_table(api):
    # Given T3 calls a waiter and then T8 asks for the bill
    t3, t8 = api.seated_diner(code="T3"), api.seated_diner(code="T8")
    call = api.post("/session/waiter-calls", token=t3["token"]).body
    bill = api.post("/session/bill-requests", token=t8["token"]).body

    # When the waiter looks at the open requests
    reply = api.get(REQUESTS, token=t3["staff"])

    # Then both are there, in the order they came
    assert reply.status == 200
    assert [(r["id"], r["kind"], r["tableCode"], r["status"]) for r in reply.body["requests"]] == [
        (call["id"], "waiter", "T3", "open"), (bill["id"], "bill", "T8", "open")]


def test_acknowledging_a_call_takes_it_off_the_list_and_lets_the_table_call_again(api):
    diner = api.seated_diner()
    call = api.post("/session/waiter-calls", token=diner["token"]).body

    reply = ack(api, call["id"], diner["staff"])

    assert reply.status == 200
    assert reply.body["status"] == "acknowledged" and reply.body["acknowledgedAt"]
    assert api.get(REQUESTS, token=diner["staff"]).body["requests"] == []
    again = api.post("/session/waiter-calls", token=diner["token"])
    assert again.status == 201 and again.body["id"] != call["id"]


def test_the_diner_sees_the_bill_request_acknowledged(api):
    diner = api.seated_diner()
    bill = api.post("/session/bill-requests", token=diner["token"]).body

    ack(api, bill["id"], diner["staff"])

    requests = api.get("/session", token=diner["token"]).body["requests"]
    assert [(r["id"], r["status"]) for r in requests] == [(bill["id"], "acknowledged")]


def test_acknowledging_a_request_twice_is_a_conflict(api):
    diner = api.seated_diner()
    call = api.post("/session/waiter-calls", token=diner["token"]).body
    ack(api, call["id"], diner["staff"])

    reply = ack(api, call["id"], diner["staff"])

    assert refusal(reply) == (409, "ILLEGAL_TRANSITION", None)


def test_the_kitchen_cannot_acknowledge_a_request(api):
    diner = api.seated_diner()
    call = api.post("/session/waiter-calls", token=diner["token"]).body

    reply = ack(api, call["id"], api.login(KITCHEN))

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)
    assert [r["id"] for r in api.get(REQUESTS, token=diner["staff"]).body["requests"]] == [call["id"]]


def test_the_kitchen_does_not_see_the_requests(api):
    reply = api.get(REQUESTS, token=api.login(KITCHEN))

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)


def test_a_downtown_manager_cannot_acknowledge_a_miraflores_request(api):
    diner = api.seated_diner(slug="miraflores", code="T4")
    call = api.post("/session/waiter-calls", token=diner["token"]).body

    reply = ack(api, call["id"], api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_another_branch_requests_do_not_exist_for_a_manager(api):
    reply = api.get(f"/staff/branches/{MIRAFLORES}/requests", token=api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_an_unknown_request_is_not_found(api):
    reply = ack(api, UNKNOWN_ID, api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)


# -- the bill --------------------------------------------------------------------------------
def test_the_bill_itemises_every_order_of_the_table_with_who_ordered_it(api):
    # Given Ana and Luis at one table, each ordering
    ana = api.seated_diner(code="T12", name="Ana")
    luis = api.joined_diner(code="T12", name="Luis", allowed_by=ana["staff"])
    first = place(api, ana["token"], ("ceviche-clasico", 2))
    second = place(api, luis["token"], ("lomo-saltado", 1), ("pisco-sour", 3))

    # When the waiter opens the bill
    reply = api.get(f"/staff/sessions/{ana['session_id']}/bill", token=ana["staff"])

    # Then every line is there with its price, quantity and who ordered it, and the subtotal adds up
    assert reply.status == 200
    bill = reply.body
    ordered = first["items"] + second["items"]
    assert [(line["name"], line["quantity"], line["unitPrice"], line["total"], line["orderedBy"])
            for line in bill["lines"]] == [
        (item["name"], item["quantity"], item["unitPrice"], item["unitPrice"] * item["quantity"], who)
        for item, who in zip(ordered, ["Ana", "Luis", "Luis"])]
    assert bill["subtotal"] == bill["total"] == sum(line["total"] for line in bill["lines"]) > 0
    assert bill["currency"] == "PEN"
    assert bill["session"]["id"] == ana["session_id"]


def test_cancelled_items_are_not_on_the_bill(api):
    diner = api.seated_diner()
    order = place(api, diner["token"], ("ceviche-clasico", 1), ("pisco-sour", 2))
    pisco = order["items"][1]
    api.post(f"/staff/orders/{order['id']}/items/{pisco['id']}/status", {"status": "cancelled"}, token=diner["staff"])
    cancelled_order = place(api, diner["token"], ("lomo-saltado", 1))
    api.post(f"/staff/orders/{cancelled_order['id']}/status", {"status": "cancelled"}, token=diner["staff"])

    bill = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body

    assert [line["lineId"] for line in bill["lines"]] == [order["items"][0]["id"]]
    assert bill["subtotal"] == order["items"][0]["total"]


def test_a_table_that_ordered_nothing_has_an_empty_bill(api):
    diner = api.seated_diner()

    bill = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body

    assert (bill["lines"], bill["subtotal"]) == ([], 0)


def test_the_bill_stays_readable_after_the_table_is_closed(api):
    diner = api.seated_diner()
    order = place(api, diner["token"], ("ceviche-clasico", 1))
    api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])

    bill = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body

    assert bill["session"]["status"] == "completed" and bill["subtotal"] == order["subtotal"]


def test_the_kitchen_cannot_see_a_bill(api):
    diner = api.seated_diner()

    reply = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=api.login(KITCHEN))

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)


def test_a_downtown_manager_cannot_see_a_miraflores_bill(api):
    diner = api.seated_diner(slug="miraflores", code="T1")

    reply = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_the_bill_of_an_unknown_session_is_not_found(api):
    reply = api.get(f"/staff/sessions/{UNKNOWN_ID}/bill", token=api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)
