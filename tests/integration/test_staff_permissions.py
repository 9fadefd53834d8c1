"""The staff sign-in answers with the account's permissions (what the staff pages show and hide
by), and they agree with what the server then allows, the chain's catalogue included."""
from __future__ import annotations

import pytest

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
MENU = f"/staff/branches/{DOWNTOWN}/menu"
PASSWORD = "demo1234"

FLOOR = ["view_floor", "manage_sessions", "view_orders", "update_orders", "bump_lines", "ack_requests"]
MANAGING = ["set_availability", "edit_menu", "pause_kitchen", "set_schedules", "edit_branch_settings",
            "take_orders", "approve_held_orders", "edit_order_safety", "void_orders"]


def add_manager(email: str, branch_ids: list[str]) -> None:
    from chalicelib.auth import hash_password
    from chalicelib.bootstrap import repositories
    from chalicelib.domain.staff import Role, StaffMember

    repositories().staff.add(StaffMember(id="st_both", chain_id="ch_comanda-demo", email=email, name="Both",
                                         role=Role.MANAGER, branch_ids=branch_ids,
                                         password_hash=hash_password(PASSWORD)))


def permissions(api, email: str) -> list[str]:
    reply = api.post("/staff/login", {"email": email, "password": PASSWORD})
    assert reply.status == 200, reply.body
    return reply.body["permissions"]


@pytest.mark.parametrize(("email", "expected"), [
    ("owner@demo.comanda", FLOOR + MANAGING + ["manage_sections", "manage_branches", "manage_tables", "read_audit",
                                               "manage_staff", "view_reports", "view_members", "edit_catalogue"]),
    ("manager@downtown.demo.comanda", FLOOR + MANAGING + ["manage_sections", "manage_tables", "manage_staff", "view_reports"]),  # one branch of two: no catalogue
    ("waiter@miraflores.demo.comanda", FLOOR + ["take_orders", "approve_held_orders", "void_orders"]),
    ("kitchen@downtown.demo.comanda",
     ["view_orders", "update_orders", "bump_lines", "set_availability", "pause_kitchen"]),
], ids=["owner", "manager", "waiter", "kitchen"])
def test_the_sign_in_names_each_role_s_permissions(api, email, expected):
    assert permissions(api, email) == expected


def test_a_manager_of_every_branch_is_told_they_may_edit_the_catalogue_and_may(api):
    # Given a manager of both branches of the chain (the pages used to show the catalogue to owners only)
    add_manager("both@demo.comanda", [DOWNTOWN, MIRAFLORES])

    # When they sign in
    held = permissions(api, "both@demo.comanda")

    # Then the answer says edit_catalogue, and the server agrees: a new category is created
    assert "edit_catalogue" in held
    token = api.login("both@demo.comanda")
    assert api.post(f"{MENU}/categories", {"name": "Brunch"}, token=token).status == 201


def test_a_manager_of_one_branch_is_not_told_so_and_is_refused(api):
    assert "edit_catalogue" not in permissions(api, "manager@downtown.demo.comanda")
    token = api.login("manager@downtown.demo.comanda")
    reply = api.post(f"{MENU}/categories", {"name": "Brunch"}, token=token)
    assert (reply.status, reply.error["code"]) == (403, "FORBIDDEN")


def test_a_refused_sign_in_carries_no_permissions(api):
    reply = api.post("/staff/login", {"email": "manager@downtown.demo.comanda", "password": "wrong-one"})
    assert reply.status == 401 and "permissions" not in reply.body
