"""Service windows, kitchen pauses, wait estimates and branch settings through the API, with
the domain clock set to known instants (the demo's Breakfast is served 07:00-11:30 in Lima,
12:00-16:30 UTC)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from chalicelib.domain import clock
from tests.integration.test_realtime import deliver, sockets, streams  # noqa: F401 - fixtures

DOWNTOWN = "br_downtown-lima"
MIRAFLORES = "br_miraflores"
MENU = f"/staff/branches/{DOWNTOWN}/menu"
LUNCHTIME = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)   # Monday 12:00 in Lima
BREAKFAST_TIME = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)  # Tuesday 08:00 in Lima


@pytest.fixture
def at():
    """Sets the domain clock: at(moment) freezes it there; the real clock comes back after the test."""
    def set_to(moment: datetime) -> None:
        clock.set_source(lambda: moment)

    yield set_to
    clock.reset()


def _order(api, token, item="pan-con-chicharron", quantity=1):
    return api.post("/session/orders", {"items": [{"menuItemId": item, "quantity": quantity}]}, token=token)


def _menu_item(api, item_id, slug="downtown-lima"):
    body = api.get(f"/branches/{slug}/menu").body
    return next(i for c in body["categories"] for i in c["items"] if i["id"] == item_id)


# -- service windows -----------------------------------------------------------------------------
def test_ordering_breakfast_after_it_closes_is_refused_naming_the_item_and_when_it_opens(api, at):
    at(LUNCHTIME)
    diner = api.seated_diner(code="T25")

    reply = _order(api, diner["token"])

    assert reply.status == 422
    assert reply.error["code"] == "ITEM_NOT_SERVED_NOW"
    assert reply.error["message"] == "Pan con Chicharrón is served from tomorrow 07:00."
    assert reply.error["availableAt"] == "2026-12-01T12:00:00.000Z"
    assert reply.error["field"] == "items[0].menuItemId"
    assert api.get("/session/orders", token=diner["token"]).body["orders"] == []


def test_the_menu_tells_when_an_item_is_served(api, at):
    at(LUNCHTIME)
    item = _menu_item(api, "pan-con-chicharron")
    assert (item["served"], item["servedFrom"], item["servedUntil"]) == (
        "windows", "2026-12-01T12:00:00.000Z", "2026-12-01T16:30:00.000Z")
    menu = api.get("/branches/downtown-lima/menu").body
    assert menu["branch"]["timezone"] == "America/Lima"
    breakfast = next(c for c in menu["categories"] if c["id"] == "cat_breakfast")
    assert breakfast["windows"] == [{"start": "07:00", "end": "11:30", "days": []}]
    assert _menu_item(api, "ceviche-clasico")["served"] == "always"


def test_a_manager_sets_an_item_window_and_it_applies_at_once(api, at):
    at(LUNCHTIME)
    manager = api.login()
    reply = api.call("PUT", f"{MENU}/items/suspiro-limeno/schedule",
                     {"windows": [{"start": "18:00", "end": "23:00", "days": [1, 2, 3, 4, 5]}]}, token=manager)
    assert reply.status == 200, reply.body
    assert reply.body["servedFrom"] == "2026-11-30T23:00:00.000Z"  # today 18:00 in Lima

    diner = api.seated_diner(code="T26")
    refused = _order(api, diner["token"], "suspiro-limeno")
    assert refused.status == 422 and refused.error["message"] == "Suspiro Limeño is served from 18:00."
    assert _menu_item(api, "suspiro-limeno", "miraflores")["served"] == "always"  # windows are per branch

    assert api.call("PUT", f"{MENU}/items/suspiro-limeno/schedule", {"windows": []}, token=manager).status == 200
    assert _order(api, diner["token"], "suspiro-limeno").status == 201


def test_a_manager_sets_a_category_window_and_gets_its_timing(api, at):
    at(datetime(2026, 12, 1, 6, 30, tzinfo=UTC))  # 01:30 in Lima
    reply = api.call("PUT", f"{MENU}/categories/cat_desserts/schedule", {"windows": [{"start": "22:00", "end": "02:00"}]},
                     token=api.login())
    assert reply.status == 200, reply.body
    assert reply.body == {"id": "cat_desserts", "windows": [{"start": "22:00", "end": "02:00", "days": []}],
                          "served": "windows", "servedFrom": "2026-12-01T03:00:00.000Z",
                          "servedUntil": "2026-12-01T07:00:00.000Z", "pausedUntil": None}


@pytest.mark.parametrize(("windows", "field"), [
    ([{"start": "7:00", "end": "11:30"}], "windows[0].start"),
    ([{"start": "07:00", "end": "07:00"}], "windows[0].end"),
    ([{"start": "07:00", "end": "11:30", "days": [8]}], "windows[0].days[0]"),
])
def test_bad_windows_are_a_400_naming_the_field(api, windows, field):
    reply = api.call("PUT", f"{MENU}/categories/cat_breakfast/schedule", {"windows": windows}, token=api.login())
    assert reply.status == 400 and reply.error["field"] == field, reply.body


@pytest.mark.parametrize("email", ["kitchen@downtown.demo.comanda", "waiter@miraflores.demo.comanda"])
def test_windows_are_set_only_by_managers_and_owners_of_the_branch(api, email):
    reply = api.call("PUT", f"{MENU}/categories/cat_breakfast/schedule", {"windows": []}, token=api.login(email))
    assert reply.status in (403, 404)
    assert _menu_item(api, "pan-con-chicharron")["served"] == "windows"


# -- kitchen pauses --------------------------------------------------------------------------------
def test_the_kitchen_pauses_desserts_and_the_pause_ends_by_itself(api, at):
    at(LUNCHTIME)
    kitchen = api.login("kitchen@downtown.demo.comanda")
    paused = api.call("PUT", f"{MENU}/categories/cat_desserts/pause", {"minutes": 10}, token=kitchen)
    assert paused.status == 200 and paused.body["pausedUntil"] == "2026-11-30T17:10:00.000Z"
    assert _menu_item(api, "picarones")["pausedUntil"] == "2026-11-30T17:10:00.000Z"

    diner = api.seated_diner(code="T28")
    refused = _order(api, diner["token"], "picarones")
    assert refused.status == 422 and refused.error["code"] == "KITCHEN_PAUSED"
    assert refused.error["message"] == "The kitchen has paused Picarones for a few minutes; back at 12:10."
    assert refused.error["availableAt"] == "2026-11-30T17:10:00.000Z"
    assert _order(api, diner["token"], "ceviche-clasico").status == 201  # other categories go on

    at(LUNCHTIME + timedelta(minutes=10))
    assert _menu_item(api, "picarones")["pausedUntil"] is None
    assert _order(api, diner["token"], "picarones").status == 201


@pytest.mark.parametrize("minutes", [7, 60, -5, "10"])
def test_a_pause_lasts_five_ten_or_fifteen_minutes(api, minutes):
    reply = api.call("PUT", f"{MENU}/categories/cat_desserts/pause", {"minutes": minutes}, token=api.login())
    assert reply.status == 400 and reply.error["field"] == "minutes"


@pytest.mark.parametrize(("email", "status"), [
    ("waiter@miraflores.demo.comanda", 404),   # another branch
])
def test_only_staff_of_the_branch_with_the_right_may_pause(api, email, status):
    reply = api.call("PUT", f"{MENU}/categories/cat_desserts/pause", {"minutes": 5}, token=api.login(email))
    assert reply.status == status
    assert _menu_item(api, "picarones")["pausedUntil"] is None


def test_a_waiter_may_not_pause_the_kitchen(api):
    from chalicelib.auth import hash_password
    from chalicelib.bootstrap import repositories
    from chalicelib.domain.staff import Role, StaffMember

    repositories().staff.add(StaffMember(id="st_waiter_dt", chain_id="ch_comanda-demo", email="w@dt.comanda",
                                         name="Wally", role=Role.WAITER, branch_ids=[DOWNTOWN],
                                         password_hash=hash_password("demo1234")))
    reply = api.call("PUT", f"{MENU}/categories/cat_desserts/pause", {"minutes": 5}, token=api.login("w@dt.comanda"))
    assert reply.status == 403 and reply.error["code"] == "ROLE_NOT_ALLOWED"


# -- wait estimates ----------------------------------------------------------------------------------
def test_an_order_carries_its_wait_estimate_and_a_busier_kitchen_quotes_longer(api, at, streams, sockets):
    at(LUNCHTIME)
    first = api.seated_diner(code="T25")
    empty = _order(api, first["token"], "lomo-saltado").body["estimate"]
    assert empty["minMinutes"] < empty["maxMinutes"]
    assert empty["readyFrom"] == (LUNCHTIME + timedelta(minutes=empty["minMinutes"])).isoformat(
        timespec="milliseconds").replace("+00:00", "Z")
    for _ in range(3):
        _order(api, first["token"], "lomo-saltado", quantity=3)
    assert deliver(streams, sockets) == {"batchItemFailures": []}  # the stream keeps the kitchen's queue
    second = api.seated_diner(code="T26")
    busy = _order(api, second["token"], "lomo-saltado").body["estimate"]
    assert busy["minMinutes"] > empty["maxMinutes"]
    listed = api.get("/session/orders", token=second["token"]).body["orders"][0]
    assert listed["estimate"] == busy


def test_ready_lines_carry_when_they_became_ready(api, at):
    at(LUNCHTIME)
    diner = api.seated_diner(code="T25")
    order = _order(api, diner["token"], "ceviche-clasico").body
    at(LUNCHTIME + timedelta(minutes=9))
    kitchen = api.login("kitchen@downtown.demo.comanda")
    bumped = api.post(f"/staff/orders/{order['id']}/items/{order['items'][0]['id']}/status", {"status": "ready"},
                      token=kitchen)
    assert bumped.body["items"][0]["readyAt"] == "2026-11-30T17:09:00.000Z"


# -- branch settings -------------------------------------------------------------------------------
def test_managers_tune_the_branch_settings_and_staff_read_them(api):
    manager = api.login()
    assert api.get(f"/staff/branches/{DOWNTOWN}/settings", token=manager).body == {
        "defaultPrepMinutes": 12, "kitchenParallelism": 3, "waiterCallUrgentMinutes": 3,
        "billRequestUrgentMinutes": 5, "readyLineUrgentMinutes": 4}
    changed = api.patch(f"/staff/branches/{DOWNTOWN}/settings", {"waiterCallUrgentMinutes": 2}, token=manager)
    assert changed.status == 200 and changed.body["waiterCallUrgentMinutes"] == 2
    kitchen = api.login("kitchen@downtown.demo.comanda")
    branches = api.get("/staff/branches", token=kitchen).body["branches"]
    assert branches[0]["settings"]["waiterCallUrgentMinutes"] == 2
    assert branches[0]["name"] == "Comanda Downtown Lima"  # the rest of the branch survives


@pytest.mark.parametrize(("body", "field"), [
    ({"waiterCallUrgentMinutes": 0}, "waiterCallUrgentMinutes"),
    ({"kitchenParallelism": 51}, "kitchenParallelism"),
    ({"defaultPrepMinutes": "12"}, "defaultPrepMinutes"),
    ({"colour": "red"}, "colour"),
])
def test_bad_settings_are_a_400_naming_the_field(api, body, field):
    reply = api.patch(f"/staff/branches/{DOWNTOWN}/settings", body, token=api.login())
    assert reply.status == 400 and reply.error["field"] == field, reply.body


def test_the_kitchen_may_not_change_the_branch_settings(api):
    reply = api.patch(f"/staff/branches/{DOWNTOWN}/settings", {"waiterCallUrgentMinutes": 9},
                      token=api.login("kitchen@downtown.demo.comanda"))
    assert reply.status == 403
    assert api.get(f"/staff/branches/{DOWNTOWN}/settings", token=api.login()).body["waiterCallUrgentMinutes"] == 3
