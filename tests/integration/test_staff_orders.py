"""The POS and the kitchen display: open orders oldest first, whole-order moves, and the
kitchen's bump of one item, which the order's status follows. Each endpoint's contract and
errors are shown here; the state machine's variations (every illegal move, how the order follows
its lines, whole-order moves, the list's order and filter) are proven on the services:
tests/services/test_floor.py."""
from __future__ import annotations

import pytest

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
ORDERS = f"/staff/branches/{DOWNTOWN}/orders"
KITCHEN = "kitchen@downtown.demo.comanda"
UNKNOWN_ID = "01HZZZZZZZZZZZZZZZZZZZZZZZ"


def refusal(reply) -> tuple:
    return reply.status, reply.error["code"], reply.error.get("field")


def place(api, diner: dict, *items: str) -> dict:
    body = {"items": [{"menuItemId": item, "quantity": 1} for item in items or ("ceviche-clasico",)]}
    reply = api.post("/session/orders", body, token=diner["token"])
    assert reply.status == 201, reply.body
    return reply.body


def set_status(api, order: dict, status: str, token: str):
    return api.post(f"/staff/orders/{order['id']}/status", {"status": status}, token=token)


def bump(api, order: dict, line: int, status: str, token: str):
    return api.post(f"/staff/orders/{order['id']}/items/{order['items'][line]['id']}/status", {"status": status},
                    token=token)


def open_ids(api, token: str, query: str = "") -> list[str]:
    reply = api.get(ORDERS + query, token=token)
    assert reply.status == 200, reply.body
    return [o["id"] for o in reply.body["orders"]]


@pytest.fixture
def diner(api):
    return api.seated_diner(code="T12")


@pytest.fixture
def kitchen(api):
    return api.login(KITCHEN)


# -- the list --------------------------------------------------------------------------------
def test_an_open_order_shows_its_table_items_and_who_ordered(api, diner):
    placed = place(api, diner, "ceviche-clasico", "pisco-sour")

    listed = api.get(ORDERS, token=diner["staff"]).body["orders"][0]

    assert (listed["id"], listed["tableCode"], listed["status"], listed["orderedBy"]) == (
        placed["id"], "T12", "pending", "Ana")
    assert [(i["menuItemId"], i["status"]) for i in listed["items"]] == [
        ("ceviche-clasico", "pending"), ("pisco-sour", "pending")]
    assert listed["subtotal"] == placed["subtotal"]


def test_the_list_can_be_narrowed_to_one_open_status(api, diner):
    waiting = place(api, diner)
    accepted = place(api, diner, "lomo-saltado")
    set_status(api, accepted, "accepted", diner["staff"])

    assert open_ids(api, diner["staff"], "?status=pending") == [waiting["id"]]
    assert open_ids(api, diner["staff"], "?status=accepted") == [accepted["id"]]


def test_only_open_states_may_filter_the_list(api):
    manager = api.login()

    answers = {status: refusal(api.get(f"{ORDERS}?status={status}", token=manager))
               for status in ("cancelled", "delivered")}  # served: the recall list (test_kitchen_recall)

    assert answers == dict.fromkeys(answers, (400, "INVALID_INPUT", "status"))


def test_the_kitchen_display_reads_the_open_orders(api, diner, kitchen):
    placed = place(api, diner)

    assert open_ids(api, kitchen) == [placed["id"]]


def test_another_branch_orders_do_not_exist_for_a_manager(api):
    reply = api.get(f"/staff/branches/{MIRAFLORES}/orders", token=api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)


# -- whole-order moves -----------------------------------------------------------------------
def test_staff_accept_a_pending_order(api, diner):
    placed = place(api, diner)

    reply = set_status(api, placed, "accepted", diner["staff"])

    assert reply.status == 200 and reply.body["status"] == "accepted"
    assert api.get("/session/orders", token=diner["token"]).body["orders"][0]["status"] == "accepted"


def test_an_illegal_order_move_is_a_conflict(api, diner):
    placed = place(api, diner)

    reply = set_status(api, placed, "served", diner["staff"])  # pending to served

    assert refusal(reply) == (409, "ILLEGAL_TRANSITION", None)


def test_an_invalid_order_status_names_the_status_field(api, diner):
    placed = place(api, diner)
    examples = {"pending": {"status": "pending"}, "an unknown word": {"status": "eaten"}, "a number": {"status": 3},
                "missing": {}}

    answers = {name: refusal(api.post(f"/staff/orders/{placed['id']}/status", body, token=diner["staff"]))
               for name, body in examples.items()}

    assert answers == dict.fromkeys(examples, (400, "INVALID_INPUT", "status"))


def test_an_unknown_order_is_not_found(api):
    reply = api.post(f"/staff/orders/{UNKNOWN_ID}/status", {"status": "accepted"}, token=api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_another_branch_order_does_not_exist_for_a_manager(api):
    miraflores_diner = api.seated_diner(slug="miraflores", code="T2")
    placed = place(api, miraflores_diner)

    reply = set_status(api, placed, "cancelled", api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)
    assert api.get("/session/orders", token=miraflores_diner["token"]).body["orders"][0]["status"] == "pending"


# -- the kitchen's bump ------------------------------------------------------------------------
def test_the_diner_sees_each_bump_on_their_order(api, diner, kitchen):
    placed = place(api, diner, "ceviche-clasico", "lomo-saltado")

    bump(api, placed, 0, "ready", kitchen)
    bump(api, placed, 1, "preparing", kitchen)

    seen = api.get("/session/orders", token=diner["token"]).body["orders"][0]
    assert seen["status"] == "preparing"
    assert [(i["menuItemId"], i["status"]) for i in seen["items"]] == [
        ("ceviche-clasico", "ready"), ("lomo-saltado", "preparing")]


def test_an_illegal_item_move_is_a_conflict(api, diner, kitchen):
    placed = place(api, diner)

    reply = bump(api, placed, 0, "served", kitchen)  # pending to served

    assert refusal(reply) == (409, "ILLEGAL_TRANSITION", None)


def test_an_unknown_item_of_an_order_is_not_found(api, diner, kitchen):
    placed = place(api, diner)

    reply = api.post(f"/staff/orders/{placed['id']}/items/{UNKNOWN_ID}/status", {"status": "ready"}, token=kitchen)

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_the_downtown_kitchen_cannot_bump_a_miraflores_order(api, kitchen):
    placed = place(api, api.seated_diner(slug="miraflores", code="T2"))

    reply = bump(api, placed, 0, "preparing", kitchen)

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_an_invalid_item_status_names_the_status_field(api, diner, kitchen):
    placed = place(api, diner)
    line = f"/staff/orders/{placed['id']}/items/{placed['items'][0]['id']}/status"
    examples = {"an unknown word": {"status": "done"}, "an order status": {"status": "accepted"}, "missing": {}}

    answers = {name: refusal(api.post(line, body, token=kitchen)) for name, body in examples.items()}

    assert answers == dict.fromkeys(examples, (400, "INVALID_INPUT", "status"))
