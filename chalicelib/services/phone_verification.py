"""A loyalty sign-up proves its phone: a code by SMS, then the guest links to the phone's
account (or becomes it). Until then the diner is a plain quick-start guest
(`diners._identify_customer`): nothing of a stored account is shown or editable.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import DinerPrincipal, TokenService
from ..domain.clock import now_iso, utcnow
from ..domain.customers import Customer
from ..domain.errors import AlreadyExists, InvalidInput, NotFound, TooManyRequests
from ..domain.phone_verification import (
    MAX_TRIES,
    RESEND_INTERVAL_S,
    SENDS_PER_CLIENT,
    SENDS_PER_PHONE,
    SENDS_WINDOW_S,
    AlreadyVerified,
    CodeHasher,
    NoCodeSent,
    PhoneVerification,
    ResendThrottled,
    TextNotSent,
    TooManyTries,
    new_code,
    sms_text,
)
from ..domain.sessions import SessionStatus
from ..ports import Repositories
from ..sms import TextMessages
from . import diners
from .retries import with_retries

SENT, THROTTLED, NOT_SENT = "sent", "throttled", "failed"


@dataclass(frozen=True)
class CodeSent:
    status: str            # "sent"; "throttled" or "failed" (no code now: ask again after `resend_after_s`)
    phone: str
    expires_at: int | None  # epoch seconds of the code sent
    resend_after_s: int


@dataclass(frozen=True)
class Verified:
    token: str
    customer: Customer
    linked: bool  # True: an existing account; False: the guest became a new account


def _now() -> int:
    return int(utcnow().timestamp())


def _guest(repos: Repositories, principal: DinerPrincipal) -> Customer:
    diners.diner_session(repos, principal).require_not_ended()
    customer = repos.customers.get(principal.customer_id)
    if customer is None:
        raise NotFound("Your profile no longer exists.")
    if customer.is_loyalty:
        raise AlreadyVerified("Your phone number is already verified: this is your loyalty account.")
    return customer


def register_with_phone(repos: Repositories, tokens: TokenService, sms: TextMessages, hasher: CodeHasher,
                        slug: str, code: str, registration: diners.Registration,
                        client: str) -> tuple[diners.Registered | diners.JoinAsked, CodeSent | None]:
    """A loyalty sign-up: the diner is registered as a guest, and a code goes to the phone
    (none when the diner was not seated, or is back as the loyalty account they already proved)."""
    registered = diners.register_diner(repos, tokens, slug, code, registration)
    if not isinstance(registered, diners.Registered) or registered.customer.is_loyalty:
        return registered, None
    principal = tokens.diner(registered.token)
    try:
        sent = send_code(repos, sms, hasher, principal, client, registration.phone)
    except TooManyRequests as exc:  # seated all the same; the page offers a resend when allowed
        sent = CodeSent(status=THROTTLED, phone=registration.phone or "", expires_at=None,
                        resend_after_s=exc.retry_after_s)
    except TextNotSent:  # the SMS provider refused: seated as a guest, a resend may work shortly
        sent = CodeSent(status=NOT_SENT, phone=registration.phone or "", expires_at=None,
                        resend_after_s=RESEND_INTERVAL_S)
    return registered, sent


def send_code(repos: Repositories, sms: TextMessages, hasher: CodeHasher, principal: DinerPrincipal,
              client: str, phone: str | None = None) -> CodeSent:
    """Sends a new code to `phone` (else to the phone of the guest's last code). At most one
    code per RESEND_INTERVAL_S per guest, SENDS_PER_PHONE per phone and SENDS_PER_CLIENT per
    client address per hour (someone else's phone must not be flooded from here)."""
    guest = _guest(repos, principal)
    last = repos.phone_verifications.get(guest.id)
    phone = phone or (last.phone if last else None)
    if not phone:
        raise InvalidInput("phone: which phone number should the code go to?", field="phone")
    now = _now()
    if last is not None and last.resend_after_s(now):
        raise ResendThrottled("A code was sent a moment ago; you can ask for another shortly.",
                              retry_after_s=last.resend_after_s(now))
    for name, caller, limit in (("sms-phone", f"{guest.chain_id}:{phone}", SENDS_PER_PHONE),
                                ("sms-client", client or "unknown", SENDS_PER_CLIENT)):
        try:
            repos.rate_limiter.hit(name, caller, limit, SENDS_WINDOW_S, "Too many codes asked for.")
        except TooManyRequests as exc:
            raise ResendThrottled("Too many codes were asked for; please wait before asking again.",
                                  retry_after_s=exc.retry_after_s) from exc
    code = new_code()
    verification = PhoneVerification.issue(hasher, guest.id, guest.chain_id, phone, code, now)
    if not repos.phone_verifications.replace(verification, RESEND_INTERVAL_S):
        raise ResendThrottled("A code was sent a moment ago; you can ask for another shortly.",
                              retry_after_s=RESEND_INTERVAL_S)
    sms.send(phone, sms_text(code))
    return CodeSent(status=SENT, phone=phone, expires_at=verification.expires_at, resend_after_s=RESEND_INTERVAL_S)


def pending_code(repos: Repositories, principal: DinerPrincipal) -> CodeSent | None:
    """The guest's last code, if any (a page reloaded while waiting for it)."""
    guest = _guest(repos, principal)
    last = repos.phone_verifications.get(guest.id)
    if last is None:
        return None
    return CodeSent(status=SENT, phone=last.phone, expires_at=last.expires_at,
                    resend_after_s=last.resend_after_s(_now()))


def confirm_code(repos: Repositories, tokens: TokenService, hasher: CodeHasher, principal: DinerPrincipal,
                 code: str) -> Verified:
    """Checks one try at the code. Right: the guest's place at the table goes to the phone's
    account (with a new token naming it), or the guest becomes that account if the phone has
    none yet. Every try counts, so five wrong ones need a new code."""
    guest = _guest(repos, principal)
    last = repos.phone_verifications.get(guest.id)
    if last is None:
        raise NoCodeSent("No code was sent to you; ask for one first.")
    counted = repos.phone_verifications.count_try(guest.id, last.code_hash)
    if counted is None:
        fresh = repos.phone_verifications.get(guest.id)
        if fresh is not None and fresh.code_hash != last.code_hash:
            raise NoCodeSent("A newer code was sent meanwhile; enter that one.")
        raise TooManyTries("Too many wrong codes: ask for a new code.", details={"triesLeft": 0})
    counted.check(hasher, code, _now())
    if not repos.phone_verifications.consume(guest.id, counted.code_hash):
        raise NoCodeSent("This code has just been used; ask for a new one.")
    return _link(repos, tokens, principal, guest, counted.phone)


def _link(repos: Repositories, tokens: TokenService, principal: DinerPrincipal, guest: Customer,
          phone: str) -> Verified:
    account_id = repos.customers.id_for_phone(guest.chain_id, phone)
    if account_id is None:
        try:
            repos.phone_verifications.claim_phone(guest.id, guest.chain_id, phone)
        except AlreadyExists:  # the same phone verified a moment ago on another phone
            account_id = repos.customers.id_for_phone(guest.chain_id, phone)
        else:
            account = repos.customers.get(guest.id)
            assert account is not None
            return Verified(token=tokens.issue_diner(principal), customer=account, linked=False)
    account = repos.customers.get(account_id or "")
    if account is None:
        raise NotFound("That loyalty account no longer exists.")
    _fill_in(repos, account, guest)

    def hand_over() -> tuple[bool, bool]:
        session = repos.sessions.get(principal.session_id)
        if session is None:
            raise NotFound("Your table session no longer exists.")
        moved = session.hand_over(guest.id, account.id)
        repos.sessions.save(session)
        return moved, session.status is SessionStatus.ACTIVE

    moved, active = with_retries(hand_over)
    if moved and active:  # the guest's visit (counted when seated) is the account's
        repos.customers.record_visit(account.id)
        account.visits += 1
    token = tokens.issue_diner(DinerPrincipal(customer_id=account.id, table_id=principal.table_id,
                                              session_id=principal.session_id, branch_id=principal.branch_id))
    return Verified(token=token, customer=account, linked=True)


def _fill_in(repos: Repositories, account: Customer, guest: Customer) -> None:
    """Now that the phone is proven, what the account lacks comes from the sign-up; nothing
    stored is overwritten. Marketing consent: a yes now is recorded (the first yes's time stays);
    a no now leaves the account's answer as it was."""
    if guest.marketing_consent and not (account.marketing_consent and account.consent_at):
        at = guest.consent_at or now_iso()
        repos.customers.record_consent(account.id, at)
        account.marketing_consent, account.consent_at = True, account.consent_at or at
    changed = False
    for attribute in ("email", "birth_date"):
        if getattr(guest, attribute) and not getattr(account, attribute):
            setattr(account, attribute, getattr(guest, attribute))
            changed = True
    if changed:
        repos.customers.save_profile(account)


__all__ = ["CodeSent", "Verified", "register_with_phone", "send_code", "pending_code", "confirm_code", "MAX_TRIES"]
