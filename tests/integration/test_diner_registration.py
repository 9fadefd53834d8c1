"""A diner says who they are (Quick Start or Loyalty) and opens the table's session, sits in
the one a phone opened at the same moment, rejoins their own session with their phone's key,
or starts anew. (Asking to join a table in use: test_joining_a_table.py.) The rules' variations
(phones signing up together, visits across branches, start-new meanwhile) are proven on the
services: tests/services/test_sessions.py and test_phone_verification.py."""
from __future__ import annotations

import jwt

from tests.integration.shapes import assert_error, claims_of

SESSIONS = "/branches/downtown-lima/tables/T12/sessions"
PHONE = "+51987654321"
ORDER = {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]}


def loyalty(name: str = "Lucia", phone: str = PHONE, **extra) -> dict:
    return {"mode": "loyalty", "name": name, "phone": phone, **extra}


def clock_later(api) -> None:
    """A few seconds on: past the moment in which phones signing up together all sit at once."""
    from datetime import timedelta

    from chalicelib.domain import clock

    clock.travel(timedelta(seconds=5))


def approve(api, session_id: str, staff: str | None = None) -> None:
    reply = api.post(f"/staff/sessions/{session_id}/approve", token=staff or api.login())
    assert reply.status == 200, reply.body


def close(api, session_id: str, staff: str | None = None) -> None:
    reply = api.post(f"/staff/sessions/{session_id}/close", token=staff or api.login())
    assert reply.status == 200, reply.body


# -- Quick Start and Loyalty -----------------------------------------------------------------
def test_quick_start_with_a_name_opens_a_pending_session(api):
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana"})

    assert reply.status == 201, reply.body
    assert reply.body["token"]
    assert reply.body["session"]["id"]
    assert reply.body["session"]["status"] == "pending"
    assert reply.body["customer"]["id"]
    assert reply.body["customer"]["name"] == "Ana"
    assert reply.body["customer"]["loyalty"] is False


def test_quick_start_may_leave_a_phone(api):
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "phone": PHONE})

    assert reply.status == 201, reply.body
    assert reply.body["customer"]["loyalty"] is False
    assert api.get("/me", token=reply.body["token"]).body["phone"] == PHONE


def test_loyalty_sign_up_keeps_the_whole_profile(api):
    reply = api.loyalty_sign_up(SESSIONS, **loyalty(email="lucia@example.com", birthDate="1990-05-17"))

    assert reply["guest"]["customer"]["loyalty"] is False  # until the code was entered
    assert reply["customer"]["loyalty"] is True
    profile = api.get("/me", token=reply["token"]).body
    assert profile["name"] == "Lucia"
    assert profile["phone"] == PHONE
    assert profile["email"] == "lucia@example.com"
    assert profile["birthDate"] == "1990-05-17"


def test_the_diner_token_names_the_customer_table_session_and_branch(api):
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana"})

    claims = claims_of(reply.body["token"])
    assert claims["sub"] == reply.body["customer"]["id"]
    assert claims["sid"] == reply.body["session"]["id"]
    assert claims["tid"] == "br_downtown-lima:T12"
    assert claims["bid"] == "br_downtown-lima"
    assert claims["typ"] == "diner"
    assert claims["iss"] == "comanda"
    assert claims["aud"] == "comanda-api"
    assert isinstance(claims["iat"], int) and claims["exp"] > claims["iat"]
    assert jwt.get_unverified_header(reply.body["token"])["alg"] == "HS256"


def test_a_name_of_80_characters_is_fine(api):
    assert api.post(SESSIONS, {"mode": "quick", "name": "A" * 80}).status == 201


# -- loyalty across visits -------------------------------------------------------------------
def test_a_returning_loyalty_diner_is_recognised_by_phone_and_their_visits_grow(api):
    # Given Lucia signed up with her phone on a first visit, now over
    first = api.loyalty_sign_up(SESSIONS, **loyalty())
    approve(api, first["session"]["id"])
    close(api, first["session"]["id"])

    # When she comes back, signs up with the same phone (entering the code sent to it) and is seated
    second = api.loyalty_sign_up(SESSIONS, **loyalty())
    approve(api, second["session"]["id"])

    # Then it is the same account, with two visits
    assert second["customer"]["id"] == first["customer"]["id"]
    assert second["session"]["id"] != first["session"]["id"]
    assert api.get("/me", token=second["token"]).body["visits"] == 2


# -- reconnection: the same phone rejoins with its own key ----------------------------------
def test_every_sign_up_hands_the_phone_a_key_of_its_own(api):
    first = api.register(code="T12", name="Ana").body
    second = api.register(code="T5", name="Ana").body

    assert len(first["deviceKey"]) >= 22 and first["deviceKey"] != second["deviceKey"]  # >= 128 bits, url-safe
    assert all(ch.isalnum() or ch in "-_" for ch in first["deviceKey"])


def test_the_same_phone_rejoins_its_active_session_with_its_key(api):
    # Given Ana seated at T12 who has ordered, then lost her browser tab
    ana = api.seated_diner(code="T12")
    ordered = api.post("/session/orders", ORDER, token=ana["token"])
    assert ordered.status == 201, ordered.body

    # When she scans again, her phone sending the key it kept
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "deviceKey": ana["device_key"]})

    # Then she is straight back in: a new token for the same, still active session, and its orders
    assert reply.status == 201, reply.body
    assert reply.body["session"] == {"id": ana["session_id"], "status": "active"}
    assert reply.body["token"] != ana["token"]
    assert claims_of(reply.body["token"])["sid"] == ana["session_id"]
    orders = api.get("/session/orders", token=reply.body["token"]).body["orders"]
    assert [o["id"] for o in orders] == [ordered.body["id"]]
    # and one participant still, who may order at once
    assert len(api.get("/session", token=reply.body["token"]).body["participants"]) == 1
    assert api.post("/session/orders", ORDER, token=reply.body["token"]).status == 201


def test_a_rejoin_renews_the_key_and_the_old_one_stops_working(api):
    ana = api.seated_diner(code="T12")
    renewed = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "deviceKey": ana["device_key"]}).body
    assert renewed["deviceKey"] != ana["device_key"]

    api.post(SESSIONS, {"mode": "quick", "name": "Ana", "deviceKey": renewed["deviceKey"]})  # still works
    clock_later(api)
    stale = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "deviceKey": ana["device_key"]})

    assert stale.status == 202, stale.body


def test_a_loyalty_diner_rejoining_is_not_counted_twice(api):
    # Given Lucia's loyalty session at T12, approved
    first = api.loyalty_sign_up(SESSIONS, **loyalty())
    approve(api, first["session"]["id"])

    # When she rejoins it from her phone (its own key: the account it proved stays hers)
    rejoined = api.post(SESSIONS, loyalty(deviceKey=first["deviceKey"])).body

    # Then she is one participant with one visit
    session = api.get("/session", token=rejoined["token"]).body
    assert [p["customerId"] for p in session["participants"]] == [first["customer"]["id"]]
    assert api.get("/me", token=rejoined["token"]).body["visits"] == 1


def test_another_tables_key_does_not_seat_a_phone_here(api):
    # Given active sessions at T5 (Eve's phone holds its key) and T12
    t5 = api.seated_diner(code="T5", name="Eve")
    api.seated_diner(code="T12")

    # When Eve's phone signs up at T12 with T5's key
    clock_later(api)
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Eve", "deviceKey": t5["device_key"]})

    # Then it only asks to join T12, and T5's session gains no participant
    assert reply.status == 202, reply.body
    assert set(reply.body) == {"joinRequest", "requestToken"}
    assert len(api.get("/session", token=t5["token"]).body["participants"]) == 1


def test_a_made_up_key_does_not_seat_a_phone(api):
    api.seated_diner(code="T12")
    clock_later(api)

    reply = api.post(SESSIONS, {"mode": "quick", "name": "Eve", "deviceKey": "A" * 43})

    assert reply.status == 202, reply.body


def test_a_key_of_a_closed_session_does_not_seat_a_phone(api):
    ana = api.seated_diner(code="T12")
    close(api, ana["session_id"], ana["staff"])

    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "deviceKey": ana["device_key"]})

    # the table is free again: a new pending session, not the closed one
    assert reply.status == 201, reply.body
    assert reply.body["session"]["id"] != ana["session_id"]
    assert reply.body["session"]["status"] == "pending"


def test_the_old_join_field_grants_nothing(api):
    # Given Ana's active session, whose id a stranger learnt somewhere
    ana = api.seated_diner(code="T12")
    clock_later(api)

    # When the stranger names it in `join`
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Stranger", "join": ana["session_id"]})

    # Then the stranger only asks to join, and holds no diner token
    assert reply.status == 202, reply.body
    assert "token" not in reply.body
    assert len(api.get("/session", token=ana["token"]).body["participants"]) == 1


# -- reconnection: start new -----------------------------------------------------------------
def test_approving_the_new_session_completes_the_old_one(api):
    # Given Ana's active session at T12, and Luis's "start new" waiting for approval
    ana = api.seated_diner(code="T12")
    luis = api.register(code="T12", name="Luis", startNew=True).body
    assert luis["session"]["status"] == "pending"

    # When the manager approves Luis's session
    approve(api, luis["session"]["id"], ana["staff"])

    # Then T12's active session is Luis's, Ana's is completed, and her old token cannot order
    assert api.get("/session", token=luis["token"]).body["status"] == "active"
    assert api.get("/session", token=ana["token"]).body["status"] == "completed"
    assert_error(api.post("/session/orders", ORDER, token=ana["token"]), 409, "SESSION_ENDED")
    assert api.post("/session/orders", ORDER, token=luis["token"]).status == 201


def test_starting_anew_while_another_new_session_waits_is_409(api):
    api.seated_diner(code="T12")
    assert api.register(code="T12", name="Luis", startNew=True).status == 201

    reply = api.register(code="T12", name="Rosa", startNew=True)

    assert_error(reply, 409, "PENDING_SESSION_EXISTS")


def test_a_rejected_diner_learns_why_and_cannot_order(api):
    pending = api.register(code="T12").body
    manager = api.login()
    rejected = api.post(f"/staff/sessions/{pending['session']['id']}/reject", {"reason": "Table reserved"},
                        token=manager)
    assert rejected.status == 200, rejected.body

    session = api.get("/session", token=pending["token"]).body
    assert session["status"] == "completed"
    assert session["reason"] == "Table reserved"
    assert_error(api.post("/session/orders", ORDER, token=pending["token"]), 409, "SESSION_ENDED")
