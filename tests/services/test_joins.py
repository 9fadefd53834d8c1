"""Joining a table at the service level: a second phone asks, a phone at the table or staff
decide once, the asking phone reads its answer, limits on waiting requests."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import JoinRequestDecided, NotFound, RoleNotAllowed, SessionEnded, TooManyJoinRequests
from chalicelib.domain.join_requests import MAX_WAITING_PER_CLIENT, DecidedBy, JoinStatus
from chalicelib.domain.sessions import SessionStatus
from chalicelib.services import diners, floor, joining
from tests.services.world import DOWNTOWN, KITCHEN, MANAGER, WAITER, seated, sign_up


def ask(repos, tokens, code="T12", name="Luis", **extra) -> diners.JoinAsked:
    asked = sign_up(repos, tokens, code, name, **extra)
    assert isinstance(asked, diners.JoinAsked)
    return asked


def test_a_second_phone_at_a_table_in_use_asks_to_join(repos, tokens):
    diner = seated(repos, tokens)
    asked = ask(repos, tokens)
    assert (asked.request.status, asked.request.session_id) == (JoinStatus.WAITING, diner.session_id)
    assert [q.id for q in joining.waiting_of_session(repos, diner.session_id)] == [asked.request.id]
    assert [q.id for q in joining.waiting_of_branch(repos, MANAGER, DOWNTOWN)] == [asked.request.id]
    assert not repos.sessions.get(diner.session_id).has_participant(asked.request.customer_id)
    answer = joining.read_join_request(repos, tokens, tokens.join_request(asked.request_token), asked.request.id)
    assert answer.admitted is None


def test_a_phone_at_the_table_allows_and_the_asking_phone_is_admitted(repos, tokens):
    diner = seated(repos, tokens)
    asked = ask(repos, tokens)
    decided = joining.decide_as_diner(repos, diner.principal, asked.request.id, allow=True)
    assert (decided.status, decided.decided_by, decided.decider_id) == \
        (JoinStatus.ALLOWED, DecidedBy.DINER, diner.principal.customer_id)
    session = repos.sessions.get(diner.session_id)
    assert session.has_participant(asked.request.customer_id)
    assert repos.customers.get(asked.request.customer_id).visits == 1  # an active session counts the visit
    answer = joining.read_join_request(repos, tokens, tokens.join_request(asked.request_token), asked.request.id)
    assert answer.admitted is not None and tokens.diner(answer.admitted.token).session_id == diner.session_id
    with pytest.raises(JoinRequestDecided):
        joining.decide_as_staff(repos, MANAGER, asked.request.id, allow=False)


def test_staff_decline_and_only_staff_of_the_branch_who_seat_tables(repos, tokens):
    seated(repos, tokens)
    asked = ask(repos, tokens)
    with pytest.raises(NotFound):
        joining.decide_as_staff(repos, WAITER, asked.request.id, allow=True)
    with pytest.raises(RoleNotAllowed):
        joining.decide_as_staff(repos, KITCHEN, asked.request.id, allow=True)
    declined = joining.decide_as_staff(repos, MANAGER, asked.request.id, allow=False)
    assert (declined.status, declined.decided_by) == (JoinStatus.DECLINED, DecidedBy.STAFF)
    assert joining.waiting_of_session(repos, asked.request.session_id) == []


def test_another_table_s_diner_cannot_decide(repos, tokens):
    seated(repos, tokens, "T12")
    other = seated(repos, tokens, "T13", "Eva")
    asked = ask(repos, tokens, "T12")
    with pytest.raises(NotFound):
        joining.decide_as_diner(repos, other.principal, asked.request.id, allow=True)


def test_a_request_lapses_with_its_session(repos, tokens):
    diner = seated(repos, tokens)
    asked = ask(repos, tokens)
    floor.close_session(repos, MANAGER, diner.session_id)
    with pytest.raises(SessionEnded):
        joining.decide_as_staff(repos, MANAGER, asked.request.id, allow=True)
    answer = joining.read_join_request(repos, tokens, tokens.join_request(asked.request_token), asked.request.id)
    assert answer.request.status is JoinStatus.EXPIRED


def test_an_expired_request_cannot_be_allowed_and_is_stored_expired(repos, tokens):
    diner = seated(repos, tokens)
    asked = ask(repos, tokens)
    from tests.fakes import tables_of

    tables_of(repos).join_requests[asked.request.id].expires_at = "2000-01-01T00:00:00Z"  # its time has passed
    with pytest.raises(JoinRequestDecided):
        joining.decide_as_diner(repos, diner.principal, asked.request.id, allow=True)
    assert repos.join_requests.get(asked.request.id).status is JoinStatus.EXPIRED
    assert joining.waiting_of_session(repos, diner.session_id) == []


def test_phones_signing_up_together_at_a_free_table_sit_in_one_pending_session(repos, tokens):
    first = sign_up(repos, tokens, "T12", "Ana")
    second = sign_up(repos, tokens, "T12", "Eva")  # began within the clocks' skew of the first
    assert isinstance(first, diners.Registered) and isinstance(second, diners.Registered)
    assert second.session.id == first.session.id
    assert [p.name for p in repos.sessions.get(first.session.id).participants] == ["Ana", "Eva"]


def test_a_phone_arriving_after_a_pending_session_was_opened_asks_to_join_it(repos, tokens):
    first = sign_up(repos, tokens, "T12", "Ana")
    from tests.fakes import tables_of

    tables_of(repos).sessions[first.session.id].started_at = "2026-01-01T12:00:00Z"  # opened a while ago
    asked = ask(repos, tokens, "T12", "Luis")
    assert asked.request.session_id == first.session.id
    assert repos.sessions.get(first.session.id).status is SessionStatus.PENDING
    joining.decide_as_diner(repos, tokens.diner(first.token), asked.request.id, allow=True)
    assert repos.customers.get(asked.request.customer_id).visits == 0  # a pending session counts visits when approved
    floor.approve_session(repos, MANAGER, first.session.id)
    assert repos.customers.get(asked.request.customer_id).visits == 1


def test_one_client_may_have_only_a_few_requests_waiting(repos, tokens):
    seated(repos, tokens)
    for n in range(MAX_WAITING_PER_CLIENT):
        ask(repos, tokens, name=f"Guest {n}", client_ip="203.0.113.9")
    with pytest.raises(TooManyJoinRequests):
        ask(repos, tokens, name="One more", client_ip="203.0.113.9")
    ask(repos, tokens, name="Another phone", client_ip="203.0.113.10")
