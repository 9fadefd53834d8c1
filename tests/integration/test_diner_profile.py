"""The diner's profile page: who they are, what they may edit, and the loyalty points a
closed table earns them."""
from __future__ import annotations

import pytest

from tests.conftest import demo_chain

SESSIONS = "/branches/downtown-lima/tables/T12/sessions"
PHONE = "+51987654321"
PROFILE_FIELDS = {"id", "name", "phone", "email", "birthDate", "points", "visits", "loyalty"}


def price_of(key: str) -> int:
    return int(next(i for c in demo_chain()["categories"] for i in c["items"] if i["key"] == key)["price"])


@pytest.fixture
def lucia(api):
    """A loyalty diner seated at T12: {'token', 'session_id', 'customer_id', 'staff'}."""
    reply = api.loyalty_sign_up(SESSIONS, name="Lucia", phone=PHONE, email="lucia@example.com",
                                birthDate="1990-05-17")
    manager = api.login()
    assert api.post(f"/staff/sessions/{reply['session']['id']}/approve", token=manager).status == 200
    return {"token": reply["token"], "session_id": reply["session"]["id"],
            "customer_id": reply["customer"]["id"], "staff": manager}


def test_a_quick_diners_profile_has_a_name_and_one_visit(api):
    token = api.seated_diner(code="T12", name="Ana")["token"]

    reply = api.get("/me", token=token)

    assert reply.status == 200, reply.body
    assert set(reply.body) >= PROFILE_FIELDS
    assert reply.body["name"] == "Ana"
    assert reply.body["loyalty"] is False
    assert reply.body["phone"] is None
    assert reply.body["email"] is None
    assert reply.body["birthDate"] is None
    assert reply.body["points"] == 0
    assert reply.body["visits"] == 1


def test_a_loyalty_diners_profile_shows_everything_they_gave(api, lucia):
    profile = api.get("/me", token=lucia["token"]).body

    assert profile["id"] == lucia["customer_id"]
    assert profile["name"] == "Lucia"
    assert profile["loyalty"] is True
    assert profile["phone"] == PHONE
    assert profile["email"] == "lucia@example.com"
    assert profile["birthDate"] == "1990-05-17"
    assert profile["points"] == 0
    assert profile["visits"] == 1


def test_a_diner_edits_name_email_and_birth_date(api, lucia):
    reply = api.patch("/me", {"name": "Lucía", "email": "lucia@correo.pe", "birthDate": "1991-01-02"},
                      token=lucia["token"])

    assert reply.status == 200, reply.body
    assert (reply.body["name"], reply.body["email"], reply.body["birthDate"]) == (
        "Lucía", "lucia@correo.pe", "1991-01-02")
    again = api.get("/me", token=lucia["token"]).body
    assert (again["name"], again["email"], again["birthDate"]) == ("Lucía", "lucia@correo.pe", "1991-01-02")
    assert again["phone"] == PHONE


def test_editing_one_field_keeps_the_others(api, lucia):
    reply = api.patch("/me", {"name": "Lu"}, token=lucia["token"])

    assert reply.status == 200, reply.body
    assert reply.body["email"] == "lucia@example.com"
    assert reply.body["birthDate"] == "1990-05-17"


@pytest.mark.parametrize("field", ["email", "birthDate"])
def test_null_clears_an_optional_field(api, lucia, field):
    reply = api.patch("/me", {field: None}, token=lucia["token"])

    assert reply.status == 200, reply.body
    assert reply.body[field] is None
    assert api.get("/me", token=lucia["token"]).body[field] is None


def test_an_empty_edit_changes_nothing(api, lucia):
    before = api.get("/me", token=lucia["token"]).body

    reply = api.patch("/me", {}, token=lucia["token"])

    assert reply.status == 200, reply.body
    assert reply.body == before


def test_a_closed_table_earns_loyalty_points_for_what_was_ordered(api, lucia):
    # Given Lucia seated, with two ceviches ordered
    ordered = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 2}]},
                       token=lucia["token"])
    assert ordered.status == 201, ordered.body

    # When staff close the table
    assert api.post(f"/staff/sessions/{lucia['session_id']}/close", token=lucia["staff"]).status == 200

    # Then her profile (still readable with her token) shows the points: one per whole sol
    reply = api.get("/me", token=lucia["token"])
    assert reply.status == 200, reply.body
    assert reply.body["points"] == (2 * price_of("ceviche-clasico")) // 100
    assert reply.body["points"] > 0


def test_a_quick_diner_earns_no_points(api):
    diner = api.seated_diner(code="T12")
    api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 2}]}, token=diner["token"])
    api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])

    assert api.get("/me", token=diner["token"]).body["points"] == 0


def test_points_are_earned_only_on_what_the_diner_ordered(api, lucia):
    # Given Lucia and Ana at one table, only Ana ordering
    ana = api.joined_diner(code="T12", name="Ana", allowed_by=lucia["token"])
    api.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 3}]}, token=ana["token"])

    api.post(f"/staff/sessions/{lucia['session_id']}/close", token=lucia["staff"])

    assert api.get("/me", token=lucia["token"]).body["points"] == 0
