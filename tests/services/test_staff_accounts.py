"""Staff accounts on in-memory repositories (issue 18): the token-version check, who may manage
whom, invitation links (once, expiring, hashed), password rules, one's own password change."""
from __future__ import annotations

from datetime import timedelta

import pytest

from chalicelib.auth import StaffPrincipal
from chalicelib.domain import clock
from chalicelib.domain.errors import ConcurrentUpdate, Forbidden, InvalidInput, InvalidToken, NotFound, WrongPassword
from chalicelib.domain.staff import Role
from chalicelib.services import staff_accounts as accounts
from chalicelib.services.staff_sign_in import login

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
ANA = "st_ana_at_downtown_demo_comanda"
OWNER = StaffPrincipal("st_owner_at_demo_comanda", Role.OWNER, (DOWNTOWN, MIRAFLORES))
MANAGER = StaffPrincipal("st_manager_at_downtown_demo_comanda", Role.MANAGER, (DOWNTOWN,))
GOOD = "pan con chicharrón 7"


class Mailbox:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def __call__(self, to: str, subject: str, text: str) -> None:
        self.sent.append((to, subject, text))

    def link(self) -> str:
        return self.sent[-1][2].split("/staff/welcome#", 1)[1].split()[0]


@pytest.fixture
def mailbox() -> Mailbox:
    return Mailbox()


def _token_of(repos, tokens, email: str, password: str = "demo1234") -> str:
    return login(repos, tokens, email, password, "203.0.113.9").token


def test_a_token_stands_while_its_account_does(repos, tokens):
    token = _token_of(repos, tokens, "ana@downtown.demo.comanda")
    assert accounts.current_principal(repos, tokens, token).staff_id == ANA

    accounts.update_member(repos, MANAGER, ANA, active=False)

    with pytest.raises(InvalidToken):
        accounts.current_principal(repos, tokens, token)


def test_only_changes_of_access_move_the_version(repos):
    before = repos.staff.get(ANA).token_version

    renamed = accounts.update_member(repos, MANAGER, ANA, name="Ana María")
    moved = accounts.update_member(repos, OWNER, ANA, branch_ids=[DOWNTOWN, MIRAFLORES])

    assert renamed.token_version == before and moved.token_version == before + 1


def test_an_invitation_link_works_once_before_it_expires_and_is_kept_hashed(repos, mailbox):
    member, link = accounts.invite(repos, MANAGER, mailbox, "http://x", email="Rosa@Example.com", name="Rosa",
                                   role=Role.WAITER, branch_ids=[DOWNTOWN])
    secret = link.token.split(".", 1)[1]
    assert member.invited and secret not in repr(repos.staff.get(member.id))
    assert mailbox.sent[0][0] == "rosa@example.com" and mailbox.link() == link.token

    redeemed = accounts.redeem_link(repos, link.token, GOOD, "203.0.113.9")

    assert not redeemed.invited and not redeemed.link_hash
    with pytest.raises(InvalidToken):
        accounts.redeem_link(repos, link.token, "another good one 9", "203.0.113.9")


def test_an_expired_link_is_refused(repos, mailbox):
    _, link = accounts.invite(repos, OWNER, mailbox, "http://x", email="r@example.com", name="R", role=Role.KITCHEN,
                              branch_ids=[MIRAFLORES])
    clock.travel(timedelta(hours=73))
    try:
        with pytest.raises(InvalidToken, match="expired"):
            accounts.redeem_link(repos, link.token, GOOD, "203.0.113.9")
    finally:
        clock.reset()


def test_a_link_used_twice_at_once_works_once(repos, mailbox):
    member, link = accounts.invite(repos, OWNER, mailbox, "http://x", email="r@example.com", name="R",
                                   role=Role.WAITER, branch_ids=[DOWNTOWN])
    first = repos.staff.get(member.id)
    accounts.redeem_link(repos, link.token, GOOD, "203.0.113.9")

    with pytest.raises(ConcurrentUpdate):  # the second writer read the account before the first wrote
        repos.staff.update_from(first, first.token_version)


@pytest.mark.parametrize("password", ["short", "password123", "Contraseña123", "zzzzzzzzzzzz", "rosa.rosa.rosa", "x" * 129])
def test_weak_passwords_are_refused(password):
    with pytest.raises(InvalidInput):
        accounts.check_password_rules(password, "rosa@example.com")


def test_a_manager_gives_no_owner_or_manager_role_and_no_other_branch(repos, mailbox):
    for role in (Role.OWNER, Role.MANAGER):
        with pytest.raises(Forbidden):
            accounts.invite(repos, MANAGER, mailbox, "http://x", email="b@example.com", name="B", role=role,
                            branch_ids=[DOWNTOWN])
        with pytest.raises(Forbidden):
            accounts.update_member(repos, MANAGER, ANA, role=role)
    with pytest.raises(NotFound):
        accounts.update_member(repos, MANAGER, ANA, branch_ids=[MIRAFLORES])
    with pytest.raises(NotFound):
        accounts.update_member(repos, MANAGER, "st_waiter_at_miraflores_demo_comanda", active=False)
    assert mailbox.sent == []


def test_nobody_changes_their_own_access(repos):
    with pytest.raises(Forbidden):
        accounts.update_member(repos, OWNER, OWNER.staff_id, active=False)


def test_one_s_own_password_change_needs_the_current_one_and_ends_other_sign_ins(repos, tokens):
    token = _token_of(repos, tokens, "ana@downtown.demo.comanda")
    ana = accounts.current_principal(repos, tokens, token)
    with pytest.raises(WrongPassword):
        accounts.change_own_password(repos, tokens, ana, "wrong", GOOD)

    _, fresh = accounts.change_own_password(repos, tokens, ana, "demo1234", GOOD)

    assert accounts.current_principal(repos, tokens, fresh).staff_id == ANA
    with pytest.raises(InvalidToken):
        accounts.current_principal(repos, tokens, token)
    assert _token_of(repos, tokens, "ana@downtown.demo.comanda", GOOD)
