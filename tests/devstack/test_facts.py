"""The reports' facts on the local stack (issue 19): `make run` starts with weeks of past
service in the facts bucket, and an order served over the real API reaches it through the
second stream consumer (app.py `stream_facts`), as on AWS."""
from __future__ import annotations

import json
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import boto3

from tests.e2e.conftest import Http

DOWNTOWN = "br_downtown-lima"
CHAIN = "ch_comanda-demo"


def _keys(prefix: str) -> list[str]:
    from chalicelib.config import settings

    s3 = boto3.client("s3")
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=settings.facts_bucket, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def _rows(key: str) -> list[dict]:
    from chalicelib.config import settings

    body = boto3.client("s3").get_object(Bucket=settings.facts_bucket, Key=key)["Body"].read()
    return [json.loads(line) for line in body.decode().splitlines() if line]


def test_the_demo_starts_with_four_weeks_of_history_for_both_branches(stack):
    today = datetime.now(ZoneInfo("America/Lima")).date()
    for branch in (DOWNTOWN, "br_miraflores"):
        days = {key.split("date=")[1][:10] for key in _keys(f"facts/sessions/chain={CHAIN}/branch={branch}/")}
        assert (today - timedelta(days=1)).isoformat() in days and (today - timedelta(days=28)).isoformat() in days
        assert len(days) >= 28
    kinds = {key.split("/")[1] for key in _keys("facts/")}
    assert kinds == {"sessions", "order_lines", "line_options", "requests", "join_requests", "visits", "members",
                     "availability"}


def test_an_order_served_over_the_api_is_written_as_facts(stack):
    http = Http(stack.api_url)
    manager = http.login()
    registered = http.register("T27", "Rosa")
    session_id = registered["session"]["id"]
    assert http.post(f"/staff/sessions/{session_id}/approve", token=manager).status == 200
    order = http.post("/session/orders", {"items": [{"menuItemId": "lomo-saltado", "quantity": 2}]},
                      token=registered["token"]).body
    line = order["items"][0]["id"]
    for status in ("ready", "served"):
        reply = http.post(f"/staff/orders/{order['id']}/items/{line}/status", {"status": status}, token=manager)
        assert reply.status == 200, reply.body
    today = datetime.now(ZoneInfo("America/Lima")).date().isoformat()
    prefix = f"facts/order_lines/chain={CHAIN}/branch={DOWNTOWN}/date={today}/"
    deadline, found = time.monotonic() + 20, []
    while time.monotonic() < deadline and not found:
        found = [row for key in _keys(prefix) if not key.endswith("/history.json")
                 for row in _rows(key) if row["order_id"] == order["id"]]
        time.sleep(0.2)
    assert len(found) == 1, "the served order's one line, written once"
    row = found[0]
    assert (row["item_id"], row["quantity"], row["status"], row["revenue"]) == ("lomo-saltado", 2, "served", 2 * 4800)
    assert row["served_ts"] >= row["ready_ts"] >= row["ordered_ts"]
