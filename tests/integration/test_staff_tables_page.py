"""The Tables page: every table of a branch with its session state, open requests and open orders."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib import bootstrap
from chalicelib.domain.clock import new_id
from chalicelib.domain.sessions import SessionStatus, TableSession

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
TABLES = f"/staff/branches/{DOWNTOWN}/tables"
SESSIONS = f"/staff/branches/{DOWNTOWN}/sessions"


def refusal(reply) -> tuple:
    return reply.status, reply.error["code"], reply.error.get("field")


def table(api, token: str, code: str, branch_id: str = DOWNTOWN) -> dict:
    reply = api.get(f"/staff/branches/{branch_id}/tables", token=token)
    assert reply.status == 200, reply.body
    return next(t for t in reply.body["tables"] if t["code"] == code)


def order(api, diner: dict, item: str = "ceviche-clasico", quantity: int = 1) -> dict:
    reply = api.post("/session/orders", {"items": [{"menuItemId": item, "quantity": quantity}]}, token=diner["token"])
    assert reply.status == 201, reply.body
    return reply.body


# -- the page --------------------------------------------------------------------------------
def test_the_tables_page_lists_the_forty_downtown_tables_in_natural_order(api):
    reply = api.get(TABLES, token=api.login())

    assert reply.status == 200
    assert [t["code"] for t in reply.body["tables"]] == [f"T{n}" for n in range(1, 41)]
    first = reply.body["tables"][0]
    assert first["id"] == f"{DOWNTOWN}:T1" and first["label"]


def test_with_no_diners_every_table_is_free(api):
    tables = api.get(TABLES, token=api.login()).body["tables"]

    assert {t["state"] for t in tables} == {"free"}
    assert all(t["session"] is None and t["pendingSession"] is None for t in tables)
    assert all(t["openOrders"] == 0 and t["requests"] == [] for t in tables)


def test_a_table_where_a_diner_registered_is_pending_with_the_session_to_approve(api):
    # Given a diner who registered at T3
    registered = api.register(code="T3", name="Rosa")

    # When the manager opens the Tables page
    t3 = table(api, api.login(), "T3")

    # Then T3 waits for approval, showing who is there
    assert t3["state"] == "pending"
    assert t3["pendingSession"]["id"] == registered.body["session"]["id"]
    assert [p["name"] for p in t3["pendingSession"]["participants"]] == ["Rosa"]
    assert t3["session"] is None


def test_an_approved_table_is_active_and_counts_its_open_orders(api):
    diner = api.seated_diner(code="T4")
    order(api, diner)
    order(api, diner, "lomo-saltado")

    t4 = table(api, diner["staff"], "T4")

    assert t4["state"] == "active"
    assert t4["session"]["id"] == diner["session_id"] and t4["session"]["status"] == "active"
    assert t4["openOrders"] == 2


def test_a_table_that_asked_for_the_bill_is_bill_requested_with_the_request_listed(api):
    diner = api.seated_diner(code="T5")
    bill_request = api.post("/session/bill-requests", token=diner["token"]).body

    t5 = table(api, diner["staff"], "T5")

    assert t5["state"] == "bill_requested"
    assert [(r["id"], r["kind"], r["status"]) for r in t5["requests"]] == [(bill_request["id"], "bill", "open")]


def test_a_waiter_call_is_listed_on_its_table_which_stays_active(api):
    diner = api.seated_diner(code="T6")
    call = api.post("/session/waiter-calls", token=diner["token"]).body

    t6 = table(api, diner["staff"], "T6")

    assert t6["state"] == "active"
    assert [(r["id"], r["kind"]) for r in t6["requests"]] == [(call["id"], "waiter")]


def test_a_table_with_an_active_session_and_a_new_one_started_shows_both(api):
    # Given a seated table where another diner chose "start new"
    diner = api.seated_diner(code="T7")
    newcomer = api.register(code="T7", name="Luis", startNew=True)

    t7 = table(api, diner["staff"], "T7")

    # Then the page asks for a decision, and shows the table's active session beside it
    assert t7["state"] == "pending"
    assert t7["session"]["id"] == diner["session_id"]
    assert t7["pendingSession"]["id"] == newcomer.body["session"]["id"]
    assert t7["pendingSession"]["replacesSessionId"] == diner["session_id"]


def test_rejecting_a_new_session_leaves_the_table_with_its_active_one(api):
    diner = api.seated_diner(code="T7")
    newcomer = api.register(code="T7", name="Luis", startNew=True).body["session"]["id"]

    api.post(f"/staff/sessions/{newcomer}/reject", {"reason": "Please join your friends' session"},
             token=diner["staff"])

    t7 = table(api, diner["staff"], "T7")
    assert (t7["state"], t7["session"]["id"], t7["pendingSession"]) == ("active", diner["session_id"], None)


def test_a_table_closed_with_an_unserved_order_is_free_with_no_open_orders(api):
    # Given a table closed while its ceviche was still pending
    diner = api.seated_diner(code="T4")
    order(api, diner)
    api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])

    # When the manager looks at the Tables page
    t4 = table(api, diner["staff"], "T4")

    # Then the table is free, and nothing is counted against it
    assert (t4["state"], t4["openOrders"]) == ("free", 0)


def test_an_owner_sees_the_ten_miraflores_tables(api):
    reply = api.get(f"/staff/branches/{MIRAFLORES}/tables", token=api.login("owner@demo.comanda"))

    assert [t["code"] for t in reply.body["tables"]] == [f"T{n}" for n in range(1, 11)]


def test_a_waiter_sees_the_tables_of_their_branch(api):
    reply = api.get(f"/staff/branches/{MIRAFLORES}/tables", token=api.login("waiter@miraflores.demo.comanda"))

    assert reply.status == 200 and len(reply.body["tables"]) == 10


def test_another_branch_tables_do_not_exist_for_a_manager(api):
    reply = api.get(f"/staff/branches/{MIRAFLORES}/tables", token=api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_an_unknown_branch_is_not_found(api):
    reply = api.get("/staff/branches/br_nowhere/tables", token=api.login("owner@demo.comanda"))

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_the_kitchen_does_not_see_the_floor(api):
    reply = api.get(TABLES, token=api.login("kitchen@downtown.demo.comanda"))

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)


# -- sessions by state and the history ---------------------------------------------------------
def _ids(reply) -> list[str]:
    assert reply.status == 200, reply.body
    return [s["id"] for s in reply.body["sessions"]]


def test_sessions_are_listed_by_their_state(api):
    # Given a pending table, an active table and a closed one
    pending = api.register(code="T1").body["session"]["id"]
    active = api.seated_diner(code="T2")
    closed = api.seated_diner(code="T3")
    manager = active["staff"]
    assert api.post(f"/staff/sessions/{closed['session_id']}/close", token=manager).status == 200

    # Then each state lists its own
    assert _ids(api.get(f"{SESSIONS}?status=pending", token=manager)) == [pending]
    assert _ids(api.get(f"{SESSIONS}?status=active", token=manager)) == [active["session_id"]]
    assert _ids(api.get(f"{SESSIONS}?status=completed", token=manager)) == [closed["session_id"]]


def test_the_session_list_shows_the_table_and_who_is_there(api):
    api.register(code="T9", name="Rosa")

    session = api.get(f"{SESSIONS}?status=pending", token=api.login()).body["sessions"][0]

    assert (session["branchId"], session["tableCode"], session["status"]) == (DOWNTOWN, "T9", "pending")
    assert [p["name"] for p in session["participants"]] == ["Rosa"]


def test_an_unknown_session_state_names_the_status_field(api):
    reply = api.get(f"{SESSIONS}?status=closed", token=api.login())

    assert refusal(reply) == (400, "INVALID_INPUT", "status")


def test_a_completed_session_is_in_todays_history_and_not_in_a_past_range(api):
    # Given a session closed today
    diner = api.seated_diner(code="T8")
    api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])
    today = datetime.now(ZoneInfo("America/Lima")).date().isoformat()  # a day of the branch's calendar

    # When the manager reads the history for today, and for a month long past
    todays = api.get(f"{SESSIONS}?status=completed&from={today}&to={today}", token=diner["staff"])
    long_ago = api.get(f"{SESSIONS}?status=completed&from=2020-01-01&to=2020-01-31", token=diner["staff"])

    # Then it is in today's history only
    assert _ids(todays) == [diner["session_id"]]
    assert _ids(long_ago) == []


def test_the_history_with_only_a_start_date_runs_to_now(api):
    diner = api.seated_diner(code="T8")
    api.post(f"/staff/sessions/{diner['session_id']}/close", token=diner["staff"])

    assert _ids(api.get(f"{SESSIONS}?status=completed&from=2020-01-01", token=diner["staff"])) == [diner["session_id"]]


def test_a_history_date_that_is_not_iso_names_its_field(api):
    examples = {
        "from=yesterday": "from",
        "from=01/05/2024": "from",
        "to=soon": "to",
        "from=" + "2024-01-01" * 5: "from",
    }
    manager = api.login()

    answers = {query: api.get(f"{SESSIONS}?status=completed&{query}", token=manager) for query in examples}

    assert {query: refusal(reply) for query, reply in answers.items()} == {
        query: (400, "INVALID_INPUT", field) for query, field in examples.items()}


def test_a_history_date_that_is_not_a_real_date_is_refused(api):
    manager = api.login()

    answers = {bad: api.get(f"{SESSIONS}?status=completed&from={bad}", token=manager).status
               for bad in ("2024-13-45", "2024-05-xxxx")}

    assert answers == {"2024-13-45": 400, "2024-05-xxxx": 400}


def test_the_history_of_a_day_follows_the_branch_clock(api):
    # Given a table that sat down at 20:30 in Lima on 30 April (01:30 UTC on 1 May) and was closed
    repos = bootstrap.repositories()
    assert repos.venues.get_branch(DOWNTOWN).timezone == "America/Lima"
    dinner = TableSession(id=new_id(), branch_id=DOWNTOWN, table_code="T3", status=SessionStatus.PENDING,
                          started_at="2024-05-01T01:30:00.000Z")
    repos.sessions.open_pending(dinner)
    dinner.approve("2024-05-01T01:31:00.000Z")
    repos.sessions.activate(dinner, None)
    dinner.close("2024-05-01T03:00:00.000Z")
    repos.sessions.end(dinner, was=SessionStatus.ACTIVE)

    # When the manager reads the history of 30 April
    reply = api.get(f"{SESSIONS}?status=completed&from=2024-04-30&to=2024-04-30", token=api.login())

    # Then that dinner is in it
    assert _ids(reply) == [dinner.id]


def test_another_branch_sessions_do_not_exist_for_a_manager(api):
    reply = api.get(f"/staff/branches/{MIRAFLORES}/sessions?status=pending", token=api.login())

    assert refusal(reply) == (404, "NOT_FOUND", None)


def test_the_kitchen_does_not_see_the_session_history(api):
    reply = api.get(f"{SESSIONS}?status=completed", token=api.login("kitchen@downtown.demo.comanda"))

    assert refusal(reply) == (403, "ROLE_NOT_ALLOWED", None)
