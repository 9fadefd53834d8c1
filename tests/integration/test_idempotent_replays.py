"""A creating request retried with its Idempotency-Key gets the first answer again, whole and
with the same status, even after what it created has moved on; every creating POST that
honours the header, and each kind of sign-up answer (seated, asking to join, loyalty)."""
from __future__ import annotations

from datetime import timedelta

from chalicelib.domain import clock
from tests.integration.conftest import text_messages

DOWNTOWN = "br_downtown-lima"
MENU = f"/staff/branches/{DOWNTOWN}/menu"
OWNER = "owner@demo.comanda"
STEAK_WITH_OPTIONS = {"menuItemId": "lomo-a-la-parrilla", "quantity": 2, "notes": "Sin cebolla",
                      "options": [{"groupId": "doneness", "optionId": "medium"}, {"groupId": "extras", "optionId": "fried-egg"}]}


def twice(api, path: str, body=None, token: str | None = None, key: str = "retry-1", between=None):
    first = api.post(path, body, token=token, headers={"Idempotency-Key": key})
    if between is not None:
        between(first.body)
    again = api.post(path, body, token=token, headers={"Idempotency-Key": key})
    return first, again


def assert_same_answer(first, again, status: int) -> None:
    assert first.status == status, first.body
    assert again.status == status, again.body
    assert again.body == first.body


def test_a_retried_diner_order_answers_the_order_as_it_was_placed(api):
    diner = api.seated_diner(code="T21")
    manager = api.login()

    # Given an order placed with a key, which the kitchen then accepts
    def accept(order):
        assert api.post(f"/staff/orders/{order['id']}/status", {"status": "accepted"}, token=manager).status == 200

    first, again = twice(api, "/session/orders", {"items": [STEAK_WITH_OPTIONS], "notes": "Cumpleaños"},
                         token=diner["token"], between=accept)

    # Then the retry answers what the first call answered (pending, its estimate), not today's state
    assert_same_answer(first, again, 201)
    assert first.body["status"] == "pending" and first.body["estimate"]


def test_a_retried_staff_order_and_seating_answer_the_same(api):
    manager = api.login()
    seat_first, seat_again = twice(api, f"/staff/branches/{DOWNTOWN}/tables/T22/sessions", token=manager)
    assert_same_answer(seat_first, seat_again, 201)

    path = f"/staff/sessions/{seat_first.body['id']}/orders"
    order_first, order_again = twice(api, path, {"items": [STEAK_WITH_OPTIONS]}, token=manager)
    assert_same_answer(order_first, order_again, 201)


def test_a_retried_category_and_item_answer_the_same(api):
    owner = api.login(OWNER)
    category_first, category_again = twice(api, f"{MENU}/categories", {"name": "Specials", "position": 3},
                                           token=owner)
    assert_same_answer(category_first, category_again, 201)

    item = {"categoryId": category_first.body["id"], "name": "Tiradito", "price": 3900, "tags": ["new"],
            "allergens": ["fish"], "optionGroups": [{"id": "heat", "name": "Heat", "required": True, "options": [
                {"id": "mild", "name": "Mild"}, {"id": "hot", "name": "Hot", "priceDelta": 100}]}],
            "prepMinutes": 12}
    item_first, item_again = twice(api, f"{MENU}/items", item, token=owner, key="retry-2")
    assert_same_answer(item_first, item_again, 201)


def test_a_retried_quick_sign_up_answers_the_same_seat(api):
    first, again = twice(api, "/branches/downtown-lima/tables/T23/sessions", {"mode": "quick", "name": "Ana"})

    assert_same_answer(first, again, 201)
    assert first.body["token"] and first.body["deviceKey"]


def test_a_retried_sign_up_at_a_table_in_use_answers_the_same_request_to_join(api):
    # Given a table in use, a moment after it was opened
    api.seated_diner(code="T24")
    clock.travel(timedelta(seconds=5))

    # When a new phone's sign-up is retried later with its key
    first, again = twice(api, "/branches/downtown-lima/tables/T24/sessions", {"mode": "quick", "name": "Luis"},
                         between=lambda _: clock.travel(timedelta(seconds=30)))

    # Then the retry answers the same request to join, as it stood
    assert_same_answer(first, again, 202)
    assert first.body["joinRequest"]["status"] == "waiting" and first.body["requestToken"]


def test_a_retried_loyalty_sign_up_answers_the_same_and_texts_the_phone_once(api):
    phone = "+51987650023"
    first, again = twice(api, "/branches/downtown-lima/tables/T25/sessions",
                         {"mode": "loyalty", "name": "Lucia", "phone": phone})

    assert_same_answer(first, again, 201)
    assert first.body["phoneVerification"]["status"] == "sent"
    assert len(text_messages(phone)) == 1
