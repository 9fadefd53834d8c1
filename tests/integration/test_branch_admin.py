"""The back office of branches and tables over HTTP (issue 18): the owner opens, sets up and
archives branches; the owner and a branch's manager add (one, or a run), rename and remove tables;
a manager touches no other branch and no branch settings; bad input is a 4xx naming the field;
every change lands in the owner's audit trail, with who, when, before and after."""
from __future__ import annotations

import pytest

from tests.integration.shapes import assert_error

OWNER, MANAGER, WAITER = "owner@demo.comanda", "manager@downtown.demo.comanda", "ana@downtown.demo.comanda"
DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
ADMIN = "/staff/admin/branches"
NEW_BRANCH = {"name": "San Isidro", "slug": "san-isidro", "timezone": "America/Lima", "currency": "PEN",
              "languages": ["es", "en"], "address": "Av. Camino Real 123"}


def test_the_owner_opens_a_branch_and_sets_it_up(api):
    owner = api.login(OWNER)

    created = api.post(ADMIN, NEW_BRANCH, token=owner)

    assert created.status == 201, created.body
    branch = created.body["branch"]
    assert {k: branch[k] for k in NEW_BRANCH} == NEW_BRANCH and branch["archived"] is False
    renamed = api.patch(f"{ADMIN}/{branch['id']}", {"name": "San Isidro Golf", "timezone": "America/Bogota",
                                                    "currency": "USD", "languages": ["en"]}, token=owner)
    assert renamed.status == 200, renamed.body
    assert (renamed.body["branch"]["name"], renamed.body["branch"]["timezone"], renamed.body["branch"]["currency"],
            renamed.body["branch"]["languages"]) == ("San Isidro Golf", "America/Bogota", "USD", ["en"])
    listed = api.get(ADMIN, token=owner).body
    assert {b["slug"] for b in listed["branches"]} >= {"downtown-lima", "miraflores", "san-isidro"}
    assert listed["mayManageBranches"] is True
    # the new branch (not in the owner's token) takes tables at once, and its QR seats a diner
    added = api.post(f"{ADMIN}/{branch['id']}/tables", {"range": "T1-T3"}, token=owner)
    assert added.status == 201, added.body
    assert api.get("/branches/san-isidro/tables/T2").status == 200


@pytest.mark.parametrize(("body", "field"), [
    ({**NEW_BRANCH, "slug": "San Isidro"}, "slug"),
    ({**NEW_BRANCH, "timezone": "Mars/Olympus"}, "timezone"),
    ({**NEW_BRANCH, "currency": "XXX"}, "currency"),
    ({**NEW_BRANCH, "languages": ["fr"]}, "languages[0]"),
    ({**NEW_BRANCH, "languages": []}, "languages"),
    ({**NEW_BRANCH, "name": "   "}, "name"),
    ({**NEW_BRANCH, "address": "x" * 201}, "address"),
    ({**NEW_BRANCH, "extra": 1}, "extra"),
])
def test_a_bad_branch_is_a_400_naming_the_field(api, body, field):
    assert_error(api.post(ADMIN, body, token=api.login(OWNER)), 400, field=field)


def test_a_taken_slug_is_a_409_naming_it(api):
    assert_error(api.post(ADMIN, {**NEW_BRANCH, "slug": "miraflores"}, token=api.login(OWNER)), 409, field="slug")


def test_only_the_owner_opens_renames_or_archives_branches(api):
    manager = api.login(MANAGER)

    assert_error(api.post(ADMIN, NEW_BRANCH, token=manager), 403, "ROLE_NOT_ALLOWED")
    assert_error(api.patch(f"{ADMIN}/{DOWNTOWN}", {"name": "Mine"}, token=manager), 403, "ROLE_NOT_ALLOWED")
    assert_error(api.patch(f"{ADMIN}/{DOWNTOWN}", {"archived": True}, token=manager), 403, "ROLE_NOT_ALLOWED")
    assert_error(api.get(f"{ADMIN}/{DOWNTOWN}/audit", token=manager), 403, "ROLE_NOT_ALLOWED")
    listed = api.get(ADMIN, token=manager).body
    assert [b["id"] for b in listed["branches"]] == [DOWNTOWN] and listed["mayManageBranches"] is False


def test_a_waiter_has_no_back_office(api):
    waiter = api.login(WAITER)

    assert_error(api.get(ADMIN, token=waiter), 403, "ROLE_NOT_ALLOWED")
    assert_error(api.get(f"{ADMIN}/{DOWNTOWN}/tables", token=waiter), 403, "ROLE_NOT_ALLOWED")
    assert_error(api.post(f"{ADMIN}/{DOWNTOWN}/tables", {"code": "T99"}, token=waiter), 403, "ROLE_NOT_ALLOWED")


@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", f"{ADMIN}/{MIRAFLORES}/tables", None),
    ("POST", f"{ADMIN}/{MIRAFLORES}/tables", {"code": "T99"}),
    ("POST", f"{ADMIN}/{MIRAFLORES}/tables", {"range": "T90-T92"}),
    ("PATCH", f"{ADMIN}/{MIRAFLORES}/tables/T1", {"label": "Window"}),
    ("DELETE", f"{ADMIN}/{MIRAFLORES}/tables/T1", None),
    ("PATCH", f"{ADMIN}/{MIRAFLORES}", {"name": "Mine"}),
    ("GET", f"{ADMIN}/{MIRAFLORES}/audit", None),
])
def test_a_manager_cannot_touch_another_branch(api, method, path, body):
    reply = api.call(method, path, body, token=api.login(MANAGER))

    assert_error(reply, 404, "NOT_FOUND")


def test_the_unknown_branch_is_a_404_for_the_owner_too(api):
    assert_error(api.get(f"{ADMIN}/br_nowhere/tables", token=api.login(OWNER)), 404)


def test_a_manager_adds_a_run_of_tables_renames_and_removes_one(api):
    manager = api.login(MANAGER)

    added = api.post(f"{ADMIN}/{DOWNTOWN}/tables", {"range": "Terrace 1–6", "seats": 4}, token=manager)

    assert added.status == 201, added.body
    assert [(t["code"], t["label"], t["seats"]) for t in added.body["added"]] == [
        (f"Terrace{n}", f"Terrace {n}", 4) for n in range(1, 7)]
    one = api.post(f"{ADMIN}/{DOWNTOWN}/tables", {"code": "T99", "label": "Window"}, token=manager)
    assert one.status == 201 and one.body["added"][0]["label"] == "Window"
    renamed = api.patch(f"{ADMIN}/{DOWNTOWN}/tables/T99", {"label": "Big window", "seats": 6}, token=manager)
    assert renamed.body["table"] == {"id": f"{DOWNTOWN}:T99", "code": "T99", "label": "Big window", "seats": 6}
    assert api.delete(f"{ADMIN}/{DOWNTOWN}/tables/T99", token=manager).body == {"removed": "T99"}
    listed = api.get(f"{ADMIN}/{DOWNTOWN}/tables", token=manager).body["tables"]
    codes = [t["code"] for t in listed]
    assert "T99" not in codes and codes.index("T2") < codes.index("T10")
    # the removed table's QR answers a clear 404, never a 5xx
    assert_error(api.get("/branches/downtown-lima/tables/T99"), 404, "NOT_FOUND")
    assert_error(api.post("/branches/downtown-lima/tables/T99/sessions", {"mode": "quick", "name": "Ana"}), 404)


def test_tables_already_there_are_a_409_naming_them_and_nothing_is_added(api):
    manager = api.login(MANAGER)

    reply = api.post(f"{ADMIN}/{DOWNTOWN}/tables", {"range": "T38-T42"}, token=manager)

    assert reply.status == 409 and reply.body["error"]["field"] == "range", reply.body
    assert reply.body["error"]["codes"] == ["T38", "T39", "T40"]
    codes = {t["code"] for t in api.get(f"{ADMIN}/{DOWNTOWN}/tables", token=manager).body["tables"]}
    assert "T41" not in codes


@pytest.mark.parametrize(("body", "field"), [
    ({"range": "T46-T41"}, "range"),
    ({"range": "T1-T99"}, "range"),
    ({"range": "T41-X46"}, "range"),
    ({"range": "nonsense"}, "range"),
    ({"code": "T 1"}, "code"),
    ({"code": "T1", "range": "T2-T3"}, "code"),
    ({}, "code"),
    ({"code": "T77", "seats": 0}, "seats"),
    ({"code": "T77", "label": "\u0007"}, "label"),
])
def test_bad_tables_are_a_400_naming_the_field(api, body, field):
    assert_error(api.post(f"{ADMIN}/{DOWNTOWN}/tables", body, token=api.login(MANAGER)), 400, field=field)


def test_a_table_with_an_open_session_cannot_be_removed(api):
    api.seated_diner(code="T12")

    reply = api.delete(f"{ADMIN}/{DOWNTOWN}/tables/T12", token=api.login(MANAGER))

    assert_error(reply, 409, "TABLE_BUSY", field="code")
    assert "open session" in reply.body["error"]["message"]


def test_an_archived_branch_s_qr_seats_nobody_and_its_history_stays(api):
    owner = api.login(OWNER)

    archived = api.patch(f"{ADMIN}/{MIRAFLORES}", {"archived": True}, token=owner)

    assert archived.status == 200 and archived.body["branch"]["archived"] is True
    assert_error(api.get("/branches/miraflores/tables/T1"), 404, "BRANCH_ARCHIVED")
    assert_error(api.get("/branches/miraflores/tables/T999"), 404, "BRANCH_ARCHIVED")  # a table it never had: still closed
    assert_error(api.post("/branches/miraflores/tables/T1/sessions", {"mode": "quick", "name": "Ana"}), 404,
                 "BRANCH_ARCHIVED")
    history = api.get(f"/staff/branches/{MIRAFLORES}/sessions?status=completed", token=owner)
    assert history.status == 200
    listed = api.get(ADMIN, token=owner).body["branches"]
    assert listed[-1]["id"] == MIRAFLORES  # archived last
    assert api.patch(f"{ADMIN}/{MIRAFLORES}", {"archived": False}, token=owner).status == 200
    assert api.get("/branches/miraflores/tables/T1").status == 200


def test_the_audit_trail_says_who_changed_what_before_and_after(api):
    owner, manager = api.login(OWNER), api.login(MANAGER)
    api.patch(f"{ADMIN}/{DOWNTOWN}", {"name": "Downtown Lima"}, token=owner)
    api.post(f"{ADMIN}/{DOWNTOWN}/tables", {"code": "T77"}, token=manager)
    api.patch(f"{ADMIN}/{DOWNTOWN}/tables/T77", {"label": "Corner"}, token=manager)
    api.delete(f"{ADMIN}/{DOWNTOWN}/tables/T77", token=manager)

    entries = api.get(f"{ADMIN}/{DOWNTOWN}/audit", token=owner).body["entries"]

    assert [(e["action"], e["target"], e["actor"]["role"]) for e in entries] == [
        ("table.removed", "T77", "manager"), ("table.updated", "T77", "manager"), ("table.added", "T77", "manager"),
        ("branch.updated", DOWNTOWN, "owner")]
    assert entries[1]["before"] == {"label": "T77"} and entries[1]["after"] == {"label": "Corner"}
    assert entries[3]["after"]["name"] == "Downtown Lima" and entries[3]["actor"]["name"]
    assert entries[0]["at"] >= entries[3]["at"]
    tables_only = api.get(f"{ADMIN}/{DOWNTOWN}/audit?action=table&limit=2", token=owner).body["entries"]
    assert [e["action"] for e in tables_only] == ["table.removed", "table.updated"]
    by_owner = api.get(f"{ADMIN}/{DOWNTOWN}/audit?actor={entries[3]['actor']['id']}", token=owner).body["entries"]
    assert [e["action"] for e in by_owner] == ["branch.updated"]
    assert api.get(f"{ADMIN}/{DOWNTOWN}/audit?to=2020-01-01", token=owner).body["entries"] == []
    assert api.get(f"{ADMIN}/{MIRAFLORES}/audit", token=owner).body["entries"] == []


@pytest.mark.parametrize(("query", "field"), [("limit=0", "limit"), ("limit=abc", "limit"), ("from=yesterday", "from"),
                                              ("from=2026-12-02&to=2026-12-01", "from")])
def test_bad_audit_filters_are_a_400_naming_them(api, query, field):
    assert_error(api.get(f"{ADMIN}/{DOWNTOWN}/audit?{query}", token=api.login(OWNER)), 400, field=field)


def test_the_sensitive_floor_actions_are_in_the_audit_trail(api):
    diner = api.seated_diner(code="T13")
    manager = diner["staff"]
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]},
                     token=diner["token"]).body
    assert api.post(f"/staff/orders/{order['id']}/void", {"reason": "other", "note": "Spilled"}, token=manager).status == 200
    menu = f"/staff/branches/{DOWNTOWN}/menu/items/causa-limena/availability"
    assert api.post(menu, {"available": False}, token=manager).status == 200
    assert api.post(menu, {"available": True, "price": 2500}, token=manager).status == 200
    assert api.call("PUT", f"/staff/branches/{DOWNTOWN}/order-safety", {"spendingCap": 50000, "approvalThreshold": 20000},
                    token=manager).status == 200
    api.joined_diner(code="T13", name="Luis")

    entries = api.get(f"{ADMIN}/{DOWNTOWN}/audit", token=api.login(OWNER)).body["entries"]

    by_action = {e["action"]: e for e in entries}
    assert list(by_action) == ["table.join_allowed", "branch.order_safety", "menu.price_changed", "menu.availability",
                               "order.voided"]
    assert by_action["order.voided"]["target"] == order["id"]
    assert by_action["order.voided"]["after"] == {"reason": "other", "note": "Spilled", "line": "all", "table": "T13"}
    assert by_action["menu.availability"]["before"] == {"available": True} \
        and by_action["menu.availability"]["after"] == {"available": False}
    assert by_action["menu.price_changed"]["after"] == {"available": True, "price": 2500}
    assert by_action["branch.order_safety"]["after"] == {"spending_cap": 50000, "approval_threshold": 20000}
    assert by_action["table.join_allowed"]["target"] == "T13" and by_action["table.join_allowed"]["after"]["name"] == "Luis"
    assert {e["actor"]["name"] for e in entries} == {"Mateo Manager"}
