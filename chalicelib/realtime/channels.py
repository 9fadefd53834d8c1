"""Channel names (API.md) and which channels a token subscribes to."""
from __future__ import annotations

from ..auth import DinerPrincipal, StaffPrincipal
from ..domain.staff import BRANCH_CHANNEL_ROLES, FLOOR_CHANNEL_ROLES, KITCHEN_CHANNEL_ROLES


def channel_for_session(session_id: str) -> str:
    return f"session:{session_id}"


def channel_for_branch(branch_id: str) -> str:
    return f"branch:{branch_id}"


def channel_for_floor(branch_id: str) -> str:
    """What the floor staff may see and the kitchen may not yet (orders waiting for approval)."""
    return f"floor:{branch_id}"


def channel_for_kitchen(branch_id: str) -> str:
    return f"kitchen:{branch_id}"


def channel_for_menu(branch_id: str) -> str:
    return f"menu:{branch_id}"


def channel_for_join_request(request_id: str) -> str:
    """The asking phone hears its answer here, and nothing else."""
    return f"join:{request_id}"


def channels_for_diner(principal: DinerPrincipal) -> list[str]:
    return [channel_for_session(principal.session_id), channel_for_menu(principal.branch_id)]


def channel_for_staff_member(staff_id: str) -> str:
    """One person's sockets (every sign-in of the account): told and closed when it is revoked."""
    return f"staff:{staff_id}"


def channels_for_staff(principal: StaffPrincipal) -> list[str]:
    channels = [channel_for_branch(b) for b in principal.branch_ids] if principal.role in BRANCH_CHANNEL_ROLES else []
    if principal.role in KITCHEN_CHANNEL_ROLES:
        channels += [channel_for_kitchen(b) for b in principal.branch_ids]
    if principal.role in FLOOR_CHANNEL_ROLES:
        channels += [channel_for_floor(b) for b in principal.branch_ids]
    return [*channels, channel_for_staff_member(principal.staff_id)]
