"""The throttles' rules: who a limit counts (the client's address, an IPv6 network by its /64, a
known device), what a sign-in and a sign-up count, which sockets of a token close, and the
credentials they rest on (a token's id, a staff device's credential)."""
from __future__ import annotations

import time

import jwt
import pytest

from chalicelib.auth import TokenService, token_id
from chalicelib.domain.throttles import (
    UNKNOWN_CLIENT,
    Limit,
    SignInLimits,
    SignUpLimits,
    address_from_viewer_header,
    client_key,
    sockets_to_close,
)

KEY = "unit-test-signing-key-that-is-long-enough-for-hs256"
TOKENS = TokenService(lambda: KEY, "comanda", "comanda-api", 3600, 3600, device_ttl_s=90 * 86400)
SIGN_IN = SignInLimits(per_account_and_client=Limit(10, 300), per_account=Limit(50, 900),
                       per_known_device=Limit(10, 300), per_client=Limit(50, 300))
SIGN_UP = SignUpLimits(per_client_and_table=Limit(20, 600), per_client=Limit(200, 600))


# -- the client's address --------------------------------------------------------------------
@pytest.mark.parametrize("header, address", [
    ("203.0.113.7:51000", "203.0.113.7"),
    ("2001:db8::17:443", "2001:db8::17"),  # IPv6 without brackets: the port follows the last colon
    ("2001:0db8:0000:0000:0000:0000:0000:0017:443", "2001:db8::17"),
    ("[2001:db8::17]:443", "2001:db8::17"),
    (" 198.51.100.2:80 ", "198.51.100.2"),
])
def test_cloudfront_s_viewer_address_gives_the_ip_without_its_port(header, address):
    assert address_from_viewer_header(header) == address


@pytest.mark.parametrize("header", ["", "203.0.113.7", "203.0.113.7:", "evil:80", "1.2.3.4.5:80",
                                    "203.0.113.7:port", ":443", "2001:db8::17"])
def test_a_viewer_address_that_is_not_ip_and_port_is_no_address(header):
    assert address_from_viewer_header(header) == ""


def test_an_ipv4_client_is_counted_by_its_address():
    assert client_key("203.0.113.7") == "203.0.113.7"
    assert client_key("203.0.113.7") != client_key("203.0.113.8")


def test_an_ipv6_client_is_counted_by_its_64_network_so_rotating_addresses_does_not_help():
    assert client_key("2001:db8:1:2::1") == client_key("2001:db8:1:2:ffff:ffff:ffff:ffff") == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:3::1") != client_key("2001:db8:1:2::1")


def test_an_ipv4_mapped_ipv6_address_is_the_ipv4_client():
    assert client_key("::ffff:203.0.113.7") == "203.0.113.7"


@pytest.mark.parametrize("address", ["", "unknown", "not an ip"])
def test_no_address_is_one_unknown_client(address):
    assert client_key(address) == UNKNOWN_CLIENT


# -- what a sign-in counts -------------------------------------------------------------------
def test_an_unknown_device_s_failures_count_per_account_and_client_and_per_account():
    counters = SIGN_IN.failures("ana@x.pe", "203.0.113.7", None)

    assert [(c.name, c.caller, c.limit) for c in counters] == [
        ("login-failures", "ana@x.pe#203.0.113.7", Limit(10, 300)),
        ("login-account", "ana@x.pe", Limit(50, 900)),
    ]


def test_a_known_device_s_failures_count_for_that_device_alone():
    counters = SIGN_IN.failures("ana@x.pe", "203.0.113.7", "dev-1")

    assert [(c.name, c.caller, c.limit) for c in counters] == [("login-device", "dev-1", Limit(10, 300))]


def test_the_limit_per_account_is_higher_than_per_account_and_client():
    account, account_and_client = SIGN_IN.failures("a", "c", None)[::-1]
    assert account.limit.hits > account_and_client.limit.hits


def test_every_attempt_of_an_unknown_device_counts_for_its_client():
    assert [(c.name, c.caller) for c in SIGN_IN.attempts("203.0.113.7")] == [("login-client", "203.0.113.7")]


# -- what a sign-up counts -------------------------------------------------------------------
def test_a_sign_up_counts_per_client_at_the_table_and_per_client_never_per_table_alone():
    counters = SIGN_UP.counters("203.0.113.7", "br_downtown-lima:T9")

    assert [(c.name, c.caller, c.limit.hits) for c in counters] == [
        ("register-client-table", "203.0.113.7#br_downtown-lima:T9", 20),
        ("register-client", "203.0.113.7", 200),
    ]
    assert all("203.0.113.7" in c.caller for c in counters)


def test_two_clients_at_one_table_share_no_counter():
    a = {(c.name, c.caller) for c in SIGN_UP.counters("203.0.113.7", "br:T9")}
    b = {(c.name, c.caller) for c in SIGN_UP.counters("198.51.100.2", "br:T9")}
    assert not a & b


# -- sockets per token -----------------------------------------------------------------------
def live(*times: str) -> list[tuple[str, str]]:
    return [(at, f"c{n}") for n, at in enumerate(times)]


def test_up_to_the_limit_nothing_closes():
    assert sockets_to_close(live("10:01", "10:02", "10:03", "10:04", "10:05"), 5) == []


def test_one_more_socket_closes_the_oldest():
    assert sockets_to_close(live("10:05", "10:01", "10:03", "10:04", "10:02", "10:06"), 5) == ["c1"]


def test_seven_sockets_close_the_two_oldest_in_order():
    assert sockets_to_close(live(*(f"10:0{n}" for n in range(1, 8))), 5) == ["c0", "c1"]


def test_the_newest_socket_is_kept_even_with_a_limit_below_one():
    assert sockets_to_close(live("10:01", "10:02"), 0) == ["c0"]


# -- the credentials -------------------------------------------------------------------------
def test_every_issued_token_has_its_own_id():
    from chalicelib.auth import DinerPrincipal

    ana = DinerPrincipal("cus_ana", "br:T1", "ses_1", "br")
    first, second = (TOKENS.decode(TOKENS.issue_diner(ana)) for _ in range(2))

    assert token_id(first) != token_id(second)
    assert token_id(first) == first["jti"]


def test_a_token_without_jti_is_named_by_type_subject_and_issue_time():
    assert token_id({"typ": "diner", "sub": "cus_ana", "iat": 1700000000}) == "diner:cus_ana:1700000000"


def test_a_device_credential_names_its_account_and_a_random_device():
    one, two = TOKENS.issue_device("stf_1"), TOKENS.issue_device("stf_1")

    first, second = TOKENS.known_device(one), TOKENS.known_device(two)

    assert first is not None and second is not None
    assert first.staff_id == second.staff_id == "stf_1"
    assert first.device_id != second.device_id
    claims = TOKENS.decode(one)
    assert claims["exp"] - claims["iat"] == 90 * 86400


def test_a_forged_expired_or_other_kind_of_token_is_no_device():
    now = int(time.time())
    base = {"sub": "stf_1", "typ": "device", "jti": "d1", "iss": "comanda", "aud": "comanda-api"}
    forged = jwt.encode({**base, "iat": now, "exp": now + 60}, "another-key-that-is-long-enough-for-hs256-x",
                        algorithm="HS256")
    expired = jwt.encode({**base, "iat": now - 120, "exp": now - 60}, KEY, algorithm="HS256")
    staff = jwt.encode({**base, "typ": "staff", "iat": now, "exp": now + 60}, KEY, algorithm="HS256")
    no_jti = jwt.encode({**{k: v for k, v in base.items() if k != "jti"}, "iat": now, "exp": now + 60}, KEY,
                        algorithm="HS256")

    assert [TOKENS.known_device(t) for t in ("", "x.y.z", forged, expired, staff, no_jti)] == [None] * 6


def test_a_device_credential_is_neither_a_staff_nor_a_diner_token():
    from chalicelib.domain.errors import Forbidden

    device = TOKENS.issue_device("stf_1")
    with pytest.raises(Forbidden):
        TOKENS.staff(device)
    with pytest.raises(Forbidden):
        TOKENS.diner(device)
