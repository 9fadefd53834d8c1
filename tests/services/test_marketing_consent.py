"""Marketing consent (issue 19): only a loyalty sign-up records it, unticked means no, and a
returning member's earlier yes is never undone by a sign-up that leaves the box unticked."""
from __future__ import annotations

import pytest

from chalicelib.domain import clock
from chalicelib.domain.customers import RegistrationMode
from chalicelib.services import diners
from chalicelib.services import phone_verification as verification
from chalicelib.services.reports import MEMBER_COLUMNS, _members
from tests.services.test_phone_verification import HASHER, Outbox, loyalty_sign_up
from tests.services.world import client_ip

CHAIN = "ch_comanda-demo"


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.reset()


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


def member(repos, tokens, outbox, code, **extra):
    _, _, principal = loyalty_sign_up(repos, tokens, outbox, code, **extra)
    return verification.confirm_code(repos, tokens, HASHER, principal, outbox.code()).customer


def test_a_loyalty_member_has_not_agreed_unless_they_ticked_the_box(repos, tokens, outbox):
    account = member(repos, tokens, outbox, "T2")
    stored = repos.customers.get(account.id)
    assert (stored.marketing_consent, stored.consent_at) == (False, None)


def test_a_loyalty_sign_up_that_agrees_records_when(repos, tokens, outbox):
    registered, _, _ = loyalty_sign_up(repos, tokens, outbox, "T2", marketing_consent=True)
    assert registered.customer.marketing_consent and registered.customer.consent_at == registered.customer.created_at
    account = member(repos, tokens, outbox, "T30", name="Lucía B", phone="+51911111111", marketing_consent=True)
    stored = repos.customers.get(account.id)
    assert stored.is_loyalty and stored.marketing_consent and stored.consent_at


def test_a_quick_sign_up_ignores_the_consent(repos, tokens):
    registered = diners.register_diner(repos, tokens, "downtown-lima", "T2", diners.Registration(
        mode=RegistrationMode.QUICK, name="Ana", client_ip=client_ip(), marketing_consent=True))
    stored = repos.customers.get(registered.customer.id)
    assert (stored.marketing_consent, stored.consent_at) == (False, None)


def test_a_returning_member_keeps_a_yes_when_the_box_is_left_unticked(repos, tokens, outbox):
    first = member(repos, tokens, outbox, "T2", marketing_consent=True)
    given_at = repos.customers.get(first.id).consent_at
    again = member(repos, tokens, outbox, "T30", name="Lucía", marketing_consent=False)
    assert again.id == first.id
    assert (repos.customers.get(first.id).marketing_consent, repos.customers.get(first.id).consent_at) == (True, given_at)


def test_a_returning_member_who_agrees_now_is_recorded_once(repos, tokens, outbox):
    first = member(repos, tokens, outbox, "T2")
    again = member(repos, tokens, outbox, "T30", marketing_consent=True)
    agreed = repos.customers.get(first.id)
    assert again.id == first.id and again.marketing_consent
    assert agreed.marketing_consent and agreed.consent_at
    member(repos, tokens, outbox, "T12", marketing_consent=True)  # a second yes keeps the first one's time
    assert repos.customers.get(first.id).consent_at == agreed.consent_at


def test_the_member_list_shows_the_consent_after_the_contact_fields(repos, tokens, outbox):
    account = member(repos, tokens, outbox, "T2", email="lucia@example.com", marketing_consent=True)
    table = _members(repos, CHAIN)
    assert table["columns"] == MEMBER_COLUMNS
    assert MEMBER_COLUMNS.index("marketing_consent") == MEMBER_COLUMNS.index("birth_date") + 1
    row = dict(zip(table["columns"], table["rows"][0], strict=True))
    assert (row["customer_id"], row["email"], row["marketing_consent"]) == (account.id, "lucia@example.com", True)
    assert row["consent_at"] == repos.customers.get(account.id).consent_at
