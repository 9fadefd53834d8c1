"""Moving a session: guests change seats. One transaction moves the table pointers, so two
moves racing have one winner, a busy table is refused, and the old table is free at once."""
from __future__ import annotations

from chalicelib import bootstrap
from chalicelib.domain.errors import Conflict
from chalicelib.services import floor, seating
from tests.integration.shapes import assert_error
from tests.integration.test_store_races import _in_parallel, _staff

DOWNTOWN = "br_downtown-lima"


def _move(api, session_id, code, token):
    return api.post(f"/staff/sessions/{session_id}/move", {"tableCode": code}, token=token)


def _tables(api, token):
    return {t["code"]: t for t in api.get(f"/staff/branches/{DOWNTOWN}/tables", token=token).body["tables"]}


def test_a_moved_session_keeps_its_diners_orders_and_requests_and_frees_the_old_table(api):
    # Given Ana at T12 with an order and an open waiter call
    diner = api.seated_diner(code="T12")
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]},
                     token=diner["token"]).body
    api.post("/session/waiter-calls", token=diner["token"])
    # When staff move the session to T31
    moved = _move(api, diner["session_id"], "T31", diner["staff"])
    # Then the session is at T31, and the kitchen and the POS see the order and call there
    assert moved.status == 200, moved.body
    assert moved.body["tableCode"] == "T31"
    tables = _tables(api, diner["staff"])
    assert tables["T31"]["session"]["id"] == diner["session_id"] and tables["T12"]["state"] == "free"
    assert [r["tableCode"] for r in tables["T31"]["requests"]] == ["T31"]
    assert tables["T31"]["openOrders"] == 1
    kitchen = api.login("kitchen@downtown.demo.comanda")
    board = api.get(f"/staff/branches/{DOWNTOWN}/orders", token=kitchen).body["orders"]
    assert [(o["id"], o["tableCode"]) for o in board] == [(order["id"], "T31")]
    # And Ana's token still works: her orders are there, and she may keep ordering
    session = api.get("/session", token=diner["token"]).body
    assert session["table"]["code"] == "T31" and [o["id"] for o in session["orders"]] == [order["id"]]
    assert api.post("/session/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 1}]},
                    token=diner["token"]).status == 201
    # And the old table opens a new session for the next guests at once
    fresh = api.register(code="T12", name="Next")
    assert fresh.status == 201 and fresh.body["session"]["id"] != diner["session_id"]
    # And the new table's entry page shows it in use, and Ana's phone rejoins there with its key
    assert api.get("/branches/downtown-lima/tables/T31").body["activeSession"]["status"] == "active"
    back = api.register(code="T31", name="Ana", deviceKey=diner["device_key"])
    assert back.status == 201 and back.body["session"]["id"] == diner["session_id"], back.body


def test_moving_to_a_busy_table_is_refused(api):
    ana, luis = api.seated_diner(code="T29"), api.seated_diner(code="T30", name="Luis")
    assert_error(_move(api, ana["session_id"], "T30", ana["staff"]), 409, "TABLE_BUSY", "tableCode")
    api.register(code="T32")  # a table with a session waiting for approval is busy too
    assert_error(_move(api, ana["session_id"], "T32", ana["staff"]), 409, "TABLE_BUSY", "tableCode")
    assert _tables(api, ana["staff"])["T29"]["session"]["id"] == ana["session_id"]
    assert luis  # untouched


def test_a_move_decided_on_a_stale_picture_is_a_409(api):
    diner = api.seated_diner(code="T21")
    assert api.post(f"/staff/sessions/{diner['session_id']}/move", {"tableCode": "T22", "fromTableCode": "T21"},
                    token=diner["staff"]).status == 200
    stale = api.post(f"/staff/sessions/{diner['session_id']}/move", {"tableCode": "T23", "fromTableCode": "T21"},
                     token=diner["staff"])
    assert_error(stale, 409, "CONCURRENT_UPDATE")
    assert _tables(api, diner["staff"])["T22"]["session"]["id"] == diner["session_id"]


def test_bad_moves_name_the_problem(api):
    diner = api.seated_diner(code="T28")
    assert_error(_move(api, diner["session_id"], "T99", diner["staff"]), 404, "NOT_FOUND", "tableCode")
    assert_error(_move(api, diner["session_id"], "T28", diner["staff"]), 400, field="tableCode")
    assert_error(api.post(f"/staff/sessions/{diner['session_id']}/move", {}, token=diner["staff"]), 400, field="tableCode")
    assert_error(_move(api, diner["session_id"], "T 1", diner["staff"]), 400, field="tableCode")
    pending = api.register(code="T27").body
    assert_error(_move(api, pending["session"]["id"], "T26", diner["staff"]), 409, "ILLEGAL_TRANSITION")


def test_only_the_floor_staff_of_the_branch_may_move(api):
    diner = api.seated_diner(code="T25")
    assert_error(_move(api, diner["session_id"], "T24", api.login("waiter@miraflores.demo.comanda")), 404)
    assert_error(_move(api, diner["session_id"], "T24", api.login("kitchen@downtown.demo.comanda")), 403,
                 "ROLE_NOT_ALLOWED")
    assert_error(_move(api, diner["session_id"], "T24", diner["token"]), 403)
    assert _tables(api, diner["staff"])["T25"]["session"]["id"] == diner["session_id"]


def test_two_moves_at_once_have_one_winner_and_a_409(api):
    repos, manager, owner = bootstrap.repositories(), _staff(api), _staff(api, "owner@demo.comanda")
    for code, one, two in (("T12", "T31", "T32"), ("T13", "T33", "T33"), ("T14", "T34", "T35")):
        diner = api.seated_diner(code=code)
        results = _in_parallel(lambda: seating.move_session(repos, manager, diner["session_id"], one, code),
                               lambda: seating.move_session(repos, owner, diner["session_id"], two, code))
        winners = [r for r in results if not isinstance(r, Exception)]
        losers = [r for r in results if isinstance(r, Conflict)]
        assert (len(winners), len(losers)) == (1, 1), results
        stored = repos.sessions.get(diner["session_id"])
        assert stored.table_code == winners[0].table_code
        pointing = [c for c in {one, two, code} if repos.venues.get_table(DOWNTOWN, c).active_session_id == stored.id]
        assert pointing == [stored.table_code]


def test_a_move_racing_a_close_leaves_one_consistent_outcome(api):
    repos, manager, owner = bootstrap.repositories(), _staff(api), _staff(api, "owner@demo.comanda")
    for code, target in (("T15", "T36"), ("T16", "T37"), ("T17", "T38")):
        diner = api.seated_diner(code=code)
        moved, closed = _in_parallel(lambda: seating.move_session(repos, manager, diner["session_id"], target),
                                     lambda: floor.close_session(repos, owner, diner["session_id"]))
        stored = repos.sessions.get(diner["session_id"])
        origin, destination = repos.venues.get_table(DOWNTOWN, code), repos.venues.get_table(DOWNTOWN, target)
        if isinstance(closed, Exception):  # the move won; the close lost cleanly
            assert isinstance(closed, Conflict) and stored.status.value == "active" and stored.table_code == target
            assert (origin.active_session_id, destination.active_session_id) == (None, stored.id)
        else:  # the close won (the move lost), or came second and closed the moved session (the
            # close reads the session again when a write beat it): either way no table points at it
            assert isinstance(moved, Conflict) or stored.table_code == target, moved
            assert stored.status.value == "completed"
            assert (origin.active_session_id, destination.active_session_id) == (None, None)


def test_two_sessions_moving_to_one_free_table_have_one_winner(api):
    repos, manager = bootstrap.repositories(), _staff(api)
    ana, luis = api.seated_diner(code="T18"), api.seated_diner(code="T19", name="Luis")
    results = _in_parallel(lambda: seating.move_session(repos, manager, ana["session_id"], "T39"),
                           lambda: seating.move_session(repos, manager, luis["session_id"], "T39"))
    assert sorted(type(r).__name__ for r in results) in (["ConcurrentUpdate", "TableSession"],
                                                         ["TableBusy", "TableSession"])
    winner = next(r for r in results if not isinstance(r, Exception))
    assert repos.venues.get_table(DOWNTOWN, "T39").active_session_id == winner.id


def test_closing_a_session_frees_its_table_code_for_a_new_session_at_once(api):
    diner = api.seated_diner(code="T20")
    assert api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"]).status == 200
    assert api.get("/branches/downtown-lima/tables/T20").body["activeSession"] is None
    again = api.seated_diner(code="T20", name="Otra")
    assert again["session_id"] != diner["session_id"]
    assert api.post("/session/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 1}]},
                    token=again["token"]).status == 201
    assert api.get("/session", token=diner["token"]).body["status"] == "completed"
