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
