"""A new phone at a table in use asks to join; the phones already in the session, or staff,
say yes or no; until then the phone sees nothing of the table (issue 13, finding 1)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain import clock
from tests.integration.shapes import assert_error, claims_of

SESSIONS = "/branches/downtown-lima/tables/T12/sessions"
ORDER = {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]}


@pytest.fixture
def ana(api):
    """Ana, seated at T12 (approved by the manager)."""
    return api.seated_diner(code="T12", name="Ana")


def request_path(asked: dict) -> str:
    return f"/join-requests/{asked['joinRequest']['id']}"


# -- a stranger who knows the session id -------------------------------------------------------
def test_a_stranger_naming_the_session_id_gets_no_token_and_sees_nothing(api, ana):
    # Given a stranger who learnt T12's session id somewhere and names it
    clock.travel(timedelta(seconds=5))
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Stranger", "join": ana["session_id"]})

    # Then the answer is a request to join, waiting, and no diner token
    assert reply.status == 202, reply.body
    assert set(reply.body) == {"joinRequest", "requestToken"}
    assert reply.body["joinRequest"]["status"] == "waiting"
    assert reply.body["joinRequest"]["name"] == "Stranger"
    token = reply.body["requestToken"]
    assert claims_of(token)["typ"] == "join"
    assert claims_of(token)["sub"] == reply.body["joinRequest"]["id"]
    assert ana["session_id"] not in str(reply.body)

    # And the request token reads nothing of the table, orders nothing
    assert_error(api.get("/session", token=token), 403)
    assert_error(api.get("/session/orders", token=token), 403)
    assert_error(api.post("/session/orders", ORDER, token=token), 403)
    assert_error(api.post("/session/bill-requests", token=token), 403)
    assert_error(api.get("/me", token=token), 403)
    # And reading its own request says only that it waits
    waiting = api.get(f"/join-requests/{reply.body['joinRequest']['id']}", token=token)
    assert waiting.status == 200, waiting.body
    assert set(waiting.body) == {"id", "status", "name", "expiresAt"}
    assert waiting.body["status"] == "waiting"
    # And Ana's table still has one participant
    assert len(api.get("/session", token=ana["token"]).body["participants"]) == 1


def test_a_request_token_reads_only_its_own_request(api, ana):
    first = api.ask_to_join(code="T12", name="Eve")
    second = api.ask_to_join(code="T12", name="Mallory")

    assert_error(api.get(request_path(second), token=first["requestToken"]), 404)
    assert_error(api.get(request_path(first)), 401)
    assert_error(api.get(request_path(first), token=ana["token"]), 403)


def test_a_sign_up_while_the_table_waits_for_approval_asks_to_join(api):
    # Given Ana waiting for approval at T12
    ana = api.register(code="T12", name="Ana").body
    # When Luis signs up at T12 a while later
    asked = api.ask_to_join(code="T12", name="Luis")

    # Then he waits for a yes, and Ana's pending session has one participant
    assert asked["joinRequest"]["status"] == "waiting"
    assert [p["name"] for p in api.get("/session", token=ana["token"]).body["participants"]] == ["Ana"]


# -- the table says yes -------------------------------------------------------------------------
def test_a_phone_in_the_session_sees_the_request_and_allows_it(api, ana):
    # Given Luis asking to join Ana's table
    asked = api.ask_to_join(code="T12", name="Luis")
    request_id = asked["joinRequest"]["id"]
    # Ana's phone sees him asking
    seen = api.get("/session", token=ana["token"]).body["joinRequests"]
    assert [(r["id"], r["name"]) for r in seen] == [(request_id, "Luis")]
    assert set(seen[0]) == {"id", "name", "createdAt"}

    # When Ana allows him
    allowed = api.post(f"/session/join-requests/{request_id}/allow", token=ana["token"])

    # Then the request is allowed; his phone reads its token, key and session, and orders at once
    assert allowed.status == 200, allowed.body
    assert allowed.body == {"id": request_id, "status": "allowed"}
    answer = api.get(request_path(asked), token=asked["requestToken"]).body
    assert answer["status"] == "allowed"
    assert answer["session"] == {"id": ana["session_id"], "status": "active"}
    assert answer["customer"]["name"] == "Luis"
    assert len(answer["deviceKey"]) >= 22
    assert claims_of(answer["token"])["sid"] == ana["session_id"]
    assert api.post("/session/orders", ORDER, token=answer["token"]).status == 201
    session = api.get("/session", token=ana["token"]).body
    assert sorted(p["name"] for p in session["participants"]) == ["Ana", "Luis"]
    assert session["joinRequests"] == []
    # And his phone's key brings him straight back later
    back = api.post(SESSIONS, {"mode": "quick", "name": "Luis", "deviceKey": answer["deviceKey"]})
    assert back.status == 201 and back.body["customer"]["id"] == answer["customer"]["id"], back.body
    # And a visit counts for him once
    assert api.get("/me", token=answer["token"]).body["visits"] == 1


def test_staff_see_the_request_and_allow_it(api, ana):
    asked = api.ask_to_join(code="T12", name="Luis")
    request_id = asked["joinRequest"]["id"]
    manager = ana["staff"]

    listed = api.get("/staff/branches/br_downtown-lima/join-requests", token=manager).body["joinRequests"]
    tables = {t["code"]: t for t in api.get("/staff/branches/br_downtown-lima/tables", token=manager).body["tables"]}
    allowed = api.post(f"/staff/join-requests/{request_id}/allow", token=manager)

    assert [(r["id"], r["name"], r["tableCode"], r["sessionId"]) for r in listed] == \
        [(request_id, "Luis", "T12", ana["session_id"])]
    assert set(listed[0]) == {"id", "name", "tableCode", "sessionId", "createdAt", "expiresAt"}
    assert tables["T12"]["joinRequests"] == 1 and tables["T5"]["joinRequests"] == 0
    assert allowed.status == 200, allowed.body
    assert api.get(request_path(asked), token=asked["requestToken"]).body["status"] == "allowed"
    assert api.get("/staff/branches/br_downtown-lima/join-requests", token=manager).body["joinRequests"] == []


def test_a_phone_allowed_into_a_pending_session_waits_for_staff_like_the_others(api):
    ana = api.register(code="T12", name="Ana").body
    luis = api.joined_diner(code="T12", name="Luis", allowed_by=ana["token"])

    assert luis["session"] == {"id": ana["session"]["id"], "status": "pending"}
    assert_error(api.post("/session/orders", ORDER, token=luis["token"]), 409, "SESSION_NOT_ACTIVE")


def test_staff_of_another_branch_cannot_see_or_decide_the_request(api, ana):
    asked = api.ask_to_join(code="T12", name="Luis")
    waiter = api.login("waiter@miraflores.demo.comanda")

    assert_error(api.post(f"/staff/join-requests/{asked['joinRequest']['id']}/allow", token=waiter), 404)
    assert_error(api.get("/staff/branches/br_downtown-lima/join-requests", token=waiter), 404)
    assert api.get(request_path(asked), token=asked["requestToken"]).body["status"] == "waiting"


def test_the_kitchen_cannot_let_anyone_in(api, ana):
    asked = api.ask_to_join(code="T12", name="Luis")
    kitchen = api.login("kitchen@downtown.demo.comanda")

    assert_error(api.post(f"/staff/join-requests/{asked['joinRequest']['id']}/allow", token=kitchen), 403)


def test_a_diner_of_another_session_cannot_decide_the_request(api, ana):
    asked = api.ask_to_join(code="T12", name="Luis")
    other = api.seated_diner(code="T5", name="Eve")

    assert_error(api.post(f"/session/join-requests/{asked['joinRequest']['id']}/allow", token=other["token"]), 404)
    assert "joinRequests" in api.get("/session", token=other["token"]).body
    assert api.get("/session", token=other["token"]).body["joinRequests"] == []
    assert api.get(request_path(asked), token=asked["requestToken"]).body["status"] == "waiting"


# -- no, later, twice -------------------------------------------------------------------------
def test_a_declined_phone_gets_no_token(api, ana):
    asked = api.ask_to_join(code="T12", name="Eve")

    declined = api.post(f"/session/join-requests/{asked['joinRequest']['id']}/decline", token=ana["token"])

    assert declined.status == 200 and declined.body["status"] == "declined", declined.body
    answer = api.get(request_path(asked), token=asked["requestToken"]).body
    assert answer["status"] == "declined" and "token" not in answer
    assert len(api.get("/session", token=ana["token"]).body["participants"]) == 1


def test_deciding_a_request_decided_already_is_409(api, ana):
    asked = api.ask_to_join(code="T12", name="Eve")
    request_id = asked["joinRequest"]["id"]
    assert api.post(f"/session/join-requests/{request_id}/decline", token=ana["token"]).status == 200

    assert_error(api.post(f"/staff/join-requests/{request_id}/allow", token=ana["staff"]), 409, "JOIN_REQUEST_DECIDED")
    assert_error(api.post(f"/session/join-requests/{request_id}/allow", token=ana["token"]), 409, "JOIN_REQUEST_DECIDED")
    assert api.get(request_path(asked), token=asked["requestToken"]).body["status"] == "declined"


def test_a_request_nobody_answers_expires_after_ten_minutes(api, ana):
    asked = api.ask_to_join(code="T12", name="Eve")
    request_id = asked["joinRequest"]["id"]

    clock.travel(timedelta(minutes=10, seconds=1))

    assert api.get(request_path(asked), token=asked["requestToken"]).body["status"] == "expired"
    assert api.get("/session", token=ana["token"]).body["joinRequests"] == []
    assert_error(api.post(f"/session/join-requests/{request_id}/allow", token=ana["token"]), 409, "JOIN_REQUEST_DECIDED")
    assert len(api.get("/session", token=ana["token"]).body["participants"]) == 1


def test_a_request_lapses_when_the_session_ends(api, ana):
    asked = api.ask_to_join(code="T12", name="Eve")
    assert api.post(f"/staff/sessions/{ana['session_id']}/close", token=ana["staff"]).status == 200

    assert_error(api.post(f"/staff/join-requests/{asked['joinRequest']['id']}/allow", token=ana["staff"]), 409)
    assert api.get(request_path(asked), token=asked["requestToken"]).body["status"] == "expired"


def test_more_than_a_few_phones_asking_at_once_from_one_address_are_turned_back(api, ana):
    for name in ("A", "B", "C", "D", "E"):
        api.ask_to_join(code="T12", name=name)

    clock.travel(timedelta(seconds=5))
    reply = api.register(code="T12", name="F")

    assert_error(reply, 429, "TOO_MANY_JOIN_REQUESTS")


def test_a_script_filling_a_tables_requests_does_not_turn_away_a_diner_elsewhere(api, ana):
    # Given one address holding as many waiting requests at T12 as it may
    for name in ("A", "B", "C", "D", "E"):
        api.ask_to_join(code="T12", name=name, headers={"CloudFront-Viewer-Address": "203.0.113.9:4000"})
    assert_error(api.register(code="T12", name="F", headers={"CloudFront-Viewer-Address": "203.0.113.9:4001"}),
                 429, "TOO_MANY_JOIN_REQUESTS")

    # When a real diner's phone on another network asks to join
    reply = api.register(code="T12", name="Luis", headers={"CloudFront-Viewer-Address": "198.51.100.20:5000"})

    # Then it asks as anyone would, and the table sees it
    assert reply.status == 202, reply.body
    waiting = api.get("/session", token=ana["token"]).body["joinRequests"]
    assert "Luis" in [r["name"] for r in waiting]
