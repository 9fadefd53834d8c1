"""Who may do what: each role's grants, and a staff account acting only on its own branches."""
from __future__ import annotations

import pytest

from chalicelib.auth import StaffPrincipal
from chalicelib.domain.errors import Forbidden, NotFound, RoleNotAllowed
from chalicelib.domain.staff import (
    GRANTS,
    KITCHEN_CHANNEL_ROLES,
    Permission,
    Role,
    may_edit_catalogue,
    permissions_of,
    require_catalogue,
    require_permission,
)

P = Permission
OWNER, MANAGER, WAITER, KITCHEN = Role.OWNER, Role.MANAGER, Role.WAITER, Role.KITCHEN

# docs/decisions.md: the one-tap 86 belongs to kitchen, managers and owners; editing the menu
# to managers and owners; the kitchen does not see the floor and cannot approve sessions.
#                              owner  manager waiter kitchen
MATRIX: dict[Permission, tuple[bool, bool, bool, bool]] = {
    P.VIEW_FLOOR:             (True,  True,  True,  False),
    P.MANAGE_SESSIONS:        (True,  True,  True,  False),
    P.VIEW_ORDERS:            (True,  True,  True,  True),
    P.UPDATE_ORDERS:          (True,  True,  True,  True),
    P.BUMP_LINES:             (True,  True,  True,  True),
    P.ACK_REQUESTS:           (True,  True,  True,  False),
    P.SET_AVAILABILITY:       (True,  True,  False, True),
    P.EDIT_MENU:              (True,  True,  False, False),
    P.PAUSE_KITCHEN:          (True,  True,  False, True),
    P.SET_SCHEDULES:          (True,  True,  False, False),
    P.EDIT_BRANCH_SETTINGS:   (True,  True,  False, False),
    P.TAKE_ORDERS:            (True,  True,  True,  False),
    P.APPROVE_HELD_ORDERS:    (True,  True,  True,  False),
    P.EDIT_ORDER_SAFETY:      (True,  True,  False, False),
    P.VOID_ORDERS:            (True,  True,  True,  False),  # the kitchen never voids
    P.MANAGE_SECTIONS:        (True,  True,  False, False),  # the floor's sections (issue 16)
    P.MANAGE_STAFF:           (True,  True,  False, False),  # staff accounts (issue 18): a manager, their waiters and cooks
    P.EDIT_CATALOGUE:         (True,  True,  False, False),  # and every branch of the chain: below
    P.MANAGE_BRANCHES:        (True,  False, False, False),
    P.MANAGE_TABLES:          (True,  True,  False, False),
    P.READ_AUDIT:             (True,  False, False, False),
    P.VIEW_REPORTS:           (True,  True,  False, False),  # reports (issue 19): a manager, their branches
    P.VIEW_MEMBERS:           (True,  False, False, False),  # the loyalty member list: the owner alone
}
ROLES = (OWNER, MANAGER, WAITER, KITCHEN)
CASES = [(role, permission, allowed)
         for permission, row in MATRIX.items()
         for role, allowed in zip(ROLES, row)]


def test_the_matrix_covers_every_permission_and_role():
    assert set(MATRIX) == set(Permission) == set(GRANTS)
    assert set(ROLES) == set(Role)


@pytest.mark.parametrize(("role", "permission", "allowed"), CASES,
                         ids=[f"{r.value}-{p.value}-{'yes' if a else 'no'}" for r, p, a in CASES])
def test_grants_follow_the_matrix(role, permission, allowed):
    assert (role in GRANTS[permission]) is allowed


@pytest.mark.parametrize(("role", "permission", "allowed"), CASES,
                         ids=[f"{r.value}-{p.value}-{'yes' if a else 'no'}" for r, p, a in CASES])
def test_require_permission_refuses_exactly_what_the_matrix_denies(role, permission, allowed):
    if allowed:
        require_permission(role, permission)
    else:
        with pytest.raises(RoleNotAllowed) as raised:
            require_permission(role, permission)
        assert isinstance(raised.value, Forbidden)
        assert role.value in raised.value.message


def test_the_kitchen_cannot_approve_a_table():
    with pytest.raises(RoleNotAllowed):
        require_permission(KITCHEN, P.MANAGE_SESSIONS)


def test_the_kitchen_cannot_edit_the_menu_but_can_86_an_item():
    require_permission(KITCHEN, P.SET_AVAILABILITY)
    with pytest.raises(RoleNotAllowed):
        require_permission(KITCHEN, P.EDIT_MENU)


def test_a_waiter_cannot_edit_the_menu():
    with pytest.raises(RoleNotAllowed):
        require_permission(WAITER, P.EDIT_MENU)


def test_every_role_sees_the_kitchen_channel():
    assert frozenset(Role) == KITCHEN_CHANNEL_ROLES


# -- branches ---------------------------------------------------------------------------------
def a_principal(role: Role = MANAGER, branches: tuple[str, ...] = ("br_downtown-lima",)) -> StaffPrincipal:
    return StaffPrincipal(staff_id="stf_1", role=role, branch_ids=branches)


def test_staff_act_on_their_own_branch():
    a_principal().require_branch("br_downtown-lima")


def test_another_branch_does_not_exist_for_the_caller():
    with pytest.raises(NotFound):
        a_principal().require_branch("br_miraflores")


def test_an_owner_acts_on_every_branch_of_the_token():
    owner = a_principal(OWNER, ("br_downtown-lima", "br_miraflores"))

    owner.require_branch("br_downtown-lima")
    owner.require_branch("br_miraflores")


def test_a_branch_id_is_matched_whole_not_as_a_prefix():
    with pytest.raises(NotFound):
        a_principal(branches=("br_downtown-lima",)).require_branch("br_downtown")


def test_require_checks_the_branch_before_the_role():
    # Given a kitchen account of Downtown, When it tries to edit Miraflores' menu,
    # Then the branch does not exist for it (404), rather than a telling 403.
    with pytest.raises(NotFound):
        a_principal(KITCHEN).require(P.EDIT_MENU, "br_miraflores")


def test_require_checks_the_role_on_an_own_branch():
    with pytest.raises(RoleNotAllowed):
        a_principal(KITCHEN).require(P.EDIT_MENU, "br_downtown-lima")


def test_require_without_a_branch_checks_the_role_only():
    a_principal(MANAGER).require(P.EDIT_MENU)
    with pytest.raises(RoleNotAllowed):
        a_principal(WAITER).require(P.EDIT_MENU)


# -- the chain's catalogue: a role that may, on every branch of the chain ---------------------
CHAIN = ("br_downtown-lima", "br_miraflores")


@pytest.mark.parametrize(("role", "held", "allowed"), [
    (OWNER, CHAIN, True),
    (MANAGER, CHAIN, True),                   # a manager of every branch: services/menus.py lets them
    (MANAGER, ("br_downtown-lima",), False),  # one branch: the others share the items
    (MANAGER, ("br_miraflores", "br_downtown-lima", "br_elsewhere"), True),
    (OWNER, ("br_downtown-lima",), False),    # an owner's token that predates a new branch
    (WAITER, CHAIN, False),
    (KITCHEN, CHAIN, False),
], ids=["owner", "manager-of-all", "manager-of-one", "manager-of-more", "owner-short", "waiter", "kitchen"])
def test_the_catalogue_takes_a_role_that_may_and_every_branch_of_the_chain(role, held, allowed):
    assert may_edit_catalogue(role, held, CHAIN) is allowed
    if allowed:
        require_catalogue(role, held, CHAIN)
    else:
        with pytest.raises(Forbidden):
            require_catalogue(role, held, CHAIN)


@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_permissions_of_a_role_are_its_grants_plus_the_catalogue_when_it_holds_the_chain(role):
    one_branch = permissions_of(role, CHAIN[:1], CHAIN)
    every_branch = permissions_of(role, CHAIN, CHAIN)

    granted = [p for p in Permission if p is not P.EDIT_CATALOGUE and role in GRANTS[p]]
    assert one_branch == granted
    assert every_branch == granted + ([P.EDIT_CATALOGUE] if role in (OWNER, MANAGER) else [])


def test_a_manager_of_every_branch_holds_the_catalogue_that_the_pages_used_to_show_owners_only():
    assert P.EDIT_CATALOGUE in permissions_of(MANAGER, CHAIN, CHAIN)
    assert P.EDIT_CATALOGUE not in permissions_of(MANAGER, CHAIN[:1], CHAIN)
