"""Staff accounts, their roles, and what each role may do."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .errors import RoleNotAllowed


class Role(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    WAITER = "waiter"
    KITCHEN = "kitchen"


class Permission(StrEnum):
    VIEW_FLOOR = "view_floor"            # tables, sessions, requests, bills
    MANAGE_SESSIONS = "manage_sessions"  # approve, reject, close
    VIEW_ORDERS = "view_orders"
    UPDATE_ORDERS = "update_orders"      # whole-order moves: accept, serve, cancel
    BUMP_LINES = "bump_lines"            # the kitchen's item moves
    ACK_REQUESTS = "ack_requests"
    SET_AVAILABILITY = "set_availability"  # the one-tap 86
    EDIT_MENU = "edit_menu"
    PAUSE_KITCHEN = "pause_kitchen"        # pause a category for a few minutes
    SET_SCHEDULES = "set_schedules"        # a branch's service windows of categories and items
    EDIT_BRANCH_SETTINGS = "edit_branch_settings"  # kitchen pace and the floor's urgency thresholds
    TAKE_ORDERS = "take_orders"            # waiter-assisted ordering on a table's behalf
    APPROVE_HELD_ORDERS = "approve_held_orders"  # accept or reject an order waiting for staff
    EDIT_ORDER_SAFETY = "edit_order_safety"  # the branch's spending cap and approval threshold


_ALL = frozenset(Role)
GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.VIEW_FLOOR: frozenset({Role.OWNER, Role.MANAGER, Role.WAITER}),
    Permission.MANAGE_SESSIONS: frozenset({Role.OWNER, Role.MANAGER, Role.WAITER}),
    Permission.VIEW_ORDERS: _ALL,
    Permission.UPDATE_ORDERS: _ALL,
    Permission.BUMP_LINES: _ALL,
    Permission.ACK_REQUESTS: frozenset({Role.OWNER, Role.MANAGER, Role.WAITER}),
    Permission.SET_AVAILABILITY: frozenset({Role.OWNER, Role.MANAGER, Role.KITCHEN}),
    Permission.EDIT_MENU: frozenset({Role.OWNER, Role.MANAGER}),
    Permission.PAUSE_KITCHEN: frozenset({Role.OWNER, Role.MANAGER, Role.KITCHEN}),
    Permission.SET_SCHEDULES: frozenset({Role.OWNER, Role.MANAGER}),
    Permission.EDIT_BRANCH_SETTINGS: frozenset({Role.OWNER, Role.MANAGER}),
    Permission.TAKE_ORDERS: frozenset({Role.OWNER, Role.MANAGER, Role.WAITER}),
    Permission.APPROVE_HELD_ORDERS: frozenset({Role.OWNER, Role.MANAGER, Role.WAITER}),
    Permission.EDIT_ORDER_SAFETY: frozenset({Role.OWNER, Role.MANAGER}),
}

KITCHEN_CHANNEL_ROLES = frozenset({Role.OWNER, Role.MANAGER, Role.KITCHEN, Role.WAITER})
FLOOR_CHANNEL_ROLES = GRANTS[Permission.APPROVE_HELD_ORDERS]  # hear orders waiting for approval


def require_permission(role: Role, permission: Permission) -> None:
    if role not in GRANTS[permission]:
        raise RoleNotAllowed(f"A {role.value} account may not do this ({permission.value}).")


@dataclass
class StaffMember:
    id: str
    chain_id: str
    email: str
    name: str
    role: Role
    branch_ids: list[str] = field(default_factory=list)
    password_hash: str = ""
    active: bool = True
