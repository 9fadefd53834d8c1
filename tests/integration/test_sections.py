"""Sections of the floor over HTTP (issue 16): the Tables payload carries each table's section and
its waiter, a manager moves tables and changes waiters, bad input is a 400 naming the field, a
waiter may not (403), and every floor screen of the branch hears the change live."""
from __future__ import annotations

import pytest

from tests.integration.shapes import assert_error
from tests.integration.test_realtime import connect, deliver, sockets, streams  # noqa: F401 - fixtures

BRANCH = "/staff/branches/br_downtown-lima"
ANA, LUIS = "ana@downtown.demo.comanda", "luis@downtown.demo.comanda"
ANA_ID, LUIS_ID = "st_ana_at_downtown_demo_comanda", "st_luis_at_downtown_demo_comanda"


def table(api, token: str, code: str) -> dict:
    reply = api.get(f"{BRANCH}/tables", token=token)
    assert reply.status == 200, reply.body
    return next(t for t in reply.body["tables"] if t["code"] == code)


def test_the_tables_page_names_each_table_s_section_and_waiter(api):
    token = api.login(ANA)

    assert table(api, token, "T5")["section"] == {"id": "sec_salon", "name": "Salón", "staffId": ANA_ID,
                                                  "staffName": "Ana Salas"}
    assert table(api, token, "T33")["section"]["staffName"] == "Luis Torres"
    miraflores = api.get("/staff/branches/br_miraflores/tables", token=api.login("waiter@miraflores.demo.comanda"))
    assert {t["section"] for t in miraflores.body["tables"]} == {None}  # no sections: every table is everyone's


def test_the_sections_and_the_waiters_to_choose_from(api):
    token = api.login(LUIS)

    listed = api.get(f"{BRANCH}/sections", token=token)
    waiters = api.get(f"{BRANCH}/waiters", token=token)

    assert [(s["name"], s["staffName"], len(s["tableCodes"])) for s in listed.body["sections"]] == [
        ("Salón", "Ana Salas", 20), ("Terraza", "Luis Torres", 20)]
    assert waiters.body == {"waiters": [{"id": ANA_ID, "name": "Ana Salas"}, {"id": LUIS_ID, "name": "Luis Torres"},
                                        {"id": "st_manager_at_downtown_demo_comanda", "name": "Mateo Manager"}]}


def test_a_manager_moves_t5_to_the_terrace(api):
    manager = api.login()

    moved = api.call("PUT", f"{BRANCH}/tables/T5/section", {"sectionId": "sec_terrace"}, token=manager)

    assert moved.status == 200, moved.body
    assert moved.body == {"tableCode": "T5", "section": {"id": "sec_terrace", "name": "Terraza", "staffId": LUIS_ID,
                                                         "staffName": "Luis Torres"}}
    assert table(api, api.login(LUIS), "T5")["section"]["staffId"] == LUIS_ID
    freed = api.call("PUT", f"{BRANCH}/tables/T5/section", {"sectionId": None}, token=manager)
    assert freed.body["section"] is None and table(api, manager, "T5")["section"] is None


def test_a_waiter_cannot_take_a_table_into_their_section(api):
    reply = api.call("PUT", f"{BRANCH}/tables/T25/section", {"sectionId": "sec_salon"}, token=api.login(ANA))

    assert_error(reply, 403, "ROLE_NOT_ALLOWED")
    assert table(api, api.login(ANA), "T25")["section"]["id"] == "sec_terrace"


@pytest.mark.parametrize(("method", "path", "body", "status", "field"), [
    ("PUT", "/tables/T5/section", {}, 400, "sectionId"),
    ("PUT", "/tables/T5/section", {"sectionId": 7}, 400, "sectionId"),
    ("PUT", "/tables/T5/section", {"sectionId": "sec_salon", "waiter": "x"}, 400, "waiter"),
    ("PUT", "/tables/T5/section", {"sectionId": "sec_nowhere"}, 404, "sectionId"),
    ("PUT", "/tables/T99/section", {"sectionId": "sec_salon"}, 404, None),
    ("POST", "/sections", {"name": ""}, 400, "name"),
    ("POST", "/sections", {"name": "x" * 41}, 400, "name"),
    ("POST", "/sections", {"name": "terraza"}, 400, "name"),
    ("POST", "/sections", {"name": "Bar", "staffId": "st_waiter_at_miraflores_demo_comanda"}, 404, "staffId"),
    ("POST", "/sections", {"name": "Bar", "staffId": "st_kitchen_at_downtown_demo_comanda"}, 400, "staffId"),
    ("POST", "/sections", {"name": "Bar", "staffId": "no such one!"}, 400, "staffId"),
    ("PATCH", "/sections/sec_salon", {}, 400, None),
    ("PATCH", "/sections/sec_salon", {"name": None}, 400, None),
    ("PATCH", "/sections/sec_nowhere", {"name": "Patio"}, 404, None),
    ("DELETE", "/sections/sec_nowhere", None, 404, None),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_input_is_refused_naming_the_field(api, method, path, body, status, field):
    reply = api.call(method, f"{BRANCH}{path}", body, token=api.login())

    assert_error(reply, status, None, field)


def test_a_new_shift_renames_and_reassigns_and_a_section_removed_frees_its_tables(api):
    manager = api.login()

    created = api.post(f"{BRANCH}/sections", {"name": "Barra", "staffId": ANA_ID}, token=manager)
    assert created.status == 201, created.body
    section_id = created.body["section"]["id"]
    assert [s["name"] for s in created.body["sections"]] == ["Barra", "Salón", "Terraza"]
    assert api.call("PUT", f"{BRANCH}/tables/T40/section", {"sectionId": section_id}, token=manager).status == 200

    patched = api.patch(f"{BRANCH}/sections/{section_id}", {"name": "Barra alta", "staffId": None}, token=manager)
    assert patched.status == 200, patched.body
    assert next(s for s in patched.body["sections"] if s["id"] == section_id) == {
        "id": section_id, "name": "Barra alta", "staffId": None, "staffName": None, "tableCodes": ["T40"]}

    removed = api.delete(f"{BRANCH}/sections/{section_id}", token=manager)
    assert [s["name"] for s in removed.body["sections"]] == ["Salón", "Terraza"]
    assert table(api, manager, "T40")["section"] is None


def test_an_assignment_reaches_every_floor_screen_of_the_branch_and_no_other(api, streams, sockets):
    manager = api.login()
    for connection_id, token in (("luis", api.login(LUIS)), ("ana", api.login(ANA)),
                                 ("kitchen", api.login("kitchen@downtown.demo.comanda")),
                                 ("miraflores", api.login("waiter@miraflores.demo.comanda"))):
        assert connect(api, token, connection_id=connection_id)["statusCode"] == 200
    streams.drain()

    api.call("PUT", f"{BRANCH}/tables/T5/section", {"sectionId": "sec_terrace"}, token=manager)
    api.patch(f"{BRANCH}/sections/sec_salon", {"staffId": LUIS_ID}, token=manager)
    assert deliver(streams, sockets) == {"batchItemFailures": []}

    for screen in ("luis", "ana"):
        sent = [m for m in sockets.sent[screen] if m["type"].endswith("section.updated")]
        assert [(m["type"], m["data"]) for m in sent] == [
            ("table.section.updated", {"branchId": "br_downtown-lima", "tableCode": "T5", "sectionId": "sec_terrace"}),
            ("section.updated", {"id": "sec_salon", "branchId": "br_downtown-lima", "name": "Salón", "staffId": LUIS_ID,
                                 "staffName": "Luis Torres", "removed": False}),
        ]
    assert sockets.types("miraflores") == []
    assert not [t for t in sockets.types("kitchen") if "section" in t]


def test_a_table_out_of_its_section_and_a_section_removed_are_heard_too(api, streams, sockets):
    manager = api.login()
    connect(api, api.login(LUIS), connection_id="luis")
    streams.drain()

    api.call("PUT", f"{BRANCH}/tables/T21/section", {"sectionId": None}, token=manager)
    api.delete(f"{BRANCH}/sections/sec_terrace", token=manager)
    deliver(streams, sockets)

    heard = [(m["type"], m["data"].get("tableCode"), m["data"].get("sectionId"), m["data"].get("removed"))
             for m in sockets.sent["luis"]]
    assert heard[0] == ("table.section.updated", "T21", None, None)
    assert ("section.updated", None, None, True) in heard
    assert ("table.section.updated", "T40", None, None) in heard
