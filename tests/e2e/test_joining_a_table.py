"""Joining a table over the local stack with real WebSocket clients (issue 13, findings 1 and
9): the public page names nobody, a new phone asks and hears its answer on its own socket,
the seated phones and the POS hear it asking, and phones signing up together all get in."""
from __future__ import annotations

import json
import threading

DOWNTOWN = "br_downtown-lima"


def _seated(http, code: str, name: str = "Ana") -> dict:
    registered = http.register(code, name)
    assert http.post(f"/staff/sessions/{registered['session']['id']}/approve", token=http.login()).status == 200
    return registered


def test_a_new_phone_asks_the_table_hears_it_and_the_phone_hears_its_yes(http, listen):
    # Given Ana seated at T15, her phone and the POS listening
    ana = _seated(http, "T15")
    session_id = ana["session"]["id"]
    ana_socket, pos = listen(ana["token"]), listen(http.login())

    # The public entry says the table is in use, and nothing of who sits there
    entry = http.get("/branches/downtown-lima/tables/T15").body
    assert set(entry["activeSession"]) == {"status", "startedAt"}
    assert session_id not in json.dumps(entry) and ana["customer"]["id"] not in json.dumps(entry)

    # When a new phone signs up at T15, naming the session id too
    asked = http.post("/branches/downtown-lima/tables/T15/sessions",
                      {"mode": "quick", "name": "Luis", "join": session_id})
    assert asked.status == 202, asked.body
    request_id = asked.body["joinRequest"]["id"]
    request_token = asked.body["requestToken"]
    luis_socket = listen(request_token)

    # Then Ana's phone and the POS hear him asking; his token opens nothing of the table
    assert ana_socket.next_of("join.requested", id=request_id)["data"]["name"] == "Luis"
    assert pos.next_of("join.requested", id=request_id)["data"]["tableCode"] == "T15"
    assert http.get("/session", token=request_token).status == 403

    # When Ana allows him from her phone
    assert http.post(f"/session/join-requests/{request_id}/allow", token=ana["token"]).status == 200

    # Then his phone hears the answer on its own socket and reads its way in
    assert luis_socket.next_of("join.updated", id=request_id)["data"] == {"id": request_id, "status": "allowed"}
    answer = http.get(f"/join-requests/{request_id}", token=request_token).body
    assert answer["session"] == {"id": session_id, "status": "active"}
    assert http.post("/session/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 1}]},
                     token=answer["token"]).status == 201
    assert pos.next_of("join.updated", id=request_id)["data"]["decidedBy"] == "diner"
    assert ana_socket.next_of("join.updated", id=request_id)["data"]["status"] == "allowed"
    # And his request socket heard nothing else of the table (no order, no session)
    assert [m["type"] for m in luis_socket.drain(0.5)] == []


def test_staff_decline_and_the_phone_hears_no(http, listen):
    _seated(http, "T16")
    asked = http.post("/branches/downtown-lima/tables/T16/sessions", {"mode": "quick", "name": "Eve"}).body
    request_id = asked["joinRequest"]["id"]
    eve_socket = listen(asked["requestToken"])
    listed = http.get(f"/staff/branches/{DOWNTOWN}/join-requests", token=http.login()).body["joinRequests"]
    assert request_id in [r["id"] for r in listed]

    assert http.post(f"/staff/join-requests/{request_id}/decline", token=http.login()).status == 200

    assert eve_socket.next_of("join.updated", id=request_id)["data"]["status"] == "declined"
    assert "token" not in http.get(f"/join-requests/{request_id}", token=asked["requestToken"]).body


def test_eight_phones_signing_up_at_one_free_table_at_once_all_get_in(http):
    # Given eight phones at the free table T17, released together
    barrier = threading.Barrier(8)
    replies: list = [None] * 8

    def sign_up(index: int) -> None:
        barrier.wait()
        replies[index] = http.post("/branches/downtown-lima/tables/T17/sessions",
                                   {"mode": "quick", "name": f"Phone {index}"})

    threads = [threading.Thread(target=sign_up, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Then each gets 201, all in one pending session
    assert [r.status for r in replies] == [201] * 8, [r.body for r in replies if r.status != 201]
    assert len({r.body["session"]["id"] for r in replies}) == 1
    session = http.get("/session", token=replies[0].body["token"]).body
    assert session["status"] == "pending" and len(session["participants"]) == 8
