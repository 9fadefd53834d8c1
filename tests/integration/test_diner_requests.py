"""A seated diner calls a waiter or asks for the bill: one open call of each kind per table,
a new one once staff have acknowledged it, none before approval or after closing."""
from __future__ import annotations

import pytest

from tests.integration.shapes import assert_error

KINDS = [("/session/waiter-calls", "waiter"), ("/session/bill-requests", "bill")]


@pytest.fixture
def diner(api):
    return api.seated_diner(code="T12", name="Ana")


@pytest.mark.parametrize("path, kind", KINDS, ids=["waiter", "bill"])
def test_a_call_is_created_open(api, diner, path, kind):
    reply = api.post(path, token=diner["token"])

    assert reply.status == 201, reply.body
    assert reply.body["id"]
    assert reply.body["kind"] == kind
    assert reply.body["status"] == "open"
    assert reply.body["sessionId"] == diner["session_id"]
    assert reply.body["tableCode"] == "T12"
    assert reply.body["createdAt"].endswith("Z")


@pytest.mark.parametrize("path, kind", KINDS, ids=["waiter", "bill"])
def test_a_second_call_while_one_is_open_returns_the_open_one(api, diner, path, kind):
    first = api.post(path, token=diner["token"])

    again = api.post(path, token=diner["token"])

    assert again.status == 200, again.body
    assert again.body["id"] == first.body["id"]
    session = api.get("/session", token=diner["token"]).body
    assert [r["id"] for r in session["requests"] if r["kind"] == kind] == [first.body["id"]]


@pytest.mark.parametrize("path, kind", KINDS, ids=["waiter", "bill"])
def test_another_phone_at_the_table_gets_the_tables_open_call(api, diner, path, kind):
    luis = api.joined_diner(code="T12", name="Luis", allowed_by=diner["token"])
    first = api.post(path, token=diner["token"])

    again = api.post(path, token=luis["token"])

    assert again.status == 200, again.body
    assert again.body["id"] == first.body["id"]


@pytest.mark.parametrize("path, kind", KINDS, ids=["waiter", "bill"])
def test_after_staff_acknowledge_a_new_call_is_a_new_request(api, diner, path, kind):
    # Given a call the waiter acknowledged
    first = api.post(path, token=diner["token"]).body
    acked = api.post(f"/staff/requests/{first['id']}/ack", token=diner["staff"])
    assert acked.status == 200, acked.body

    # When the diner calls again
    again = api.post(path, token=diner["token"])

    # Then it is a new open request, and the first one reads as acknowledged
    assert again.status == 201, again.body
    assert again.body["id"] != first["id"]
    assert again.body["status"] == "open"
    by_id = {r["id"]: r for r in api.get("/session", token=diner["token"]).body["requests"]}
    assert by_id[first["id"]]["status"] == "acknowledged"
    assert by_id[first["id"]]["acknowledgedAt"]


def test_a_waiter_call_and_a_bill_request_are_open_at_once(api, diner):
    waiter = api.post("/session/waiter-calls", token=diner["token"])
    bill = api.post("/session/bill-requests", token=diner["token"])

    assert (waiter.status, bill.status) == (201, 201)
    assert waiter.body["id"] != bill.body["id"]
    open_ones = api.get("/staff/branches/br_downtown-lima/requests", token=diner["staff"]).body["requests"]
    assert {(r["kind"], r["tableCode"]) for r in open_ones} == {("waiter", "T12"), ("bill", "T12")}


@pytest.mark.parametrize("path, kind", KINDS, ids=["waiter", "bill"])
def test_no_calls_before_staff_approve_the_session(api, path, kind):
    waiting = api.register(code="T12").body

    reply = api.post(path, token=waiting["token"])

    assert_error(reply, 409, "SESSION_NOT_ACTIVE")
    assert api.get("/session", token=waiting["token"]).body["requests"] == []


@pytest.mark.parametrize("path, kind", KINDS, ids=["waiter", "bill"])
def test_no_calls_after_the_session_is_closed(api, diner, path, kind):
    assert api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"]).status == 200

    reply = api.post(path, token=diner["token"])

    assert_error(reply, 409, "SESSION_ENDED")


def test_closing_the_session_settles_its_open_calls(api, diner):
    call = api.post("/session/bill-requests", token=diner["token"]).body

    api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])

    requests = api.get("/session", token=diner["token"]).body["requests"]
    assert [(r["id"], r["status"]) for r in requests] == [(call["id"], "acknowledged")]
    assert api.get("/staff/branches/br_downtown-lima/requests", token=diner["staff"]).body["requests"] == []
