"""Issue 17: a body with several bad fields names each of them at once (`error.fields`), and a
throttle says how long to wait (`retryAfter` seconds in the body, as the Retry-After header)."""
from __future__ import annotations

from tests.integration.shapes import assert_error

SESSIONS = "/branches/downtown-lima/tables/T13/sessions"


def test_every_bad_field_of_a_sign_up_is_named_at_once(api):
    reply = api.post(SESSIONS, {"mode": "loyalty", "name": "", "phone": "987654321", "email": "rosa@"})

    assert_error(reply, 400, "INVALID_INPUT", field="name")
    assert set(reply.body["error"]["fields"]) == {"name", "phone", "email"}
    assert reply.body["error"]["message"].startswith("name: ")  # the old shape: the first, in `field` and `message`


def test_one_bad_field_is_also_in_fields(api):
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "email": "ana@"})

    assert_error(reply, 400, "INVALID_INPUT", field="email")
    assert list(reply.body["error"]["fields"]) == ["email"]


def test_a_throttled_sign_up_says_how_many_seconds_to_wait(api):
    for _ in range(40):
        reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana"})
        if reply.status == 429:
            break
    assert_error(reply, 429)
    wait = reply.body["error"]["retryAfter"]
    assert 1 <= wait <= 600
    assert reply.headers.get("Retry-After", reply.headers.get("retry-after")) == str(wait)
