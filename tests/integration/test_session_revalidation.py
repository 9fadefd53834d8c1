"""The phone's catch-up read of its session (after its socket connects) costs no body when
nothing changed: GET /api/session carries an ETag and answers If-None-Match with 304 (issue #17,
the menu page's weight)."""
from __future__ import annotations

import pytest

from tests.integration.test_diner_entry import header


def test_an_unchanged_session_is_not_sent_again(api):
    # Given a seated diner who read their session and kept its ETag
    diner = api.seated_diner()
    first = api.get("/session", token=diner["token"])
    assert first.status == 200, first.body
    etag = header(first, "ETag")
    assert etag and etag.startswith('"') and etag.endswith('"')
    assert "no-store" in (header(first, "Cache-Control") or "")  # no cache keeps it: the phone does

    # When it reads again with If-None-Match
    again = api.get("/session", token=diner["token"], headers={"If-None-Match": etag})

    # Then 304, no body, the same ETag
    assert again.status == 304
    assert not again.body
    assert header(again, "ETag") == etag


@pytest.mark.parametrize("validator", ["W/{etag}", '"an-older-session", {etag}'], ids=["weak", "list"])
def test_an_unchanged_session_is_not_sent_again_whatever_form_the_validator_takes(api, validator):
    diner = api.seated_diner()
    etag = header(api.get("/session", token=diner["token"]), "ETag")

    reply = api.get("/session", token=diner["token"], headers={"If-None-Match": validator.format(etag=etag)})

    assert reply.status == 304


def test_a_changed_session_comes_whole_with_a_new_etag(api):
    # Given a diner holding their session's ETag
    diner = api.seated_diner()
    etag = header(api.get("/session", token=diner["token"]), "ETag")

    # When something changes at the table (they call a waiter)
    assert api.post("/session/waiter-calls", {}, token=diner["token"]).status in (200, 201)

    # Then the same validator gets the whole session, with the call in it, under another ETag
    reply = api.get("/session", token=diner["token"], headers={"If-None-Match": etag})
    assert reply.status == 200
    assert reply.body["requests"]
    assert header(reply, "ETag") not in (None, etag)


def test_a_stale_or_foreign_validator_gets_the_whole_session(api):
    diner = api.seated_diner()

    reply = api.get("/session", token=diner["token"], headers={"If-None-Match": '"not-this-session"'})

    assert reply.status == 200
    assert reply.body["id"] == diner["session_id"]


def test_without_a_token_the_validator_changes_nothing(api):
    diner = api.seated_diner()
    etag = header(api.get("/session", token=diner["token"]), "ETag")

    reply = api.get("/session", headers={"If-None-Match": etag})

    assert reply.status == 401


def test_the_session_carries_the_callers_profile_as_get_me_does(api):
    # Given a seated diner (the menu page needs their allergens: no GET /me of its own, issue #17)
    diner = api.seated_diner()
    assert api.patch("/me", {"avoidAllergens": ["fish"]}, token=diner["token"]).status == 200

    # When they read their session
    session = api.get("/session", token=diner["token"]).body

    # Then it says who they are, exactly as GET /me does
    assert session["me"] == api.get("/me", token=diner["token"]).body
    assert session["me"]["avoidAllergens"] == ["fish"]


def test_a_profile_change_is_a_changed_session(api):
    # Given a diner holding their session's ETag
    diner = api.seated_diner()
    etag = header(api.get("/session", token=diner["token"]), "ETag")

    # When they change their profile (on another tab, say)
    assert api.patch("/me", {"name": "Ana María"}, token=diner["token"]).status == 200

    # Then the catch-up read is no 304: the new profile comes with it
    reply = api.get("/session", token=diner["token"], headers={"If-None-Match": etag})
    assert reply.status == 200
    assert reply.body["me"]["name"] == "Ana María"
