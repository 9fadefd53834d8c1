"""Phone verification at the service level: a loyalty sign-up stays a guest until the code
sent to the phone is entered; then it links to the phone's account, or becomes it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.domain import clock
from chalicelib.domain.customers import RegistrationMode
from chalicelib.domain.errors import AlreadyExists, TooManyRequests
from chalicelib.domain.phone_verification import (
    MAX_TRIES,
    AlreadyVerified,
    CodeExpired,
    CodeHasher,
    CodeInvalid,
    NoCodeSent,
    TextNotSent,
    TooManyTries,
)
from chalicelib.services import diners, floor
from chalicelib.services import phone_verification as verification
from tests.services.world import MANAGER, WAITER, client_ip

PHONE = "+51987654321"


class Outbox:
    """SMS as SNS would take them (the adapter the service is given), kept in a list."""

    def __init__(self, refuse: bool = False) -> None:
        self.sent: list[tuple[str, str]] = []
        self.refuse = refuse

    def send(self, phone: str, text: str) -> None:
        if self.refuse:
            raise TextNotSent("We could not send the text message just now; please try again shortly.")
        self.sent.append((phone, text))

    def code(self) -> str:
        return self.sent[-1][1].split()[1]


@pytest.fixture(autouse=True)
def _real_clock():
    yield
    clock.reset()


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


HASHER = CodeHasher(b"k" * 32)


def loyalty_sign_up(repos, tokens, outbox, code="T12", name="Lucía", phone=PHONE, slug="downtown-lima", **extra):
    registration = diners.Registration(mode=RegistrationMode.LOYALTY, name=name, phone=phone, client_ip=client_ip(),
                                       **extra)
    registered, sent = verification.register_with_phone(repos, tokens, outbox, HASHER, slug, code,
                                                        registration, client_ip())
    return registered, sent, tokens.diner(registered.token)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_loyalty_sign_up_is_a_guest_until_the_code_is_entered(repos, tokens, outbox):
    registered, sent, principal = loyalty_sign_up(repos, tokens, outbox)
    assert registered.customer.mode is RegistrationMode.QUICK
    assert (sent.status, sent.phone, outbox.sent[0][0]) == ("sent", PHONE, PHONE)
    stored = repos.phone_verifications.get(registered.customer.id)
    assert outbox.code() not in stored.code_hash  # kept only as a keyed hash
    verified = verification.confirm_code(repos, tokens, HASHER, principal, outbox.code())
    assert (verified.linked, verified.customer.mode, verified.customer.phone) == (False, RegistrationMode.LOYALTY, PHONE)
    assert repos.customers.id_for_phone("ch_comanda-demo", PHONE) == registered.customer.id
    with pytest.raises(AlreadyVerified):
        verification.send_code(repos, outbox, HASHER, principal, client_ip())


def test_the_right_code_links_the_guest_to_the_member_s_account(repos, tokens, outbox):
    _, _, lucia = loyalty_sign_up(repos, tokens, outbox, "T2", email="lucia@example.com")
    member = verification.confirm_code(repos, tokens, HASHER, lucia, outbox.code()).customer
    repos.customers.add_points(member.id, 120)
    registered, _, stranger = loyalty_sign_up(repos, tokens, outbox, "T30", name="Mallory")
    assert registered.customer.id != member.id and registered.customer.points == 0
    linked = verification.confirm_code(repos, tokens, HASHER, stranger, outbox.code())
    assert (linked.linked, linked.customer.id, linked.customer.points) == (True, member.id, 120)
    assert tokens.diner(linked.token).customer_id == member.id
    assert repos.sessions.get(stranger.session_id).has_participant(member.id)
    assert repos.customers.get(member.id).email == "lucia@example.com"  # nothing stored is overwritten


def test_a_wrong_code_counts_and_five_tries_need_a_new_code(repos, tokens, outbox):
    _, _, principal = loyalty_sign_up(repos, tokens, outbox)
    code = outbox.code()
    for left in range(MAX_TRIES - 1, 0, -1):
        with pytest.raises(CodeInvalid) as wrong_try:
            verification.confirm_code(repos, tokens, HASHER, principal, wrong(code))
        assert wrong_try.value.details == {"triesLeft": left}
    with pytest.raises(TooManyTries):  # the fifth wrong try
        verification.confirm_code(repos, tokens, HASHER, principal, wrong(code))
    with pytest.raises(TooManyTries):
        verification.confirm_code(repos, tokens, HASHER, principal, code)


def test_a_code_is_valid_five_minutes_and_works_once(repos, tokens, outbox):
    _, _, principal = loyalty_sign_up(repos, tokens, outbox)
    clock.travel(timedelta(minutes=5))
    with pytest.raises(CodeExpired):
        verification.confirm_code(repos, tokens, HASHER, principal, outbox.code())
    clock.reset()
    _, _, other = loyalty_sign_up(repos, tokens, outbox, "T30", phone="+51900000001")
    clock.travel(timedelta(minutes=4, seconds=58))
    verification.confirm_code(repos, tokens, HASHER, other, outbox.code())
    with pytest.raises(AlreadyVerified):  # the guest is now the loyalty account
        verification.confirm_code(repos, tokens, HASHER, other, outbox.code())


def test_resending_waits_30_seconds_and_the_old_code_stops_working(repos, tokens, outbox):
    _, _, principal = loyalty_sign_up(repos, tokens, outbox)
    first = outbox.code()
    with pytest.raises(TooManyRequests) as throttled:
        verification.send_code(repos, outbox, HASHER, principal, client_ip())
    assert 0 < throttled.value.retry_after_s <= 30
    clock.travel(timedelta(seconds=30))
    verification.send_code(repos, outbox, HASHER, principal, client_ip())
    assert len(outbox.sent) == 2
    if first != outbox.code():  # one time in a million the new code is the same six digits
        with pytest.raises(CodeInvalid):
            verification.confirm_code(repos, tokens, HASHER, principal, first)
    verification.confirm_code(repos, tokens, HASHER, principal, outbox.code())


def test_no_code_sent_and_a_refused_sms_leave_the_guest_seated(repos, tokens, outbox):
    registered = diners.register_diner(repos, tokens, "downtown-lima", "T12",
                                       diners.Registration(mode=RegistrationMode.QUICK, name="Ana", client_ip=client_ip()))
    with pytest.raises(NoCodeSent):
        verification.confirm_code(repos, tokens, HASHER, tokens.diner(registered.token), "123456")
    registered, sent, _ = loyalty_sign_up(repos, tokens, Outbox(refuse=True), "T13")
    assert sent.status == "failed" and registered.session.id


def test_one_phone_gets_at_most_five_codes_an_hour(repos, tokens, outbox):
    for n in range(5):
        loyalty_sign_up(repos, tokens, outbox, f"T{20 + n}", name=f"Guest {n}")
    _, sent, _ = loyalty_sign_up(repos, tokens, outbox, "T26", name="Sixth")
    assert sent.status == "throttled" and len(outbox.sent) == 5


def test_a_phone_claimed_meanwhile_links_rather_than_failing(repos, tokens, outbox):
    _, _, first = loyalty_sign_up(repos, tokens, outbox, "T12", name="Ana")
    first_code = outbox.code()
    _, _, second = loyalty_sign_up(repos, tokens, outbox, "T13", name="Ana on her tablet")
    verification.confirm_code(repos, tokens, HASHER, second, outbox.code())
    linked = verification.confirm_code(repos, tokens, HASHER, first, first_code)
    assert linked.linked is True
    with pytest.raises(AlreadyExists):
        repos.phone_verifications.claim_phone(first.customer_id, "ch_comanda-demo", PHONE)


def test_a_member_s_visits_grow_at_any_branch_and_a_rejected_sign_up_is_no_visit(repos, tokens, outbox):
    def visit(code="T12", slug="downtown-lima", staff=MANAGER, **extra):
        _, _, guest = loyalty_sign_up(repos, tokens, outbox, code, slug=slug, **extra)
        verification.confirm_code(repos, tokens, HASHER, guest, outbox.code())
        clock.travel(timedelta(seconds=31))  # past the wait between two codes to one phone
        return guest.session_id, floor.approve_session(repos, staff, guest.session_id)

    first_id, _ = visit(email="lucia@example.com")
    member = repos.customers.id_for_phone("ch_comanda-demo", PHONE)
    assert member and repos.customers.get(member).visits == 1
    floor.close_session(repos, MANAGER, first_id)
    _, _, rejected = loyalty_sign_up(repos, tokens, outbox, "T12")
    verification.confirm_code(repos, tokens, HASHER, rejected, outbox.code())
    floor.reject_session(repos, MANAGER, rejected.session_id, "Wrong table")
    clock.travel(timedelta(seconds=31))
    assert repos.customers.get(member).visits == 1  # a sign-up staff reject is not a visit
    second_id, second = visit("T12")
    assert second_id != first_id and second.has_participant(member)
    _, elsewhere = visit("T2", slug="miraflores", staff=WAITER)
    assert elsewhere.has_participant(member)
    assert (repos.customers.get(member).visits, repos.customers.get(member).email) == (3, "lucia@example.com")
