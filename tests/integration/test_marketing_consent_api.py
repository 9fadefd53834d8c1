"""Marketing consent over HTTP (issue 19): the loyalty sign-up's optional boolean
`marketingConsent`, refused when it is not a boolean, ignored for a quick sign-up, documented
in /openapi.json; the entry page names the chain the consent is given to."""
from __future__ import annotations

import pytest

from chalicelib import bootstrap
from chalicelib.domain import clock
from tests.integration.shapes import assert_error

SESSIONS = "/branches/downtown-lima/tables/T12/sessions"


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.reset()


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, None, [True], {"agreed": True}])
def test_a_consent_that_is_not_a_boolean_is_refused_naming_the_field(api, value):
    reply = api.post(SESSIONS, {"mode": "loyalty", "name": "Lucia", "phone": "+51987654321",
                                "marketingConsent": value})
    assert_error(reply, 400, "INVALID_INPUT", field="marketingConsent")


def test_a_loyalty_member_who_agrees_is_stored_as_agreed(api):
    signed = api.loyalty_sign_up(marketingConsent=True)
    stored = bootstrap.repositories().customers.get(signed["customer"]["id"])
    assert stored.is_loyalty and stored.marketing_consent and stored.consent_at


def test_a_quick_sign_up_ignores_the_consent(api):
    reply = api.post(SESSIONS, {"mode": "quick", "name": "Ana", "marketingConsent": True})
    assert reply.status == 201, reply.body
    stored = bootstrap.repositories().customers.get(reply.body["customer"]["id"])
    assert (stored.marketing_consent, stored.consent_at) == (False, None)


def test_the_entry_page_names_the_chain(api):
    reply = api.get("/branches/downtown-lima/tables/T12")
    assert reply.status == 200, reply.body
    assert reply.body["chain"]["name"]


def test_the_consent_is_documented(api):
    document = api.get("/openapi.json").body
    consent = document["components"]["schemas"]["RegistrationBody"]["properties"]["marketingConsent"]
    assert consent["type"] == "boolean" and consent["default"] is False and "loyalty" in consent["description"]


def test_a_member_stops_the_offers_from_their_profile_and_may_agree_again(api):
    # "You can stop at any time": PATCH /me with false clears the consent and its time
    signed = api.loyalty_sign_up(marketingConsent=True)
    token, customer_id = signed["token"], signed["customer"]["id"]
    assert api.get("/me", token=token).body["marketingConsent"] is True

    stopped = api.patch("/me", {"marketingConsent": False}, token=token)

    assert stopped.status == 200, stopped.body
    assert stopped.body["marketingConsent"] is False
    stored = bootstrap.repositories().customers.get(customer_id)
    assert (stored.marketing_consent, stored.consent_at) == (False, None)
    assert api.patch("/me", {"name": "Lucía"}, token=token).body["marketingConsent"] is False  # other edits keep it

    again = api.patch("/me", {"marketingConsent": True}, token=token)
    assert again.body["marketingConsent"] is True
    assert bootstrap.repositories().customers.get(customer_id).consent_at


def test_a_guest_has_no_offers_to_stop_and_a_null_is_refused(api):
    guest = api.post(SESSIONS, {"mode": "quick", "name": "Ana"})
    assert guest.status == 201, guest.body
    assert_error(api.patch("/me", {"marketingConsent": True}, token=guest.body["token"]), 400, "INVALID_INPUT",
                 field="marketingConsent")
    member = api.loyalty_sign_up()
    assert_error(api.patch("/me", {"marketingConsent": None}, token=member["token"]), 400, "INVALID_INPUT",
                 field="marketingConsent")
    assert_error(api.patch("/me", {"marketingConsent": "no"}, token=member["token"]), 400, "INVALID_INPUT",
                 field="marketingConsent")
