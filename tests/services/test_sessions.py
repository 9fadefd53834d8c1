"""Sessions at the service level: sign-up, approval, staff seating, start-new, rejoin, close."""
from __future__ import annotations

import threading

import pytest

from chalicelib.domain.customers import RegistrationMode
from chalicelib.domain.errors import (
    IllegalTransition,
    InvalidInput,
    InvalidToken,
    NotFound,
    PendingSessionExists,
    RoleNotAllowed,
    SessionEnded,
    SessionNotActive,
    TableBusy,
)
from chalicelib.domain.sessions import EndReason, RequestKind, SessionStatus
from chalicelib.services import diners, floor, ordering, seating, table_view
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, WAITER, Seated, order, seated, sign_up


def test_the_first_phone_at_a_free_table_opens_a_pending_session(repos, tokens):
    registered = sign_up(repos, tokens, "T12", "Ana")
    assert isinstance(registered, diners.Registered)
    assert registered.session.status is SessionStatus.PENDING
    assert [p.name for p in registered.session.participants] == ["Ana"]
    assert repos.venues.get_table(DOWNTOWN, "T12").pending_session_id == registered.session.id
    principal = tokens.diner(registered.token)
    assert (principal.session_id, principal.branch_id) == (registered.session.id, DOWNTOWN)
    assert registered.device_key and registered.session.participants[0].device_key_hash != registered.device_key


def test_an_unknown_table_or_branch_is_not_found(repos, tokens):
    with pytest.raises(NotFound):
        sign_up(repos, tokens, "T99")
    with pytest.raises(NotFound):
        sign_up(repos, tokens, "T1", slug="nowhere")


def test_a_loyalty_sign_up_needs_a_phone_and_every_sign_up_starts_as_a_guest(repos, tokens):
    with pytest.raises(InvalidInput) as no_phone:
        sign_up(repos, tokens, "T5", mode=RegistrationMode.LOYALTY)
    assert no_phone.value.field == "phone"
    loyal = sign_up(repos, tokens, "T5", mode=RegistrationMode.LOYALTY, phone="+51999888777")
    assert loyal.customer.mode is RegistrationMode.QUICK and loyal.customer.phone is None
    assert repos.customers.id_for_phone("ch_comanda-demo", "+51999888777") is None


def test_the_diner_cannot_order_before_approval(repos, tokens):
    registered = sign_up(repos, tokens, "T12")
    with pytest.raises(SessionNotActive):
        ordering.place_order(repos, tokens.diner(registered.token), [])


def test_approval_activates_the_session_and_counts_a_visit(repos, tokens):
    diner = seated(repos, tokens, "T12")
    session = repos.sessions.get(diner.session_id)
    assert session.status is SessionStatus.ACTIVE and session.approved_at
    table = repos.venues.get_table(DOWNTOWN, "T12")
    assert (table.active_session_id, table.pending_session_id) == (session.id, None)
    assert repos.customers.get(diner.principal.customer_id).visits == 1
    with pytest.raises(IllegalTransition):
        floor.approve_session(repos, MANAGER, session.id)


def test_only_staff_of_the_branch_who_manage_sessions_approve(repos, tokens):
    registered = sign_up(repos, tokens, "T12")
    with pytest.raises(NotFound):
        floor.approve_session(repos, WAITER, registered.session.id)
    with pytest.raises(RoleNotAllowed):
        floor.approve_session(repos, KITCHEN, registered.session.id)
    assert repos.sessions.get(registered.session.id).status is SessionStatus.PENDING


def test_rejecting_frees_the_table_and_the_token_stops_matching_nothing_else(repos, tokens):
    registered = sign_up(repos, tokens, "T12")
    rejected = floor.reject_session(repos, MANAGER, registered.session.id, "wrong table")
    assert (rejected.status, rejected.end_reason, rejected.reason_note) == \
        (SessionStatus.COMPLETED, EndReason.REJECTED, "wrong table")
    assert repos.venues.get_table(DOWNTOWN, "T12").pending_session_id is None
    assert isinstance(sign_up(repos, tokens, "T12", "Eva"), diners.Registered)


def test_closing_frees_the_table_and_closes_open_requests(repos, tokens):
    diner = seated(repos, tokens, "T12")
    request, _ = ordering.open_request(repos, diner.principal, RequestKind.BILL)
    closed = floor.close_session(repos, MANAGER, diner.session_id)
    assert closed.status is SessionStatus.COMPLETED
    assert repos.venues.get_table(DOWNTOWN, "T12").active_session_id is None
    assert repos.requests.get(request.id).acknowledged_by == MANAGER.staff_id
    with pytest.raises(IllegalTransition):
        floor.close_session(repos, MANAGER, diner.session_id)


def test_start_new_waits_for_staff_then_replaces_the_active_session(repos, tokens):
    first = seated(repos, tokens, "T12", "Ana")
    fresh = sign_up(repos, tokens, "T12", "Eva", start_new=True)
    assert isinstance(fresh, diners.Registered) and fresh.session.replaces_session_id == first.session_id
    with pytest.raises(PendingSessionExists):
        sign_up(repos, tokens, "T12", "Leo", start_new=True)
    floor.approve_session(repos, MANAGER, fresh.session.id)
    old = repos.sessions.get(first.session_id)
    assert (old.status, old.end_reason) == (SessionStatus.COMPLETED, EndReason.REPLACED)
    assert repos.venues.get_table(DOWNTOWN, "T12").active_session_id == fresh.session.id


def test_the_same_phone_rejoins_with_its_key_and_the_old_key_stops_working(repos, tokens):
    diner = seated(repos, tokens, "T12", "Ana")
    back = sign_up(repos, tokens, "T12", "Ana again", device_key=diner.registered.device_key)
    assert isinstance(back, diners.Registered) and back.session.id == diner.session_id
    assert back.customer.id == diner.principal.customer_id and back.device_key != diner.registered.device_key
    again = sign_up(repos, tokens, "T12", "Ana", device_key=diner.registered.device_key)
    assert isinstance(again, diners.JoinAsked)  # the old key is nobody's now: it asks to join


def test_staff_seat_a_free_table_without_a_phone(repos, tokens):
    session = seating.open_table_session(repos, MANAGER, DOWNTOWN, "T7")
    assert (session.status, session.opened_by_staff, session.participants) == \
        (SessionStatus.ACTIVE, MANAGER.staff_id, [])
    with pytest.raises(TableBusy) as busy:
        seating.open_table_session(repos, MANAGER, DOWNTOWN, "T7")
    assert busy.value.field == "tableCode"
    with pytest.raises(NotFound):
        seating.open_table_session(repos, MANAGER, DOWNTOWN, "T77")
    with pytest.raises(RoleNotAllowed):
        seating.open_table_session(repos, KITCHEN, DOWNTOWN, "T8")


def test_a_session_moves_to_a_free_table_with_its_orders(repos, tokens):
    diner = seated(repos, tokens, "T12")
    placed = order(repos, diner, ("chicha-morada", 1))
    moved = seating.move_session(repos, MANAGER, diner.session_id, "T14", from_code="T12")
    assert moved.table_code == "T14" and moved.previous_tables == ["T12"]
    assert repos.orders.get(placed.id).table_code == "T14"
    assert repos.venues.get_table(DOWNTOWN, "T12").active_session_id is None
    diners.diner_session(repos, diner.principal)  # the diner's token (for T12) still reaches it
    seated(repos, tokens, "T15", "Eva")
    with pytest.raises(TableBusy):
        seating.move_session(repos, MANAGER, diner.session_id, "T15")


def test_a_token_whose_session_ended_or_does_not_match_is_refused(repos, tokens):
    diner = seated(repos, tokens, "T12")
    other = seated(repos, tokens, "T13", "Eva")
    forged = type(diner.principal)(customer_id=other.principal.customer_id, table_id=diner.principal.table_id,
                                   session_id=diner.session_id, branch_id=DOWNTOWN)
    with pytest.raises(InvalidToken):
        table_view.session_snapshot(repos, forged)
    floor.close_session(repos, MANAGER, diner.session_id)
    assert table_view.session_snapshot(repos, diner.principal).session.status is SessionStatus.COMPLETED
    with pytest.raises(SessionEnded):
        order(repos, diner, ("chicha-morada", 1))


def test_phones_signing_up_together_share_the_pending_session_and_each_table_has_its_own(repos, tokens):
    ana = sign_up(repos, tokens, "T12", "Ana")
    luis = sign_up(repos, tokens, "T12", "Luis")  # the same moment: both sit in the one pending session
    t5 = sign_up(repos, tokens, "T5", "Eva")
    assert isinstance(ana, diners.Registered) and isinstance(luis, diners.Registered)
    assert isinstance(t5, diners.Registered)
    assert (luis.session.id, luis.session.status) == (ana.session.id, SessionStatus.PENDING)
    assert sorted(p.name for p in repos.sessions.get(ana.session.id).participants) == ["Ana", "Luis"]
    assert t5.session.id != ana.session.id
    assert luis.customer.id != ana.customer.id  # quick start: a new customer every time, even by the same name
    again = sign_up(repos, tokens, "T12", "Ana")
    assert again.customer.id not in (ana.customer.id, luis.customer.id)


def test_a_pending_session_is_rejoined_with_its_key_as_one_participant(repos, tokens):
    first = sign_up(repos, tokens, "T12", "Ana")
    assert isinstance(first, diners.Registered)
    back = sign_up(repos, tokens, "T12", "Ana", device_key=first.device_key)
    assert isinstance(back, diners.Registered)
    assert (back.session.id, back.session.status, back.customer.id) == \
        (first.session.id, SessionStatus.PENDING, first.customer.id)
    assert len(repos.sessions.get(first.session.id).participants) == 1


def test_the_active_session_goes_on_while_a_new_one_waits_for_staff(repos, tokens):
    first = seated(repos, tokens, "T12", "Ana")
    fresh = sign_up(repos, tokens, "T12", "Luis", start_new=True)
    assert isinstance(fresh, diners.Registered) and fresh.session.status is SessionStatus.PENDING
    assert fresh.session.id != first.session_id
    assert repos.sessions.get(first.session_id).status is SessionStatus.ACTIVE
    order(repos, first, ("chicha-morada", 1))  # Ana still orders meanwhile
    floor.approve_session(repos, MANAGER, fresh.session.id)
    with pytest.raises(SessionEnded):
        order(repos, first, ("chicha-morada", 1))
    order(repos, Seated(tokens.diner(fresh.token), fresh), ("chicha-morada", 1))


def test_the_session_and_the_reads_its_token_names_are_made_side_by_side(repos, tokens, monkeypatch):
    """GET /session (issue 17): the session, the branch and the diner's profile are read at once, not
    one after the other; each of the three waits at a barrier for the other two on its first call,
    which reads made in turn would never pass (BrokenBarrierError after the timeout)."""
    diner = seated(repos, tokens, "T12")
    barrier = threading.Barrier(3, timeout=5)

    def meeting(read):
        first = threading.Event()

        def wrapped(*args, **kwargs):
            if not first.is_set():
                first.set()
                barrier.wait()
            return read(*args, **kwargs)
        return wrapped

    for repo, name in ((repos.sessions, "get"), (repos.customers, "get"), (repos.venues, "get_branch")):
        monkeypatch.setattr(repo, name, meeting(getattr(repo, name)))

    snapshot = table_view.session_snapshot(repos, diner.principal)

    assert (snapshot.session.id, snapshot.branch.id, snapshot.me.name) == (diner.session_id, DOWNTOWN, "Ana")
