"""Modifiers, allergens and age-restricted items through the API: the menu shows option groups,
an order's choices are checked and priced by the server (each refusal names its field), old
clients and old stored rows keep working, diners keep allergens to avoid on their profile, and
alcohol is flagged for an ID check on what staff see."""
from __future__ import annotations

import boto3
import pytest

from chalicelib.store.models import MenuItemRecord, MenuVersionRecord, OrderRecord
from tests.conftest import demo_chain
from tests.integration.shapes import assert_error
from tests.integration.test_realtime import Sockets, Streams, connect, deliver

DOWNTOWN = "br_downtown-lima"
MENU = f"/staff/branches/{DOWNTOWN}/menu"
STEAK = "lomo-a-la-parrilla"
DONENESS_MEDIUM = {"groupId": "doneness", "optionId": "medium"}
EGG = {"groupId": "extras", "optionId": "fried-egg"}
AVOCADO = {"groupId": "extras", "optionId": "avocado"}


def spec_of(key: str) -> dict:
    return next(i for c in demo_chain()["categories"] for i in c["items"] if i["key"] == key)


def menu_item(api, key: str, slug: str = "downtown-lima") -> dict:
    menu = api.get(f"/branches/{slug}/menu").body
    return next(i for c in menu["categories"] for i in c["items"] if i["id"] == key)


def steak_line(*options: dict, quantity: int = 1, **extra) -> dict:
    return {"menuItemId": STEAK, "quantity": quantity, "options": list(options), **extra}


def place(api, token: str, *lines: dict):
    return api.post("/session/orders", {"items": list(lines)}, token=token)


def orders_of(api, token: str) -> list[dict]:
    return api.get("/session/orders", token=token).body["orders"]


@pytest.fixture
def diner(api):
    return api.seated_diner(code="T12", name="Ana")


# -- the menu shows the groups -----------------------------------------------------------------
def test_the_menu_shows_the_steaks_option_groups_and_flags_alcohol(api):
    steak = menu_item(api, STEAK)

    assert [g["id"] for g in steak["optionGroups"]] == ["doneness", "extras"]
    doneness, extras = steak["optionGroups"]
    assert (doneness["required"], doneness["minChoices"], doneness["maxChoices"]) == (True, 1, 1)
    assert (extras["required"], extras["minChoices"], extras["maxChoices"]) == (False, 0, 3)
    assert {"id": "avocado", "name": "Avocado", "priceDelta": 450} in extras["options"]
    assert steak["ageRestricted"] is False
    assert menu_item(api, "pisco-sour")["ageRestricted"] is True
    assert menu_item(api, "chilcano")["ageRestricted"] is True
    plain = menu_item(api, "ceviche-clasico")
    assert (plain["optionGroups"], plain["ageRestricted"]) == ([], False)


# -- ordering with options ------------------------------------------------------------------------
def test_the_server_prices_a_line_as_the_item_price_plus_the_chosen_deltas(api, diner):
    reply = place(api, diner["token"], steak_line(DONENESS_MEDIUM, EGG, AVOCADO, quantity=2))

    assert reply.status == 201, reply.body
    [line] = reply.body["items"]
    unit = spec_of(STEAK)["price"] + 300 + 450
    assert (line["unitPrice"], line["total"], reply.body["subtotal"]) == (unit, 2 * unit, 2 * unit)
    assert line["options"] == [
        {"groupId": "doneness", "groupName": "Doneness", "optionId": "medium", "name": "Medium", "priceDelta": 0},
        {"groupId": "extras", "groupName": "Extras", "optionId": "fried-egg", "name": "Fried egg", "priceDelta": 300},
        {"groupId": "extras", "groupName": "Extras", "optionId": "avocado", "name": "Avocado", "priceDelta": 450},
    ]
    assert orders_of(api, diner["token"])[0]["items"][0]["options"] == line["options"]
    assert api.get("/session", token=diner["token"]).body["orders"][0]["items"][0]["options"] == line["options"]


def test_a_client_cannot_send_its_own_price(api, diner):
    reply = place(api, diner["token"], steak_line(DONENESS_MEDIUM, unitPrice=1))
    assert_error(reply, 400, "INVALID_INPUT", "items[0].unitPrice")
    reply = place(api, diner["token"], steak_line({**DONENESS_MEDIUM, "priceDelta": -6000}))
    assert_error(reply, 400, "INVALID_INPUT", "items[0].options[0].priceDelta")
    assert orders_of(api, diner["token"]) == []


# (each code's contract over HTTP; the variations of the rule: tests/services/test_modifiers.py)
@pytest.mark.parametrize(("line", "status", "code", "field"), [
    (steak_line(), 422, "OPTION_CHOICE_INVALID", "items[1].options"),
    (steak_line(DONENESS_MEDIUM, {"groupId": "sauce", "optionId": "bbq"}), 422, "UNKNOWN_OPTION",
     "items[1].options[1].groupId"),
    (steak_line({"groupId": "doneness"}), 400, "INVALID_INPUT", "items[1].options[0].optionId"),
    (steak_line({"groupId": "doneness", "optionId": "me dium"}), 400, "INVALID_INPUT", "items[1].options[0].optionId"),
    ({"menuItemId": STEAK, "quantity": 1, "options": "medium"}, 400, "INVALID_INPUT", "items[1].options"),
    ({"menuItemId": STEAK, "quantity": 1, "options": {"doneness": "medium"}}, 400, "INVALID_INPUT", "items[1].options"),
])
def test_each_bad_choice_is_refused_naming_its_field_and_nothing_is_stored(api, diner, line, status, code, field):
    # Given a good first line, so the error must point at the second
    reply = place(api, diner["token"], {"menuItemId": "chicha-morada", "quantity": 1}, line)

    assert_error(reply, status, code, field)
    assert orders_of(api, diner["token"]) == []


# -- old clients and old rows --------------------------------------------------------------------
def test_an_old_client_orders_an_item_without_options_as_before(api, diner):
    reply = place(api, diner["token"], {"menuItemId": "ceviche-clasico", "quantity": 1})

    assert reply.status == 201, reply.body
    line = reply.body["items"][0]
    assert (line["unitPrice"], line["options"], line["ageRestricted"]) == (spec_of("ceviche-clasico")["price"], [], False)


def test_rows_stored_before_modifiers_still_read(api, diner):
    # Given an order line and a menu item stored before options and ID checks existed
    order = place(api, diner["token"], {"menuItemId": "pisco-sour", "quantity": 1}).body
    boto3.client("dynamodb", region_name="us-east-1").update_item(
        TableName=OrderRecord.Meta.table_name, Key={"order_id": {"S": order["id"]}},
        UpdateExpression="REMOVE #lines[0].#options, #lines[0].#age",
        ExpressionAttributeNames={"#lines": "lines", "#options": "options", "#age": "age_restricted"})
    MenuItemRecord(demo_chain_id(), f"I#{STEAK}").update(
        actions=[MenuItemRecord.option_groups.remove(), MenuItemRecord.age_restricted.remove()])
    # (written by hand, so the menu's version is changed by hand too, as docs/data-model.md asks)
    MenuVersionRecord(demo_chain_id(), MenuVersionRecord.ENTRY).update(
        actions=[MenuVersionRecord.stamp.set("rows-before-modifiers")])

    # Then both read back with no options and no flag
    line = orders_of(api, diner["token"])[0]["items"][0]
    assert (line["options"], line["ageRestricted"]) == ([], False)
    steak = menu_item(api, STEAK)
    assert (steak["optionGroups"], steak["ageRestricted"]) == ([], False)
    assert place(api, diner["token"], {"menuItemId": STEAK, "quantity": 1}).status == 201


def demo_chain_id() -> str:
    return f"ch_{demo_chain()['chain']['key']}"


# -- what staff see -------------------------------------------------------------------------------
def test_the_kitchen_board_and_the_bill_show_options_and_flag_alcohol(api, diner):
    place(api, diner["token"], steak_line(DONENESS_MEDIUM, AVOCADO), {"menuItemId": "pisco-sour", "quantity": 2})
    kitchen = api.login("kitchen@downtown.demo.comanda")

    [order] = api.get(f"/staff/branches/{DOWNTOWN}/orders", token=kitchen).body["orders"]
    steak, pisco = order["items"]
    assert [o["name"] for o in steak["options"]] == ["Medium", "Avocado"]
    assert (steak["ageRestricted"], pisco["ageRestricted"]) == (False, True)

    bill = api.get(f"/staff/sessions/{diner['session_id']}/bill", token=diner["staff"]).body
    assert [o["name"] for o in bill["lines"][0]["options"]] == ["Medium", "Avocado"]
    assert bill["lines"][1]["ageRestricted"] is True
    assert bill["subtotal"] == spec_of(STEAK)["price"] + 450 + 2 * spec_of("pisco-sour")["price"]


def test_the_live_order_message_carries_the_options_to_the_kitchen(api, diner):
    streams, sockets = Streams(), Sockets()
    assert connect(api, api.login("kitchen@downtown.demo.comanda"), connection_id="kitchen")["statusCode"] == 200
    streams.drain()

    place(api, diner["token"], steak_line(DONENESS_MEDIUM, EGG), {"menuItemId": "chilcano", "quantity": 1})
    deliver(streams, sockets)

    [message] = sockets.sent["kitchen"]
    steak, chilcano = message["data"]["items"]
    assert [o["optionId"] for o in steak["options"]] == ["medium", "fried-egg"]
    assert chilcano["ageRestricted"] is True


# -- the owner edits option groups ----------------------------------------------------------------
GROUPS = [
    {"id": "size", "name": "Size", "required": True, "options": [
        {"id": "small", "name": "Small"}, {"id": "large", "name": "Large", "priceDelta": 400}]},
    {"id": "toppings", "name": "Toppings", "maxChoices": 2, "options": [
        {"id": "cinnamon", "name": "Cinnamon", "priceDelta": 0}, {"id": "cream", "name": "Cream", "priceDelta": 250},
        {"id": "nuts", "name": "Nuts", "priceDelta": 300}]},
]


def test_the_owner_adds_an_item_with_option_groups_and_diners_can_order_it(api, diner):
    owner = api.login("owner@demo.comanda")
    created = api.post(f"{MENU}/items", {"categoryId": "cat_desserts", "name": "Helado", "price": 1000,
                                         "optionGroups": GROUPS}, token=owner)
    assert created.status == 201, created.body
    assert [(g["id"], g["required"], g["minChoices"], g["maxChoices"]) for g in created.body["optionGroups"]] == [
        ("size", True, 1, 1), ("toppings", False, 0, 2)]

    reply = place(api, diner["token"], {"menuItemId": created.body["id"], "quantity": 1, "options": [
        {"groupId": "size", "optionId": "large"}, {"groupId": "toppings", "optionId": "cream"}]})
    assert reply.status == 201, reply.body
    assert reply.body["items"][0]["unitPrice"] == 1000 + 400 + 250


def test_the_owner_edits_the_groups_and_alcohol_flag_of_an_item(api):
    owner = api.login("owner@demo.comanda")

    reply = api.patch(f"{MENU}/items/seco-de-res", {"optionGroups": GROUPS[:1], "ageRestricted": True}, token=owner)

    assert reply.status == 200, reply.body
    item = menu_item(api, "seco-de-res")
    assert ([g["id"] for g in item["optionGroups"]], item["ageRestricted"]) == (["size"], True)
    cleared = api.patch(f"{MENU}/items/seco-de-res", {"optionGroups": []}, token=owner)
    assert cleared.body["optionGroups"] == [] and cleared.body["ageRestricted"] is True


# (the schema's refusals and one of the service's; its other rules: tests/services/test_modifiers.py)
@pytest.mark.parametrize(("groups", "field"), [
    ([{**GROUPS[0], "required": True, "minChoices": 0}], "optionGroups[0].required"),
    ([{**GROUPS[1], "required": False, "minChoices": 1}], "optionGroups[0].required"),
    ([{**GROUPS[0], "options": []}], "optionGroups[0].options"),
    ([{**GROUPS[0], "options": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}], "optionGroups[0].options[1].id"),
    ([{**GROUPS[0], "options": [{"id": "a", "name": "A", "priceDelta": -5}]}], "optionGroups[0].options[0].priceDelta"),
    ([{**GROUPS[0], "options": [{"id": "a", "name": "A", "priceDelta": 2.5}]}], "optionGroups[0].options[0].priceDelta"),
    ([{**GROUPS[0], "id": ""}], "optionGroups[0].id"),
    ([{**GROUPS[0], "colour": "red"}], "optionGroups[0].colour"),
])
def test_malformed_option_groups_are_refused_naming_the_field(api, groups, field):
    owner = api.login("owner@demo.comanda")

    reply = api.patch(f"{MENU}/items/seco-de-res", {"optionGroups": groups}, token=owner)

    assert_error(reply, 400, field=field)
    assert menu_item(api, "seco-de-res")["optionGroups"] == []


@pytest.mark.parametrize("email", ["manager@downtown.demo.comanda", "kitchen@downtown.demo.comanda"])
def test_only_who_edits_the_catalogue_edits_option_groups(api, email):
    token = api.login(email)

    reply = api.patch(f"{MENU}/items/seco-de-res", {"optionGroups": GROUPS}, token=token)

    assert reply.status == 403
    assert menu_item(api, "seco-de-res")["optionGroups"] == []


def test_a_diner_token_cannot_edit_option_groups(api, diner):
    reply = api.patch(f"{MENU}/items/seco-de-res", {"optionGroups": GROUPS}, token=diner["token"])
    assert reply.status in (401, 403)


# -- allergens to avoid --------------------------------------------------------------------------
def test_a_diner_keeps_allergens_to_avoid_on_the_profile(api, diner):
    assert api.get("/me", token=diner["token"]).body["avoidAllergens"] == []

    reply = api.patch("/me", {"avoidAllergens": ["fish", "eggs", "fish"]}, token=diner["token"])

    assert reply.status == 200, reply.body
    assert reply.body["avoidAllergens"] == ["fish", "eggs"]
    assert api.get("/me", token=diner["token"]).body["avoidAllergens"] == ["fish", "eggs"]
    assert api.patch("/me", {"name": "Ana María"}, token=diner["token"]).body["avoidAllergens"] == ["fish", "eggs"]
    assert api.patch("/me", {"avoidAllergens": []}, token=diner["token"]).body["avoidAllergens"] == []


@pytest.mark.parametrize(("value", "field"), [
    (["shellfish"], "avoidAllergens[0]"), ("fish", "avoidAllergens"), ([1], "avoidAllergens[0]"),
])
def test_an_unknown_allergen_is_refused_naming_the_field(api, diner, value, field):
    assert_error(api.patch("/me", {"avoidAllergens": value}, token=diner["token"]), 400, "INVALID_INPUT", field)


def test_a_loyalty_diner_finds_their_allergens_at_the_next_visit(api):
    phone = "+51911222333"
    first = api.loyalty_sign_up("/branches/downtown-lima/tables/T12/sessions", name="Lucia", phone=phone)
    api.patch("/me", {"avoidAllergens": ["nuts"]}, token=first["token"])

    later = api.loyalty_sign_up("/branches/miraflores/tables/T2/sessions", name="Lucia", phone=phone)

    assert api.get("/me", token=later["token"]).body["avoidAllergens"] == ["nuts"]


def test_a_quick_diners_allergens_stay_with_that_visit(api):
    first = api.register(code="T12", name="Ana").body
    api.patch("/me", {"avoidAllergens": ["milk"]}, token=first["token"])

    another_visit = api.register(slug="miraflores", code="T2", name="Ana").body

    assert api.get("/me", token=another_visit["token"]).body["avoidAllergens"] == []


def test_openapi_describes_options_groups_and_allergens_to_avoid(api):
    schemas = api.get("/openapi.json").body["components"]["schemas"]

    assert set(schemas["OptionChoiceBody"]["required"]) == {"groupId", "optionId"}
    assert "options" in schemas["OrderLineBody"]["properties"]
    assert {"id", "name", "options"} <= set(schemas["OptionGroupBody"]["required"])
    assert {"optionGroups", "ageRestricted"} <= set(schemas["ItemBody"]["properties"])
    assert {"optionGroups", "ageRestricted"} <= set(schemas["ItemPatchBody"]["properties"])
    assert "avoidAllergens" in schemas["ProfilePatchBody"]["properties"]
