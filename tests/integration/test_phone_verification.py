"""A phone number proves itself before it opens an account (issue 13, finding 2): a loyalty
sign-up is a plain guest until the six-digit code sent by SMS is entered; then it links to the
phone's account, or becomes it."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest

from chalicelib.domain import clock
from tests.integration.conftest import sent_code, text_messages
from tests.integration.shapes import claims_of

SESSIONS = "/branches/downtown-lima/tables/T12/sessions"
MEMBER_PHONE = "+51987654321"
CONFIRM = "/me/phone-verification/confirm"
RESEND = "/me/phone-verification"


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.reset()


@pytest.fixture
def member(api):
    """Lucía, a loyalty member with an email, a birth date, 120 points and two visits (her sign-up
    at miraflores is still pending, not a visit)."""
    from chalicelib import bootstrap

    account = api.loyalty_sign_up("/branches/miraflores/tables/T2/sessions", name="Lucía", phone=MEMBER_PHONE,
                                  email="lucia@example.com", birthDate="1990-05-17")
    customers = bootstrap.repositories().customers
    customers.add_points(account["customer"]["id"], 120)
    customers.record_visit(account["customer"]["id"])
    customers.record_visit(account["customer"]["id"])
    return {"id": account["customer"]["id"], "token": account["token"]}


def sign_up(api, phone: str = MEMBER_PHONE, name: str = "Mallory", path: str = SESSIONS, **extra):
    reply = api.post(path, {"mode": "loyalty", "name": name, "phone": phone, **extra})
    assert reply.status == 201, reply.body
    return reply.body


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# -- the finding: a member's phone typed by someone else ----------------------------------------
def test_signing_up_with_a_members_phone_shows_nothing_of_their_account(api, member):
    # When a stranger signs up in loyalty mode with Lucía's phone
    stranger = sign_up(api, email="mallory@evil.example")

    # Then they are a new guest: not her customer id, none of her data
    assert stranger["customer"]["id"] != member["id"]
    assert stranger["customer"]["loyalty"] is False
    profile = api.get("/me", token=stranger["token"]).body
    assert profile["id"] != member["id"]
    assert profile["loyalty"] is False
    assert profile["points"] == 0 and profile["visits"] == 0
    assert profile["birthDate"] is None
    assert profile["email"] == "mallory@evil.example"  # what the stranger typed, nothing stored
    assert profile["phone"] is None
    assert claims_of(stranger["token"])["sub"] != member["id"]


def test_a_stranger_with_a_members_phone_cannot_change_her_account(api, member):
    stranger = sign_up(api)

    edited = api.patch("/me", {"name": "Mallory", "email": "mallory@evil.example", "birthDate": "2000-01-01"},
                       token=stranger["token"])

    assert edited.status == 200, edited.body
    assert edited.body["id"] != member["id"]
    own = api.get("/me", token=member["token"]).body
    assert (own["name"], own["email"], own["birthDate"]) == ("Lucía", "lucia@example.com", "1990-05-17")
    assert (own["points"], own["visits"]) == (120, 2)


def test_a_loyalty_sign_up_says_a_code_was_sent_to_the_masked_phone(api):
    before = len(text_messages(MEMBER_PHONE))

    body = sign_up(api)

    verification = body["phoneVerification"]
    assert verification["status"] == "sent"
    assert verification["phone"] == "+51 ••• ••• 321"
    assert verification["expiresAt"].endswith("Z")
    assert verification["resendAfter"] == 30
    assert body["customer"]["loyalty"] is False
    texts = text_messages(MEMBER_PHONE)
    assert len(texts) == before + 1
    assert re.search(r"\b\d{6}\b", texts[-1])


def test_the_code_is_stored_only_as_a_keyed_hash(api):
    from chalicelib.store.models import PhoneVerificationRecord

    body = sign_up(api)
    code = sent_code(MEMBER_PHONE)

    record = PhoneVerificationRecord.get("phone-verification#" + body["customer"]["id"], consistent_read=True)
    stored = record.attribute_values
    assert code not in " ".join(str(v) for v in stored.values())
    assert re.fullmatch(r"[0-9a-f]{64}", stored["code_hash"])


# -- the code ------------------------------------------------------------------------------------
def test_the_right_code_links_the_guest_to_the_members_account_with_her_points_and_visits(api, member):
    # Given Lucía herself signs up at T12 as "Lu", is seated, and gets the code
    guest = sign_up(api, name="Lu")
    manager = api.login()
    assert api.post(f"/staff/sessions/{guest['session']['id']}/approve", token=manager).status == 200

    # When she enters it
    reply = api.post(CONFIRM, {"code": sent_code(MEMBER_PHONE)}, token=guest["token"])

    # Then she is her account, points kept, this visit counted, with a token naming it
    assert reply.status == 200, reply.body
    assert reply.body["linked"] is True
    assert reply.body["customer"]["id"] == member["id"]
    assert claims_of(reply.body["token"])["sub"] == member["id"]
    profile = api.get("/me", token=reply.body["token"]).body
    assert (profile["points"], profile["visits"], profile["email"]) == (120, 3, "lucia@example.com")
    # her place at the table moved to the account, under the name she gave
    participants = api.get("/session", token=reply.body["token"]).body["participants"]
    assert [(p["customerId"], p["name"]) for p in participants] == [(member["id"], "Lu")]
    # and the guest's token no longer opens the session
    assert api.get("/session", token=guest["token"]).status == 401


def test_a_new_phone_makes_the_guest_its_loyalty_account(api):
    guest = sign_up(api, phone="+51911222333", name="Rosa", email="rosa@example.com")

    reply = api.post(CONFIRM, {"code": sent_code("+51911222333")}, token=guest["token"])

    assert reply.status == 200, reply.body
    assert reply.body["linked"] is False
    customer = reply.body["customer"]
    assert customer["id"] == guest["customer"]["id"]
    assert (customer["loyalty"], customer["phone"], customer["email"]) == (True, "+51911222333", "rosa@example.com")


def test_a_wrong_code_says_how_many_tries_are_left(api):
    guest = sign_up(api)

    reply = api.post(CONFIRM, {"code": wrong(sent_code(MEMBER_PHONE))}, token=guest["token"])

    assert reply.status == 422, reply.body
    assert reply.body["error"]["code"] == "CODE_INVALID"
    assert reply.body["error"]["field"] == "code"
    assert reply.body["error"]["triesLeft"] == 4


def test_five_tries_then_even_the_right_code_needs_a_new_one(api):
    guest = sign_up(api)
    code = sent_code(MEMBER_PHONE)

    answers = [api.post(CONFIRM, {"code": wrong(code)}, token=guest["token"]) for _ in range(5)]

    assert [a.body["error"]["code"] for a in answers] == ["CODE_INVALID"] * 4 + ["TOO_MANY_TRIES"]
    assert [a.body["error"].get("triesLeft") for a in answers] == [4, 3, 2, 1, 0]
    assert api.post(CONFIRM, {"code": code}, token=guest["token"]).body["error"]["code"] == "TOO_MANY_TRIES"
    # a new code (after the resend interval) works
    clock.travel(timedelta(seconds=31))
    assert api.post(RESEND, {}, token=guest["token"]).status == 201
    assert api.post(CONFIRM, {"code": sent_code(MEMBER_PHONE)}, token=guest["token"]).status == 200


def test_a_code_is_valid_five_minutes(api):
    guest = sign_up(api)
    code = sent_code(MEMBER_PHONE)

    clock.travel(timedelta(minutes=5))
    expired = api.post(CONFIRM, {"code": code}, token=guest["token"])

    assert expired.status == 422
    assert expired.body["error"]["code"] == "CODE_EXPIRED"


def test_a_code_works_once(api):
    guest = sign_up(api, phone="+51911222333")
    code = sent_code("+51911222333")
    assert api.post(CONFIRM, {"code": code}, token=guest["token"]).status == 200

    again = api.post(CONFIRM, {"code": code}, token=guest["token"])

    assert again.status == 409  # the guest is now the loyalty account
    assert again.body["error"]["code"] == "ALREADY_VERIFIED"


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", "12 345", ""])
def test_a_code_is_six_digits(api, code):
    guest = sign_up(api)

    reply = api.post(CONFIRM, {"code": code}, token=guest["token"])

    assert reply.status == 400, reply.body
    assert reply.body["error"]["field"] == "code"


def test_confirming_without_a_code_sent_is_409(api):
    quick = api.register(name="Ana").body

    reply = api.post(CONFIRM, {"code": "123456"}, token=quick["token"])

    assert reply.status == 409
    assert reply.body["error"]["code"] == "NO_CODE_SENT"


def test_the_code_endpoints_need_a_diner_token(api):
    assert api.post(CONFIRM, {"code": "123456"}).status == 401
    assert api.post(RESEND, {}).status == 401


# -- resends ---------------------------------------------------------------------------------------
def test_a_resend_right_away_is_throttled_with_retry_after(api):
    guest = sign_up(api)

    reply = api.post(RESEND, {}, token=guest["token"])

    assert reply.status == 429
    assert reply.body["error"]["code"] == "RESEND_THROTTLED"
    assert 1 <= int(reply.headers["Retry-After"]) <= 30


def test_a_quick_diner_may_start_from_the_profile_with_a_phone(api):
    quick = api.register(name="Ana").body

    reply = api.post(RESEND, {"phone": "+51911222333"}, token=quick["token"])

    assert reply.status == 201, reply.body
    assert reply.body["phoneVerification"]["phone"] == "+51 ••• ••• 333"
    state = api.get(RESEND, token=quick["token"]).body["phoneVerification"]
    assert state["phone"] == "+51 ••• ••• 333" and state["resendAfter"] > 0
    assert api.post(CONFIRM, {"code": sent_code("+51911222333")}, token=quick["token"]).status == 200


def test_one_phone_gets_at_most_five_codes_an_hour(api):
    for table in ("T1", "T2", "T3", "T4", "T5"):
        body = sign_up(api, path=f"/branches/downtown-lima/tables/{table}/sessions")
        assert body["phoneVerification"]["status"] == "sent"

    sixth = sign_up(api, path="/branches/downtown-lima/tables/T6/sessions")

    # seated as a guest all the same, but no sixth text to that phone
    assert sixth["phoneVerification"]["status"] == "throttled"
    assert sixth["phoneVerification"]["expiresAt"] is None
    assert sixth["phoneVerification"]["resendAfter"] > 0
    refused = api.post(RESEND, {}, token=sixth["token"])
    assert refused.status in (400, 429)


def test_one_client_asks_for_at_most_ten_codes_an_hour(api):
    answers = [sign_up(api, phone=f"+5191100{n:04d}", path=f"/branches/downtown-lima/tables/T{n + 1}/sessions")
               for n in range(11)]

    assert [a["phoneVerification"]["status"] for a in answers] == ["sent"] * 10 + ["throttled"]


def test_a_loyalty_account_has_nothing_to_verify(api):
    account = api.loyalty_sign_up(phone="+51911222333")

    reply = api.post(RESEND, {}, token=account["token"])

    assert reply.status == 409
    assert reply.body["error"]["code"] == "ALREADY_VERIFIED"


def test_parallel_guesses_get_five_tries_in_all(api):
    # Given a guest with a code, and eight wrong guesses sent at once
    from chalicelib import bootstrap
    from chalicelib.domain.errors import DomainError
    from chalicelib.services import phone_verification
    from tests.integration.test_store_races import _in_parallel

    guest = sign_up(api)
    code = sent_code(MEMBER_PHONE)
    principal = bootstrap.tokens().diner(guest["token"])

    def guess(n: int):
        return lambda: phone_verification.confirm_code(bootstrap.repositories(), bootstrap.tokens(),
                                                       bootstrap.code_hasher(), principal, wrong(code))

    results = _in_parallel(*(guess(n) for n in range(8)))

    # Then no more than five were judged, and the right code now needs a new one
    assert all(isinstance(r, DomainError) for r in results), results
    judged = [r for r in results if r.code == "CODE_INVALID"]
    assert len(judged) <= 4
    assert api.post(CONFIRM, {"code": code}, token=guest["token"]).body["error"]["code"] == "TOO_MANY_TRIES"
