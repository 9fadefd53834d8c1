"""Staff accounts, their roles, and what each role may do."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from .errors import Forbidden, RoleNotAllowed


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
    VOID_ORDERS = "void_orders"            # take an order or a line off the bill, with a reason
    MANAGE_SECTIONS = "manage_sections"    # name the floor's sections, give them waiters, put tables in them
    MANAGE_BRANCHES = "manage_branches"    # open, rename, set up and archive the chain's branches (issue 18)
    MANAGE_TABLES = "manage_tables"        # add, rename and remove a branch's tables (issue 18)
    READ_AUDIT = "read_audit"              # the branch's audit trail (issue 18)
    MANAGE_STAFF = "manage_staff"          # staff accounts (a manager: their branches' waiters and cooks; services/staff_accounts.py)
    VIEW_REPORTS = "view_reports"          # the reports of the branches held (an owner: the chain too; issue 19)
    VIEW_MEMBERS = "view_members"          # the loyalty member list with its consent fields (issue 19)
    EDIT_CATALOGUE = "edit_catalogue"      # the chain's shared categories and items: see may_edit_catalogue


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
    # the roles that may hold it; holding it also takes every branch of the chain (may_edit_catalogue)
    Permission.EDIT_CATALOGUE: frozenset({Role.OWNER, Role.MANAGER}),
    Permission.VOID_ORDERS: frozenset({Role.OWNER, Role.MANAGER, Role.WAITER}),  # never the kitchen
    Permission.MANAGE_SECTIONS: frozenset({Role.OWNER, Role.MANAGER}),
    Permission.MANAGE_BRANCHES: frozenset({Role.OWNER}),
    Permission.MANAGE_TABLES: frozenset({Role.OWNER, Role.MANAGER}),
    Permission.READ_AUDIT: frozenset({Role.OWNER}),
    Permission.MANAGE_STAFF: frozenset({Role.OWNER, Role.MANAGER}),
    Permission.VIEW_REPORTS: frozenset({Role.OWNER, Role.MANAGER}),
    Permission.VIEW_MEMBERS: frozenset({Role.OWNER}),
}

KITCHEN_CHANNEL_ROLES = frozenset({Role.OWNER, Role.MANAGER, Role.KITCHEN, Role.WAITER})
# The branch channel carries what the floor's pages (POS, tables) show: sessions, requests,
# joins, orders, menu items. The kitchen display needs orders and the menu alone (both on the
# kitchen channel too), so a cook's socket is not sent the floor's traffic (issue #17: cost).
BRANCH_CHANNEL_ROLES = GRANTS[Permission.VIEW_FLOOR]
FLOOR_CHANNEL_ROLES = GRANTS[Permission.APPROVE_HELD_ORDERS]  # hear orders waiting for approval


def require_permission(role: Role, permission: Permission) -> None:
    if role not in GRANTS[permission]:
        raise RoleNotAllowed(f"A {role.value} account may not do this ({permission.value}).")


def may_edit_catalogue(role: Role, branch_ids: Iterable[str], chain_branch_ids: Iterable[str]) -> bool:
    """The chain's catalogue (categories and items) is shared by its branches: editing it takes
    a role that may, acting on every branch of the chain (an owner, or a manager of all of
    them). A branch's own price and availability do not (EDIT_MENU, SET_AVAILABILITY)."""
    return role in GRANTS[Permission.EDIT_CATALOGUE] and set(chain_branch_ids) <= set(branch_ids)


def require_catalogue(role: Role, branch_ids: Iterable[str], chain_branch_ids: Iterable[str]) -> None:
    if not may_edit_catalogue(role, branch_ids, chain_branch_ids):
        raise Forbidden("The menu's items and categories are shared by every branch of the chain; "
                        "ask the owner to change them. This branch's prices and availability are yours to set.")


def permissions_of(role: Role, branch_ids: Iterable[str], chain_branch_ids: Iterable[str]) -> list[Permission]:
    """Every permission the account holds, in Permission's order: what the staff pages show
    and hide by (the server checks each request again)."""
    held, chain = tuple(branch_ids), tuple(chain_branch_ids)
    return [p for p in Permission
            if (may_edit_catalogue(role, held, chain) if p is Permission.EDIT_CATALOGUE else role in GRANTS[p])]


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
    # Bumped by every change that must end the account's sign-ins at once (deactivation, a new
    # role or branches, a password reset or change): a staff token carries the version it was
    # issued under (`ver`) and is refused once it differs (docs/decisions.md, "Revoking staff tokens").
    token_version: int = 0
    # The one open invitation or password-reset link: the SHA-256 of its secret and when it
    # stops working (ISO-8601); a new link replaces it, using it clears it.
    link_hash: str = ""
    link_expires_at: str = ""

    @property
    def invited(self) -> bool:
        """Invited and has not set a password yet."""
        return not self.password_hash
