"""A branch's own settings: its kitchen's pace and the floor's urgency thresholds."""
from __future__ import annotations

from dataclasses import replace

from ..auth import StaffPrincipal
from ..domain.errors import InvalidInput
from ..domain.staff import Permission
from ..domain.venues import Branch, BranchSettings
from ..ports import Repositories
from .access import staff_branch


def branch_settings(repos: Repositories, principal: StaffPrincipal, branch_id: str) -> Branch:
    return staff_branch(repos, principal, branch_id, Permission.VIEW_ORDERS)


def update_branch_settings(repos: Repositories, principal: StaffPrincipal, branch_id: str,
                           changes: dict[str, int]) -> Branch:
    """Only the settings named change (by their BranchSettings name)."""
    branch = staff_branch(repos, principal, branch_id, Permission.EDIT_BRANCH_SETTINGS)
    for name, value in changes.items():
        low, high = BranchSettings.LIMITS[name]
        if not low <= value <= high:
            raise InvalidInput(f"{name} must be between {low} and {high}.", field=name)
    branch.settings = replace(branch.settings, **changes)
    repos.venues.update_branch(branch)
    return branch
