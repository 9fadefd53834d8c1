"""A table's session: staff approve or reject it, the table orders while it is active, staff close it."""
from __future__ import annotations

import itertools

import pytest

from chalicelib.domain.errors import IllegalTransition, InvalidToken, SessionEnded, SessionNotActive
from chalicelib.domain.sessions import (
    MAX_PARTICIPANTS,
    SESSION_MOVES,
    EndReason,
    Participant,
    SessionStatus,
    TableSession,
    seated_session,
)
from chalicelib.domain.venues import table_id

PENDING, ACTIVE, COMPLETED = SessionStatus.PENDING, SessionStatus.ACTIVE, SessionStatus.COMPLETED
STARTED = "2024-05-01T19:00:00Z"
NOW = "2024-05-01T19:05:00Z"
LATER = "2024-05-01T21:30:00Z"

# The lifecycle of API.md: pending -> active -> completed, and a pending session may be rejected.
ALLOWED_MOVES = {(PENDING, ACTIVE), (PENDING, COMPLETED), (ACTIVE, COMPLETED)}
ALL_PAIRS = list(itertools.product(SessionStatus, repeat=2))


def a_session(status: SessionStatus = PENDING, **overrides) -> TableSession:
    fields = dict(id="ses_1", branch_id="br_downtown-lima", table_code="T12", status=status, started_at=STARTED)
    fields.update(overrides)
    return TableSession(**fields)


def a_session_with(count: int) -> TableSession:
    session = a_session(ACTIVE)
    for n in range(count):
        session.add_participant(f"cus_{n}", f"Diner {n}", STARTED)
    return session


# -- the table of moves -----------------------------------------------------------------
@pytest.mark.parametrize(("source", "target"), ALL_PAIRS, ids=lambda s: s.value)
def test_session_moves_table_allows_only_the_lifecycle(source, target):
    assert (target in SESSION_MOVES[source]) == ((source, target) in ALLOWED_MOVES)


def test_session_moves_table_covers_every_state():
    assert set(SESSION_MOVES) == set(SessionStatus)


# -- approve, reject, close from every state ---------------------------------------------
@pytest.mark.parametrize("source", list(SessionStatus), ids=lambda s: s.value)
def test_staff_can_approve_only_a_pending_session(source):
    session = a_session(source)

    if source is PENDING:
        session.approve(NOW)
        assert session.status is ACTIVE
        assert session.approved_at == NOW
    else:
        with pytest.raises(IllegalTransition):
            session.approve(NOW)
        assert session.status is source
        assert session.approved_at is None


@pytest.mark.parametrize("source", list(SessionStatus), ids=lambda s: s.value)
def test_staff_can_reject_only_a_pending_session(source):
    session = a_session(source)

    if source is PENDING:
        session.reject(NOW, "Table is reserved")
        assert session.status is COMPLETED
        assert session.end_reason is EndReason.REJECTED
    else:
        with pytest.raises(IllegalTransition):
            session.reject(NOW, "Table is reserved")
        assert session.status is source
        assert session.end_reason is None


@pytest.mark.parametrize("source", list(SessionStatus), ids=lambda s: s.value)
def test_staff_can_close_only_an_active_session(source):
    session = a_session(source)

    if source is ACTIVE:
        session.close(LATER)
        assert session.status is COMPLETED
        assert session.end_reason is EndReason.CLOSED
        assert session.ended_at == LATER
    else:
        with pytest.raises(IllegalTransition):
            session.close(LATER)
        assert session.status is source
        assert session.ended_at is None


def test_rejection_stores_the_reason_and_the_time():
    session = a_session(PENDING)

    session.reject(NOW, "Kitchen is closing")

    assert session.reason_note == "Kitchen is closing"
    assert session.ended_at == NOW
    assert not session.is_open


def test_rejection_without_a_reason_stores_none():
    session = a_session(PENDING)

    session.reject(NOW, None)

    assert session.reason_note is None
    assert session.end_reason is EndReason.REJECTED


def test_an_active_session_replaced_by_a_new_one_records_why_it_ended():
    session = a_session(ACTIVE)

    session.close(LATER, EndReason.REPLACED)

    assert session.end_reason is EndReason.REPLACED
    assert session.reason_note is None


@pytest.mark.parametrize(
    ("source", "end"),
    [(ACTIVE, lambda s: s.close(LATER)), (PENDING, lambda s: s.reject(LATER, "no"))],
    ids=["closed", "rejected"],
)
def test_ending_a_session_clears_its_open_waiter_calls_and_bill_requests(source, end):
    # Given a table with an open waiter call and bill request
    session = a_session(source, open_requests={"waiter": "req_1", "bill": "req_2"})

    # When the session ends
    end(session)

    # Then nothing is left open for the staff to answer
    assert session.open_requests == {}


def test_a_closed_session_cannot_be_closed_twice():
    session = a_session(ACTIVE)
    session.close(LATER)

    with pytest.raises(IllegalTransition):
        session.close(LATER)
    assert session.ended_at == LATER


# -- participants -----------------------------------------------------------------------
def test_a_new_diner_joins_the_table():
    session = a_session(PENDING)

    added = session.add_participant("cus_ana", "Ana", NOW)

    assert added is True
    assert session.has_participant("cus_ana")
    assert [(p.customer_id, p.name, p.joined_at) for p in session.participants] == [("cus_ana", "Ana", NOW)]


def test_a_returning_diner_is_not_added_twice_and_their_name_is_updated():
    # Given Ana already sits at the table
    session = a_session(ACTIVE)
    session.add_participant("cus_ana", "Ana", STARTED)

    # When she rejoins under a new name
    added = session.add_participant("cus_ana", "Ana María", LATER)

    # Then she is still one participant, with her new name and first join time
    assert added is False
    assert len(session.participants) == 1
    assert session.participants[0].name == "Ana María"
    assert session.participants[0].joined_at == STARTED


def test_nobody_can_join_a_completed_session():
    session = a_session(COMPLETED)

    with pytest.raises(SessionEnded):
        session.add_participant("cus_ana", "Ana", NOW)
    assert session.participants == []


def test_a_former_participant_cannot_rejoin_once_the_session_ended():
    session = a_session(ACTIVE)
    session.add_participant("cus_ana", "Ana", STARTED)
    session.close(LATER)

    with pytest.raises(SessionEnded):
        session.add_participant("cus_ana", "Ana", LATER)


def test_a_full_table_refuses_one_more_diner():
    session = a_session_with(MAX_PARTICIPANTS)

    with pytest.raises(IllegalTransition):
        session.add_participant("cus_extra", "One too many", NOW)
    assert len(session.participants) == MAX_PARTICIPANTS
    assert not session.has_participant("cus_extra")


def test_the_last_seat_can_be_taken():
    session = a_session_with(MAX_PARTICIPANTS - 1)

    assert session.add_participant("cus_last", "Last", NOW) is True
    assert len(session.participants) == MAX_PARTICIPANTS


def test_a_participant_of_a_full_table_can_still_rejoin():
    session = a_session_with(MAX_PARTICIPANTS)

    assert session.add_participant("cus_0", "Back again", NOW) is False
    assert session.participants[0].name == "Back again"


# -- may the table act? -------------------------------------------------------------------
def test_a_diner_cannot_act_before_approval():
    with pytest.raises(SessionNotActive):
        a_session(PENDING).require_active()


def test_a_diner_cannot_act_after_the_session_ended():
    with pytest.raises(SessionEnded):
        a_session(COMPLETED).require_active()


def test_a_diner_may_act_in_an_active_session():
    a_session(ACTIVE).require_active()


@pytest.mark.parametrize(("status", "is_open"), [(PENDING, True), (ACTIVE, True), (COMPLETED, False)])
def test_a_session_is_open_until_completed(status, is_open):
    assert a_session(status).is_open is is_open


@pytest.mark.parametrize("status", [PENDING, ACTIVE])
def test_require_not_ended_passes_while_the_session_is_open(status):
    a_session(status).require_not_ended()


def test_require_not_ended_refuses_a_completed_session():
    with pytest.raises(SessionEnded):
        a_session(COMPLETED).require_not_ended()


# -- a diner's sign-in and the session it names (REST and the live socket alike) --------------
def seated(**overrides) -> TableSession:
    return a_session(ACTIVE, **{"participants": [Participant("cus_ana", "Ana", STARTED)], **overrides})


def test_a_sign_in_that_matches_the_session_gets_it():
    session = seated()

    assert seated_session(session, "cus_ana", session.branch_id, table_id(session.branch_id, session.table_code)) \
        is session


def test_a_sign_in_at_a_table_the_session_moved_away_from_still_matches():
    session = seated(table_code="T5", previous_tables=["T12"])

    assert seated_session(session, "cus_ana", session.branch_id, table_id(session.branch_id, "T12")) is session


@pytest.mark.parametrize("stale", ["no session", "another branch", "another table", "not a participant"])
def test_a_sign_in_that_no_longer_matches_is_refused_as_stale(stale):
    session = seated()
    branch, table, customer = session.branch_id, table_id(session.branch_id, session.table_code), "cus_ana"
    if stale == "another branch":
        branch = "br_other"
    elif stale == "another table":
        table = table_id(session.branch_id, "T99")
    elif stale == "not a participant":
        customer = "cus_luis"

    with pytest.raises(InvalidToken):
        seated_session(None if stale == "no session" else session, customer, branch, table)
