"""The reports over facts the real stream handler wrote (issue 19): a table served and closed
through the API, the tables' moto streams read as Lambda delivers them, `stream_facts`' handler
writing the facts to S3 (twice, and cut into overlapping batches), then the reports API running
the SQL texts on DuckDB over those objects. The figures are the table's, counted once."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.realtime.facts_stream import handle_fact_batch
from tests.integration.test_facts_stream import a_served_and_closed_table, facts_bucket, streams  # noqa: F401
from tests.integration.test_reports_api import finished

OWNER, MANAGER = "owner@demo.comanda", "manager@downtown.demo.comanda"


def table(result: dict, name: str) -> list[dict]:
    found = result["tables"][name]
    return [dict(zip(found["columns"], row, strict=True)) for row in found["rows"]]


def run(api, token: str, report: str, day: str, **extra) -> dict:
    body = {"report": report, "from": day, "to": day, **extra}
    done = finished(api, token, api.post("/staff/reports/runs", body, token=token))
    assert done["state"] == "done", done
    return done["result"]


def test_the_reports_count_what_the_stream_wrote_once(api, streams, facts_bucket):
    made = a_served_and_closed_table(api)
    records = streams.drain()
    for batch in (records, records, records[: len(records) // 2 + 1], records[len(records) // 2:]):
        assert handle_fact_batch({"Records": batch}, None) == {"batchItemFailures": []}
    today = datetime.now(ZoneInfo("America/Lima")).date().isoformat()
    owner, manager = api.login(OWNER), api.login(MANAGER)

    sales = run(api, owner, "sales", today)
    mix = run(api, manager, "product_mix", today, branchId="br_downtown-lima")
    kitchen = run(api, owner, "kitchen", today)
    floor = run(api, owner, "floor", today)

    assert table(sales, "sales_summary") == [{"tables": 1, "guests": 1, "orders": 1, "sales": made["total"],
                                              "tips": 0, "avg_check_table": made["total"],
                                              "avg_check_guest": made["total"]}]
    assert [(r["item_id"], r["quantity"], r["revenue"]) for r in table(mix, "product_mix_items")] == [
        ("lomo-saltado", 2, 9600), ("chicha-morada", 1, 900)]
    assert sum(r["lines"] for r in table(kitchen, "kitchen_by_dish")) == 2
    metrics = {r["metric"]: r["n"] for r in table(floor, "floor_summary")}
    assert metrics["bill_to_close"] == 1 and metrics["table_turn"] == 1
    other = api.post("/staff/reports/runs", {"report": "sales", "from": today, "to": today,
                                             "branchId": "br_miraflores"}, token=manager)
    assert other.status == 403
