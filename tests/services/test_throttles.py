"""Throttles at the service level: sign-in failures count per account and client, a known
device by its own failures only; table sign-ups per client address, never per table; orders
per session."""
from __future__ import annotations

import time

import pytest

from chalicelib.config import settings
from chalicelib.domain import clock
from chalicelib.domain.errors import InvalidCredentials, TooManyRequests
from chalicelib.services import diners, staff_sign_in
from tests.services.world import order, seated, sign_up

MANAGER = "manager@downtown.demo.comanda"
PASSWORD = "demo1234"
CLIENT_A, CLIENT_B, CLIENT_C = "203.0.113.7", "198.51.100.20", "192.0.2.99"


@pytest.fixture(autouse=True)
def one_window(repos):
    """Every limit's clock at the start of a 15-minute span (a multiple of each window)."""
    start = int(time.time()) // 900 * 900
    repos.rate_limiter.clock = lambda: start + 1


def sign_in(repos, tokens, client: str, password: str = PASSWORD, email: str = MANAGER, device: str = ""):
    return staff_sign_in.login(repos, tokens, email, password, client, device_token=device)


def guesses(repos, tokens, client: str, count: int, email: str = MANAGER) -> list[str]:
    outcomes = []
    for n in range(count):
        try:
            sign_in(repos, tokens, client, f"guess-{n}", email)
            outcomes.append("signed in")
        except InvalidCredentials:
            outcomes.append("wrong")
        except TooManyRequests:
            outcomes.append("throttled")
    return outcomes


def test_a_stranger_s_guesses_do_not_stop_the_staff_member_s_own_tablet(repos, tokens):
    tablet = sign_in(repos, tokens, CLIENT_B).device_token
    limit = settings.login_attempts_per_window
    assert guesses(repos, tokens, CLIENT_A, limit) == ["wrong"] * limit
    with pytest.raises(TooManyRequests):  # even the right password, from the guesser's client
        sign_in(repos, tokens, CLIENT_A)
    signed = sign_in(repos, tokens, CLIENT_B, device=tablet)
    assert signed.token and signed.device_token
    assert sign_in(repos, tokens, CLIENT_A, device=tablet).token  # a known device, even from there
    assert sign_in(repos, tokens, CLIENT_C).token  # the real user on a new device elsewhere


def test_a_guesser_over_many_addresses_meets_the_account_limit_but_not_the_known_device(repos, tokens):
    tablet = sign_in(repos, tokens, CLIENT_B).device_token
    limit = settings.login_account_attempts_per_window
    for n in range(limit):
        guesses(repos, tokens, f"10.0.{n // 250}.{n % 250}", 1)
    with pytest.raises(TooManyRequests):
        sign_in(repos, tokens, CLIENT_C)
    assert sign_in(repos, tokens, CLIENT_B, device=tablet).token


def test_a_known_device_is_throttled_by_its_own_failures(repos, tokens):
    tablet = sign_in(repos, tokens, CLIENT_B).device_token
    for n in range(settings.login_device_attempts_per_window):
        with pytest.raises(InvalidCredentials):
            sign_in(repos, tokens, CLIENT_B, f"typo-{n}", device=tablet)
    with pytest.raises(TooManyRequests):
        sign_in(repos, tokens, CLIENT_B, device=tablet)


def test_another_account_s_device_credential_counts_as_a_stranger(repos, tokens):
    owners = sign_in(repos, tokens, CLIENT_B, email="owner@demo.comanda").device_token
    limit = settings.login_attempts_per_window
    for n in range(limit):
        with pytest.raises(InvalidCredentials):
            sign_in(repos, tokens, CLIENT_A, f"guess-{n}", device=owners)
    with pytest.raises(TooManyRequests):
        sign_in(repos, tokens, CLIENT_A, device=owners)


def test_unknown_accounts_and_wrong_passwords_read_the_same(repos, tokens):
    with pytest.raises(InvalidCredentials) as unknown:
        sign_in(repos, tokens, CLIENT_A, email="nobody@demo.comanda")
    with pytest.raises(InvalidCredentials) as wrong:
        sign_in(repos, tokens, CLIENT_A, "nope")
    assert unknown.value.message == wrong.value.message


@pytest.fixture
def one_moment():
    """Every sign-up at one moment: the phones all sit in the pending session the first opened."""
    moment = clock.utcnow()
    clock.set_source(lambda: moment)
    yield
    clock.set_source(None)


def test_one_client_s_sign_ups_stop_at_its_limit_and_not_another_client_s(repos, tokens, one_moment):
    limit = settings.registrations_per_client_table_window
    outcomes = []
    for n in range(limit + 3):
        try:
            sign_up(repos, tokens, "T9", f"Bot {n}", client_ip=CLIENT_A)
            outcomes.append("in")
        except TooManyRequests:
            outcomes.append("throttled")
    assert outcomes == ["in"] * limit + ["throttled"] * 3
    assert isinstance(sign_up(repos, tokens, "T9", "Ana", client_ip="2001:db8:aa:bb::17"), diners.Registered)


def test_phones_of_one_ipv6_network_share_a_limit(repos, tokens, one_moment):
    limit = settings.registrations_per_client_table_window
    for n in range(limit):
        sign_up(repos, tokens, "T9", f"Phone {n}", client_ip=f"2001:db8:1:2::{n + 1:x}")
    with pytest.raises(TooManyRequests):
        sign_up(repos, tokens, "T9", "One more", client_ip="2001:db8:1:2::ffff")
    sign_up(repos, tokens, "T9", "Other network", client_ip="2001:db8:1:3::1")


def test_a_table_takes_a_few_orders_a_minute(repos, tokens):
    diner = seated(repos, tokens)
    for _ in range(settings.orders_per_session_window):
        order(repos, diner, ("chicha-morada", 1))
    with pytest.raises(TooManyRequests):
        order(repos, diner, ("chicha-morada", 1))
    order(repos, seated(repos, tokens, "T5", "Eva"), ("chicha-morada", 1))  # the limit is the table's own
