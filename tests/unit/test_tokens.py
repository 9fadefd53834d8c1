"""Tokens and passwords: a diner's and a staff member's proof of who they are, and nothing forged."""
from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from chalicelib.auth import (
    DinerPrincipal,
    JoinPrincipal,
    StaffPrincipal,
    TokenService,
    bearer_token,
    hash_password,
    table_id,
    verify_password,
)
from chalicelib.domain.errors import Forbidden, InvalidToken, Unauthenticated
from chalicelib.domain.staff import Role

KEY = "unit-test-signing-key-that-is-long-enough-for-hs256"
OTHER_KEY = "another-signing-key-that-is-also-long-enough-for-hs256"
ISSUER, AUDIENCE = "comanda", "comanda-api"

ANA = DinerPrincipal(customer_id="cus_ana", table_id=table_id("br_downtown-lima", "T12"),
                     session_id="ses_1", branch_id="br_downtown-lima")
MANAGER = StaffPrincipal(staff_id="stf_mgr", role=Role.MANAGER, branch_ids=("br_downtown-lima", "br_miraflores"))


def a_token_service(key: str = KEY, issuer: str = ISSUER, audience: str = AUDIENCE,
                    diner_ttl_s: int = 3600, staff_ttl_s: int = 3600) -> TokenService:
    return TokenService(lambda: key, issuer, audience, diner_ttl_s, staff_ttl_s)


def diner_claims(**overrides) -> dict:
    now = int(time.time())
    claims = {"sub": "cus_ana", "tid": "br_downtown-lima:T12", "sid": "ses_1", "bid": "br_downtown-lima",
              "typ": "diner", "iat": now, "exp": now + 600, "iss": ISSUER, "aud": AUDIENCE}
    claims.update(overrides)
    return claims


def staff_claims(**overrides) -> dict:
    now = int(time.time())
    claims = {"sub": "stf_mgr", "typ": "staff", "role": "manager", "branches": ["br_downtown-lima"],
              "iat": now, "exp": now + 600, "iss": ISSUER, "aud": AUDIENCE}
    claims.update(overrides)
    return claims


def without(claims: dict, name: str) -> dict:
    return {k: v for k, v in claims.items() if k != name}


def signed(claims: dict, key: str = KEY, algorithm: str = "HS256") -> str:
    return jwt.encode(claims, key, algorithm=algorithm)


def b64url(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


# -- round trips ------------------------------------------------------------------------------
def test_a_diner_token_carries_the_diner_back():
    tokens = a_token_service()

    assert tokens.diner(tokens.issue_diner(ANA)) == ANA


def test_a_staff_token_carries_the_staff_member_back():
    tokens = a_token_service()

    assert tokens.staff(tokens.issue_staff(MANAGER)) == MANAGER


def test_a_request_to_join_token_carries_its_request_back_and_lives_a_quarter_hour():
    tokens = a_token_service()
    asker = JoinPrincipal(request_id="jr_1", table_id="br_downtown-lima:T12", branch_id="br_downtown-lima",
                          device_key="k" * 43)

    token = tokens.issue_join(asker)

    assert tokens.join_request(token) == asker
    claims = tokens.decode(token)
    assert (claims["typ"], claims["sub"], claims["tid"], claims["bid"]) == (
        "join", "jr_1", "br_downtown-lima:T12", "br_downtown-lima")
    assert claims["exp"] - claims["iat"] == 15 * 60


def test_a_request_to_join_token_is_no_diner_or_staff_token_and_vice_versa():
    tokens = a_token_service()
    token = tokens.issue_join(JoinPrincipal("jr_1", "br_downtown-lima:T12", "br_downtown-lima", "k" * 43))

    with pytest.raises(Forbidden):
        tokens.diner(token)
    with pytest.raises(Forbidden):
        tokens.staff(token)
    with pytest.raises(Forbidden):
        tokens.join_request(tokens.issue_diner(ANA))


def test_a_diner_token_has_the_claims_of_the_contract():
    tokens = a_token_service(diner_ttl_s=7200)

    claims = tokens.decode(tokens.issue_diner(ANA))

    assert {k: claims[k] for k in ("sub", "tid", "sid", "bid", "typ", "iss", "aud")} == {
        "sub": "cus_ana", "tid": "br_downtown-lima:T12", "sid": "ses_1", "bid": "br_downtown-lima",
        "typ": "diner", "iss": ISSUER, "aud": AUDIENCE,
    }
    assert claims["exp"] - claims["iat"] == 7200


def test_a_staff_token_has_the_claims_of_the_contract():
    tokens = a_token_service(staff_ttl_s=1800)

    claims = tokens.decode(tokens.issue_staff(MANAGER))

    assert (claims["sub"], claims["typ"], claims["role"], claims["branches"]) == (
        "stf_mgr", "staff", "manager", ["br_downtown-lima", "br_miraflores"])
    assert claims["exp"] - claims["iat"] == 1800
    assert jwt.get_unverified_header(tokens.issue_staff(MANAGER))["alg"] == "HS256"


# -- forgeries and the wrong token ---------------------------------------------------------------
def test_an_unsigned_token_with_alg_none_is_refused():
    forged = jwt.encode(diner_claims(), None, algorithm="none")

    with pytest.raises(InvalidToken):
        a_token_service().diner(forged)


def test_a_hand_made_alg_none_token_is_refused():
    forged = f"{b64url({'alg': 'none', 'typ': 'JWT'})}.{b64url(staff_claims(role='owner'))}."

    with pytest.raises(InvalidToken):
        a_token_service().staff(forged)


def test_a_token_with_a_tampered_payload_is_refused():
    # Given a real diner token, When its payload is swapped for another session's
    tokens = a_token_service()
    header, _, signature = tokens.issue_diner(ANA).split(".")
    tampered = f"{header}.{b64url(diner_claims(sid='ses_other'))}.{signature}"

    # Then the signature no longer matches
    with pytest.raises(InvalidToken):
        tokens.diner(tampered)


def test_a_token_signed_with_another_key_is_refused():
    with pytest.raises(InvalidToken):
        a_token_service().diner(signed(diner_claims(), key=OTHER_KEY))


@pytest.mark.filterwarnings("ignore:The HMAC key")
def test_a_token_signed_with_the_right_key_but_another_algorithm_is_refused():
    with pytest.raises(InvalidToken):
        a_token_service().diner(signed(diner_claims(), algorithm="HS512"))


def test_an_expired_token_is_refused_with_a_sign_in_again_message():
    now = int(time.time())
    expired = signed(diner_claims(iat=now - 7200, exp=now - 60))

    with pytest.raises(InvalidToken) as raised:
        a_token_service().diner(expired)
    assert "expired" in raised.value.message


def test_a_token_issued_with_a_past_lifetime_is_already_expired():
    tokens = a_token_service(diner_ttl_s=-5)

    with pytest.raises(InvalidToken):
        tokens.diner(tokens.issue_diner(ANA))


def test_a_token_for_another_audience_is_refused():
    other_api = a_token_service(audience="someone-else")

    with pytest.raises(InvalidToken):
        a_token_service().diner(other_api.issue_diner(ANA))


def test_a_token_from_another_issuer_is_refused():
    other_issuer = a_token_service(issuer="not-comanda")

    with pytest.raises(InvalidToken):
        a_token_service().staff(other_issuer.issue_staff(MANAGER))


def test_garbage_is_not_a_token():
    with pytest.raises(InvalidToken):
        a_token_service().diner("not-a-jwt")


def test_a_staff_token_cannot_act_as_a_diner():
    tokens = a_token_service()

    with pytest.raises(Forbidden):
        tokens.diner(tokens.issue_staff(MANAGER))


def test_a_diner_token_cannot_act_as_staff():
    tokens = a_token_service()

    with pytest.raises(Forbidden):
        tokens.staff(tokens.issue_diner(ANA))


def test_a_token_of_an_unknown_type_is_neither_diner_nor_staff():
    token = signed(diner_claims(typ="robot"))

    with pytest.raises(Forbidden):
        a_token_service().diner(token)
    with pytest.raises(Forbidden):
        a_token_service().staff(token)


# -- missing or broken claims -------------------------------------------------------------------
@pytest.mark.parametrize("claim", ["exp", "iat", "iss", "aud", "sub", "typ"])
def test_a_token_missing_a_required_claim_is_refused(claim):
    token = signed(without(diner_claims(), claim))

    with pytest.raises(InvalidToken):
        a_token_service().diner(token)


@pytest.mark.parametrize("claim", ["tid", "sid", "bid"])
def test_a_diner_token_missing_its_table_session_or_branch_is_refused(claim):
    with pytest.raises(InvalidToken):
        a_token_service().diner(signed(without(diner_claims(), claim)))


@pytest.mark.parametrize("claim", ["role", "branches"])
def test_a_staff_token_missing_its_role_or_branches_is_refused(claim):
    with pytest.raises(InvalidToken):
        a_token_service().staff(signed(without(staff_claims(), claim)))


def test_a_staff_token_with_an_unknown_role_is_refused():
    with pytest.raises(InvalidToken):
        a_token_service().staff(signed(staff_claims(role="superuser")))


def test_a_staff_token_with_branches_that_are_not_a_list_is_refused():
    with pytest.raises(InvalidToken):
        a_token_service().staff(signed(staff_claims(branches=None)))


# -- the Authorization header --------------------------------------------------------------------
@pytest.mark.parametrize("headers", [
    {"authorization": "Bearer abc.def.ghi"},
    {"Authorization": "Bearer abc.def.ghi"},
    {"authorization": "bearer abc.def.ghi"},
    {"authorization": "Bearer   abc.def.ghi  "},
], ids=["lowercase-header", "capitalised-header", "lowercase-scheme", "extra-spaces"])
def test_the_bearer_token_is_read_from_the_authorization_header(headers):
    assert bearer_token(headers) == "abc.def.ghi"


@pytest.mark.parametrize("headers", [
    {},
    {"authorization": ""},
    {"authorization": "Bearer"},
    {"authorization": "Bearer    "},
    {"authorization": "Basic dXNlcjpwYXNz"},
    {"authorization": "abc.def.ghi"},
], ids=["no-header", "empty", "scheme-only", "scheme-and-spaces", "basic-auth", "token-without-scheme"])
def test_a_missing_or_malformed_authorization_header_asks_to_sign_in(headers):
    with pytest.raises(Unauthenticated) as raised:
        bearer_token(headers)
    assert "Bearer" in raised.value.message


# -- passwords -----------------------------------------------------------------------------------
def test_a_password_verifies_against_its_own_hash():
    assert verify_password("demo1234", hash_password("demo1234")) is True


def test_a_wrong_password_does_not_verify():
    assert verify_password("demo12345", hash_password("demo1234")) is False


def test_the_hash_does_not_contain_the_password():
    assert "demo1234" not in hash_password("demo1234")


def test_two_hashes_of_the_same_password_differ_by_their_salt():
    first, second = hash_password("demo1234"), hash_password("demo1234")

    assert first != second
    assert first.split("$")[4] != second.split("$")[4]
    assert verify_password("demo1234", first) and verify_password("demo1234", second)


@pytest.mark.parametrize("stored", [
    "",
    "not-a-hash",
    "scrypt$16384$8$1$onlyfive",
    "bcrypt$16384$8$1$c2FsdA==$ZGlnZXN0",
    "scrypt$lots$8$1$c2FsdA==$ZGlnZXN0",
    "scrypt$16384$8$1$!!!not-base64$ZGlnZXN0",
    "scrypt$16384$8$1$c2FsdA==$",
    "scrypt$3$8$1$c2FsdA==$ZGlnZXN0",
    "scrypt$16384$8$1$c2FsdA==$ZGlnZXN0$extra",
], ids=["empty", "no-fields", "too-few-fields", "other-scheme", "cost-not-a-number", "salt-not-base64",
        "empty-digest", "cost-not-a-power-of-two", "too-many-fields"])
def test_a_malformed_stored_hash_never_verifies(stored):
    assert verify_password("demo1234", stored) is False


def test_a_stored_hash_with_another_scheme_does_not_verify_even_with_the_right_digest():
    real = hash_password("demo1234")

    assert verify_password("demo1234", real.replace("scrypt$", "pbkdf2$", 1)) is False
