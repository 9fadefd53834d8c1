"""The reports in the local stack (issue 19): the REST route starts the report function in a
thread, which runs the SQL on DuckDB over the facts in the stack's moto S3, and the page's
polling sees the run finish with the figures the facts make (tests/report_facts.py)."""
from __future__ import annotations

import time

import boto3

from tests.report_facts import MON, TUE, write_small_world


def test_a_manager_s_sales_report_runs_on_duckdb_over_the_stack_s_facts(stack, http):
    from chalicelib.config import settings

    s3 = boto3.client("s3")
    write_small_world(s3, settings.facts_bucket, chain="ch_comanda-demo",
                      branches={"b1": "br_downtown-lima", "b2": "br_miraflores", "b3": "br_of_another_chain"})
    try:
        _sales_of_downtown(http)
    finally:  # the stack is shared: leave its facts as the demo made them
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=settings.facts_bucket, Prefix="facts/"):
            for item in page.get("Contents", []):
                if item["Key"].endswith(("/100-200.json", "/300-400.json")):
                    s3.delete_object(Bucket=settings.facts_bucket, Key=item["Key"])


def _sales_of_downtown(http) -> None:
    token = http.login("manager@downtown.demo.comanda")

    started = http.post("/staff/reports/runs", {"report": "sales", "from": MON, "to": TUE}, token=token)
    assert started.status in (200, 202), started.body
    state = started.body
    deadline = time.monotonic() + 60
    while state["state"] == "running" and time.monotonic() < deadline:
        time.sleep(0.2)
        state = http.get(f"/staff/reports/runs/{started.body['runId']}", token=token).body

    assert state["state"] == "done", state
    summary = state["result"]["tables"]["sales_summary"]
    assert dict(zip(summary["columns"], summary["rows"][0], strict=True))["sales"] == 17000  # Downtown's alone
    assert state["progress"]["step"] == state["progress"]["steps"] == 4
