"""A request to join: waiting until someone at the table (or staff) decides, or it lapses;
the race rule that seats phones signing up together; the phone's own key."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import JoinRequestDecided
from chalicelib.domain.join_requests import (
    DecidedBy,
    JoinRequest,
    JoinStatus,
    device_key_hash,
    device_key_matches,
    expiry_of,
    new_device_key,
    raced_with,
    sign_up_began,
)
from chalicelib.domain.sessions import SessionStatus, TableSession

CREATED = "2026-12-01T20:00:00.000Z"


def a_request() -> JoinRequest:
    return JoinRequest(id="jr_1", branch_id="br_1", table_code="T12", session_id="ses_1", customer_id="cus_luis",
                       name="Luis", created_at=CREATED, expires_at=expiry_of(CREATED), device_key_hash="h")


def test_a_request_waits_ten_minutes_then_reads_as_expired():
    request = a_request()

    assert request.expires_at == "2026-12-01T20:10:00.000Z"
    assert request.status_at("2026-12-01T20:09:59.999Z") is JoinStatus.WAITING
    assert request.status_at("2026-12-01T20:10:00.000Z") is JoinStatus.EXPIRED


@pytest.mark.parametrize("allow, status", [(True, JoinStatus.ALLOWED), (False, JoinStatus.DECLINED)])
def test_deciding_a_waiting_request_records_who_and_when(allow, status):
    request = a_request()

    request.decide(allow, DecidedBy.DINER, "cus_ana", "2026-12-01T20:01:00.000Z")

    assert (request.status, request.decided_by, request.decider_id, request.decided_at) == (
        status, DecidedBy.DINER, "cus_ana", "2026-12-01T20:01:00.000Z")


def test_a_decided_or_expired_request_cannot_be_decided():
    decided = a_request()
    decided.decide(False, DecidedBy.STAFF, "stf_1", "2026-12-01T20:01:00.000Z")

    with pytest.raises(JoinRequestDecided):
        decided.decide(True, DecidedBy.DINER, "cus_ana", "2026-12-01T20:02:00.000Z")
    with pytest.raises(JoinRequestDecided):
        a_request().decide(True, DecidedBy.DINER, "cus_ana", "2026-12-01T20:10:00.000Z")


@pytest.mark.parametrize("started, sits", [
    ("2026-12-01T20:00:00.500Z", True),   # opened after the sign-up began: it lost the race
    ("2026-12-01T19:59:58.500Z", True),   # within the clocks' skew
    ("2026-12-01T19:59:57.000Z", False),  # opened well before: the table was in use, ask
])
def test_a_sign_up_sits_in_a_pending_session_only_if_it_raced_with_its_opening(started, sits):
    assert raced_with("2026-12-01T20:00:00.000Z", started) is sits


def test_device_keys_are_long_random_and_kept_only_as_a_hash():
    first, second = new_device_key(), new_device_key()

    assert first != second and len(first) >= 43
    assert device_key_hash(first) != first
    assert device_key_matches(first, device_key_hash(first))
    assert not device_key_matches(second, device_key_hash(first))
    assert not device_key_matches(first, None)


def test_a_session_finds_the_participant_whose_phone_holds_the_key():
    key = new_device_key()
    session = TableSession(id="ses_1", branch_id="br_1", table_code="T12", status=SessionStatus.ACTIVE,
                           started_at=CREATED)
    session.add_participant("cus_ana", "Ana", CREATED, device_key_hash(key))
    session.add_participant("cus_old", "Old phone", CREATED)  # joined before phones held keys

    assert session.participant_holding(key).customer_id == "cus_ana"
    assert session.participant_holding(new_device_key()) is None


@pytest.mark.parametrize(("received", "began"), [
    ("2026-12-01T20:00:00.000Z", "2026-12-01T20:00:00.000Z"),  # queued 5 s behind other phones' sign-ups
    ("2026-12-01T19:59:36.000Z", "2026-12-01T19:59:36.000Z"),  # a cold start: 29 s is API Gateway's limit
    ("2026-12-01T19:59:30.000Z", "2026-12-01T20:00:05.000Z"),  # no queue is that long: the function's clock
    ("2026-12-01T20:00:06.000Z", "2026-12-01T20:00:05.000Z"),  # after now: the function's clock
    (None, "2026-12-01T20:00:05.000Z"),                        # no gateway said: the function's clock
])
def test_a_sign_up_began_when_the_gateway_received_it_within_its_timeout(received, began):
    assert sign_up_began(received, "2026-12-01T20:00:05.000Z") == began


def test_phones_that_tapped_together_race_however_long_they_queued():
    opened_by_the_first = "2026-12-01T20:00:04.000Z"  # eight sign-ups, each took half a second in turn
    eighth = sign_up_began("2026-12-01T20:00:00.100Z", "2026-12-01T20:00:04.500Z")
    assert raced_with(eighth, opened_by_the_first)
    assert not raced_with("2026-12-01T20:00:04.500Z", "2026-12-01T20:00:02.000Z")  # its own clock would not
