"""Input a client should never send, through the app as Lambda runs it (chalice.test.Client on
moto): extreme dates and numbers are a 400 naming the parameter, text with control characters or
nothing visible is refused (or cleaned) naming the field, and every answer Chalice itself would
give before our code runs (415, 405) is in API.md's error shape. Issue 13, findings 7, 8, 10."""
from __future__ import annotations

import pytest

from tests.integration.shapes import assert_error

DOWNTOWN = "br_downtown-lima"
SESSIONS = f"/staff/branches/{DOWNTOWN}/sessions"
MENU = f"/staff/branches/{DOWNTOWN}/menu"
CEVICHE = "ceviche-clasico"


# -- finding 7: dates and numbers that overflow --------------------------------------------
@pytest.mark.parametrize("query, field", [
    ("to=9999-12-31", "to"),
    ("from=0001-01-01T00:00:00%2B14:00", "from"),
    ("from=0001-01-01", "from"),
    ("to=9999-12-31T23:59:59-12:00", "to"),
    ("from=1999-12-31", "from"),
    ("to=2101-01-01", "to"),
    ("from=2026-11-30&to=2026-11-29", "from"),
])
def test_a_history_date_outside_the_calendar_is_a_400_naming_the_parameter(api, query, field):
    reply = api.get(f"{SESSIONS}?status=completed&{query}", token=api.login())

    assert_error(reply, 400, "INVALID_INPUT", field)


def test_the_calendars_first_and_last_days_are_still_a_history(api):
    reply = api.get(f"{SESSIONS}?status=completed&from=2000-01-01&to=2100-12-31", token=api.login())

    assert reply.status == 200 and reply.body["sessions"] == []


@pytest.mark.parametrize("size", ["%C2%B2", "%D9%A3", "1e3"])  # "²" and "٣" are str.isdigit(); int("²") raises
def test_a_qr_size_of_unicode_digits_is_a_400(api, size):
    reply = api.get(f"/staff/branches/{DOWNTOWN}/tables/T12/qr.png?size={size}", token=api.login(),
                    headers={"Accept": "image/png"})

    assert_error(reply, 400, "INVALID_INPUT", "size")


# -- finding 8: text with control characters or nothing visible -----------------------------
CONTROL = ["Ana\x00", "\x1b[31mAna", "Ana\x07", "An\x7fa", "Ana\x9b"]
INVISIBLE = ["\u200b\u200b\u200b", " \u200b\u2060\ufeff ", "\u3164", "\u202e"]


@pytest.mark.parametrize("name", CONTROL + INVISIBLE)
def test_a_diner_name_with_control_characters_or_nothing_visible_is_refused(api, name):
    reply = api.register(code="T21", name=name)

    assert_error(reply, 400, "INVALID_INPUT", "name")
    tables = api.get(f"/staff/branches/{DOWNTOWN}/tables", token=api.login()).body["tables"]
    assert next(t for t in tables if t["code"] == "T21")["session"] is None


def test_a_diner_name_is_stored_normalised_without_invisible_ends_or_bidi_overrides(api):
    reply = api.register(code="T21", name="\u200b Jose\u0301 \u202eLuis\u202c\ufeff")

    assert reply.status == 201, reply.body
    assert reply.body["customer"]["name"] == "Jos\u00e9 Luis"


@pytest.fixture
def diner(api):
    return api.seated_diner(code="T12")


@pytest.mark.parametrize("body, field", [
    ({"items": [{"menuItemId": CEVICHE, "quantity": 1, "notes": "no\x00nuts"}]}, "items[0].notes"),
    ({"items": [{"menuItemId": CEVICHE, "quantity": 1}], "notes": "\x1b[2J"}, "notes"),
    ({"items": [{"menuItemId": CEVICHE, "quantity": 1},
                {"menuItemId": CEVICHE, "quantity": 1, "notes": "ring\x07"}]}, "items[1].notes"),
])
def test_order_notes_with_control_characters_are_refused_naming_the_line(api, diner, body, field):
    reply = api.post("/session/orders", body, token=diner["token"])

    assert_error(reply, 400, "INVALID_INPUT", field)
    assert api.get("/session/orders", token=diner["token"]).body["orders"] == []


def test_order_notes_keep_their_lines_and_lose_their_invisible_ends(api, diner):
    body = {"items": [{"menuItemId": CEVICHE, "quantity": 1, "notes": "\u200bno onions\r\nno nuts\u200b"}],
            "notes": "\u200b\u200b"}

    reply = api.post("/session/orders", body, token=diner["token"])

    assert reply.status == 201, reply.body
    assert reply.body["items"][0]["notes"] == "no onions\nno nuts"
    assert reply.body["notes"] == ""


@pytest.mark.parametrize("patch", [{"name": "\u200b"}, {"name": "Ana\x1b"}, {"email": "ana\x00@example.com"}])
def test_a_profile_edit_with_control_or_invisible_text_is_refused(api, diner, patch):
    (field,) = patch

    reply = api.patch("/me", patch, token=diner["token"])

    assert_error(reply, 400, "INVALID_INPUT", field)
    assert api.get("/me", token=diner["token"]).body["name"] == "Ana"


def test_a_rejection_reason_with_control_characters_is_refused(api):
    pending = api.register(code="T21").body["session"]["id"]

    reply = api.post(f"/staff/sessions/{pending}/reject", {"reason": "go away\x07"}, token=api.login())

    assert_error(reply, 400, "INVALID_INPUT", "reason")


def test_an_order_rejection_reason_with_control_characters_is_refused(api, diner):
    order = api.post("/session/orders", {"items": [{"menuItemId": CEVICHE, "quantity": 1}]}, token=diner["token"]).body

    reply = api.post(f"/staff/orders/{order['id']}/reject", {"reason": "\x1b[31mno"}, token=diner["staff"])

    assert_error(reply, 400, "INVALID_INPUT", "reason")


def _item(**changes) -> dict:
    return {"categoryId": "cat_mains", "name": "Tacu tacu", "price": 2500, **changes}


OPTION_GROUP = {"id": "size", "name": "Size", "options": [{"id": "big", "name": "Big"}]}


@pytest.mark.parametrize("method, path, body, field", [
    ("POST", f"{MENU}/categories", {"name": "\u200b\u200b"}, "name"),
    ("POST", f"{MENU}/categories", {"name": "Drinks\x00"}, "name"),
    ("PATCH", f"{MENU}/categories/cat_drinks", {"name": "\u2060"}, "name"),
    ("POST", f"{MENU}/items", _item(name="\ufeff\u200b"), "name"),
    ("POST", f"{MENU}/items", _item(description="Rice\x1b[5m and beans"), "description"),
    ("POST", f"{MENU}/items", _item(tags=["spicy", "\u200b"]), "tags[1]"),
    ("POST", f"{MENU}/items", _item(optionGroups=[{**OPTION_GROUP, "name": "\u200b"}]), "optionGroups[0].name"),
    ("POST", f"{MENU}/items", _item(optionGroups=[{**OPTION_GROUP, "options": [{"id": "big", "name": "Big\x07"}]}]),
     "optionGroups[0].options[0].name"),
    ("PATCH", f"{MENU}/items/{CEVICHE}", {"description": "Fresh\x00"}, "description"),
    ("PATCH", f"{MENU}/items/{CEVICHE}", {"name": "\u200b \u200b"}, "name"),
])
def test_menu_texts_with_control_characters_or_nothing_visible_are_refused(api, method, path, body, field):
    owner = api.login("owner@demo.comanda")
    before = api.get("/branches/downtown-lima/menu").body

    reply = api.call(method, path, body, token=owner)

    assert_error(reply, 400, "INVALID_INPUT", field)
    assert api.get("/branches/downtown-lima/menu").body == before


def test_a_menu_description_keeps_its_lines(api):
    owner = api.login("owner@demo.comanda")

    reply = api.patch(f"{MENU}/items/{CEVICHE}", {"description": "Fresh fish.\nLime."}, token=owner)

    assert reply.status == 200, reply.body
    menu = api.get("/branches/downtown-lima/menu").body
    item = next(i for c in menu["categories"] for i in c["items"] if i["id"] == CEVICHE)
    assert item["description"] == "Fresh fish.\nLime."


# -- finding 10: the answers Chalice gives itself, in API.md's shape ------------------------
@pytest.mark.parametrize("content_type", ["text/html", "text/html; charset=utf-8", "image/gif", "application/pdf"])
def test_a_body_of_another_media_type_is_a_415_in_our_shape(api, content_type):
    reply = api.post("/staff/login", raw=b"<p>hello</p>", headers={"Content-Type": content_type})

    assert_error(reply, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type")


def test_a_get_with_an_odd_content_type_is_answered(api):
    reply = api.get("/branches/downtown-lima/menu", headers={"Content-Type": "text/html"})

    assert reply.status == 200 and reply.body["categories"]


def test_a_method_the_route_does_not_have_is_a_405_in_our_shape(api):
    reply = api.call("PUT", "/staff/login", raw=b"{}")

    assert_error(reply, 405, "METHOD_NOT_ALLOWED")
    assert "POST" in reply.headers["Allow"]
