"""A diner scans the table's QR code: the entry page shows the branch, the table and its
active session, and the menu page shows what the branch offers today."""
from __future__ import annotations

import json

import pytest

from tests.conftest import demo_chain
from tests.integration.shapes import assert_error, claims_of

ITEM_FIELDS = {"id", "name", "description", "price", "imageUrl", "thumbUrl", "available", "tags", "allergens"}


def header(reply, name: str) -> str | None:
    return next((value for key, value in reply.headers.items() if key.lower() == name.lower()), None)


def demo_item(key: str) -> dict:
    return next(item for category in demo_chain()["categories"] for item in category["items"] if item["key"] == key)


def menu_items(menu: dict) -> dict[str, dict]:
    return {item["id"]: item for category in menu["categories"] for item in category["items"]}


# -- the table's entry page ------------------------------------------------------------------
def test_entry_page_shows_the_branch_and_the_table_with_no_session(api):
    reply = api.get("/branches/downtown-lima/tables/T12")

    assert reply.status == 200, reply.body
    branch, table = reply.body["branch"], reply.body["table"]
    assert branch["id"] == "br_downtown-lima"
    assert branch["slug"] == "downtown-lima"
    assert branch["name"]
    assert branch["currency"] == "PEN"
    assert branch["languages"] == ["en", "es"]
    assert table["code"] == "T12"
    assert table["label"]
    assert reply.body["activeSession"] is None


@pytest.mark.parametrize("path", [
    "/branches/nowhere/tables/T12",
    "/branches/downtown-lima/tables/T41",
    "/branches/miraflores/tables/T11",
])
def test_entry_page_of_an_unknown_branch_or_table_is_404(api, path):
    assert_error(api.get(path), 404, "NOT_FOUND")


def test_a_table_waiting_for_approval_shows_as_in_use_and_no_more(api):
    # Given a diner who registered at T12 and waits for staff
    assert api.register(code="T12", name="Ana").status == 201

    # Then the entry page says the table is in use, and nothing of who or which session
    active = api.get("/branches/downtown-lima/tables/T12").body["activeSession"]
    assert set(active) == {"status", "startedAt"}
    assert active["status"] == "pending"


def test_entry_page_says_a_seated_table_is_in_use_without_ids_or_names(api):
    # Given Ana seated at T12
    diner = api.seated_diner(code="T12", name="Ana")
    ana_id = claims_of(diner["token"])["sub"]

    # When a stranger reads T12's public entry
    reply = api.get("/branches/downtown-lima/tables/T12")

    # Then it says the table is in use since when, and no session id, customer id or name anywhere
    active = reply.body["activeSession"]
    assert active == {"status": "active", "startedAt": active["startedAt"]}
    assert active["startedAt"].endswith("Z")
    text = json.dumps(reply.body)
    for secret in (diner["session_id"], ana_id, "Ana", "participants", "customerId"):
        assert secret not in text
    # And so it stays once Luis has joined her
    luis = api.joined_diner(code="T12", name="Luis", allowed_by=diner["token"])
    text = json.dumps(api.get("/branches/downtown-lima/tables/T12").body)
    assert luis["customer"]["id"] not in text and "Luis" not in text


def test_entry_page_is_free_again_once_staff_close_the_session(api):
    diner = api.seated_diner(code="T12")
    assert api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"]).status == 200

    assert api.get("/branches/downtown-lima/tables/T12").body["activeSession"] is None


def test_another_tables_session_does_not_show_on_this_table(api):
    api.seated_diner(code="T5")

    assert api.get("/branches/downtown-lima/tables/T12").body["activeSession"] is None


# -- the menu --------------------------------------------------------------------------------
def test_menu_lists_the_four_categories_in_order(api):
    reply = api.get("/branches/downtown-lima/menu")

    assert reply.status == 200, reply.body
    assert reply.body["currency"] == "PEN"
    assert [c["name"] for c in reply.body["categories"]] == ["Appetizers", "Main Course", "Desserts", "Drinks", "Breakfast"]
    assert all(category["items"] for category in reply.body["categories"])
    assert len(menu_items(reply.body)) >= 16


def test_every_menu_item_carries_what_a_card_needs(api):
    items = menu_items(api.get("/branches/downtown-lima/menu").body)

    for item in items.values():
        assert set(item) >= ITEM_FIELDS, item
        assert isinstance(item["name"], str) and item["name"]
        assert isinstance(item["description"], str)
        assert type(item["price"]) is int and item["price"] > 0
        assert isinstance(item["imageUrl"], str) and item["imageUrl"]
        assert isinstance(item["thumbUrl"], str) and item["thumbUrl"] != item["imageUrl"]
        assert type(item["available"]) is bool
        assert isinstance(item["tags"], list) and isinstance(item["allergens"], list)


def test_menu_prices_are_the_chains_in_minor_units(api):
    items = menu_items(api.get("/branches/downtown-lima/menu").body)

    assert items["ceviche-clasico"]["price"] == demo_item("ceviche-clasico")["price"]
    assert items["lomo-saltado"]["price"] == demo_item("lomo-saltado")["price"]


def test_an_item_unavailable_at_one_branch_is_greyed_out_there_only(api):
    downtown = menu_items(api.get("/branches/downtown-lima/menu").body)
    miraflores = menu_items(api.get("/branches/miraflores/menu").body)

    assert downtown["tacu-tacu"]["available"] is False
    assert miraflores["tacu-tacu"]["available"] is True


def test_a_branch_with_its_own_price_shows_it(api):
    downtown = menu_items(api.get("/branches/downtown-lima/menu").body)
    miraflores = menu_items(api.get("/branches/miraflores/menu").body)

    assert downtown["pisco-sour"]["price"] == demo_item("pisco-sour")["price"]
    assert miraflores["pisco-sour"]["price"] == demo_item("pisco-sour")["branchPrices"]["miraflores"]
    assert miraflores["pisco-sour"]["price"] != downtown["pisco-sour"]["price"]


def test_menu_carries_an_etag(api):
    reply = api.get("/branches/downtown-lima/menu")

    etag = header(reply, "ETag")
    assert etag and etag.startswith('"') and etag.endswith('"')


def test_an_unchanged_menu_is_not_sent_again(api):
    # Given a phone that has the menu and its ETag
    etag = header(api.get("/branches/downtown-lima/menu"), "ETag")

    # When it asks again with If-None-Match
    reply = api.get("/branches/downtown-lima/menu", headers={"If-None-Match": etag})

    # Then it gets 304 and no body
    assert reply.status == 304
    assert not reply.body
    assert header(reply, "ETag") == etag


@pytest.mark.parametrize("validator", ["W/{etag}", '"an-older-menu", {etag}'], ids=["weak", "list"])
def test_an_unchanged_menu_is_not_sent_again_whatever_form_the_validator_takes(api, validator):
    etag = header(api.get("/branches/downtown-lima/menu"), "ETag")

    reply = api.get("/branches/downtown-lima/menu", headers={"If-None-Match": validator.format(etag=etag)})

    assert reply.status == 304


def test_marking_an_item_unavailable_changes_the_menus_etag(api):
    # Given a phone holding the downtown menu's ETag
    etag = header(api.get("/branches/downtown-lima/menu"), "ETag")
    # When the kitchen 86s the lomo saltado
    kitchen = api.login("kitchen@downtown.demo.comanda")
    marked = api.post("/staff/branches/br_downtown-lima/menu/items/lomo-saltado/availability",
                      {"available": False}, token=kitchen)
    assert marked.status == 200, marked.body

    # Then the old ETag no longer matches and the item is greyed out
    reply = api.get("/branches/downtown-lima/menu", headers={"If-None-Match": etag})
    assert reply.status == 200
    assert header(reply, "ETag") != etag
    assert menu_items(reply.body)["lomo-saltado"]["available"] is False


def test_menu_of_an_unknown_branch_is_404(api):
    assert_error(api.get("/branches/nowhere/menu"), 404, "NOT_FOUND")
