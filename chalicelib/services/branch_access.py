"""Who may act on a branch in the back office (issue 18). An owner acts on every branch of their
chain, including one opened since they signed in (their token lists the branches of the sign-in);
a manager on the branches of their account. Another chain's or branch's is a 404."""
from __future__ import annotations

from ..auth import StaffPrincipal
from ..domain.errors import NotFound
from ..domain.staff import Permission, Role, require_permission
from ..domain.venues import Branch
from ..ports import Repositories


def owner_chain(repos: Repositories, principal: StaffPrincipal) -> str:
    """The chain of the signed-in account (its stored record: a deactivated one is refused by auth)."""
    member = repos.staff.get(principal.staff_id)
    if member is None:
        raise NotFound("No such account.")
    return member.chain_id


def admin_branch(repos: Repositories, principal: StaffPrincipal, branch_id: str, permission: Permission) -> Branch:
    branch = repos.venues.get_branch(branch_id)
    if branch is None:
        raise NotFound("No such branch, or not one of yours.")
    if principal.role is Role.OWNER:
        if branch.chain_id != owner_chain(repos, principal):
            raise NotFound("No such branch, or not one of yours.")
    elif branch_id not in principal.branch_ids:
        raise NotFound("No such branch, or not one of yours.")
    require_permission(principal.role, permission)
    return branch
