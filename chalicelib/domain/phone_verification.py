"""A phone number proves itself before it opens a loyalty account: a one-time code sent by SMS.

Six digits, valid five minutes, five tries (every try counts, the right one too; after the
fifth a new code is needed). Only a keyed hash of the code is kept (HMAC-SHA256, bound to
the guest and the phone), so a leaked table gives nothing to type.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from .errors import BusinessRuleViolation, Conflict, TooManyRequests, Unavailable

CODE_DIGITS = 6
CODE_TTL_S = 5 * 60
MAX_TRIES = 5
RESEND_INTERVAL_S = 30  # between two codes for one diner
SENDS_PER_PHONE = 5     # codes sent to one phone number ...
SENDS_PER_CLIENT = 10   # ... and asked for by one client address ...
SENDS_WINDOW_S = 3600   # ... per hour


class CodeInvalid(BusinessRuleViolation):
    code = "CODE_INVALID"


class CodeExpired(BusinessRuleViolation):
    code = "CODE_EXPIRED"


class TooManyTries(BusinessRuleViolation):
    code = "TOO_MANY_TRIES"


class NoCodeSent(Conflict):
    code = "NO_CODE_SENT"


class AlreadyVerified(Conflict):
    code = "ALREADY_VERIFIED"


class TextNotSent(Unavailable):
    code = "SMS_NOT_SENT"


class ResendThrottled(TooManyRequests):
    code = "RESEND_THROTTLED"

    def __init__(self, message: str, *, retry_after_s: int = RESEND_INTERVAL_S) -> None:
        super().__init__(message, retry_after_s=retry_after_s)
        self.details = {"retryAfter": max(1, retry_after_s)}  # the page's countdown (Retry-After says it too)


def new_code() -> str:
    return f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"


class CodeHasher:
    """HMAC-SHA256 under a server key: the stored form of a code."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def hash(self, customer_id: str, phone: str, code: str) -> str:
        message = f"{customer_id}\n{phone}\n{code}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()


def mask_phone(phone: str) -> str:
    """`+51987654321` -> `+51 ••• ••• 321`: enough for the diner to recognise their number."""
    digits = phone.lstrip("+")
    country = digits[:2] if len(digits) > 9 else digits[:1]
    return f"+{country} ••• ••• {digits[-3:]}"


def sms_text(code: str) -> str:
    """Plain GSM-7 characters (an accent would make it UCS-2: 70 characters a part)."""
    minutes = CODE_TTL_S // 60
    return f"Comanda: {code} es tu codigo / is your code ({minutes} min). No lo compartas / Do not share it."


@dataclass
class PhoneVerification:
    """The code a guest was sent for `phone` (one at a time per guest)."""

    customer_id: str
    chain_id: str
    phone: str
    code_hash: str
    sent_at: int      # epoch seconds
    expires_at: int   # epoch seconds
    tries: int = 0

    @classmethod
    def issue(cls, hasher: CodeHasher, customer_id: str, chain_id: str, phone: str, code: str,
              now: int) -> PhoneVerification:
        return cls(customer_id=customer_id, chain_id=chain_id, phone=phone,
                   code_hash=hasher.hash(customer_id, phone, code), sent_at=now, expires_at=now + CODE_TTL_S)

    def resend_after_s(self, now: int) -> int:
        """Seconds until another code may be sent (0: now)."""
        return max(0, self.sent_at + RESEND_INTERVAL_S - now)

    @property
    def tries_left(self) -> int:
        return max(0, MAX_TRIES - self.tries)

    def check(self, hasher: CodeHasher, code: str, now: int) -> None:
        """Judges one try, already counted in `tries`; raises unless `code` is the one sent."""
        if self.tries > MAX_TRIES:
            raise TooManyTries("Too many wrong codes: ask for a new code.", details={"triesLeft": 0})
        if now >= self.expires_at:
            raise CodeExpired("This code has expired: ask for a new code.", details={"triesLeft": 0})
        if not hmac.compare_digest(self.code_hash, hasher.hash(self.customer_id, self.phone, code)):
            if self.tries_left == 0:
                raise TooManyTries("Too many wrong codes: ask for a new code.", details={"triesLeft": 0})
            raise CodeInvalid(f"That is not the code we sent; {self.tries_left} tries left.", field="code",
                              details={"triesLeft": self.tries_left})
