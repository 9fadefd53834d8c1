"""The code's rules, free of AWS: six digits, five minutes, five tries, a keyed hash."""
from __future__ import annotations

import re

import pytest

from chalicelib.domain.phone_verification import (
    CODE_TTL_S,
    MAX_TRIES,
    CodeExpired,
    CodeHasher,
    CodeInvalid,
    PhoneVerification,
    TooManyTries,
    mask_phone,
    new_code,
    sms_text,
)

HASHER = CodeHasher(b"k" * 32)
NOW = 1_800_000_000


def issued(code: str = "123456") -> PhoneVerification:
    return PhoneVerification.issue(HASHER, "guest-1", "chain-1", "+51987654321", code, NOW)


def test_codes_are_six_random_digits():
    codes = {new_code() for _ in range(200)}
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    assert len(codes) > 190


def test_the_hash_needs_the_key_and_is_bound_to_the_guest_and_phone():
    assert HASHER.hash("g", "+51", "123456") != CodeHasher(b"x" * 32).hash("g", "+51", "123456")
    assert HASHER.hash("g", "+51", "123456") != HASHER.hash("h", "+51", "123456")
    assert HASHER.hash("g", "+51", "123456") != HASHER.hash("g", "+52", "123456")
    assert "123456" not in HASHER.hash("g", "+51", "123456")


def test_a_code_lasts_five_minutes():
    verification = issued()
    verification.tries = 1
    verification.check(HASHER, "123456", NOW + CODE_TTL_S - 1)
    assert CODE_TTL_S == 300
    with pytest.raises(CodeExpired):
        verification.check(HASHER, "123456", NOW + CODE_TTL_S)


def test_a_wrong_code_counts_down_to_too_many_tries():
    verification = issued()
    left = []
    for tries in range(1, MAX_TRIES + 1):
        verification.tries = tries  # the store counts each try before it is judged
        with pytest.raises((CodeInvalid, TooManyTries)) as refused:
            verification.check(HASHER, "654321", NOW)
        left.append((refused.value.code, refused.value.details["triesLeft"]))
    assert MAX_TRIES == 5
    assert left == [("CODE_INVALID", 4), ("CODE_INVALID", 3), ("CODE_INVALID", 2), ("CODE_INVALID", 1),
                    ("TOO_MANY_TRIES", 0)]


def test_the_fifth_try_may_still_be_the_right_one():
    verification = issued()
    verification.tries = MAX_TRIES
    verification.check(HASHER, "123456", NOW)


def test_resends_wait_thirty_seconds():
    verification = issued()
    assert verification.resend_after_s(NOW) == 30
    assert verification.resend_after_s(NOW + 29) == 1
    assert verification.resend_after_s(NOW + 30) == 0


@pytest.mark.parametrize("phone, masked", [("+51987654321", "+51 ••• ••• 321"), ("+14155550123", "+14 ••• ••• 123"),
                                           ("+5491112", "+5 ••• ••• 112")])
def test_the_phone_is_shown_masked(phone, masked):
    assert mask_phone(phone) == masked


def test_the_text_carries_the_code_in_both_languages():
    text = sms_text("042137")
    assert "042137" in text and "5 min" in text
    assert len(text) <= 160 and text.isascii()  # one SMS part


def test_sns_refusing_a_text_is_sms_not_sent_not_a_crash():
    import boto3
    from botocore.config import Config

    from chalicelib.domain.phone_verification import TextNotSent
    from chalicelib.sms import SnsTextMessages

    unreachable = boto3.client("sns", region_name="us-east-1", endpoint_url="http://127.0.0.1:9",
                               config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=1))

    with pytest.raises(TextNotSent) as refused:
        SnsTextMessages(unreachable).send("+51987654321", sms_text("123456"))
    assert refused.value.code == "SMS_NOT_SENT"
