"""Staff accounts over HTTP on moto (issue 18): a deactivated or changed account's tokens are
refused on every staff route at once, its live sockets are told and closed; invitations and
resets by an emailed link (once, expiring, stored hashed); who may manage whom; a member's own
password change."""
from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from chalicelib import bootstrap
from chalicelib.realtime import subscriptions
from tests.integration.conftest import sent_emails, sent_link
from tests.integration.test_realtime import connect
from tests.integration.test_socket_limit import Connections
from tests.integration.test_staff_tokens import VALID_BODIES, concrete, staff_routes

ANA = "st_ana_at_downtown_demo_comanda"
LUIS = "st_luis_at_downtown_demo_comanda"
MIRAFLORES_WAITER = "st_waiter_at_miraflores_demo_comanda"
DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
GOOD_PASSWORD = "pan con chicharrón 7"


def _every_staff_route(api, token: str) -> dict:
    return {route: api.call(route[0], concrete(route[1]), VALID_BODIES.get(route), token=token)
            for route in staff_routes()}


# -- revocation ------------------------------------------------------------------------------
def test_a_deactivated_waiter_s_token_gets_401_on_every_staff_route(api):
    ana = api.login("ana@downtown.demo.comanda")
    assert api.get(f"/staff/branches/{DOWNTOWN}/tables", token=ana).status == 200
    manager = api.login()

    reply = api.patch(f"/staff/accounts/{ANA}", {"active": False}, token=manager)

    assert reply.status == 200 and reply.body["account"]["status"] == "deactivated", reply.body
    answers = _every_staff_route(api, ana)
    assert len(answers) >= 40
    refused = {route: (r.status, r.error["code"]) for route, r in answers.items()}
    assert refused == dict.fromkeys(answers, (401, "INVALID_TOKEN"))
    assert "sign in again" in answers[("GET", "/staff/branches")].error["message"]
    # and she cannot sign in again, nor open a socket with the old token
    assert api.post("/staff/login", {"email": "ana@downtown.demo.comanda", "password": "demo1234"}).status == 401
    assert connect(api, ana, connection_id="ana-old")["statusCode"] == 401


def test_reactivating_lets_her_sign_in_but_the_old_token_stays_refused(api):
    ana, manager = api.login("ana@downtown.demo.comanda"), api.login()
    api.patch(f"/staff/accounts/{ANA}", {"active": False}, token=manager)

    assert api.patch(f"/staff/accounts/{ANA}", {"active": True}, token=manager).status == 200

    assert api.get("/staff/branches", token=ana).status == 401
    assert api.get("/staff/branches", token=api.login("ana@downtown.demo.comanda")).status == 200


def test_a_new_role_or_branches_end_the_sign_in_and_the_next_one_carries_them(api):
    ana, owner = api.login("ana@downtown.demo.comanda"), api.login("owner@demo.comanda")

    reply = api.patch(f"/staff/accounts/{ANA}", {"role": "kitchen", "branchIds": [DOWNTOWN, MIRAFLORES]}, token=owner)

    assert reply.status == 200, reply.body
    assert api.get("/staff/branches", token=ana).status == 401
    again = api.post("/staff/login", {"email": "ana@downtown.demo.comanda", "password": "demo1234"}).body
    assert again["staff"]["role"] == "kitchen" and set(again["staff"]["branches"]) == {DOWNTOWN, MIRAFLORES}


def test_a_rename_does_not_end_anyone_s_sign_in(api):
    ana, manager = api.login("ana@downtown.demo.comanda"), api.login()

    assert api.patch(f"/staff/accounts/{ANA}", {"name": "Ana María"}, token=manager).status == 200

    assert api.get("/staff/branches", token=ana).status == 200


def test_the_revoked_person_s_live_sockets_are_told_and_closed_and_others_keep_theirs(api):
    ana, luis = api.login("ana@downtown.demo.comanda"), api.login("luis@downtown.demo.comanda")
    for connection_id, token in (("ana-pos", ana), ("ana-tablet", ana), ("luis-pos", luis)):
        assert connect(api, token, connection_id=connection_id)["statusCode"] == 200
    connections = Connections()

    closed = subscriptions.close_sockets_of_staff(bootstrap.repositories(), ANA, connections.sockets(),
                                                  "Your account was deactivated.")

    assert closed == 2 and sorted(connections.deleted) == ["ana-pos", "ana-tablet"]
    [told] = connections.sent["ana-pos"]
    assert told["type"] == "connection.closed" and told["data"]["code"] == "SIGN_IN_REVOKED"
    assert bootstrap.repositories().connections.channels_of("ana-pos") == []
    assert bootstrap.repositories().connections.channels_of("luis-pos") != []


# -- invitations -----------------------------------------------------------------------------
def test_an_invited_waiter_sets_a_password_from_the_emailed_link_and_signs_in(api):
    manager = api.login()

    invited = api.post("/staff/accounts", {"email": "Rosa@Example.com", "name": "Rosa", "role": "waiter",
                                           "branchIds": [DOWNTOWN]}, token=manager)

    assert invited.status == 201, invited.body
    assert invited.body["account"]["status"] == "invited" and invited.body["account"]["email"] == "rosa@example.com"
    [(subject, text)] = sent_emails("rosa@example.com")
    assert "Comanda" in subject and "/staff/welcome#" in text
    token = sent_link("rosa@example.com")
    stored = bootstrap.repositories().staff.by_email("rosa@example.com")
    assert token.split(".", 1)[1] not in json.dumps(stored.__dict__)  # only its hash is kept
    assert api.post("/staff/login", {"email": "rosa@example.com", "password": "anything at all"}).status == 401
    assert api.post("/staff/links/check", {"token": token}).body == {"name": "Rosa", "email": "rosa@example.com"}

    assert api.post("/staff/links/password", {"token": token, "password": GOOD_PASSWORD}).status == 200

    signed_in = api.post("/staff/login", {"email": "rosa@example.com", "password": GOOD_PASSWORD})
    assert signed_in.status == 200 and signed_in.body["staff"]["role"] == "waiter"
    listed = api.get("/staff/accounts", token=manager).body["accounts"]
    assert {a["email"]: a["status"] for a in listed}["rosa@example.com"] == "active"


def test_a_link_works_once(api):
    api.post("/staff/accounts", {"email": "rosa@example.com", "name": "Rosa", "role": "waiter",
                                 "branchIds": [DOWNTOWN]}, token=api.login())
    token = sent_link("rosa@example.com")
    assert api.post("/staff/links/password", {"token": token, "password": GOOD_PASSWORD}).status == 200

    again = api.post("/staff/links/password", {"token": token, "password": "another good secret 8"})

    assert (again.status, again.error["code"]) == (401, "INVALID_TOKEN")
    assert api.post("/staff/links/check", {"token": token}).status == 401


def test_a_link_expires_after_72_hours(api):
    from chalicelib.domain import clock

    api.post("/staff/accounts", {"email": "rosa@example.com", "name": "Rosa", "role": "kitchen",
                                 "branchIds": [DOWNTOWN]}, token=api.login())
    token = sent_link("rosa@example.com")
    clock.travel(timedelta(hours=72, seconds=1))

    reply = api.post("/staff/links/password", {"token": token, "password": GOOD_PASSWORD})

    assert reply.status == 401 and "expired" in reply.error["message"]


@pytest.mark.parametrize("password, why", [("short1", "at least 10"), ("password123", "too easy"),
                                           ("aaaaaaaaaaaaaa", "too easy"), ("rosa-rosa-2026", "too easy")])
def test_a_weak_password_is_refused_and_the_link_still_works(api, password, why):
    api.post("/staff/accounts", {"email": "rosa@example.com", "name": "Rosa", "role": "waiter",
                                 "branchIds": [DOWNTOWN]}, token=api.login())
    token = sent_link("rosa@example.com")

    reply = api.post("/staff/links/password", {"token": token, "password": password})

    assert (reply.status, reply.error["field"]) == (400, "password") and why in reply.error["message"]
    assert api.post("/staff/links/password", {"token": token, "password": GOOD_PASSWORD}).status == 200


def test_a_forged_link_is_refused(api):
    api.post("/staff/accounts", {"email": "rosa@example.com", "name": "Rosa", "role": "waiter",
                                 "branchIds": [DOWNTOWN]}, token=api.login())
    staff_id = sent_link("rosa@example.com").split(".")[0]

    reply = api.post("/staff/links/password", {"token": f"{staff_id}.guessed-secret-guessed", "password": GOOD_PASSWORD})

    assert (reply.status, reply.error["code"]) == (401, "INVALID_TOKEN")


def test_an_email_already_taken_is_a_conflict(api):
    reply = api.post("/staff/accounts", {"email": "ana@downtown.demo.comanda", "name": "Ana", "role": "waiter",
                                         "branchIds": [DOWNTOWN]}, token=api.login())

    assert (reply.status, reply.error["code"], reply.error["field"]) == (409, "ALREADY_EXISTS", "email")


@pytest.mark.parametrize("body, field", [
    ({"email": "not-an-email", "name": "Rosa", "role": "waiter", "branchIds": [DOWNTOWN]}, "email"),
    ({"email": "rosa@example.com", "name": "Rosa", "role": "chef", "branchIds": [DOWNTOWN]}, "role"),
    ({"email": "rosa@example.com", "name": "Rosa", "role": "waiter", "branchIds": []}, "branchIds"),
    ({"email": "rosa@example.com", "name": "Rosa", "role": "waiter", "branchIds": ["br_nowhere"]}, "branchIds"),
])
def test_a_bad_invitation_names_the_field(api, body, field):
    reply = api.post("/staff/accounts", body, token=api.login("owner@demo.comanda"))

    assert reply.status == 400 and reply.error["field"] == field, reply.body


# -- who may manage whom ---------------------------------------------------------------------
@pytest.mark.parametrize("role", ["owner", "manager"])
def test_a_manager_invites_no_owner_or_manager(api, role):
    reply = api.post("/staff/accounts", {"email": "boss@example.com", "name": "Boss", "role": role,
                                         "branchIds": [DOWNTOWN]}, token=api.login())

    assert reply.status == 403, reply.body
    assert sent_emails("boss@example.com") == []


def test_a_manager_promotes_nobody_to_owner_or_manager(api):
    manager = api.login()

    for role in ("owner", "manager"):
        assert api.patch(f"/staff/accounts/{ANA}", {"role": role}, token=manager).status == 403
    assert api.get("/staff/branches", token=api.login("ana@downtown.demo.comanda")).status == 200


def test_a_manager_does_not_see_or_touch_another_branch_s_staff(api):
    manager = api.login()

    listed = {a["id"] for a in api.get("/staff/accounts", token=manager).body["accounts"]}
    patched = api.patch(f"/staff/accounts/{MIRAFLORES_WAITER}", {"active": False}, token=manager)
    reset = api.post(f"/staff/accounts/{MIRAFLORES_WAITER}/reset", token=manager)
    moved = api.patch(f"/staff/accounts/{ANA}", {"branchIds": [MIRAFLORES]}, token=manager)
    invited = api.post("/staff/accounts", {"email": "x@example.com", "name": "X", "role": "waiter",
                                           "branchIds": [MIRAFLORES]}, token=manager)

    assert ANA in listed and MIRAFLORES_WAITER not in listed and "st_owner_at_demo_comanda" not in listed
    assert [r.status for r in (patched, reset, moved, invited)] == [404, 404, 404, 404]


def test_a_manager_does_not_change_another_manager_or_the_owner(api):
    manager = api.login()

    assert api.patch("/staff/accounts/st_owner_at_demo_comanda", {"active": False}, token=manager).status in (403, 404)
    assert api.patch("/staff/accounts/st_manager_at_downtown_demo_comanda", {"active": False},
                     token=manager).status == 403  # themselves


def test_waiters_and_cooks_manage_no_accounts(api):
    for email in ("ana@downtown.demo.comanda", "kitchen@downtown.demo.comanda"):
        token = api.login(email)
        assert api.get("/staff/accounts", token=token).status == 403
        assert api.patch(f"/staff/accounts/{LUIS}", {"active": False}, token=token).status == 403
        me = api.get("/staff/me", token=token).body
        assert me["manages"] == {"roles": [], "branchIds": []}


def test_me_says_what_an_owner_and_a_manager_may_manage(api):
    owner = api.get("/staff/me", token=api.login("owner@demo.comanda")).body
    manager = api.get("/staff/me", token=api.login()).body

    assert owner["manages"]["roles"] == ["owner", "manager", "waiter", "kitchen"]
    assert manager["manages"] == {"roles": ["kitchen", "waiter"], "branchIds": [DOWNTOWN]}
    assert "view_floor" in manager["permissions"]


# -- resets and one's own password -----------------------------------------------------------
def test_a_reset_ends_the_sign_in_stops_the_old_password_and_mails_a_link(api):
    ana = api.login("ana@downtown.demo.comanda")

    reply = api.post(f"/staff/accounts/{ANA}/reset", token=api.login())

    assert reply.status == 200, reply.body
    assert api.get("/staff/branches", token=ana).status == 401
    assert api.post("/staff/login", {"email": "ana@downtown.demo.comanda", "password": "demo1234"}).status == 401
    token = sent_link("ana@downtown.demo.comanda")
    assert api.post("/staff/links/password", {"token": token, "password": GOOD_PASSWORD}).status == 200
    assert api.post("/staff/login", {"email": "ana@downtown.demo.comanda", "password": GOOD_PASSWORD}).status == 200


def test_changing_one_s_own_password_needs_the_current_one(api):
    ana = api.login("ana@downtown.demo.comanda")
    other_screen = api.login("ana@downtown.demo.comanda")

    wrong = api.post("/staff/me/password", {"currentPassword": "nope", "newPassword": GOOD_PASSWORD}, token=ana)
    weak = api.post("/staff/me/password", {"currentPassword": "demo1234", "newPassword": "1234567890"}, token=ana)
    changed = api.post("/staff/me/password", {"currentPassword": "demo1234", "newPassword": GOOD_PASSWORD}, token=ana)

    assert (wrong.status, wrong.error["code"], wrong.error["field"]) == (400, "WRONG_PASSWORD", "currentPassword")
    assert (weak.status, weak.error["field"]) == (400, "newPassword")
    assert changed.status == 200
    assert api.get("/staff/branches", token=changed.body["token"]).status == 200
    assert api.get("/staff/branches", token=other_screen).status == 401
    assert api.post("/staff/login", {"email": "ana@downtown.demo.comanda", "password": GOOD_PASSWORD}).status == 200


def test_link_redemptions_are_throttled_per_client(api):
    replies = [api.post("/staff/links/password", {"token": f"{ANA}.guess-number-{n:04d}", "password": GOOD_PASSWORD})
               for n in range(21)]

    assert [r.status for r in replies[:20]] == [401] * 20
    assert replies[20].status == 429 and replies[20].headers.get("Retry-After")


def test_the_openapi_document_describes_the_account_routes(api):
    paths = api.get("/openapi.json").body["paths"]

    for path in ("/staff/accounts", "/staff/accounts/{staff_id}", "/staff/accounts/{staff_id}/reset",
                 "/staff/links/password", "/staff/links/check", "/staff/me", "/staff/me/password"):
        assert path in paths, path
    assert re.search("deactivat", json.dumps(paths["/staff/accounts/{staff_id}"]))


# -- the audit trail -------------------------------------------------------------------------
def _staff_trail(api, owner: str, branch: str) -> list[dict]:
    entries = api.get(f"/staff/admin/branches/{branch}/audit?action=staff", token=owner).body["entries"]
    return list(reversed(entries))  # oldest first


def test_every_account_change_is_in_the_audit_trail_of_each_branch_it_touches(api):
    owner, manager = api.login("owner@demo.comanda"), api.login()
    rosa = api.post("/staff/accounts", {"email": "rosa@example.com", "name": "Rosa", "role": "waiter",
                                        "branchIds": [DOWNTOWN]}, token=manager).body["account"]["id"]
    api.post(f"/staff/accounts/{rosa}/reset", token=manager)  # a new invitation link
    api.patch(f"/staff/accounts/{ANA}", {"branchIds": [DOWNTOWN, MIRAFLORES]}, token=owner)
    api.patch(f"/staff/accounts/{ANA}", {"active": False}, token=owner)
    api.patch(f"/staff/accounts/{ANA}", {"active": True}, token=owner)
    luis = {a["id"]: a for a in api.get("/staff/accounts", token=manager).body["accounts"]}[LUIS]
    assert api.patch(f"/staff/accounts/{LUIS}", {"name": luis["name"]}, token=manager).status == 200  # no change

    downtown = _staff_trail(api, owner, DOWNTOWN)

    assert [(e["action"], e["target"], e["actor"]["role"]) for e in downtown] == [
        ("staff.invited", rosa, "manager"), ("staff.password_reset", rosa, "manager"),
        ("staff.updated", ANA, "owner"), ("staff.deactivated", ANA, "owner"), ("staff.reactivated", ANA, "owner")]
    invited, reset, moved, deactivated, reactivated = downtown
    assert invited["before"] is None
    assert invited["after"] == {"name": "Rosa", "email": "rosa@example.com", "role": "waiter",
                                "branchIds": [DOWNTOWN], "active": True}
    assert invited["actor"]["name"] and invited["at"] <= reactivated["at"]
    assert reset["extra"] == {"link": "invitation", "email": "rosa@example.com"}
    assert moved["before"] == {"branchIds": [DOWNTOWN]} and moved["after"] == {"branchIds": [DOWNTOWN, MIRAFLORES]}
    assert deactivated["before"] == {"active": True} and deactivated["after"] == {"active": False}
    assert reactivated["after"] == {"active": True}
    # Miraflores sees Ana from the moment she works there, and nothing of Rosa's
    assert [(e["action"], e["target"]) for e in _staff_trail(api, owner, MIRAFLORES)] == [
        ("staff.updated", ANA), ("staff.deactivated", ANA), ("staff.reactivated", ANA)]


def test_a_new_owner_is_in_every_branch_s_trail_and_a_refused_change_in_none(api):
    owner, manager = api.login("owner@demo.comanda"), api.login()
    assert api.post("/staff/accounts", {"email": "boss@example.com", "name": "Boss", "role": "manager",
                                        "branchIds": [DOWNTOWN]}, token=manager).status == 403

    partner = api.post("/staff/accounts", {"email": "partner@example.com", "name": "Socia", "role": "owner"},
                       token=owner)

    assert partner.status == 201, partner.body
    for branch in (DOWNTOWN, MIRAFLORES):
        assert [(e["action"], e["target"]) for e in _staff_trail(api, owner, branch)] == [
            ("staff.invited", partner.body["account"]["id"])]


# -- an owner's branches are the chain's as they are now -------------------------------------
def test_a_branch_an_owner_opens_is_theirs_without_signing_in_again(api):
    owner = api.login("owner@demo.comanda")

    opened = api.post("/staff/admin/branches", {"name": "Barranco", "slug": "barranco", "timezone": "America/Lima",
                                                "currency": "PEN", "languages": ["es", "en"]}, token=owner)

    assert opened.status == 201, opened.body
    barranco = opened.body["branch"]["id"]
    assert barranco in [b["id"] for b in api.get("/staff/branches", token=owner).body["branches"]]
    assert barranco in api.get("/staff/me", token=owner).body["manages"]["branchIds"]
    assert api.get(f"/staff/branches/{barranco}/tables", token=owner).status == 200
    invited = api.post("/staff/accounts", {"email": "bea@example.com", "name": "Bea", "role": "waiter",
                                           "branchIds": [barranco]}, token=owner)
    assert invited.status == 201, invited.body
    assert connect(api, owner, connection_id="owner-after")["statusCode"] == 200
    # a manager's branches stay those of their account
    assert api.get(f"/staff/branches/{barranco}/tables", token=api.login()).status == 404
