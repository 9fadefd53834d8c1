"""Throttles stop guessing without locking out the people it targets (issue 13, finding 4):
sign-in failures count per account AND client, and a device that signed in to the account
before (its `deviceToken`) is throttled by its own failures only; table sign-ups count per
client address, never per table. The client is what CloudFront forwards
(`CloudFront-Viewer-Address`, `ip:port`)."""
from __future__ import annotations

import time
from types import SimpleNamespace

import pytest

from chalicelib.config import settings
from chalicelib.domain import clock

MANAGER = "manager@downtown.demo.comanda"
PASSWORD = "demo1234"
CLIENT_A, CLIENT_B, CLIENT_C = "203.0.113.7:51000", "198.51.100.20:443", "192.0.2.99:6000"
REAL_PHONE_V6 = "2001:db8:aa:bb::17:50123"


def viewer(address: str) -> dict:
    return {"CloudFront-Viewer-Address": address}


@pytest.fixture(autouse=True)
def one_window(monkeypatch):
    """Every limit's clock at the start of a 15-minute span (a multiple of each window), so a
    test's attempts fall in one fixed window whatever the wall clock does meanwhile."""
    from chalicelib.store import rate_limits

    start = int(time.time()) // 900 * 900
    monkeypatch.setattr(rate_limits, "time", SimpleNamespace(time=lambda: start + 1))


def sign_in(api, client: str, password: str = PASSWORD, email: str = MANAGER, device: str | None = None):
    body = {"email": email, "password": password}
    if device is not None:
        body["deviceToken"] = device
    return api.post("/staff/login", body, headers=viewer(client))


def guesses(api, client: str, count: int, email: str = MANAGER) -> list[int]:
    return [sign_in(api, client, f"guess-{n}", email).status for n in range(count)]


# -- sign-in ---------------------------------------------------------------------------------
def test_ten_wrong_passwords_from_a_stranger_do_not_stop_the_staff_member_s_own_tablet(api):
    # Given the manager's tablet signed in once from client B and kept its device credential
    tablet = sign_in(api, CLIENT_B).body["deviceToken"]

    # When a stranger at client A guesses the manager's password ten times and more
    assert guesses(api, CLIENT_A, settings.login_attempts_per_window) == [401] * settings.login_attempts_per_window
    assert sign_in(api, CLIENT_A).status == 429

    # Then the tablet signs in with the right password, and gets a new credential
    reply = sign_in(api, CLIENT_B, device=tablet)
    assert reply.status == 200, reply.body
    assert reply.body["token"] and reply.body["deviceToken"]


def test_a_known_device_signs_in_even_from_the_guesser_s_own_network(api):
    tablet = sign_in(api, CLIENT_B).body["deviceToken"]
    guesses(api, CLIENT_A, settings.login_attempts_per_window + 2)

    assert sign_in(api, CLIENT_A, device=tablet).status == 200


def test_a_stranger_keeps_getting_429_after_its_limit_even_with_the_right_password(api):
    limit = settings.login_attempts_per_window
    assert guesses(api, CLIENT_C, limit) == [401] * limit

    later = [sign_in(api, CLIENT_C, password).status for password in ("guess-x", PASSWORD, PASSWORD)]

    assert later == [429, 429, 429]


def test_the_real_user_on_a_new_device_elsewhere_still_signs_in_while_one_client_is_throttled(api):
    guesses(api, CLIENT_A, settings.login_attempts_per_window + 1)

    assert sign_in(api, CLIENT_B).status == 200


def test_a_guesser_spread_over_many_addresses_is_stopped_by_the_account_limit_but_not_the_known_device(api):
    # Given the tablet's credential, and failures from many clients up to the account's limit
    tablet = sign_in(api, CLIENT_B).body["deviceToken"]
    per_client = settings.login_attempts_per_window - 1
    total = settings.login_account_attempts_per_window
    for n in range(0, total, per_client):
        guesses(api, f"198.18.{n // 250}.{n % 250 + 1}:1000", min(per_client, total - n))

    # When one more unknown device tries from a fresh address, Then it is throttled
    assert sign_in(api, "198.19.0.1:1000").status == 429
    # And the known tablet still signs in
    assert sign_in(api, CLIENT_B, device=tablet).status == 200


def test_a_known_device_is_throttled_by_its_own_failures(api):
    tablet = sign_in(api, CLIENT_B).body["deviceToken"]
    limit = settings.login_device_attempts_per_window

    answers = [sign_in(api, CLIENT_B, f"typo-{n}", device=tablet).status for n in range(limit)]

    assert answers == [401] * limit
    assert sign_in(api, CLIENT_B, device=tablet).status == 429
    assert sign_in(api, CLIENT_C).status == 200  # the account is not locked for others


def test_another_account_s_device_credential_counts_as_a_stranger(api):
    kitchen_device = sign_in(api, CLIENT_A, email="kitchen@downtown.demo.comanda").body["deviceToken"]
    guesses(api, CLIENT_A, settings.login_attempts_per_window)

    assert sign_in(api, CLIENT_A, device=kitchen_device).status == 429


@pytest.mark.parametrize("credential", ["", "not-a-jwt", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."])
def test_a_forged_or_empty_device_credential_is_a_stranger_not_an_error(api, credential):
    guesses(api, CLIENT_A, settings.login_attempts_per_window)

    assert sign_in(api, CLIENT_A, device=credential).status == 429
    assert sign_in(api, CLIENT_B, device=credential).status == 200


def test_a_device_credential_is_no_bearer_token(api):
    device = sign_in(api, CLIENT_B).body["deviceToken"]

    reply = api.get("/staff/branches", token=device)

    assert reply.status in (401, 403)


def test_a_device_credential_over_1000_characters_names_the_field(api):
    reply = sign_in(api, CLIENT_B, device="x" * 1001)

    assert (reply.status, reply.error["code"], reply.error["field"]) == (400, "INVALID_INPUT", "deviceToken")


# -- table sign-ups --------------------------------------------------------------------------
def sign_up(api, client: str, code: str = "T9", name: str = "Ana"):
    return api.post(f"/branches/downtown-lima/tables/{code}/sessions", {"mode": "quick", "name": name},
                    headers=viewer(client))


@pytest.fixture
def one_moment():
    """Every sign-up at the same moment: the phones all sit in the pending session the first one
    opened (as phones signing up together do), whatever this machine's speed, so the statuses
    show the limits alone (a slower run would turn later sign-ups into requests to join)."""
    moment = clock.utcnow()
    clock.set_source(lambda: moment)
    yield
    clock.set_source(None)


def test_many_sign_ups_from_one_client_do_not_stop_another_client_at_that_table(api, one_moment):
    # Given thirty sign-ups at T9 from one client (a script)
    flood = [sign_up(api, CLIENT_A, name=f"Bot {n}").status for n in range(30)]

    # When a real diner's phone at another address scans T9
    diner = sign_up(api, REAL_PHONE_V6, name="Ana")

    # Then the diner gets in, and the script was stopped at its own limit
    assert diner.status == 201, diner.body
    limit = settings.registrations_per_client_table_window
    assert flood == [201] * limit + [429] * (30 - limit)


def test_a_party_on_one_wi_fi_address_all_get_in(api, one_moment):
    party = [sign_up(api, CLIENT_B, name=f"Guest {n}").status for n in range(12)]

    assert party == [201] * 12


def test_phones_of_one_ipv6_network_share_a_limit_and_other_networks_do_not(api, one_moment):
    limit = settings.registrations_per_client_table_window
    rotating = [sign_up(api, f"2001:db8:1:2::{n + 1:x}:443").status for n in range(limit + 1)]

    assert rotating == [201] * limit + [429]
    assert sign_up(api, "2001:db8:1:3::1:443").status == 201


def test_without_the_cloudfront_header_the_gateway_s_source_ip_is_the_client(api, one_moment):
    limit = settings.registrations_per_client_table_window
    statuses = [api.register(code="T9", name=f"N{n}").status for n in range(limit + 1)]

    assert statuses[-1] == 429
    assert sign_up(api, CLIENT_A).status == 201
