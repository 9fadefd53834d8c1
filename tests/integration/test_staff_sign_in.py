"""Staff sign in with email and password and see the branches they may act on."""
from __future__ import annotations

import time

from chalicelib.config import settings
from tests.integration.shapes import claims_of

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
OWNER = "owner@demo.comanda"
MANAGER = "manager@downtown.demo.comanda"
KITCHEN = "kitchen@downtown.demo.comanda"
WAITER = "waiter@miraflores.demo.comanda"
PASSWORD = "demo1234"


def refusal(reply) -> tuple:
    return reply.status, reply.error["code"], reply.error.get("field")


# -- signing in ------------------------------------------------------------------------------
def test_a_manager_signs_in_and_gets_a_staff_token_for_their_branch(api):
    reply = api.post("/staff/login", {"email": MANAGER, "password": PASSWORD})

    assert reply.status == 200
    staff = reply.body["staff"]
    assert staff["role"] == "manager" and staff["email"] == MANAGER and staff["name"]
    assert staff["branches"] == [DOWNTOWN]
    claims = claims_of(reply.body["token"])
    assert claims["typ"] == "staff" and claims["role"] == "manager"
    assert claims["branches"] == [DOWNTOWN] and claims["sub"] == staff["id"]
    assert claims["iss"] == settings.jwt_issuer and claims["aud"] == settings.jwt_audience
    assert claims["exp"] > claims["iat"]


def test_an_owner_token_names_every_branch_of_the_chain(api):
    reply = api.post("/staff/login", {"email": OWNER, "password": PASSWORD})

    assert reply.status == 200
    assert sorted(reply.body["staff"]["branches"]) == [DOWNTOWN, MIRAFLORES]
    claims = claims_of(reply.body["token"])
    assert claims["role"] == "owner" and sorted(claims["branches"]) == [DOWNTOWN, MIRAFLORES]


def test_the_email_is_matched_whatever_its_case_and_surrounding_spaces(api):
    reply = api.post("/staff/login", {"email": "  Kitchen@Downtown.Demo.Comanda ", "password": PASSWORD})

    assert reply.status == 200
    assert reply.body["staff"]["role"] == "kitchen"


def test_a_wrong_password_and_an_unknown_email_are_refused_alike(api):
    wrong_password = api.post("/staff/login", {"email": MANAGER, "password": "demo12345"})
    unknown_email = api.post("/staff/login", {"email": "nobody@demo.comanda", "password": PASSWORD})

    assert wrong_password.status == unknown_email.status == 401
    assert wrong_password.error == unknown_email.error
    assert wrong_password.error["code"] == "INVALID_CREDENTIALS"
    assert "token" not in wrong_password.body


def test_a_sign_in_with_a_missing_or_blank_field_names_the_field(api):
    examples = {
        "missing email": ({"password": PASSWORD}, "email"),
        "missing password": ({"email": MANAGER}, "password"),
        "blank email": ({"email": "   ", "password": PASSWORD}, "email"),
        "blank password": ({"email": MANAGER, "password": ""}, "password"),
        "an unknown field": ({"email": MANAGER, "password": PASSWORD, "role": "owner"}, "role"),
    }

    answers = {name: api.post("/staff/login", body) for name, (body, _) in examples.items()}

    assert {name: refusal(reply) for name, reply in answers.items()} == {
        name: (400, "INVALID_INPUT", field) for name, (_, field) in examples.items()}
    assert all(reply.error["message"] for reply in answers.values())


def test_a_sign_in_body_that_is_not_json_is_refused(api):
    reply = api.post("/staff/login", raw=b"email=manager&password=demo1234")

    assert refusal(reply) == (400, "INVALID_INPUT", "body")


def _attempts_in_one_window(api, emails: list[str], count: int) -> list:
    """`count` sign-in attempts for one email inside one rate-limit window. The window is a
    fixed one; in the rare run that straddles its edge, the attempts are made again for
    another email (a new window holds none of its attempts)."""
    for email in emails:
        window = int(time.time()) // settings.login_window_s
        replies = [api.post("/staff/login", {"email": email, "password": "guess-" + str(n)}) for n in range(count - 1)]
        replies.append(api.post("/staff/login", {"email": email, "password": PASSWORD}))
        if int(time.time()) // settings.login_window_s == window:
            return replies
    raise AssertionError("two rate-limit windows ended during the attempts")


def test_the_eleventh_attempt_for_one_email_within_the_window_is_429_with_retry_after(api):
    # Given ten failed guesses for the manager's email
    # When an eleventh attempt comes within the same window, even with the right password
    replies = _attempts_in_one_window(api, [MANAGER, OWNER], settings.login_attempts_per_window + 1)

    # Then the first ten were judged on their credentials and the eleventh is throttled
    assert [r.status for r in replies[:-1]] == [401] * settings.login_attempts_per_window
    throttled = replies[-1]
    assert refusal(throttled) == (429, "TOO_MANY_REQUESTS", None)
    retry_after = {name.lower(): value for name, value in throttled.headers.items()}["retry-after"]
    assert 1 <= int(retry_after) <= settings.login_window_s


def test_the_sign_in_limit_of_one_email_does_not_lock_out_another(api):
    # Given an email that is throttled
    _attempts_in_one_window(api, ["nobody@demo.comanda", "someone@demo.comanda"],
                            settings.login_attempts_per_window + 1)

    # When a colleague signs in, Then they get in
    assert api.post("/staff/login", {"email": KITCHEN, "password": PASSWORD}).status == 200


# -- my branches -----------------------------------------------------------------------------
def test_staff_see_the_branches_their_account_may_act_on(api):
    expected = {
        OWNER: ["downtown-lima", "miraflores"],
        MANAGER: ["downtown-lima"],
        KITCHEN: ["downtown-lima"],
        WAITER: ["miraflores"],
    }

    answers = {email: api.get("/staff/branches", token=api.login(email)) for email in expected}

    assert {email: sorted(b["slug"] for b in reply.body["branches"]) for email, reply in answers.items()} == expected
    for branch in answers[OWNER].body["branches"]:
        assert branch["id"] == f"br_{branch['slug']}"
        assert branch["currency"] == "PEN" and branch["name"]
