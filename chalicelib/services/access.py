"""What every staff use case on a branch starts with: the caller's right on it, and the branch."""
from __future__ import annotations

from ..auth import StaffPrincipal
from ..bootstrap import Repositories
from ..domain.errors import NotFound
from ..domain.staff import Permission
from ..domain.venues import Branch


def staff_branch(repos: Repositories, principal: StaffPrincipal, branch_id: str, permission: Permission) -> Branch:
    """The branch, if the caller holds `permission` on it; another chain's or branch's is a 404."""
    principal.require(permission, branch_id)
    branch = repos.venues.get_branch(branch_id)
    if branch is None:
        raise NotFound("No such branch, or not one of yours.")
    return branch
