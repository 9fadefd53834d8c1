"""Staff approve, reject and close table sessions; a wrong-state move is a 409, another branch's
session does not exist for them, and two approvals of one session have one winner."""
from __future__ import annotations

import dataclasses
import threading

from chalicelib import bootstrap
from chalicelib.api.errors import status_for
from chalicelib.domain.errors import Conflict
from chalicelib.services import floor
from chalicelib.store.sessions import SessionRepository

DOWNTOWN = "br_downtown-lima"
MANAGER = "manager@downtown.demo.comanda"
KITCHEN = "kitchen@downtown.demo.comanda"
WAITER = "waiter@miraflores.demo.comanda"
OWNER = "owner@demo.comanda"


def refusal(reply) -> tuple:
    return reply.status, reply.error["code"], reply.error.get("field")


def pending_session(api, code: str = "T12", slug: str = "downtown-lima", name: str = "Ana", **extra) -> dict:
    reply = api.register(slug, code, name, **extra)
    assert reply.status == 201, reply.body
    return {"token": reply.body["token"], "session_id": reply.body["session"]["id"]}


def move(api, session_id: str, action: str, token: str, body=None):
    return api.post(f"/staff/sessions/{session_id}/{action}", body, token=token)


# -- approve ---------------------------------------------------------------------------------
def test_approving_a_pending_session_lets_the_table_order(api):
    # Given a diner waiting at T12
    diner = pending_session(api)

    # When the manager approves the table
    reply = move(api, diner["session_id"], "approve", api.login())

    # Then the session is active, and the diner sees it and may order
    assert reply.status == 200
    assert reply.body["status"] == "active" and reply.body["approvedAt"]
    assert api.get("/session", token=diner["token"]).body["status"] == "active"
    ordered = api.post("/session/orders", {"items": [{"menuItemId": "pisco-sour", "quantity": 1}]},
                       token=diner["token"])
    assert ordered.status == 201


def test_approving_an_active_session_again_is_a_conflict(api):
    diner = api.seated_diner()

    reply = move(api, diner["session_id"], "approve", diner["staff"])

    assert refusal(reply) == (409, "ILLEGAL_TRANSITION", None)


def test_the_kitchen_cannot_approve_a_table(api):
    diner = pending_session(api)

    reply = move(api, diner["session_id"], "approve", api.login(KITCHEN))

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)
    assert api.get("/session", token=diner["token"]).body["status"] == "pending"


def test_a_downtown_manager_cannot_approve_a_miraflores_table(api):
    diner = pending_session(api, slug="miraflores", code="T3")

    reply = move(api, diner["session_id"], "approve", api.login(MANAGER))

    assert refusal(reply) == (404, "NOT_FOUND", None)
    assert api.get("/session", token=diner["token"]).body["status"] == "pending"


def test_the_miraflores_waiter_approves_a_miraflores_table(api):
    diner = pending_session(api, slug="miraflores", code="T3")

    reply = move(api, diner["session_id"], "approve", api.login(WAITER))

    assert reply.status == 200 and reply.body["status"] == "active"


def test_an_unknown_session_is_not_found(api):
    reply = move(api, "01HZZZZZZZZZZZZZZZZZZZZZZZ", "approve", api.login(OWNER))

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_approving_a_new_session_completes_the_one_it_replaces(api):
    # Given a seated table where a diner chose "start new"
    old = api.seated_diner(code="T7")
    new = pending_session(api, code="T7", name="Luis", startNew=True)

    # When staff approve the new session
    reply = move(api, new["session_id"], "approve", old["staff"])

    # Then the new one is the table's active session and the old one is completed as replaced
    assert reply.status == 200 and reply.body["status"] == "active"
    replaced = api.get("/session", token=old["token"]).body
    assert (replaced["status"], replaced["endReason"]) == ("completed", "replaced")
    tables = api.get(f"/staff/branches/{DOWNTOWN}/tables", token=old["staff"]).body["tables"]
    t7 = next(t for t in tables if t["code"] == "T7")
    assert (t7["state"], t7["session"]["id"], t7["pendingSession"]) == ("active", new["session_id"], None)


class ApprovalsThatMeetBeforeWriting(SessionRepository):
    """The real session store, except that each approval's write waits until every approver
    has read the session and decided; the writes then go one at a time, as DynamoDB itself
    serialises transactions on one item (moto, run in-process by threads, does not)."""

    def __init__(self, approvers: int) -> None:
        self._all_have_read = threading.Barrier(approvers, timeout=10)
        self._one_write_at_a_time = threading.Lock()

    def activate(self, *args, **kwargs) -> None:
        self._all_have_read.wait()
        with self._one_write_at_a_time:
            super().activate(*args, **kwargs)


def _approve_at_once(session_id: str, principals: list) -> list:
    repos = dataclasses.replace(bootstrap.repositories(), sessions=ApprovalsThatMeetBeforeWriting(len(principals)))
    outcomes: list = [None] * len(principals)

    def approve(index: int) -> None:
        try:
            outcomes[index] = floor.approve_session(repos, principals[index], session_id)
        except Exception as exc:  # noqa: BLE001 - each approver's outcome is what the test inspects
            outcomes[index] = exc

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(len(principals))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_staff_approving_one_table_at_once_one_wins_and_the_other_gets_409(api):
    tokens = bootstrap.tokens()
    manager, owner = tokens.staff(api.login(MANAGER)), tokens.staff(api.login(OWNER))
    for code in ("T14", "T15", "T16", "T17", "T18"):
        # Given a pending table, and the manager and the owner on two screens
        session_id = pending_session(api, code=code)["session_id"]

        # When both tap "approve" and both read the pending session before either writes
        outcomes = _approve_at_once(session_id, [manager, owner])

        # Then exactly one approval is stored, and the other is a conflict (409)
        winners = [o for o in outcomes if not isinstance(o, Exception)]
        losers = [o for o in outcomes if isinstance(o, Exception)]
        assert len(winners) == 1 and winners[0].status.value == "active", outcomes
        assert len(losers) == 1 and isinstance(losers[0], Conflict) and status_for(losers[0]) == 409, outcomes
        stored = bootstrap.repositories().sessions.get(session_id)
        assert stored.status.value == "active" and stored.version == winners[0].version
        table = bootstrap.repositories().venues.get_table(DOWNTOWN, code)
        assert (table.active_session_id, table.pending_session_id) == (session_id, None)


# -- reject ----------------------------------------------------------------------------------
def test_rejecting_a_pending_session_tells_the_diner_why_and_frees_the_table(api):
    diner = pending_session(api, code="T9")
    manager = api.login()

    reply = move(api, diner["session_id"], "reject", manager, {"reason": "This table is reserved tonight"})

    assert reply.status == 200
    assert (reply.body["status"], reply.body["endReason"]) == ("completed", "rejected")
    assert reply.body["reason"] == "This table is reserved tonight"
    seen_by_diner = api.get("/session", token=diner["token"]).body
    assert (seen_by_diner["status"], seen_by_diner["reason"]) == ("completed", "This table is reserved tonight")
    tables = api.get(f"/staff/branches/{DOWNTOWN}/tables", token=manager).body["tables"]
    t9 = next(t for t in tables if t["code"] == "T9")
    assert t9["state"] == "free"


def test_a_session_may_be_rejected_without_a_reason(api):
    diner = pending_session(api)

    reply = move(api, diner["session_id"], "reject", api.login())

    assert reply.status == 200 and reply.body["status"] == "completed" and reply.body["reason"] is None


def test_a_rejection_reason_longer_than_200_characters_is_refused(api):
    diner = pending_session(api)

    reply = move(api, diner["session_id"], "reject", api.login(), {"reason": "x" * 201})

    assert refusal(reply) == (400, "INVALID_INPUT", "reason")
    assert api.get("/session", token=diner["token"]).body["status"] == "pending"


def test_rejecting_an_active_session_is_a_conflict(api):
    diner = api.seated_diner()

    reply = move(api, diner["session_id"], "reject", diner["staff"], {"reason": "Too late"})

    assert refusal(reply) == (409, "ILLEGAL_TRANSITION", None)


def test_the_kitchen_cannot_reject_a_table(api):
    diner = pending_session(api)

    reply = move(api, diner["session_id"], "reject", api.login(KITCHEN))

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)


# -- close -----------------------------------------------------------------------------------
def test_closing_an_active_session_completes_it(api):
    diner = api.seated_diner()

    reply = move(api, diner["session_id"], "close", diner["staff"])

    assert reply.status == 200
    assert (reply.body["status"], reply.body["endReason"]) == ("completed", "closed") and reply.body["endedAt"]
    assert api.get("/session", token=diner["token"]).body["status"] == "completed"


def test_closing_frees_the_table_for_the_next_diners(api):
    # Given a table that has been closed
    diner = api.seated_diner(code="T11")
    move(api, diner["session_id"], "close", diner["staff"])

    # When the next diner scans the table's code
    entry = api.get("/branches/downtown-lima/tables/T11")
    registered = api.register(code="T11", name="Marco")

    # Then the table has no active session and the diner gets a new, pending one
    assert entry.body["activeSession"] is None
    assert registered.status == 201
    assert registered.body["session"]["status"] == "pending"
    assert registered.body["session"]["id"] != diner["session_id"]


def test_closing_a_session_settles_its_open_requests(api):
    diner = api.seated_diner()
    api.post("/session/waiter-calls", token=diner["token"])

    move(api, diner["session_id"], "close", diner["staff"])

    assert api.get(f"/staff/branches/{DOWNTOWN}/requests", token=diner["staff"]).body["requests"] == []


def test_closing_a_pending_session_is_a_conflict(api):
    diner = pending_session(api)

    reply = move(api, diner["session_id"], "close", api.login())

    assert refusal(reply) == (409, "ILLEGAL_TRANSITION", None)


def test_closing_a_completed_session_again_is_a_conflict(api):
    diner = api.seated_diner()
    move(api, diner["session_id"], "close", diner["staff"])

    reply = move(api, diner["session_id"], "close", diner["staff"])

    assert refusal(reply) == (409, "ILLEGAL_TRANSITION", None)


def test_a_downtown_manager_cannot_close_a_miraflores_table(api):
    diner = api.seated_diner(slug="miraflores", code="T2")

    reply = move(api, diner["session_id"], "close", api.login(MANAGER))

    assert refusal(reply) == (404, "NOT_FOUND", None)
    assert api.get("/session", token=diner["token"]).body["status"] == "active"
