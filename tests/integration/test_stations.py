"""Kitchen stations over HTTP (issue 16): the menu lists them and where each category and item goes,
staff with the catalogue route a category or an item (400 naming `station` for one the chain does
not have), order items carry their `station`, and a station reads its own all-day counts and
finishes its own items. The rules themselves: tests/unit/test_stations.py, tests/services/test_stations.py."""
from __future__ import annotations

from tests.integration.shapes import assert_error

MENU = "/staff/branches/br_downtown-lima/menu"
COUNTS = "/staff/branches/br_downtown-lima/all-day-counts"


def _category(menu: dict, category_id: str) -> dict:
    return next(c for c in menu["categories"] if c["id"] == category_id)


def _item(menu: dict, item_id: str) -> dict:
    return next(i for c in menu["categories"] for i in c["items"] if i["id"] == item_id)


def test_the_kds_reads_the_stations_and_where_each_dish_goes(api):
    kitchen = api.login("kitchen@downtown.demo.comanda")

    menu = api.get(MENU, token=kitchen)
    stations = api.get(MENU + "/stations", token=kitchen)

    assert menu.status == 200 and stations.status == 200, (menu.body, stations.body)
    assert menu.body["stations"] == stations.body["stations"] == [{"id": "kitchen", "name": "Kitchen"},
                                                                  {"id": "bar", "name": "Bar"}]
    assert _category(menu.body, "cat_drinks")["station"] == "bar"
    assert _category(menu.body, "cat_main-course")["station"] == "kitchen"
    assert (_item(menu.body, "pisco-sour")["station"], _item(menu.body, "pisco-sour")["stationOverride"]) == ("bar", None)


def test_the_owner_routes_a_category_and_an_item_and_the_menu_follows(api):
    owner = api.login("owner@demo.comanda")

    category = api.patch(MENU + "/categories/cat_desserts", {"station": "bar"}, token=owner)
    item = api.patch(MENU + "/items/ceviche-clasico", {"station": "bar"}, token=owner)

    assert category.status == 200 and category.body["station"] == "bar", category.body
    assert item.status == 200 and item.body["stationOverride"] == "bar", item.body
    menu = api.get(MENU, token=owner).body
    assert _item(menu, "picarones")["station"] == "bar"
    assert (_item(menu, "ceviche-clasico")["station"], _item(menu, "ceviche-clasico")["stationOverride"]) == ("bar", "bar")
    cleared = api.patch(MENU + "/items/ceviche-clasico", {"station": ""}, token=owner)
    assert cleared.status == 200 and cleared.body["stationOverride"] is None
    assert _item(api.get(MENU, token=owner).body, "ceviche-clasico")["station"] == "kitchen"


def test_an_unknown_or_malformed_station_is_a_400_naming_it_and_changes_nothing(api):
    owner = api.login("owner@demo.comanda")
    before = api.get(MENU, token=owner).body["version"]

    assert_error(api.patch(MENU + "/categories/cat_drinks", {"station": "grill"}, token=owner), 400, "INVALID_INPUT", "station")
    assert_error(api.patch(MENU + "/items/pisco-sour", {"station": "grill", "price": 1}, token=owner),
                 400, "INVALID_INPUT", "station")
    assert_error(api.post(MENU + "/items", {"categoryId": "cat_drinks", "name": "Chilcano doble", "price": 3000,
                                            "station": "grill"}, token=owner), 400, "INVALID_INPUT", "station")
    assert_error(api.post(MENU + "/categories", {"name": "Cócteles", "station": "Bar <b>"}, token=owner),
                 400, "INVALID_INPUT", "station")
    assert_error(api.get(COUNTS + "?station=grill", token=owner), 400, "INVALID_INPUT", "station")
    assert api.get(MENU, token=owner).body["version"] == before


def test_a_manager_of_one_branch_cannot_route_the_chains_categories(api):
    manager = api.login("manager@downtown.demo.comanda")
    assert api.patch(MENU + "/categories/cat_drinks", {"station": "kitchen"}, token=manager).status == 403


def test_order_items_carry_their_station_and_each_station_counts_its_own(api):
    diner = api.seated_diner(code="T36")
    placed = api.post("/session/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 2},
                                                    {"menuItemId": "lomo-saltado", "quantity": 1}]}, token=diner["token"])
    assert placed.status == 201, placed.body
    assert [(i["menuItemId"], i["station"]) for i in placed.body["items"]] == [("pisco-sour", "bar"), ("lomo-saltado", "kitchen")]
    kitchen = api.login("kitchen@downtown.demo.comanda")

    bar_counts = api.get(COUNTS + "?station=bar", token=kitchen)
    kitchen_counts = api.get(COUNTS + "?station=kitchen", token=kitchen)

    assert bar_counts.body["counts"] == [{"menuItemId": "pisco-sour", "name": "Pisco Sour", "quantity": 2}]
    assert kitchen_counts.body["counts"] == [{"menuItemId": "lomo-saltado", "name": "Lomo Saltado", "quantity": 1}]
    listed = api.get("/staff/branches/br_downtown-lima/orders", token=kitchen).body["orders"]
    assert [i["station"] for o in listed if o["id"] == placed.body["id"] for i in o["items"]] == ["bar", "kitchen"]


def test_the_bars_all_ready_readies_the_bars_items_only(api):
    diner = api.seated_diner(code="T37")
    placed = api.post("/session/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 1},
                                                    {"menuItemId": "lomo-saltado", "quantity": 1}]}, token=diner["token"])
    kitchen = api.login("kitchen@downtown.demo.comanda")
    status = f"/staff/orders/{placed.body['id']}/status"

    reply = api.post(status, {"status": "ready", "station": "bar"}, token=kitchen)

    assert reply.status == 200, reply.body
    assert [(i["menuItemId"], i["status"]) for i in reply.body["items"]] == [("pisco-sour", "ready"), ("lomo-saltado", "pending")]
    assert reply.body["status"] == "preparing"
    assert_error(api.post(status, {"status": "ready", "station": "bar"}, token=kitchen), 409, "ILLEGAL_TRANSITION")
    assert_error(api.post(status, {"status": "served", "station": "kitchen"}, token=kitchen), 400, "INVALID_INPUT", "station")


def test_the_owner_sets_the_chains_stations(api):
    owner = api.login("owner@demo.comanda")
    stations = [{"id": "kitchen", "name": "Kitchen"}, {"id": "bar", "name": "Bar"}, {"id": "cold", "name": "Cold side"}]

    reply = api.call("PUT", MENU + "/stations", {"stations": stations}, token=owner)

    assert reply.status == 200 and reply.body["stations"] == stations, reply.body
    assert api.get(MENU, token=owner).body["stations"] == stations
    twice = [{"id": "bar", "name": "Bar"}, {"id": "bar", "name": "Bar 2"}]
    assert_error(api.call("PUT", MENU + "/stations", {"stations": twice}, token=owner), 400, "INVALID_INPUT", "stations[1].id")
    assert_error(api.call("PUT", MENU + "/stations", {"stations": []}, token=owner), 400, "INVALID_INPUT", "stations")


def test_rows_stored_before_stations_read_as_the_kitchens(api):
    import boto3

    from chalicelib.store.models import CategoryRecord, MenuVersionRecord, OrderRecord, StationsRecord

    # Given an order line, the drinks category and a chain menu stored before stations existed
    diner = api.seated_diner(code="T35")
    placed = api.post("/session/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 1}]}, token=diner["token"]).body
    boto3.client("dynamodb", region_name="us-east-1").update_item(
        TableName=OrderRecord.Meta.table_name, Key={"order_id": {"S": placed["id"]}},
        UpdateExpression="REMOVE #lines[0].#station", ExpressionAttributeNames={"#lines": "lines", "#station": "station_id"})
    CategoryRecord("ch_comanda-demo", "C#cat_drinks").update(actions=[CategoryRecord.station_id.remove()])
    StationsRecord("ch_comanda-demo", StationsRecord.ENTRY).delete()
    # (written by hand, so the menu's version is changed by hand too, as docs/data-model.md asks)
    MenuVersionRecord("ch_comanda-demo", MenuVersionRecord.ENTRY).update(
        actions=[MenuVersionRecord.stamp.set("rows-before-stations")])
    kitchen = api.login("kitchen@downtown.demo.comanda")

    # Then the line is the kitchen's, and the chain has one station, the kitchen, that makes everything
    listed = api.get("/staff/branches/br_downtown-lima/orders", token=kitchen).body["orders"]
    assert [i["station"] for o in listed if o["id"] == placed["id"] for i in o["items"]] == ["kitchen"]
    menu = api.get(MENU, token=kitchen).body
    assert menu["stations"] == [{"id": "kitchen", "name": "Kitchen"}]
    assert _item(menu, "pisco-sour")["station"] == "kitchen"
    assert api.get(COUNTS + "?station=kitchen", token=kitchen).body["counts"][0]["menuItemId"] == "pisco-sour"
