"""The POS and the kitchen display: open orders oldest first, whole-order moves, and the
kitchen's bump of one item, which the order's status follows."""
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
def test_open_orders_are_listed_oldest_first_across_tables(api, diner):
    first = place(api, diner)
    other_table = api.seated_diner(code="T3")
    second = place(api, other_table, "lomo-saltado")
    third = place(api, diner, "pisco-sour")

    assert open_ids(api, diner["staff"]) == [first["id"], second["id"], third["id"]]


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
               for status in ("served", "cancelled", "delivered")}

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


def test_cancelling_an_order_cancels_every_item_and_takes_it_off_the_board(api, diner):
    placed = place(api, diner, "ceviche-clasico", "pisco-sour")

    reply = set_status(api, placed, "cancelled", diner["staff"])

    assert reply.status == 200 and reply.body["status"] == "cancelled"
    assert {i["status"] for i in reply.body["items"]} == {"cancelled"}
    assert reply.body["subtotal"] == 0
    assert open_ids(api, diner["staff"]) == []


def test_marking_an_accepted_order_served_serves_every_item_and_takes_it_off_the_board(api, diner):
    placed = place(api, diner, "ceviche-clasico", "pisco-sour")
    set_status(api, placed, "accepted", diner["staff"])

    reply = set_status(api, placed, "served", diner["staff"])

    assert reply.status == 200 and reply.body["status"] == "served"
    assert {i["status"] for i in reply.body["items"]} == {"served"}
    assert open_ids(api, diner["staff"]) == []


def test_an_illegal_order_move_is_a_conflict(api, diner):
    examples = {  # name: (moves made first, the illegal move)
        "pending to served": ([], "served"),
        "pending to ready": ([], "ready"),
        "cancelled to accepted": (["cancelled"], "accepted"),
        "served to cancelled": (["accepted", "served"], "cancelled"),
        "served to accepted": (["accepted", "served"], "accepted"),
    }
    answers = {}
    for name, (path, target) in examples.items():
        placed = place(api, diner)
        for step in path:
            assert set_status(api, placed, step, diner["staff"]).status == 200

        answers[name] = refusal(set_status(api, placed, target, diner["staff"]))

    assert answers == dict.fromkeys(examples, (409, "ILLEGAL_TRANSITION", None))


def test_an_order_with_a_served_item_cannot_be_cancelled(api, diner):
    # Given an order whose ceviche has been served and whose pisco sour is still being made
    placed = place(api, diner, "ceviche-clasico", "pisco-sour")
    bump(api, placed, 0, "ready", diner["staff"])
    bump(api, placed, 0, "served", diner["staff"])

    # When staff try to cancel the whole order
    reply = set_status(api, placed, "cancelled", diner["staff"])

    # Then it is refused and nothing changed
    assert refusal(reply) == (409, "ILLEGAL_TRANSITION", None)
    order = api.get("/session/orders", token=diner["token"]).body["orders"][0]
    assert [i["status"] for i in order["items"]] == ["served", "pending"]


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
def test_the_order_follows_its_items_from_preparing_to_ready_to_served(api, diner, kitchen):
    # Given an order of a ceviche and a lomo saltado
    placed = place(api, diner, "ceviche-clasico", "lomo-saltado")

    # When the kitchen starts the ceviche, the order is being prepared
    assert bump(api, placed, 0, "preparing", kitchen).body["status"] == "preparing"
    # When the ceviche is ready but the lomo is not started, the order is still being prepared
    assert bump(api, placed, 0, "ready", kitchen).body["status"] == "preparing"
    # When the lomo is ready too, the order is ready
    assert bump(api, placed, 1, "ready", kitchen).body["status"] == "ready"
    # When the waiter serves one dish, the order is not served yet
    assert bump(api, placed, 0, "served", diner["staff"]).body["status"] == "ready"
    assert open_ids(api, kitchen) == [placed["id"]]
    # When the waiter serves the other, the order is served and leaves the board
    served = bump(api, placed, 1, "served", diner["staff"])
    assert served.body["status"] == "served"
    assert [i["status"] for i in served.body["items"]] == ["served", "served"]
    assert open_ids(api, kitchen) == []


def test_the_diner_sees_each_bump_on_their_order(api, diner, kitchen):
    placed = place(api, diner, "ceviche-clasico", "lomo-saltado")

    bump(api, placed, 0, "ready", kitchen)
    bump(api, placed, 1, "preparing", kitchen)

    seen = api.get("/session/orders", token=diner["token"]).body["orders"][0]
    assert seen["status"] == "preparing"
    assert [(i["menuItemId"], i["status"]) for i in seen["items"]] == [
        ("ceviche-clasico", "ready"), ("lomo-saltado", "preparing")]


def test_an_item_bumped_back_from_preparing_to_pending_is_allowed(api, diner, kitchen):
    placed = place(api, diner)
    bump(api, placed, 0, "preparing", kitchen)

    reply = bump(api, placed, 0, "pending", kitchen)

    assert reply.status == 200 and reply.body["items"][0]["status"] == "pending"


def test_cancelling_one_item_leaves_the_rest_of_the_order(api, diner, kitchen):
    placed = place(api, diner, "ceviche-clasico", "pisco-sour")

    reply = bump(api, placed, 1, "cancelled", diner["staff"])

    assert [i["status"] for i in reply.body["items"]] == ["pending", "cancelled"]
    assert reply.body["status"] == "pending"
    assert reply.body["subtotal"] == placed["items"][0]["total"]


def test_an_illegal_item_move_is_a_conflict(api, diner, kitchen):
    examples = {  # name: (moves of the first item made first, the illegal move)
        "pending to served": ([], "served"),
        "served to preparing": (["ready", "served"], "preparing"),
        "cancelled to preparing": (["cancelled"], "preparing"),
    }
    answers = {}
    for name, (path, target) in examples.items():
        placed = place(api, diner, "ceviche-clasico", "pisco-sour")
        for step in path:
            assert bump(api, placed, 0, step, kitchen).status == 200

        answers[name] = refusal(bump(api, placed, 0, target, kitchen))

    assert answers == dict.fromkeys(examples, (409, "ILLEGAL_TRANSITION", None))


def test_an_item_of_a_cancelled_order_cannot_move(api, diner, kitchen):
    placed = place(api, diner)
    set_status(api, placed, "cancelled", diner["staff"])

    reply = bump(api, placed, 0, "preparing", kitchen)

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
