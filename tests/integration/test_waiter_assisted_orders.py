"""Waiter-assisted ordering: staff seat a free table with no diner, or act on a table's
session, and place or cancel lines on the diners' behalf through the same ordering rules."""
from __future__ import annotations

from tests.integration.shapes import assert_error

DOWNTOWN = "br_downtown-lima"
KITCHEN = "kitchen@downtown.demo.comanda"
MIRAFLORES_WAITER = "waiter@miraflores.demo.comanda"
ITEMS = {"items": [{"menuItemId": "lomo-saltado", "quantity": 2, "notes": "Sin cebolla"}]}


def _seat(api, token, code="T33", branch=DOWNTOWN, **kw):
    return api.post(f"/staff/branches/{branch}/tables/{code}/sessions", token=token, **kw)


def test_a_waiter_seats_a_free_table_without_a_diner_and_orders_for_it(api):
    manager = api.login()
    # When staff seat T33 and order for the table
    seated = _seat(api, manager)
    assert seated.status == 201, seated.body
    assert (seated.body["status"], seated.body["tableCode"], seated.body["participants"]) == ("active", "T33", [])
    placed = api.post(f"/staff/sessions/{seated.body['id']}/orders", ITEMS, token=manager)
    # Then the order is priced by the server and marked as added by staff, for the table as a whole
    assert placed.status == 201, placed.body
    order = placed.body
    assert (order["addedByStaff"], order["placedBy"], order["orderedBy"]) == (True, "staff", "")
    assert order["items"][0]["unitPrice"] > 0 and order["total"] == 2 * order["items"][0]["unitPrice"]
    # And the table is active on the Tables page, with the order on the kitchen's board
    tables = {t["code"]: t for t in api.get(f"/staff/branches/{DOWNTOWN}/tables", token=manager).body["tables"]}
    assert tables["T33"]["state"] == "active" and tables["T33"]["openOrders"] == 1
    kitchen = api.login(KITCHEN)
    assert order["id"] in [o["id"] for o in api.get(f"/staff/branches/{DOWNTOWN}/orders", token=kitchen).body["orders"]]


def test_a_diner_who_scans_a_staff_seated_table_joins_it_once_staff_allow_and_sees_the_staff_order(api):
    manager = api.login()
    session = _seat(api, manager, code="T34").body
    api.post(f"/staff/sessions/{session['id']}/orders", ITEMS, token=manager)
    entry = api.get("/branches/downtown-lima/tables/T34").body
    assert entry["activeSession"]["status"] == "active"
    joined = api.joined_diner(code="T34", name="Rosa", allowed_by=manager)
    assert joined["session"]["id"] == session["id"]
    orders = api.get("/session", token=joined["token"]).body["orders"]
    assert [o["addedByStaff"] for o in orders] == [True]


def test_staff_order_for_a_named_participant_lands_on_their_share(api):
    diner = api.seated_diner(code="T31")
    me = api.get("/session", token=diner["token"]).body["participants"][0]
    placed = api.post(f"/staff/sessions/{diner['session_id']}/orders",
                      {**ITEMS, "participantId": me["customerId"]}, token=diner["staff"])
    assert placed.status == 201
    session = api.get("/session", token=diner["token"]).body
    assert session["orders"][0]["orderedBy"] == "Ana" and session["orders"][0]["addedByStaff"] is True
    assert [p["name"] for p in session["people"]] == ["Ana"]


def test_staff_cancel_a_line_for_the_diner(api):
    diner = api.seated_diner(code="T32")
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1},
                                                   {"menuItemId": "pisco-sour", "quantity": 1}]},
                     token=diner["token"]).body
    waiter_token = diner["staff"]
    cancelled = api.post(f"/staff/orders/{order['id']}/items/{order['items'][1]['id']}/status",
                         {"status": "cancelled"}, token=waiter_token)
    assert cancelled.status == 200
    seen = api.get("/session", token=diner["token"]).body["orders"][0]
    assert [line["status"] for line in seen["items"]] == ["pending", "cancelled"]
    assert seen["total"] == order["items"][0]["total"]


def test_seating_a_busy_table_is_a_409(api):
    diner = api.seated_diner(code="T30")
    assert_error(_seat(api, diner["staff"], code="T30"), 409, "TABLE_BUSY", "tableCode")
    api.register(code="T29")  # a pending session counts as busy too
    assert_error(_seat(api, diner["staff"], code="T29"), 409, "TABLE_BUSY", "tableCode")


def test_seating_twice_with_one_idempotency_key_returns_the_first_session(api):
    manager = api.login()
    first = _seat(api, manager, code="T28", headers={"Idempotency-Key": "seat-t28"})
    again = _seat(api, manager, code="T28", headers={"Idempotency-Key": "seat-t28"})
    assert (first.status, again.status) == (201, 201)
    assert first.body["id"] == again.body["id"]


def test_a_repeated_staff_order_with_one_idempotency_key_orders_once(api):
    diner = api.seated_diner(code="T27")
    path = f"/staff/sessions/{diner['session_id']}/orders"
    first = api.post(path, ITEMS, token=diner["staff"], headers={"Idempotency-Key": "k-1"})
    again = api.post(path, ITEMS, token=diner["staff"], headers={"Idempotency-Key": "k-1"})
    assert first.body["id"] == again.body["id"]
    assert len(api.get("/session", token=diner["token"]).body["orders"]) == 1


def test_unknown_table_is_404_and_bad_order_bodies_name_the_field(api):
    manager = api.login()
    assert_error(_seat(api, manager, code="T99"), 404, "NOT_FOUND", "tableCode")
    session = _seat(api, manager, code="T26").body
    path = f"/staff/sessions/{session['id']}/orders"
    assert_error(api.post(path, {"items": []}, token=manager), 400, field="items")
    assert_error(api.post(path, {"items": [{"menuItemId": "lomo-saltado", "quantity": 0}]}, token=manager),
                 400, field="items[0].quantity")
    assert_error(api.post(path, {"items": [{"menuItemId": "no-such-dish", "quantity": 1}]}, token=manager),
                 422, "UNKNOWN_MENU_ITEM", "items[0].menuItemId")
    assert_error(api.post(path, {**ITEMS, "participantId": "nobody"}, token=manager), 400, field="participantId")
    assert_error(api.post(path, {**ITEMS, "price": 1}, token=manager), 400, field="price")


def test_other_branches_staff_get_404_and_the_kitchen_may_not_seat_or_order(api):
    diner = api.seated_diner(code="T25")
    outsider = api.login(MIRAFLORES_WAITER)
    assert_error(_seat(api, outsider, code="T24"), 404)
    assert_error(api.post(f"/staff/sessions/{diner['session_id']}/orders", ITEMS, token=outsider), 404)
    kitchen = api.login(KITCHEN)
    assert_error(_seat(api, kitchen, code="T24"), 403, "ROLE_NOT_ALLOWED")
    assert_error(api.post(f"/staff/sessions/{diner['session_id']}/orders", ITEMS, token=kitchen), 403, "ROLE_NOT_ALLOWED")


def test_a_diner_cannot_use_the_staff_routes(api):
    diner = api.seated_diner(code="T23")
    assert_error(_seat(api, diner["token"], code="T22"), 403)
    assert_error(api.post(f"/staff/sessions/{diner['session_id']}/orders", ITEMS, token=diner["token"]), 403)
    assert_error(api.post(f"/staff/sessions/{diner['session_id']}/orders", ITEMS), 401)


def test_staff_cannot_order_on_a_closed_session(api):
    diner = api.seated_diner(code="T21")
    api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])
    assert_error(api.post(f"/staff/sessions/{diner['session_id']}/orders", ITEMS, token=diner["staff"]),
                 409, "SESSION_ENDED")


def test_closing_a_table_with_orders_for_the_whole_table_frees_it_and_earns_nobody_points(api):
    manager = api.login()
    # Given a staff-seated table with an order for the table as a whole (no participant)
    session = _seat(api, manager, code="T30").body
    assert api.post(f"/staff/sessions/{session['id']}/orders", ITEMS, token=manager).status == 201
    # When the waiter closes it
    closed = api.post(f"/staff/sessions/{session['id']}/close", token=manager)
    # Then it closes (it was a 500: the table's orders have no customer to award points to)
    assert closed.status == 200, closed.body
    tables = {t["code"]: t for t in api.get(f"/staff/branches/{DOWNTOWN}/tables", token=manager).body["tables"]}
    assert tables["T30"]["state"] == "free"
