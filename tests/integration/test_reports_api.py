"""The reports' API over HTTP (issue 19, docs/reports.md), on moto: the facts of
tests/report_facts.py's small world in the demo chain's branches (b1 = Downtown, b2 = Miraflores,
b3 = another chain's branch), runs carried out by the report function's handler in a thread (as
the local stack does), DuckDB over the facts in moto's S3. Owners see the chain and any branch,
a manager their branch only — for every report — and a run is only its starter's."""
from __future__ import annotations

import threading
import time

import boto3
import pytest

from chalicelib.config import settings
from tests.integration.shapes import assert_error
from tests.report_facts import MON, TUE, write_small_world

OWNER, MANAGER, WAITER = "owner@demo.comanda", "manager@downtown.demo.comanda", "ana@downtown.demo.comanda"
DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
REPORTS = ["sales", "product_mix", "heatmap", "kitchen", "floor", "loyalty", "members"]


def _empty_buckets(s3) -> None:
    for bucket in (settings.facts_bucket, settings.reports_bucket):
        if bucket not in [b["Name"] for b in s3.list_buckets()["Buckets"]]:
            s3.create_bucket(Bucket=bucket)
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
            for item in page.get("Contents", []):
                s3.delete_object(Bucket=bucket, Key=item["Key"])


@pytest.fixture
def lake(world):
    """The small world's facts in the facts bucket, the reports bucket empty; both emptied after."""
    s3 = boto3.client("s3", region_name="us-east-1")
    wait_for_report_runs()  # another file's runs (the authorization matrix starts some) end first
    _empty_buckets(s3)
    write_small_world(s3, settings.facts_bucket, chain="ch_comanda-demo",
                      branches={"b1": DOWNTOWN, "b2": MIRAFLORES, "b3": "br_of_another_chain"})
    yield s3
    wait_for_report_runs()  # a run the test left behind finishes before the buckets are emptied
    _empty_buckets(s3)


def wait_for_report_runs() -> None:
    """Joins the local report runs still going (ThreadRunStarter's threads, `report-{runId}`): a run
    outliving its test wrote into the next test's buckets, and logged into its closed capture."""
    for thread in threading.enumerate():
        if thread.name.startswith("report-"):
            thread.join(timeout=30)
            assert not thread.is_alive(), f"{thread.name} is still running"


def finished(api, token: str, reply) -> dict:
    """The run's last state: polls GET /staff/reports/runs/{runId} until it is not running."""
    if reply.status == 200:
        return reply.body
    assert reply.status == 202, reply.body
    assert reply.body["state"] == "running" and reply.body["progress"]["steps"] >= 1
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = api.get(f"/staff/reports/runs/{reply.body['runId']}", token=token)
        assert state.status == 200, state.body
        if state.body["state"] != "running":
            return state.body
        time.sleep(0.05)
    raise AssertionError("the run did not finish")


def report(api, token: str, name: str, **extra) -> dict:
    body = {"report": name, "from": MON, "to": TUE, **extra}
    done = finished(api, token, api.post("/staff/reports/runs", body, token=token))
    assert done["state"] == "done", done
    return done["result"]


def rows(result: dict, table: str) -> list[dict]:
    found = result["tables"][table]
    return [dict(zip(found["columns"], row, strict=True)) for row in found["rows"]]


def test_what_each_role_may_run(api):
    owner = api.get("/staff/reports", token=api.login(OWNER))
    manager = api.get("/staff/reports", token=api.login(MANAGER))

    assert [r["id"] for r in owner.body["reports"]] == REPORTS
    assert owner.body["chainAllowed"] is True
    assert {b["id"] for b in owner.body["branches"]} == {DOWNTOWN, MIRAFLORES}
    assert [r["id"] for r in manager.body["reports"]] == REPORTS[:-1]
    assert manager.body["branches"] == [{"id": DOWNTOWN, "name": "Comanda Downtown Lima"}]
    assert manager.body["chainAllowed"] is False
    assert_error(api.get("/staff/reports", token=api.login(WAITER)), 403, "ROLE_NOT_ALLOWED")


def test_the_owner_sees_the_chain_with_the_previous_period_and_the_answer_is_cached(api, lake):
    token = api.login(OWNER)

    result = report(api, token, "sales")

    assert rows(result, "sales_summary") == [{"tables": 3, "guests": 9, "orders": 3, "sales": 26000, "tips": 1400,
                                              "avg_check_table": 8667, "avg_check_guest": 2889}]
    assert result["currency"] == "PEN" and result["branchId"] is None
    assert result["previousRange"] == {"from": "2026-02-28", "to": "2026-03-01"}
    assert result["previous"]["sales_summary"]["rows"] == [[0, 0, 0, 0, 0, None, None]]
    again = api.post("/staff/reports/runs", {"report": "sales", "from": MON, "to": TUE}, token=token)
    assert again.status == 200 and again.body == {"state": "done", "result": result}


def test_the_owner_asks_for_one_branch(api, lake):
    result = report(api, api.login(OWNER), "sales", branchId=MIRAFLORES)

    assert rows(result, "sales_summary")[0]["sales"] == 9000
    assert [r["branch_id"] for r in rows(result, "sales_by_day")] == [MIRAFLORES]


@pytest.mark.parametrize("branch", [None, DOWNTOWN])
def test_a_manager_sees_their_branch_only(api, lake, branch):
    token = api.login(MANAGER)
    extra = {"branchId": branch} if branch else {}

    sales = report(api, token, "sales", **extra)
    mix = report(api, token, "product_mix", **extra)

    assert rows(sales, "sales_summary") == [{"tables": 2, "guests": 6, "orders": 2, "sales": 17000, "tips": 500,
                                             "avg_check_table": 8500, "avg_check_guest": 2833}]
    assert {r["branch_id"] for r in rows(sales, "sales_by_day")} == {DOWNTOWN}
    assert [(r["item_id"], r["revenue"]) for r in rows(mix, "product_mix_items")] == [("burger", 4900),
                                                                                      ("fries", 500)]
    assert [r["branch_id"] for r in rows(mix, "outages")] == [DOWNTOWN]


@pytest.mark.parametrize("name", REPORTS)
def test_a_manager_may_not_run_any_report_for_another_branch(api, lake, name):
    reply = api.post("/staff/reports/runs", {"report": name, "from": MON, "to": TUE, "branchId": MIRAFLORES},
                     token=api.login(MANAGER))

    assert reply.status == 403, reply.body
    assert reply.body["error"]["code"] in ("FORBIDDEN", "ROLE_NOT_ALLOWED")


def test_the_member_list_is_the_owner_s_alone_and_comes_from_the_customers_table(api, lake):
    api.loyalty_sign_up(name="Lucia", phone="+51987654321", marketingConsent=True)
    api.loyalty_sign_up(path="/branches/downtown-lima/tables/T2/sessions", name="Marco", phone="+51911111111")

    assert_error(api.post("/staff/reports/runs", {"report": "members", "from": MON, "to": TUE},
                          token=api.login(MANAGER)), 403, "ROLE_NOT_ALLOWED")
    result = report(api, api.login(OWNER), "members")
    members = sorted(rows(result, "members"), key=lambda m: m["name"])
    assert [(m["name"], m["phone"], m["marketing_consent"]) for m in members] == [
        ("Lucia", "+51987654321", True), ("Marco", "+51911111111", False)]
    assert members[0]["consent_at"] and members[1]["consent_at"] is None
    assert result["tables"]["members"]["columns"] == [
        "customer_id", "name", "phone", "email", "birth_date", "marketing_consent", "consent_at", "points",
        "visits", "created_at"]


def test_a_run_is_only_its_starter_s(api, lake):
    owner = api.login(OWNER)
    started = api.post("/staff/reports/runs", {"report": "heatmap", "from": MON, "to": MON}, token=owner)
    assert started.status == 202, started.body
    run_id = started.body["runId"]

    assert_error(api.get(f"/staff/reports/runs/{run_id}", token=api.login(MANAGER)), 404, "NOT_FOUND")
    assert_error(api.get("/staff/reports/runs/run_000000000000000000000000", token=owner), 404, "NOT_FOUND")
    assert_error(api.get("/staff/reports/runs/..%2Fcache", token=owner), 404, "NOT_FOUND")
    assert finished(api, owner, started)["state"] == "done"


@pytest.mark.parametrize(("body", "field"), [
    ({"report": "sales", "from": "2026-3-2", "to": TUE}, "from"),
    ({"report": "sales", "from": MON, "to": "2026-02-30"}, "to"),
    ({"report": "sales", "from": TUE, "to": MON}, "to"),
    ({"report": "sales", "from": "2025-01-01", "to": "2026-01-02"}, "to"),
    ({"report": "nope", "from": MON, "to": TUE}, "report"),
    ({"from": MON, "to": TUE}, "report"),
    ({"report": "sales", "to": TUE}, "from"),
    ({"report": "sales", "from": MON, "to": TUE, "branchId": "no such one!"}, "branchId"),
    ({"report": "sales", "from": MON, "to": TUE, "extra": 1}, "extra"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_bad_input_is_a_400_naming_the_field(api, body, field):
    reply = api.post("/staff/reports/runs", body, token=api.login(OWNER))

    assert_error(reply, 400, "INVALID_INPUT")
    assert reply.body["error"]["field"] == field


def test_a_range_that_ends_today_is_not_cached(api, lake):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    today = datetime.now(ZoneInfo("America/Lima")).date().isoformat()  # the demo branches' day
    token = api.login(OWNER)
    body = {"report": "heatmap", "from": today, "to": today}

    first = finished(api, token, api.post("/staff/reports/runs", body, token=token))
    again = api.post("/staff/reports/runs", body, token=token)

    assert first["state"] == "done"
    assert again.status == 202  # today is not over: computed again, never answered from the cache
    assert finished(api, token, again)["state"] == "done"


def test_a_run_whose_function_died_shows_as_failed_once_past_the_function_s_life(api, lake):
    import json

    owner = api.login(OWNER)
    run_id = "run_" + "ab" * 12
    lake.put_object(Bucket=settings.reports_bucket, Key=f"runs/{run_id}.json", Body=json.dumps({
        "runId": run_id, "staffId": "st_owner_at_demo_comanda", "state": "running", "startedAt": time.time() - 3600,
        "progress": {"step": 1, "steps": 3, "elapsedMs": 1000, "bytesScanned": 0}}).encode())

    reply = api.get(f"/staff/reports/runs/{run_id}", token=owner)

    assert reply.status == 200, reply.body
    assert reply.body["state"] == "failed" and reply.body["error"]["code"] == "TIMED_OUT"


def test_staff_and_categories_are_named_beside_their_ids(api, lake):
    # Facts keep ids (names change); the report shows each with its name as it is today
    from chalicelib.bootstrap import repositories
    from tests.report_facts import _k, write_facts

    manager_id = "st_manager_at_downtown_demo_comanda"
    mains = next(c for c in repositories().menu.whole_menu("ch_comanda-demo").categories if c.name == "Main Course")
    extra = [
        _k("requests", DOWNTOWN, MON, request_id="RQ9", kind="waiter", session_id="S9", table_code="T9",
           created_ts=100.0, acknowledged_ts=160.0, acknowledged_by=manager_id),
        _k("order_lines", DOWNTOWN, MON, order_id="O9", line_id="L9", item_id="lomo", item_name="Lomo",
           category_id=mains.id, quantity=1, unit_price=3800, options_price=0, revenue=3800, status="served",
           ordered_ts=100.0, void_amount=0),
    ]
    for row in extra:
        row.update(chain_id="ch_comanda-demo", fact_id=f"named-{row['_kind']}")
    write_facts(lake, settings.facts_bucket, extra, "named")
    owner = api.login(OWNER)

    waiters = rows(report(api, owner, "floor", branchId=DOWNTOWN), "floor_by_waiter")
    assert {(r["staff_id"], r["staff_name"]) for r in waiters if r["staff_id"] == manager_id} == {(manager_id, "Mateo Manager")}
    mix = report(api, owner, "product_mix", branchId=DOWNTOWN)
    categories = {r["category_id"]: r["category_name"] for r in rows(mix, "product_mix_categories")}
    assert categories[mains.id] == "Main Course"
    assert categories["mains"] == "mains", "a category the menu no longer has keeps its id"
    assert {r["category_name"] for r in rows(mix, "product_mix_items") if r["item_id"] == "lomo"} == {"Main Course"}


def test_a_script_starting_runs_is_held_to_a_person_s_pace(api, lake):
    # Each run costs Athena scans: a staff member may start RUNS_PER_WINDOW in ten minutes, then 429
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from chalicelib.services.reports import RUNS_PER_WINDOW

    token = api.login(MANAGER)
    finished_days = {"report": "heatmap", "from": MON, "to": TUE}
    today = datetime.now(ZoneInfo("America/Lima")).date().isoformat()
    running_day = {"report": "heatmap", "from": today, "to": today}  # never cached: a run each time
    assert finished(api, token, api.post("/staff/reports/runs", finished_days, token=token))["state"] == "done"
    for _ in range(RUNS_PER_WINDOW - 1):
        assert api.post("/staff/reports/runs", running_day, token=token).status == 202
    wait_for_report_runs()

    assert_error(api.post("/staff/reports/runs", running_day, token=token), 429, "TOO_MANY_REQUESTS")
    assert api.post("/staff/reports/runs", finished_days, token=token).status == 200  # a cached answer is no run
    assert api.post("/staff/reports/runs", running_day, token=api.login(OWNER)).status == 202  # others unaffected
