"""A phone signs up at a table: a quick sign-up seats a guest; a loyalty sign-up seats a guest
and texts the phone its code. Once per Idempotency-Key (a retried tap gets the same answer)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..auth import TokenService
from ..domain.clock import now_iso
from ..domain.customers import RegistrationMode
from ..domain.phone_verification import CodeHasher
from ..ports import Repositories
from ..sms import TextMessages
from . import diners, phone_verification
from .diners import JoinAsked, Registered, Registration
from .idempotency import NO_KEY, Once
from .phone_verification import CodeSent


@dataclass(frozen=True)
class SignUp:
    """What a sign-up answers: the phone seated (`admitted`, with the code sent for a loyalty
    sign-up), or asking to join a table in use (`join`); `at` is when, for the request's status."""

    admitted: Registered | None
    join: JoinAsked | None
    code: CodeSent | None
    at: str


def register(repos: Repositories, tokens: TokenService, sms: Callable[[], TextMessages],
             hasher: Callable[[], CodeHasher], slug: str, code: str, registration: Registration,
             once: Once = NO_KEY) -> SignUp:
    """`sms` and `hasher` are getters: only a loyalty sign-up builds the SMS client."""
    def sign_up() -> SignUp:
        sent = None
        if registration.mode is RegistrationMode.LOYALTY:  # a guest until the phone's code is entered
            outcome, sent = phone_verification.register_with_phone(
                repos, tokens, sms(), hasher(), slug, code, registration, registration.client_ip)
        else:
            outcome = diners.register_diner(repos, tokens, slug, code, registration)
        if isinstance(outcome, JoinAsked):
            return SignUp(admitted=None, join=outcome, code=None, at=now_iso())
        return SignUp(admitted=outcome, join=None, code=sent, at=now_iso())

    return once.run(f"register:{slug}:{code}", SignUp, sign_up)
