"""Loyalty sign-ups on the local stack, over real sockets: the code goes to moto's SNS, the
stack's local-only outbox (and `make run`'s terminal) shows it, and a stranger typing a
member's phone sees and changes nothing of her account (issue 13, finding 2)."""
from __future__ import annotations

import json
import time
import urllib.request

CONFIRM = "/me/phone-verification/confirm"


def outbox(stack) -> list[dict]:
    with urllib.request.urlopen(stack.site_url + "/_local/outbox.json", timeout=30) as answer:
        return json.loads(answer.read())["messages"]


def code_for(stack, phone: str) -> str:
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        for message in outbox(stack):  # newest first
            if message["phone"] == phone:
                return message["code"]
        time.sleep(0.1)
    raise AssertionError(f"no SMS to {phone} in the outbox")


def sign_up(http, phone: str, name: str, code: str = "T7", slug: str = "downtown-lima") -> dict:
    reply = http.post(f"/branches/{slug}/tables/{code}/sessions", {"mode": "loyalty", "name": name, "phone": phone})
    assert reply.status == 201, reply.body
    return reply.body


def test_the_local_outbox_shows_the_code_and_it_opens_the_account(stack, http):
    # Given a loyalty sign-up with a new phone
    guest = sign_up(http, "+51900000101", "Rosa")
    assert guest["phoneVerification"]["status"] == "sent"

    # When the newcomer reads the code on the stack's outbox page
    code = code_for(stack, "+51900000101")
    with urllib.request.urlopen(stack.outbox_url, timeout=30) as answer:
        page = answer.read().decode()
        assert answer.headers["Content-Type"].startswith("text/html")
        assert answer.headers["Cache-Control"] == "no-store"
    assert "+51900000101" in page and code in page

    # Then entering it makes her a loyalty account
    confirmed = http.post(CONFIRM, {"code": code}, token=guest["token"])
    assert confirmed.status == 200, confirmed.body
    assert confirmed.body["customer"]["loyalty"] is True
    assert confirmed.body["customer"]["phone"] == "+51900000101"


def test_make_runs_terminal_hears_each_code_as_it_is_sent(stack, http):
    heard = []
    stack.outbox.on_message(heard.append)

    sign_up(http, "+51900000102", "Tomás", code="T8")

    deadline = time.monotonic() + 3
    while not any(m.phone == "+51900000102" for m in heard) and time.monotonic() < deadline:
        time.sleep(0.05)
    message = next(m for m in heard if m.phone == "+51900000102")
    assert message.code == code_for(stack, "+51900000102")


def test_a_members_phone_typed_by_a_stranger_shows_and_changes_nothing(stack, http):
    # Given Lucía, a member (her own sign-up at miraflores, code entered, an email kept)
    lucia = sign_up(http, "+51900000103", "Lucía", code="T2", slug="miraflores")
    member = http.post(CONFIRM, {"code": code_for(stack, "+51900000103")}, token=lucia["token"]).body
    assert http.call("PATCH", "/me", {"email": "lucia@example.com", "birthDate": "1990-05-17"},
                     token=member["token"]).status == 200

    # When a stranger signs up downtown with her phone, reads and edits "their" profile
    stranger = sign_up(http, "+51900000103", "Mallory", code="T9")
    seen = http.get("/me", token=stranger["token"]).body
    edited = http.call("PATCH", "/me", {"name": "Mallory", "email": "mallory@evil.example"}, token=stranger["token"])

    # Then it was a new guest's profile all along, and Lucía's account is as she left it
    assert stranger["customer"]["id"] != member["customer"]["id"]
    assert (seen["email"], seen["birthDate"], seen["loyalty"], seen["points"]) == (None, None, False, 0)
    assert edited.status == 200 and edited.body["id"] != member["customer"]["id"]
    own = http.get("/me", token=member["token"]).body
    assert (own["name"], own["email"], own["birthDate"]) == ("Lucía", "lucia@example.com", "1990-05-17")
