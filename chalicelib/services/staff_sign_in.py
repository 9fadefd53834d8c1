"""Staff sign-in: the password check under the sign-in limits, and the branches a member may act on."""
from __future__ import annotations

from dataclasses import dataclass

from ..auth import StaffPrincipal, TokenService, dummy_password_hash, verify_password
from ..config import settings
from ..domain.errors import InvalidCredentials, TooManyRequests
from ..domain.staff import Permission, Role, StaffMember, permissions_of
from ..domain.throttles import Limit, SignInLimits, client_key
from ..domain.venues import Branch
from ..ports import Repositories


@dataclass(frozen=True)
class SignedIn:
    token: str
    staff: StaffMember
    branch_ids: tuple[str, ...]
    device_token: str  # this device's "known device" credential for the next sign-in
    permissions: tuple[Permission, ...] = ()  # what the pages show and hide by (domain.staff.permissions_of)


def sign_in_limits() -> SignInLimits:
    window = settings.login_window_s
    return SignInLimits(
        per_account_and_client=Limit(settings.login_attempts_per_window, window),
        per_account=Limit(settings.login_account_attempts_per_window, settings.login_account_window_s),
        per_known_device=Limit(settings.login_device_attempts_per_window, window),
        per_client=Limit(settings.login_client_attempts_per_window, window),
    )


def login(repos: Repositories, tokens: TokenService, email: str, password: str, client_ip: str,
          device_token: str = "") -> SignedIn:
    """Signs a staff member in. Failures are counted per (account, client) and per account for
    devices the account does not know, and per device for a device that signed in to this
    account before (`device_token`): others' guessing never locks that device out. Limits are
    checked before the password is, so a throttled guess costs no scrypt."""
    email = email.strip().lower()
    limits, client = sign_in_limits(), client_key(client_ip)
    member = repos.staff.by_email(email)
    device = tokens.known_device(device_token)
    if device is not None and (member is None or device.staff_id != member.id):
        device = None  # another account's device is a stranger here
    message = "Too many sign-in attempts; wait a few minutes."
    limiter = repos.rate_limiter
    if device is None:
        for counter in limits.attempts(client):
            limiter.hit(counter.name, counter.caller, counter.limit.hits, counter.limit.window_s, message)
    failures = limits.failures(email, client, device.device_id if device else None)
    for counter in failures:
        limiter.check(counter.name, counter.caller, counter.limit.hits, counter.limit.window_s, message)
    stored_hash = member.password_hash if member is not None else dummy_password_hash()
    password_ok = verify_password(password, stored_hash)
    if member is None or not member.active or not password_ok:
        for counter in failures:
            try:
                limiter.hit(counter.name, counter.caller, counter.limit.hits, counter.limit.window_s, message)
            except TooManyRequests:
                pass  # this guess was judged already; the next one is refused
        raise InvalidCredentials("Wrong email or password.")
    chain_ids = tuple(b.id for b in repos.venues.branches_of_chain(member.chain_id))
    branch_ids = chain_ids if member.role is Role.OWNER else tuple(member.branch_ids)
    principal = StaffPrincipal(staff_id=member.id, role=member.role, branch_ids=branch_ids,
                                token_version=member.token_version)
    return SignedIn(token=tokens.issue_staff(principal), staff=member, branch_ids=branch_ids,
                    device_token=tokens.issue_device(member.id),
                    permissions=tuple(permissions_of(member.role, branch_ids, chain_ids)))


def my_branches(repos: Repositories, principal: StaffPrincipal) -> list[Branch]:
    branches = [repos.venues.get_branch(branch_id) for branch_id in principal.branch_ids]
    return [b for b in branches if b is not None]
