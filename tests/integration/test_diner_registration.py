"""A diner says who they are (Quick Start or Loyalty) and opens the table's session, joins
the one waiting for approval, rejoins the active one, or starts anew."""
from __future__ import annotations

import jwt
from tests.integration.shapes import assert_error, claims_of

SESSIONS = "/branches/downtown-lima/tables/T12/sessions"
PHONE = "+51987654321"
ORDER = {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]}


def loyalty(name: str = "Lucia", phone: str = PHONE, **extra) -> dict:
    return {"mode": "loyalty", "name": name, "phone": phone, **extra}


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


# -- several phones at one table -------------------------------------------------------------
def test_a_second_phone_joins_the_session_waiting_for_approval(api):
    # Given Ana waiting for approval at T12
    ana = api.register(code="T12", name="Ana").body
    # When Luis registers at the same table
    luis = api.register(code="T12", name="Luis").body

    # Then both are in the one pending session
    assert luis["session"] == {"id": ana["session"]["id"], "status": "pending"}
    participants = api.get("/session", token=luis["token"]).body["participants"]
    assert sorted(p["name"] for p in participants) == ["Ana", "Luis"]


def test_another_table_gets_its_own_session(api):
    t12 = api.register(code="T12").body
    t5 = api.register(code="T5").body

    assert t5["session"]["id"] != t12["session"]["id"]


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


def test_a_loyalty_account_follows_the_diner_to_another_branch(api):
    # Given Lucia seated downtown with her loyalty account
    downtown = api.loyalty_sign_up(SESSIONS, **loyalty())
    approve(api, downtown["session"]["id"])

    # When she signs up with the same phone at miraflores and is seated there
    miraflores = api.loyalty_sign_up("/branches/miraflores/tables/T2/sessions", **loyalty())
    approve(api, miraflores["session"]["id"], api.login("waiter@miraflores.demo.comanda"))

    # Then it is the same account, with both visits
    assert miraflores["customer"]["id"] == downtown["customer"]["id"]
    assert api.get("/me", token=miraflores["token"]).body["visits"] == 2


def test_a_sign_up_staff_reject_is_not_a_visit(api):
    # Given Lucia's sign-up at T12, rejected by the manager
    manager = api.login()
    rejected = api.loyalty_sign_up(SESSIONS, **loyalty())
    api.post(f"/staff/sessions/{rejected['session']['id']}/reject", {"reason": "Wrong table"}, token=manager)

    # When she signs up again and is seated
    seated = api.loyalty_sign_up(SESSIONS, **loyalty())
    approve(api, seated["session"]["id"], manager)

    # Then her account counts one visit
    assert api.get("/me", token=seated["token"]).body["visits"] == 1


def test_a_returning_loyalty_diner_keeps_the_email_they_do_not_repeat(api):
    first = api.loyalty_sign_up(SESSIONS, **loyalty(email="lucia@example.com"))
    second = api.loyalty_sign_up("/branches/miraflores/tables/T2/sessions", **loyalty())

    assert second["customer"]["id"] == first["customer"]["id"]
    assert api.get("/me", token=second["token"]).body["email"] == "lucia@example.com"


def test_quick_start_diners_are_new_customers_every_time(api):
    first = api.register(code="T12", name="Ana").body
    second = api.register(code="T12", name="Ana").body

    assert first["customer"]["id"] != second["customer"]["id"]


# -- reconnection: rejoin --------------------------------------------------------------------
def test_rejoining_the_active_session_gives_a_new_token_for_it(api):
    # Given Ana seated at T12 who has ordered, then lost her browser tab
    ana = api.seated_diner(code="T12")
    ordered = api.post("/session/orders", ORDER, token=ana["token"])
    assert ordered.status == 201, ordered.body
    active_id = api.get("/branches/downtown-lima/tables/T12").body["activeSession"]["id"]

    # When she scans again and rejoins the active session
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "join": active_id})

    # Then she has a new token for the same, still active session, and sees its orders
    assert reply.status == 201, reply.body
    assert reply.body["session"] == {"id": ana["session_id"], "status": "active"}
    assert reply.body["token"] != ana["token"]
    assert claims_of(reply.body["token"])["sid"] == ana["session_id"]
    orders = api.get("/session/orders", token=reply.body["token"]).body["orders"]
    assert [o["id"] for o in orders] == [ordered.body["id"]]


def test_a_rejoined_diner_may_order_at_once(api):
    ana = api.seated_diner(code="T12")

    rejoined = api.post(SESSIONS, {"mode": "quick", "name": "Luis", "join": ana["session_id"]}).body

    assert api.post("/session/orders", ORDER, token=rejoined["token"]).status == 201


def test_a_loyalty_diner_rejoining_is_not_counted_twice(api):
    # Given Lucia's loyalty session at T12, approved
    first = api.loyalty_sign_up(SESSIONS, **loyalty())
    approve(api, first["session"]["id"])

    # When she rejoins it from another tab (and enters the code sent to her phone again)
    rejoined = api.loyalty_sign_up(SESSIONS, **loyalty(join=first["session"]["id"]))

    # Then she is one participant with one visit
    session = api.get("/session", token=rejoined["token"]).body
    assert [p["customerId"] for p in session["participants"]] == [first["customer"]["id"]]
    assert api.get("/me", token=rejoined["token"]).body["visits"] == 1


def test_joining_another_tables_session_is_409(api):
    # Given active sessions at T5 and T12
    t5 = api.seated_diner(code="T5")
    api.seated_diner(code="T12")

    # When someone at T12 names T5's session
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Eve", "join": t5["session_id"]})

    # Then it is refused, and T5's session gains no participant
    assert_error(reply, 409, "NOT_ACTIVE_SESSION", "join")
    assert len(api.get("/session", token=t5["token"]).body["participants"]) == 1


def test_joining_a_session_that_is_still_pending_is_409(api):
    pending = api.register(code="T12").body

    reply = api.post(SESSIONS, {"mode": "quick", "name": "Luis", "join": pending["session"]["id"]})

    assert_error(reply, 409, "NOT_ACTIVE_SESSION", "join")


def test_joining_a_closed_session_is_409(api):
    ana = api.seated_diner(code="T12")
    close(api, ana["session_id"], ana["staff"])

    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "join": ana["session_id"]})

    assert_error(reply, 409, "NOT_ACTIVE_SESSION", "join")


def test_joining_a_session_that_does_not_exist_is_409(api):
    api.seated_diner(code="T12")

    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "join": "01HZZZZZZZZZZZZZZZZZZZZZZZ"})

    assert_error(reply, 409, "NOT_ACTIVE_SESSION", "join")


# -- reconnection: start new -----------------------------------------------------------------
def test_starting_anew_at_a_table_with_an_active_session_opens_a_pending_one(api):
    # Given Ana's active session at T12
    ana = api.seated_diner(code="T12")

    # When Luis scans T12 and chooses "start new"
    luis = api.register(code="T12", name="Luis")

    # Then he waits in a new pending session, and Ana's stays active meanwhile
    assert luis.status == 201, luis.body
    assert luis.body["session"]["status"] == "pending"
    assert luis.body["session"]["id"] != ana["session_id"]
    assert api.get("/branches/downtown-lima/tables/T12").body["activeSession"]["id"] == ana["session_id"]
    assert api.post("/session/orders", ORDER, token=ana["token"]).status == 201


def test_approving_the_new_session_completes_the_old_one(api):
    # Given Ana's active session at T12, and Luis's "start new" waiting for approval
    ana = api.seated_diner(code="T12")
    luis = api.register(code="T12", name="Luis").body

    # When the manager approves Luis's session
    approve(api, luis["session"]["id"], ana["staff"])

    # Then T12's active session is Luis's, Ana's is completed, and her old token cannot order
    assert api.get("/branches/downtown-lima/tables/T12").body["activeSession"]["id"] == luis["session"]["id"]
    assert api.get("/session", token=ana["token"]).body["status"] == "completed"
    assert_error(api.post("/session/orders", ORDER, token=ana["token"]), 409, "SESSION_ENDED")
    assert api.post("/session/orders", ORDER, token=luis["token"]).status == 201


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
