"""Menu management: categories and items of the chain, the one-tap 86 and branch prices, photo uploads."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from chalicelib.config import settings

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
MENU = f"/staff/branches/{DOWNTOWN}/menu"
KITCHEN = "kitchen@downtown.demo.comanda"
OWNER = "owner@demo.comanda"
CATEGORY_IDS = ["cat_appetizers", "cat_main-course", "cat_desserts", "cat_drinks", "cat_breakfast"]
NEW_ITEM = {"categoryId": "cat_drinks", "name": "Emoliente", "description": "Hot barley and herb tea with lime",
            "price": 900, "tags": ["vegan"], "allergens": []}


def refusal(reply) -> tuple:
    return reply.status, reply.error["code"], reply.error.get("field")


def public_menu(api, slug: str = "downtown-lima") -> dict:
    reply = api.get(f"/branches/{slug}/menu")
    assert reply.status == 200, reply.body
    return reply.body


def public_item(api, item_id: str, slug: str = "downtown-lima") -> dict | None:
    items = [item for category in public_menu(api, slug)["categories"] for item in category["items"]]
    return next((item for item in items if item["id"] == item_id), None)


def availability(api, item_id: str, body: dict, token: str, branch_id: str = DOWNTOWN):
    return api.post(f"/staff/branches/{branch_id}/menu/items/{item_id}/availability", body, token=token)


@pytest.fixture
def manager(api):
    return api.login()


@pytest.fixture
def kitchen(api):
    return api.login(KITCHEN)


@pytest.fixture
def owner(api):
    """The chain's catalogue (items, categories, photos) is edited by who holds every branch."""
    return api.login(OWNER)


def test_a_manager_of_one_branch_cannot_change_the_catalogue_other_branches_share(api, manager):
    # Given the downtown manager (Miraflores serves the same items)
    # When they try to add, rename or delete catalogue entries
    answers = [
        api.post(f"{MENU}/categories", {"name": "Specials"}, token=manager),
        api.post(f"{MENU}/items", NEW_ITEM, token=manager),
        api.patch(f"{MENU}/items/lomo-saltado", {"name": "Lomo"}, token=manager),
        api.delete(f"{MENU}/items/pisco-sour", token=manager),
        api.post(f"{MENU}/items/lomo-saltado/image-upload", {"contentType": "image/jpeg"}, token=manager),
    ]
    # Then each is refused, and Miraflores's menu is untouched
    assert [(a.status, a.error["code"]) for a in answers] == [(403, "FORBIDDEN")] * 5
    assert public_item(api, "pisco-sour", "miraflores") is not None


# -- reading ---------------------------------------------------------------------------------
def test_staff_read_the_branch_menu_with_its_categories_in_order(api, manager):
    reply = api.get(MENU, token=manager)

    assert reply.status == 200
    assert [c["id"] for c in reply.body["categories"]] == CATEGORY_IDS
    assert reply.body["currency"] == "PEN" and reply.body["branch"]["id"] == DOWNTOWN
    items = {i["id"]: i for c in reply.body["categories"] for i in c["items"]}
    assert items["tacu-tacu"]["available"] is False
    assert items["ceviche-clasico"]["available"] is True


def test_the_kitchen_reads_the_menu_too(api, kitchen):
    assert api.get(MENU, token=kitchen).status == 200


def test_another_branch_menu_does_not_exist_for_a_manager(api, manager):
    reply = api.get(f"/staff/branches/{MIRAFLORES}/menu", token=manager)

    assert refusal(reply) == (404, "NOT_FOUND", None)


# -- categories ------------------------------------------------------------------------------
def test_a_new_category_appears_on_the_menu(api, owner):
    reply = api.post(f"{MENU}/categories", {"name": "Specials", "position": 9}, token=owner)

    assert reply.status == 201
    assert (reply.body["name"], reply.body["position"]) == ("Specials", 9) and reply.body["id"]
    shown = public_menu(api)["categories"]
    assert [(c["id"], c["name"], c["items"]) for c in shown][-1] == (reply.body["id"], "Specials", [])


def test_a_retried_category_create_with_the_same_idempotency_key_creates_one_category(api, owner):
    key = {"Idempotency-Key": "tablet-7-specials-1"}

    first = api.post(f"{MENU}/categories", {"name": "Specials"}, token=owner, headers=key)
    retried = api.post(f"{MENU}/categories", {"name": "Specials"}, token=owner, headers=key)

    assert retried.body["id"] == first.body["id"]
    assert [c["name"] for c in public_menu(api)["categories"]].count("Specials") == 1


def test_a_renamed_category_shows_its_new_name(api, owner):
    reply = api.patch(f"{MENU}/categories/cat_desserts", {"name": "Postres"}, token=owner)

    assert reply.status == 200 and reply.body["name"] == "Postres"
    assert next(c["name"] for c in public_menu(api)["categories"] if c["id"] == "cat_desserts") == "Postres"


def test_a_category_with_an_invalid_field_is_refused(api, owner):
    examples = {
        "missing name": ({}, "name"),
        "blank name": ({"name": "   "}, "name"),
        "long name": ({"name": "x" * 81}, "name"),
        "negative position": ({"name": "Specials", "position": -1}, "position"),
        "position as text": ({"name": "Specials", "position": "1"}, "position"),
        "unknown field": ({"name": "Specials", "colour": "red"}, "colour"),
    }

    answers = {name: refusal(api.post(f"{MENU}/categories", body, token=owner))
               for name, (body, _) in examples.items()}

    assert answers == {name: (400, "INVALID_INPUT", field) for name, (_, field) in examples.items()}
    assert [c["id"] for c in public_menu(api)["categories"]] == CATEGORY_IDS


def test_renaming_a_category_to_a_blank_name_is_refused(api, owner):
    reply = api.patch(f"{MENU}/categories/cat_desserts", {"name": ""}, token=owner)

    assert refusal(reply) == (400, "INVALID_INPUT", "name")


def test_renaming_an_unknown_category_is_not_found(api, owner):
    reply = api.patch(f"{MENU}/categories/cat_nothing", {"name": "Nada"}, token=owner)

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_an_empty_category_can_be_deleted(api, owner):
    created = api.post(f"{MENU}/categories", {"name": "Specials"}, token=owner).body

    reply = api.delete(f"{MENU}/categories/{created['id']}", token=owner)

    assert reply.status == 204
    assert [c["id"] for c in public_menu(api)["categories"]] == CATEGORY_IDS


def test_a_category_that_still_has_items_cannot_be_deleted(api, owner):
    reply = api.delete(f"{MENU}/categories/cat_drinks", token=owner)

    assert refusal(reply) == (409, "CONFLICT", None)
    assert "cat_drinks" in [c["id"] for c in public_menu(api)["categories"]]


def test_deleting_an_unknown_category_is_not_found(api, owner):
    reply = api.delete(f"{MENU}/categories/cat_nothing", token=owner)

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_the_kitchen_cannot_edit_categories(api, kitchen):
    reply = api.post(f"{MENU}/categories", {"name": "Specials"}, token=kitchen)

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)


# -- items -----------------------------------------------------------------------------------
def test_a_new_item_appears_on_the_menu_at_its_price(api, owner):
    reply = api.post(f"{MENU}/items", {**NEW_ITEM, "allergens": ["milk", "nuts"]}, token=owner)

    assert reply.status == 201
    created = reply.body
    assert (created["name"], created["price"], created["categoryId"], created["available"]) == (
        "Emoliente", 900, "cat_drinks", True)
    shown = public_item(api, created["id"])
    assert (shown["name"], shown["price"], shown["tags"], shown["available"]) == ("Emoliente", 900, ["vegan"], True)
    assert shown["allergens"] == ["milk", "nuts"]
    assert public_item(api, created["id"], "miraflores")["price"] == 900


def test_an_item_price_must_be_whole_minor_units(api, owner):
    prices = {"a float": 12.5, "a string": "12", "negative": -1, "null": None, "too much": 10_000_001}

    answers = {name: refusal(api.post(f"{MENU}/items", {**NEW_ITEM, "price": price}, token=owner))
               for name, price in prices.items()}

    assert answers == dict.fromkeys(prices, (400, "INVALID_INPUT", "price"))
    assert "Emoliente" not in [i["name"] for c in public_menu(api)["categories"] for i in c["items"]]


def test_an_item_costing_nothing_is_allowed(api, owner):
    reply = api.post(f"{MENU}/items", {**NEW_ITEM, "name": "Agua de la casa", "price": 0}, token=owner)

    assert reply.status == 201 and reply.body["price"] == 0


def test_an_item_with_an_invalid_field_is_refused(api, owner):
    examples = {
        "blank name": ({**NEW_ITEM, "name": ""}, "name"),
        "long description": ({**NEW_ITEM, "description": "x" * 501}, "description"),
        "too many tags": ({**NEW_ITEM, "tags": ["t"] * 11}, "tags"),
        "odd image key": ({**NEW_ITEM, "imageKey": "../../etc/passwd?"}, "imageKey"),
        "no price": ({key: value for key, value in NEW_ITEM.items() if key != "price"}, "price"),
        "unknown allergen": ({**NEW_ITEM, "allergens": ["milk", "cilantro"]}, "allergens[1]"),
        "unknown category": ({**NEW_ITEM, "categoryId": "cat_nothing"}, "categoryId"),
    }

    answers = {name: refusal(api.post(f"{MENU}/items", body, token=owner)) for name, (body, _) in examples.items()}

    assert answers == {name: (400, "INVALID_INPUT", field) for name, (_, field) in examples.items()}
    assert "Emoliente" not in [i["name"] for c in public_menu(api)["categories"] for i in c["items"]]


def test_editing_an_item_changes_only_the_fields_given(api, owner):
    before = public_item(api, "lomo-saltado")

    reply = api.patch(f"{MENU}/items/lomo-saltado", {"name": "Lomo Saltado Clásico", "price": 4200}, token=owner)

    assert reply.status == 200
    after = public_item(api, "lomo-saltado")
    assert (after["name"], after["price"]) == ("Lomo Saltado Clásico", 4200)
    assert (after["description"], after["allergens"], after["imageUrl"]) == (
        before["description"], before["allergens"], before["imageUrl"])


def test_an_invalid_item_edit_is_refused_and_changes_nothing(api, owner):
    before = public_item(api, "lomo-saltado")
    examples = {
        "price as text": ({"price": "12"}, "price"),
        "price as float": ({"price": 12.5}, "price"),
        "unknown category": ({"categoryId": "cat_nothing"}, "categoryId"),
        "unknown allergen": ({"allergens": ["cilantro"]}, "allergens[0]"),
    }

    answers = {name: refusal(api.patch(f"{MENU}/items/lomo-saltado", change, token=owner))
               for name, (change, _) in examples.items()}

    assert answers == {name: (400, "INVALID_INPUT", field) for name, (_, field) in examples.items()}
    assert public_item(api, "lomo-saltado") == before


def test_editing_an_unknown_item_is_not_found(api, owner):
    assert refusal(api.patch(f"{MENU}/items/nothing", {"price": 100}, token=owner)) == (404, "NOT_FOUND", None)


def test_a_deleted_item_leaves_the_menu_of_every_branch(api, owner):
    reply = api.delete(f"{MENU}/items/pisco-sour", token=owner)

    assert reply.status == 204
    assert public_item(api, "pisco-sour") is None
    assert public_item(api, "pisco-sour", "miraflores") is None
    assert refusal(api.delete(f"{MENU}/items/pisco-sour", token=owner)) == (404, "NOT_FOUND", None)


def test_the_kitchen_cannot_create_edit_or_delete_items(api, kitchen):
    answers = {
        "create": refusal(api.post(f"{MENU}/items", NEW_ITEM, token=kitchen)),
        "edit": refusal(api.patch(f"{MENU}/items/pisco-sour", {"price": 1}, token=kitchen)),
        "delete": refusal(api.delete(f"{MENU}/items/pisco-sour", token=kitchen)),
    }

    assert answers == dict.fromkeys(answers, (403, "ROLE_NOT_ALLOWED", None))
    assert public_item(api, "pisco-sour") is not None


def test_a_manager_cannot_edit_items_through_another_branch(api, manager):
    reply = api.patch(f"/staff/branches/{MIRAFLORES}/menu/items/pisco-sour", {"price": 1}, token=manager)

    assert refusal(reply) == (404, "NOT_FOUND", None)


# -- the one-tap 86 and branch prices ----------------------------------------------------------
def test_the_kitchen_86s_an_item_and_diners_see_it_unavailable(api, kitchen):
    # Given the kitchen runs out of ceviche
    reply = availability(api, "ceviche-clasico", {"available": False}, kitchen)

    # Then it is unavailable on the downtown menu, and still on offer at Miraflores
    assert reply.status == 200 and reply.body["available"] is False and reply.body["id"] == "ceviche-clasico"
    assert public_item(api, "ceviche-clasico")["available"] is False
    assert public_item(api, "ceviche-clasico", "miraflores")["available"] is True


def test_a_diner_ordering_an_86ed_item_gets_422_naming_it(api, kitchen):
    diner = api.seated_diner()
    availability(api, "ceviche-clasico", {"available": False}, kitchen)

    reply = api.post("/session/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 1},
                                                   {"menuItemId": "ceviche-clasico", "quantity": 1}]},
                     token=diner["token"])

    assert refusal(reply) == (422, "ITEM_UNAVAILABLE", "items[1].menuItemId")
    assert api.get("/session/orders", token=diner["token"]).body["orders"] == []


def test_the_kitchen_cannot_set_a_branch_price(api, kitchen):
    before = public_item(api, "pisco-sour")["price"]

    reply = availability(api, "pisco-sour", {"available": True, "price": 1}, kitchen)

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)
    assert public_item(api, "pisco-sour")["price"] == before


def test_a_manager_sets_the_branch_price_that_diners_see_and_pay(api, manager):
    # Given the lomo saltado's price, the same at both branches
    price = public_item(api, "lomo-saltado")["price"]
    assert public_item(api, "lomo-saltado", "miraflores")["price"] == price

    # When the downtown manager sets downtown's own price
    reply = availability(api, "lomo-saltado", {"available": True, "price": price + 500}, manager)

    # Then downtown's menu shows it, an order is priced with it, and Miraflores keeps the chain price
    assert reply.status == 200 and reply.body["price"] == price + 500
    assert public_item(api, "lomo-saltado")["price"] == price + 500
    assert public_item(api, "lomo-saltado", "miraflores")["price"] == price
    diner = api.seated_diner()
    ordered = api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 2}]},
                       token=diner["token"])
    assert ordered.body["items"][0]["unitPrice"] == price + 500 and ordered.body["subtotal"] == 2 * (price + 500)


def test_an_invalid_availability_change_names_the_field(api, manager):
    examples = {
        "missing available": ({}, "available"),
        "float price": ({"available": False, "price": 12.5}, "price"),
        "text price": ({"available": False, "price": "12"}, "price"),
        "negative price": ({"available": True, "price": -1}, "price"),
    }

    answers = {name: refusal(availability(api, "pisco-sour", body, manager)) for name, (body, _) in examples.items()}

    assert answers == {name: (400, "INVALID_INPUT", field) for name, (_, field) in examples.items()}
    assert public_item(api, "pisco-sour")["available"] is True


def test_86ing_an_unknown_item_is_not_found(api, kitchen):
    assert refusal(availability(api, "nothing", {"available": False}, kitchen)) == (404, "NOT_FOUND", None)


def test_the_downtown_kitchen_cannot_86_an_item_at_miraflores(api, kitchen):
    reply = availability(api, "pisco-sour", {"available": False}, kitchen, branch_id=MIRAFLORES)

    assert refusal(reply) == (404, "NOT_FOUND", None)
    assert public_item(api, "pisco-sour", "miraflores")["available"] is True


# -- photos ----------------------------------------------------------------------------------
def test_a_photo_upload_gets_a_presigned_put_url_for_the_item(api, owner):
    reply = api.post(f"{MENU}/items/lomo-saltado/image-upload", {"contentType": "image/jpeg"}, token=owner)

    assert reply.status == 201
    upload = reply.body
    assert upload["method"] == "PUT" and upload["headers"] == {"Content-Type": "image/jpeg"}
    assert upload["imageKey"].startswith("menu/") and upload["imageKey"].endswith(".jpg")
    assert "lomo-saltado" in upload["imageKey"] and upload["maxBytes"] > 0
    url = urlparse(upload["uploadUrl"])
    assert settings.bucket in url.netloc + url.path and f"media/{upload['imageKey']}" in url.path
    assert "Signature" in url.query or "X-Amz-Signature" in url.query


def test_the_uploaded_photo_is_shown_once_the_item_names_it(api, owner):
    upload = api.post(f"{MENU}/items/lomo-saltado/image-upload", {"contentType": "image/png"}, token=owner).body

    api.patch(f"{MENU}/items/lomo-saltado", {"imageKey": upload["imageKey"]}, token=owner)

    shown = public_item(api, "lomo-saltado")
    assert shown["imageUrl"].endswith(upload["imageKey"])
    assert shown["thumbUrl"].endswith(upload["imageKey"].replace(".png", ".thumb.png"))


def test_a_photo_of_an_unsupported_type_is_refused(api, owner):
    examples = {"a gif": {"contentType": "image/gif"}, "a pdf": {"contentType": "application/pdf"}, "missing": {}}

    answers = {name: refusal(api.post(f"{MENU}/items/lomo-saltado/image-upload", body, token=owner))
               for name, body in examples.items()}

    assert answers == dict.fromkeys(examples, (400, "INVALID_INPUT", "contentType"))


def test_a_photo_upload_for_an_unknown_item_is_not_found(api, owner):
    reply = api.post(f"{MENU}/items/nothing/image-upload", {"contentType": "image/jpeg"}, token=owner)

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_a_photo_upload_through_another_branch_is_not_found(api, manager):
    reply = api.post(f"/staff/branches/{MIRAFLORES}/menu/items/lomo-saltado/image-upload",
                     {"contentType": "image/jpeg"}, token=manager)

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_the_kitchen_cannot_upload_photos(api, kitchen):
    reply = api.post(f"{MENU}/items/lomo-saltado/image-upload", {"contentType": "image/jpeg"}, token=kitchen)

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)


def test_an_owner_manages_the_menu_of_either_branch(api):
    owner = api.login(OWNER)

    reply = availability(api, "pisco-sour", {"available": False}, owner, branch_id=MIRAFLORES)

    assert reply.status == 200
    assert public_item(api, "pisco-sour", "miraflores")["available"] is False
    assert public_item(api, "pisco-sour")["available"] is True
