"""Staff accounts from the back office (issue 18): invite, set a password from a link, change a
role or branches, reset a password, deactivate; a member's own password change; and the check
that ends a sign-in at once (every staff request and socket compares the token's version with
the account's: docs/decisions.md, "Revoking staff tokens").

Who may manage whom: an owner, every account of the chain; a manager, the waiters and cooks of
the branches they hold (and only into those branches); nobody but an owner makes an owner or a
manager. Another branch's accounts do not exist for a manager (404, as elsewhere).
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import timedelta

from ..auth import StaffPrincipal, TokenService, hash_password, verify_password
from ..domain.audit import AuditAction
from ..domain.clock import iso, parse_iso, utcnow
from ..domain.errors import (
    BusinessRuleViolation,
    Forbidden,
    InvalidInput,
    InvalidToken,
    NotFound,
    WrongPassword,
)
from ..domain.staff import GRANTS, Permission, Role, StaffMember
from ..domain.throttles import client_key
from ..observability import logger
from ..ports import Repositories
from . import audit

LINK_TTL = timedelta(hours=72)  # an invitation or reset link works this long, once
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
# Passwords seen most in breaches (and a restaurant's own obvious ones), compared case-folded.
COMMON_PASSWORDS = frozenset({
    "123456789012", "1234567890", "12345678910", "qwertyuiop", "1q2w3e4r5t", "1qaz2wsx3edc", "password123",
    "password1234", "passw0rd123", "iloveyou123", "qwerty12345", "qwerty123456", "abcdefghij", "abc1234567",
    "0123456789", "9876543210", "1111111111", "0000000000", "aaaaaaaaaa", "letmein123", "welcome123",
    "admin12345", "administrator", "changeme123", "contraseña", "contrasena", "contraseña123", "contrasena123",
    "restaurante", "restaurant", "comanda123", "comanda2024", "comanda2025", "comanda2026", "demo-password",
    "superman123", "football123", "baseball123", "dragon1234", "monkey1234", "sunshine123", "princess123",
    "trustno1234", "starwars123", "whatever123", "mesero1234", "cocina1234", "peru123456", "lima123456",
})
INVITES_PER_HOUR = 30  # links (invitations and resets) one account may send
LINK_TRIES_PER_WINDOW = 20  # link redemptions per client address
LINK_WINDOW_S = 600
PASSWORD_CHANGES_PER_WINDOW = 10  # own-password attempts per account (each costs a scrypt)

REVOKED = "SIGN_IN_REVOKED"


# -- the check on every staff request -------------------------------------------------------
def current_principal(repos: Repositories, tokens: TokenService, token: str) -> StaffPrincipal:
    """The token's principal, if its account still stands as it was when the token was issued:
    active, and the same token version (a role, branches or password changed since: refused).
    An owner's branches are the chain's as they are now, not as at sign-in: a branch opened since
    is theirs at once (one Query of the chain's branches, owners only: docs/decisions.md)."""
    principal = tokens.staff(token)
    member = repos.staff.get(principal.staff_id)
    if member is None or not member.active or member.token_version != principal.token_version:
        raise InvalidToken("This sign-in has ended; sign in again.")
    if member.role is Role.OWNER:
        principal = replace(principal, branch_ids=tuple(b.id for b in repos.venues.branches_of_chain(member.chain_id)))
    return principal


# -- passwords ------------------------------------------------------------------------------
def check_password_rules(password: str, email: str = "", field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"{field}: at least {MIN_PASSWORD_LENGTH} characters", field=field)
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"{field}: at most {MAX_PASSWORD_LENGTH} characters", field=field)
    folded = password.casefold()
    local_part = email.split("@", 1)[0].casefold()
    if folded in COMMON_PASSWORDS or len(set(folded)) < 4 or (len(local_part) >= 3 and local_part in folded):
        raise InvalidInput(f"{field}: too easy to guess (a common password, or your email); choose another",
                           field=field)


# -- who may manage whom --------------------------------------------------------------------
MANAGER_MAY_MANAGE = frozenset({Role.WAITER, Role.KITCHEN})


def require_admin(actor: StaffPrincipal) -> None:
    if actor.role not in GRANTS[Permission.MANAGE_STAFF]:
        raise Forbidden("Only owners and managers manage staff accounts.")


def _visible(actor: StaffPrincipal, member: StaffMember) -> bool:
    if actor.role is Role.OWNER:
        return True
    return actor.role is Role.MANAGER and bool(set(member.branch_ids) & set(actor.branch_ids))


def _require_may_manage(actor: StaffPrincipal, member: StaffMember) -> None:
    require_admin(actor)
    if not _visible(actor, member):
        raise NotFound("No such staff account, or not one of your branches'.")
    if actor.role is Role.MANAGER:
        if member.role not in MANAGER_MAY_MANAGE:
            raise Forbidden("A manager manages waiters and cooks; ask the owner to change this account.")
        if not set(member.branch_ids) <= set(actor.branch_ids):
            raise Forbidden("This account also works at a branch that is not yours; ask the owner.")
    if member.id == actor.staff_id:
        raise Forbidden("You cannot change your own role, branches or access here; ask another owner.")


def _require_may_grant(actor: StaffPrincipal, role: Role, branch_ids: Iterable[str], chain_branches: Iterable[str]) -> None:
    branch_ids, chain = list(branch_ids), set(chain_branches)
    if role is Role.OWNER:
        if actor.role is not Role.OWNER:
            raise Forbidden("Only an owner may make someone an owner.")
        return
    if not branch_ids:
        raise InvalidInput("branchIds: at least one branch", field="branchIds")
    unknown = [b for b in branch_ids if b not in chain]
    if unknown:
        raise InvalidInput(f"branchIds: not a branch of the chain: {unknown[0]}", field="branchIds")
    if actor.role is Role.MANAGER:
        if role not in MANAGER_MAY_MANAGE:
            raise Forbidden("A manager may give the waiter or kitchen role only; ask the owner.")
        outside = [b for b in branch_ids if b not in actor.branch_ids]
        if outside:
            raise NotFound("No such branch, or not one of yours.")


def _chain_of(repos: Repositories, actor: StaffPrincipal) -> tuple[str, list[str]]:
    me = repos.staff.get(actor.staff_id)
    if me is None:
        raise InvalidToken("This sign-in has ended; sign in again.")
    return me.chain_id, [b.id for b in repos.venues.branches_of_chain(me.chain_id)]


def _member_for(repos: Repositories, actor: StaffPrincipal, staff_id: str) -> StaffMember:
    require_admin(actor)
    chain_id, _ = _chain_of(repos, actor)
    member = repos.staff.get(staff_id)
    if member is None or member.chain_id != chain_id or not _visible(actor, member):
        raise NotFound("No such staff account, or not one of your branches'.")
    return member


# -- links (invitations and resets) --------------------------------------------------------
def _link_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class Link:
    """What a new link is: `token` is `{staffId}.{secret}`, shown once (only its hash is kept)."""

    token: str
    url: str
    expires_at: str


def _new_link(member: StaffMember, base_url: str) -> tuple[StaffMember, Link]:
    secret = secrets.token_urlsafe(32)
    expires = iso(utcnow() + LINK_TTL)
    token = f"{member.id}.{secret}"
    url = f"{base_url.rstrip('/')}/staff/welcome#{token}"
    return replace(member, link_hash=_link_hash(secret), link_expires_at=expires), Link(token, url, expires)


Send = Callable[[str, str, str], None]  # (to, subject, text): chalicelib.mail


def _send_link(send: Send, member: StaffMember, link: Link, invited_by: str, kind: str) -> None:
    if kind == "invite":
        subject = "Tu cuenta de Comanda / Your Comanda account"
        text = (f"Hola {member.name}: {invited_by} te invitó a Comanda. Elige tu contraseña aquí:\n{link.url}\n\n"
                f"Hi {member.name}: {invited_by} invited you to Comanda. Choose your password here:\n{link.url}\n\n"
                f"(72 h, once / 72 h, una vez)")
    else:
        subject = "Cambia tu contraseña de Comanda / Reset your Comanda password"
        text = (f"Hola {member.name}: elige una nueva contraseña aquí:\n{link.url}\n\n"
                f"Hi {member.name}: choose a new password here:\n{link.url}\n\n(72 h, once / 72 h, una vez)")
    send(member.email, subject, text)


def _throttle_links(repos: Repositories, actor: StaffPrincipal) -> None:
    repos.rate_limiter.hit("staff-links", actor.staff_id, INVITES_PER_HOUR, 3600,
                           "Too many invitations and resets from this account; wait an hour.")


# -- the audit trail --------------------------------------------------------------------------
def _audit_view(member: StaffMember) -> dict[str, object]:
    """What the trail keeps of an account: no email secrets, no password or link."""
    return {"name": member.name, "email": member.email, "role": member.role.value,
            "branchIds": list(member.branch_ids), "active": member.active}


def _branches_touched(members: Iterable[StaffMember], chain_branches: list[str]) -> list[str]:
    """Each branch the account worked at or works at now; an owner's account is every branch's."""
    touched: list[str] = []
    for member in members:
        touched += chain_branches if member.role is Role.OWNER else member.branch_ids
    return [b for b in dict.fromkeys(touched) if b in chain_branches]


def _audit(repos: Repositories, actor: StaffPrincipal, action: AuditAction, members: list[StaffMember],
           chain_branches: list[str], before: dict[str, object] | None, after: dict[str, object] | None,
           extra: dict[str, object] | None = None) -> None:
    """One line per branch the change touches (each branch's trail is read on its own)."""
    for branch_id in _branches_touched(members, chain_branches):
        audit.record(repos, actor, branch_id=branch_id, action=action, target=members[-1].id,
                     before=before, after=after, extra=extra)


# -- the operations -------------------------------------------------------------------------
def list_staff(repos: Repositories, actor: StaffPrincipal, branch_id: str | None = None) -> list[StaffMember]:
    require_admin(actor)
    chain_id, _ = _chain_of(repos, actor)
    if branch_id is not None:
        actor.require_branch(branch_id)
    found = [m for m in repos.staff.of_chain(chain_id) if _visible(actor, m)]
    if branch_id is not None:
        found = [m for m in found if branch_id in m.branch_ids or m.role is Role.OWNER]
    return sorted(found, key=lambda m: (not m.active, m.name.casefold(), m.id))


def invite(repos: Repositories, actor: StaffPrincipal, send: Send, base_url: str, *, email: str, name: str,
           role: Role, branch_ids: list[str]) -> tuple[StaffMember, Link]:
    require_admin(actor)
    chain_id, chain_branches = _chain_of(repos, actor)
    _require_may_grant(actor, role, branch_ids, chain_branches)
    _throttle_links(repos, actor)
    member = StaffMember(id=f"stf_{uuid.uuid4().hex[:12]}", chain_id=chain_id, email=email.strip().lower(),
                         name=name.strip(), role=role, branch_ids=[] if role is Role.OWNER else list(dict.fromkeys(branch_ids)))
    member, link = _new_link(member, base_url)
    repos.staff.add(member)
    inviter = repos.staff.get(actor.staff_id)
    _send_link(send, member, link, inviter.name if inviter else "Comanda", "invite")
    _audit(repos, actor, AuditAction.STAFF_INVITED, [member], chain_branches, None, _audit_view(member))
    logger.info("staff invited", extra={"staff_id": member.id, "role": role.value, "by": actor.staff_id})
    return member, link


def send_reset(repos: Repositories, actor: StaffPrincipal, send: Send, base_url: str, staff_id: str) -> tuple[StaffMember, Link]:
    """A new link (replacing any open one); the old password and every sign-in stop at once."""
    member = _member_for(repos, actor, staff_id)
    _require_may_manage(actor, member)
    _, chain_branches = _chain_of(repos, actor)
    if not member.active:
        raise BusinessRuleViolation("The account is deactivated; reactivate it first.")
    _throttle_links(repos, actor)
    changed, link = _new_link(member, base_url)
    kind = "invite" if member.invited else "reset"
    changed = replace(changed, password_hash="" if kind == "reset" else changed.password_hash,
                      token_version=member.token_version + 1)
    repos.staff.update_from(changed, member.token_version)
    _send_link(send, changed, link, "Comanda", kind)
    _audit(repos, actor, AuditAction.STAFF_PASSWORD_RESET, [changed], chain_branches, None, None,
           extra={"link": "invitation" if kind == "invite" else "reset", "email": changed.email})
    logger.info("staff password reset sent", extra={"staff_id": member.id, "by": actor.staff_id})
    return changed, link


def update_member(repos: Repositories, actor: StaffPrincipal, staff_id: str, *, role: Role | None = None,
                  branch_ids: list[str] | None = None, name: str | None = None, active: bool | None = None) -> StaffMember:
    """Changes what was given; a new role, branches or deactivation ends the person's sign-ins."""
    member = _member_for(repos, actor, staff_id)
    _require_may_manage(actor, member)
    _, chain_branches = _chain_of(repos, actor)
    new_role = role if role is not None else member.role
    new_branches = list(dict.fromkeys(branch_ids)) if branch_ids is not None else member.branch_ids
    if new_role is Role.OWNER:
        new_branches = []
    if role is not None or branch_ids is not None:
        _require_may_grant(actor, new_role, new_branches, chain_branches)
    changed = replace(member, role=new_role, branch_ids=new_branches,
                      name=name.strip() if name is not None else member.name,
                      active=active if active is not None else member.active)
    revokes = (changed.role != member.role or set(changed.branch_ids) != set(member.branch_ids)
               or changed.active != member.active)
    if revokes:
        changed = replace(changed, token_version=member.token_version + 1)
    if not changed.active:
        changed = replace(changed, link_hash="", link_expires_at="")  # an open link stops working too
    repos.staff.update_from(changed, member.token_version)
    before, after = _audit_view(member), _audit_view(changed)
    if before != after:
        action = (AuditAction.STAFF_DEACTIVATED if member.active and not changed.active
                  else AuditAction.STAFF_REACTIVATED if changed.active and not member.active
                  else AuditAction.STAFF_UPDATED)
        _audit(repos, actor, action, [member, changed], chain_branches, before, after)
    logger.info("staff account changed", extra={
        "staff_id": member.id, "by": actor.staff_id, "revoked": revokes,
        "before": {"role": member.role.value, "branches": member.branch_ids, "active": member.active},
        "after": {"role": changed.role.value, "branches": changed.branch_ids, "active": changed.active}})
    return changed


def redeem_link(repos: Repositories, token: str, password: str, client_ip: str) -> StaffMember:
    """Sets the password from an invitation or reset link: once, before it expires."""
    repos.rate_limiter.hit("staff-link-tries", client_key(client_ip), LINK_TRIES_PER_WINDOW, LINK_WINDOW_S,
                           "Too many tries from this network; wait a few minutes.")
    staff_id, _, secret = token.partition(".")
    member = repos.staff.get(staff_id) if staff_id and secret else None
    if (member is None or not member.active or not member.link_hash
            or not hmac.compare_digest(member.link_hash, _link_hash(secret))):
        raise InvalidToken("This link is not valid or was used already; ask for a new one.")
    if parse_iso(member.link_expires_at) <= utcnow():
        raise InvalidToken("This link has expired; ask for a new one.")
    check_password_rules(password, member.email)
    changed = replace(member, password_hash=hash_password(password), link_hash="", link_expires_at="",
                      token_version=member.token_version + 1)
    repos.staff.update_from(changed, member.token_version)
    logger.info("staff password set from a link", extra={"staff_id": member.id})
    return changed


def link_holder(repos: Repositories, token: str) -> StaffMember:
    """Whose link this is (the welcome page greets them), without using it."""
    staff_id, _, secret = token.partition(".")
    member = repos.staff.get(staff_id) if staff_id and secret else None
    if (member is None or not member.active or not member.link_hash
            or not hmac.compare_digest(member.link_hash, _link_hash(secret))
            or parse_iso(member.link_expires_at) <= utcnow()):
        raise InvalidToken("This link is not valid, was used already or has expired; ask for a new one.")
    return member


def change_own_password(repos: Repositories, tokens: TokenService, actor: StaffPrincipal, current: str,
                        new: str) -> tuple[StaffMember, str]:
    """The current password, then the new one under the rules; every other sign-in of the
    account ends, and this one gets a fresh token (returned)."""
    repos.rate_limiter.hit("staff-password-change", actor.staff_id, PASSWORD_CHANGES_PER_WINDOW, 900,
                           "Too many password changes; wait a few minutes.")
    member = repos.staff.get(actor.staff_id)
    if member is None:
        raise InvalidToken("This sign-in has ended; sign in again.")
    if not verify_password(current, member.password_hash):
        raise WrongPassword("currentPassword: not your current password", field="currentPassword")
    check_password_rules(new, member.email, field="newPassword")
    if new == current:
        raise InvalidInput("newPassword: the same as the current one", field="newPassword")
    changed = replace(member, password_hash=hash_password(new), token_version=member.token_version + 1)
    repos.staff.update_from(changed, member.token_version)
    principal = replace(actor, token_version=changed.token_version)
    logger.info("staff password changed", extra={"staff_id": member.id})
    return changed, tokens.issue_staff(principal)
