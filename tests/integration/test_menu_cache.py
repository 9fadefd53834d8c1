"""A container keeps the chain's menu it read, under the menu's version (store/menu_cache.py):
whatever staff change is on the very next menu read and the very next order."""
from __future__ import annotations

from datetime import UTC, datetime, timezone

import pytest
from botocore.stub import Stubber

from chalicelib import bootstrap
from chalicelib.domain import clock
from chalicelib.domain.clock import now_iso
from chalicelib.domain.errors import AlreadyExists, ConcurrentUpdate
from chalicelib.domain.menu import BranchItemSetting, Category
from chalicelib.domain.pacing import CategoryPause
from chalicelib.store.dynamodb import transaction_connection
from chalicelib.store.menu import MenuRepository
from chalicelib.store.menu_cache import MenuCache
from tests.conftest import DYNAMO_CALLS, demo_chain

DOWNTOWN = "br_downtown-lima"
MENU = f"/staff/branches/{DOWNTOWN}/menu"
LUNCHTIME = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)  # Monday 12:00 in Lima
CEVICHE, LOMO, SUSPIRO = "ceviche-clasico", "lomo-saltado", "suspiro-limeno"


def chain_id() -> str:
    return f"ch_{demo_chain()['chain']['key']}"


def menu_item(api, item_id: str) -> dict:
    body = api.get("/branches/downtown-lima/menu").body
    return next(i for c in body["categories"] for i in c["items"] if i["id"] == item_id)


def order(api, token: str, item_id: str):
    return api.post("/session/orders", {"items": [{"menuItemId": item_id, "quantity": 1}]}, token=token)


@pytest.fixture
def diner(api):
    """A seated diner at T12 who has read the menu (so this container keeps it) and a manager."""
    clock.set_source(lambda: LUNCHTIME)
    seated = api.seated_diner(code="T12")
    assert menu_item(api, CEVICHE)["available"] is True
    _, calls = DYNAMO_CALLS.measure(lambda: menu_item(api, CEVICHE))
    assert "Query" not in calls  # kept: read again, only its version is
    yield seated
    clock.reset()


def test_an_item_86d_after_the_menu_was_kept_is_unavailable_on_the_next_read_and_order(api, diner):
    # When the manager 86s the ceviche
    assert api.post(f"{MENU}/items/{CEVICHE}/availability", {"available": False}, token=diner["staff"]).status == 200

    # Then the next menu read says so, and the next order of it is refused
    assert menu_item(api, CEVICHE)["available"] is False
    refused = order(api, diner["token"], CEVICHE)
    assert (refused.status, refused.error["code"]) == (422, "ITEM_UNAVAILABLE")

    # And bringing it back is seen as fast
    assert api.post(f"{MENU}/items/{CEVICHE}/availability", {"available": True}, token=diner["staff"]).status == 200
    assert order(api, diner["token"], CEVICHE).status == 201


def test_a_new_branch_price_is_what_the_next_read_shows_and_the_next_order_charges(api, diner):
    # When the manager sets this branch's price of the lomo saltado
    reply = api.post(f"{MENU}/items/{LOMO}/availability", {"available": True, "price": 4321}, token=diner["staff"])
    assert reply.status == 200, reply.body

    # Then
    assert menu_item(api, LOMO)["price"] == 4321
    placed = order(api, diner["token"], LOMO)
    assert placed.status == 201, placed.body
    assert placed.body["items"][0]["unitPrice"] == 4321


def test_a_chain_price_edited_by_the_owner_is_charged_on_the_next_order(api, diner):
    owner = api.login("owner@demo.comanda")
    assert api.patch(f"{MENU}/items/{CEVICHE}", {"price": 5555}, token=owner).status == 200

    assert menu_item(api, CEVICHE)["price"] == 5555
    assert order(api, diner["token"], CEVICHE).body["items"][0]["unitPrice"] == 5555


def test_a_category_paused_by_the_kitchen_cannot_be_ordered_from_at_once(api, diner):
    # Given the diner could order dessert
    assert menu_item(api, SUSPIRO).get("pausedUntil") is None
    # When the kitchen pauses desserts for 5 minutes
    kitchen = api.login("kitchen@downtown.demo.comanda")
    reply = api.call("PUT", f"{MENU}/categories/cat_desserts/pause", {"minutes": 5}, token=kitchen)
    assert reply.status == 200, reply.body

    # Then the next read shows the pause and the next order is refused
    assert menu_item(api, SUSPIRO)["pausedUntil"] == "2026-11-30T17:05:00.000Z"
    refused = order(api, diner["token"], SUSPIRO)
    assert (refused.status, refused.error["code"]) == (422, "KITCHEN_PAUSED")


def test_an_item_window_edited_after_the_menu_was_kept_applies_to_the_next_order(api, diner):
    # When the manager serves the suspiro only in the evening (it is noon in Lima)
    reply = api.call("PUT", f"{MENU}/items/{SUSPIRO}/schedule",
                     {"windows": [{"start": "18:00", "end": "23:00"}]}, token=diner["staff"])
    assert reply.status == 200, reply.body

    # Then
    assert menu_item(api, SUSPIRO)["servedFrom"] == "2026-11-30T23:00:00.000Z"
    refused = order(api, diner["token"], SUSPIRO)
    assert (refused.status, refused.error["code"]) == (422, "ITEM_NOT_SERVED_NOW")


def test_a_change_written_by_another_container_is_seen_at_once(api, diner):
    # When another container (its own repository and cache; nothing tells this one) 86s the ceviche
    elsewhere = MenuRepository(MenuCache())
    elsewhere.save_branch_setting(chain_id(), BranchItemSetting(DOWNTOWN, CEVICHE, available=False), now_iso())

    # Then this container's next read and order see it
    assert menu_item(api, CEVICHE)["available"] is False
    assert order(api, diner["token"], CEVICHE).error["code"] == "ITEM_UNAVAILABLE"


def test_what_a_request_does_to_its_menu_does_not_reach_the_next_request(api, diner):
    # Given a request's copy of the kept menu, changed in place
    mine = bootstrap.repositories().menu.whole_menu(chain_id())
    next(i for i in mine.items if i.id == CEVICHE).price = 1
    mine.items.clear()

    # Then the next reader gets the menu as stored
    again = bootstrap.repositories().menu.whole_menu(chain_id())
    assert next(i for i in again.items if i.id == CEVICHE).price == menu_item(api, CEVICHE)["price"] != 1


# -- two menu writes at once ---------------------------------------------------------------------
# Both change the version item, so DynamoDB may cancel one with a TransactionConflict. Moto
# applies transactions one at a time and never does: botocore's Stubber answers as DynamoDB would.
def _conflict() -> dict:
    return {"CancellationReasons": [{"Code": "None"}, {"Code": "TransactionConflict",
                                                      "Message": "Transaction is ongoing for the item"}]}


def _pause() -> CategoryPause:
    return CategoryPause(DOWNTOWN, "cat_desserts", "2026-11-30T17:05:00.000Z")


def test_a_menu_write_cancelled_by_another_at_the_same_moment_is_sent_again(aws):
    with Stubber(transaction_connection().client) as dynamodb:
        dynamodb.add_client_error("transact_write_items", "TransactionCanceledException", "cancelled",
                                  modeled_fields=_conflict())
        dynamodb.add_response("transact_write_items", {})

        MenuRepository(MenuCache()).save_pause(chain_id(), _pause(), now_iso())

        dynamodb.assert_no_pending_responses()


def test_a_menu_write_that_keeps_losing_is_a_conflict_to_try_again(aws):
    with Stubber(transaction_connection().client) as dynamodb:
        for _ in range(3):
            dynamodb.add_client_error("transact_write_items", "TransactionCanceledException", "cancelled",
                                      modeled_fields=_conflict())

        with pytest.raises(ConcurrentUpdate):
            MenuRepository(MenuCache()).save_pause(chain_id(), _pause(), now_iso())
        dynamodb.assert_no_pending_responses()


def test_a_menu_write_whose_condition_fails_is_not_sent_again(aws):
    failed = {"CancellationReasons": [{"Code": "ConditionalCheckFailed", "Message": "exists"}, {"Code": "None"}]}
    with Stubber(transaction_connection().client) as dynamodb:
        dynamodb.add_client_error("transact_write_items", "TransactionCanceledException", "cancelled",
                                  modeled_fields=failed)

        with pytest.raises(AlreadyExists):
            MenuRepository(MenuCache()).save_category(Category("cat_x", chain_id(), "Specials"), now_iso(), new=True)
        dynamodb.assert_no_pending_responses()
