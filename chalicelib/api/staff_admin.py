"""Staff accounts from the back office (issue 18): the list, invitations, role and branches,
password resets and deactivation (owners; managers for their branches' waiters and cooks);
setting a password from a link; a member's own password change; what the signed-in person may
do (`/staff/me`). A change that revokes a sign-in closes the person's live sockets at once."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalice import Blueprint, Response

from .. import bootstrap
from ..config import settings
from ..lazy import lazy_import
from .parsing import client_ip, parse_body, query
from .routing import json_response, route

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from ..auth import StaffPrincipal
    from ..domain.staff import StaffMember
    from ..realtime import subscriptions
    from ..services import staff_accounts as accounts
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")
    accounts = lazy_import("chalicelib.services.staff_accounts")
    subscriptions = lazy_import("chalicelib.realtime.subscriptions")

staff_admin = Blueprint(__name__)
TAG = "staff accounts"


def _account(m: StaffMember) -> dict[str, Any]:
    """An account as the back office sees it (never its password hash or link)."""
    status = "deactivated" if not m.active else "invited" if m.invited else "active"
    return {"id": m.id, "name": m.name, "email": m.email, "role": m.role.value, "branchIds": list(m.branch_ids),
            "status": status, "linkExpiresAt": m.link_expires_at or None}


def _base_url() -> str:
    """Where links point: the page's own origin (the local stack, CloudFront), else the stage's."""
    headers: dict[str, str] = dict(staff_admin.current_request.headers or {})
    origin = headers.get("origin") or ""
    allowed = settings.allowed_origins or (settings.public_base_url.rstrip("/"),)
    return origin if origin.rstrip("/") in allowed else settings.public_base_url


def _end_sign_ins(member: StaffMember, reason: str) -> None:
    subscriptions.close_sockets_of_staff(bootstrap.repositories(), member.id, bootstrap.live_sockets(), reason)


@route(staff_admin, "/staff/me", "GET", auth="staff", tag=TAG,
       summary="Who is signed in and what they may do: `{staff, permissions, manages: {roles, branchIds}}` "
               "(`manages`: the roles this person may invite or change, and where; empty for waiters and cooks).")
def me(principal: StaffPrincipal) -> Response:
    from .. import presenters as present
    from ..domain.staff import Role, permissions_of

    repos = bootstrap.repositories()
    member = repos.staff.get(principal.staff_id)
    assert member is not None  # the token's check found it
    chain = [b.id for b in repos.venues.branches_of_chain(member.chain_id)]
    roles: list[str] = []
    if principal.role is Role.OWNER:
        roles = [r.value for r in Role]
    elif principal.role is Role.MANAGER:
        roles = [r.value for r in sorted(accounts.MANAGER_MAY_MANAGE)]
    return json_response({
        "staff": present.staff_member(member, principal.branch_ids),
        "permissions": [p.value for p in permissions_of(principal.role, principal.branch_ids, chain)],
        "manages": {"roles": roles, "branchIds": list(principal.branch_ids) if roles else []},
    })


@route(staff_admin, "/staff/accounts", "GET", auth="staff", tag=TAG, query=("branch",),
       summary="The staff accounts this person manages, active first, by name: `{accounts: [{id, name, email, role, "
               "branchIds, status: active|invited|deactivated, linkExpiresAt}]}`; `?branch=` one branch's. "
               "Owners (every account) and managers (their branches'); others 403.")
def list_accounts(principal: StaffPrincipal) -> Response:
    branch = query(staff_admin.current_request, "branch") or None
    found = accounts.list_staff(bootstrap.repositories(), principal, branch)
    return json_response({"accounts": [_account(m) for m in found]})


@route(staff_admin, "/staff/accounts", "POST", auth="staff", tag=TAG, body="InviteBody", status=201,
       summary="Invite someone by email with a role and branches: the account is `invited` until they set a "
               "password from the emailed link (72 hours, once; locally printed by `make run` and listed at "
               "/_local/outbox). Only an owner invites an owner or a manager; a manager invites waiters and "
               "cooks of their branches. Email taken: 409 ALREADY_EXISTS. 201 `{account}`.")
def invite(principal: StaffPrincipal) -> Response:
    from ..domain.staff import Role

    body = parse_body(staff_admin.current_request, schemas.InviteBody)
    member, _ = accounts.invite(bootstrap.repositories(), principal, bootstrap.mail(), _base_url(), email=body.email,
                                name=body.name, role=Role(body.role), branch_ids=body.branchIds)
    return json_response({"account": _account(member)}, status=201)


@route(staff_admin, "/staff/accounts/{staff_id}", "PATCH", auth="staff", tag=TAG, body="StaffPatchBody",
       summary="Change an account's name, role, branches, or deactivate (`active: false`) or reactivate it. A new "
               "role, branches or deactivation ends the person's sign-ins at once: their live screens are told "
               "(`connection.closed`, SIGN_IN_REVOKED) and closed, their tokens get 401 from the next request. "
               "Not your own account (403). `{account}`.")
def update_account(principal: StaffPrincipal, staff_id: str) -> Response:
    from ..domain.staff import Role

    body = parse_body(staff_admin.current_request, schemas.StaffPatchBody)
    before = bootstrap.repositories().staff.get(staff_id)
    member = accounts.update_member(bootstrap.repositories(), principal, staff_id,
                                    role=Role(body.role) if body.role else None, branch_ids=body.branchIds,
                                    name=body.name, active=body.active)
    if before is not None and member.token_version != before.token_version:
        _end_sign_ins(member, "Your account was changed or deactivated; sign in again." if member.active
                      else "Your account was deactivated.")
    return json_response({"account": _account(member)})


@route(staff_admin, "/staff/accounts/{staff_id}/reset", "POST", auth="staff", tag=TAG,
       summary="Reset a password: the old one stops working and the person's sign-ins end at once; a new link "
               "(72 hours, once) is emailed (an invited account: its invitation again). `{account}`.")
def reset_password(principal: StaffPrincipal, staff_id: str) -> Response:
    member, _ = accounts.send_reset(bootstrap.repositories(), principal, bootstrap.mail(), _base_url(), staff_id)
    _end_sign_ins(member, "Your password was reset; choose a new one from the email.")
    return json_response({"account": _account(member)})


@route(staff_admin, "/staff/links/check", "POST", auth="public", tag=TAG, body="LinkBody", also=(401,),
       summary="Whose invitation or reset link this is, without using it: `{name, email}`. Not valid, used or "
               "expired: 401 INVALID_TOKEN.")
def check_link() -> Response:
    body = parse_body(staff_admin.current_request, schemas.LinkBody)
    member = accounts.link_holder(bootstrap.repositories(), body.token)
    return json_response({"name": member.name, "email": member.email})


@route(staff_admin, "/staff/links/password", "POST", auth="public", tag=TAG, body="SetPasswordBody", also=(401,),
       summary="Set the password from an invitation or reset link (once, within 72 hours; at least 10 characters, "
               "not a common one). Then sign in as usual. Bad link: 401 INVALID_TOKEN; weak password: 400. "
               "`{email}`.")
def set_password() -> Response:
    request = staff_admin.current_request
    body = parse_body(request, schemas.SetPasswordBody)
    member = accounts.redeem_link(bootstrap.repositories(), body.token, body.password, client_ip(request))
    return json_response({"email": member.email})


@route(staff_admin, "/staff/me/password", "POST", auth="staff", tag=TAG, body="ChangePasswordBody",
       summary="Change your own password: the current one (wrong: 400 WRONG_PASSWORD), then the new one under the "
               "rules. Your other sign-ins' tokens are refused from their next request; this one continues with "
               "the `token` returned. `{token}`.")
def change_password(principal: StaffPrincipal) -> Response:
    body = parse_body(staff_admin.current_request, schemas.ChangePasswordBody)
    _, token = accounts.change_own_password(bootstrap.repositories(), bootstrap.tokens(), principal,
                                            body.currentPassword, body.newPassword)
    return json_response({"token": token})
