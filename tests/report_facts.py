"""Facts for the reports' tests, written as the fact writer lays them out (docs/reports.md):
flat NDJSON rows with every column of chalicelib/domain/fact_kinds.py, one object per kind,
chain, branch, day and batch, in the facts bucket (moto's S3).

`small_world()` is a chain of three branches over two days whose every figure is worked out by
hand in tests/unit/test_report_sql.py (and reused by the API's tests): one fact of each of two
kinds is delivered twice, in two batches, and must count once; one line was written twice, served
(version 5) then voided after serving (version 7), and must count as voided only."""
from __future__ import annotations

import json
from collections import defaultdict
from itertools import count
from typing import Any

from chalicelib.domain.fact_kinds import KINDS, columns, object_prefix

CHAIN = "ch_test"
MON, TUE, WED = "2026-03-02", "2026-03-03", "2026-03-04"  # a Monday, Tuesday, Wednesday
_WEEKDAY = {MON: 1, TUE: 2, WED: 3}
_ids = count(1)


def fact(fact_kind: str, branch: str, day: str, hour: int = 20, /, **values: Any) -> dict:
    row: dict[str, Any] = dict.fromkeys(columns(fact_kind))
    unknown = set(values) - set(row)
    assert not unknown, f"{fact_kind} has no columns {unknown}"
    row.update(fact_id=values.pop("fact_id", f"{fact_kind}-{next(_ids)}"), chain_id=CHAIN, branch_id=branch, day=day,
               hour=hour, weekday=_WEEKDAY[day], version=0)
    row.update(values)
    return row


def write_facts(s3, bucket: str, facts: list[dict], batch: str = "batch-1") -> None:
    """One object per (kind, branch, day) of `facts` (rows made by `_k`, which know their kind)."""
    objects: dict[str, list[dict]] = defaultdict(list)
    for row in facts:
        kind = row.pop("_kind")
        objects[object_prefix(kind, row["chain_id"], row["branch_id"], row["day"]) + f"{batch}.json"].append(row)
        row["_kind"] = kind
    for key, rows in objects.items():
        body = "\n".join(json.dumps({k: v for k, v in r.items() if k != "_kind"}) for r in rows) + "\n"
        s3.put_object(Bucket=bucket, Key=key, Body=body.encode())


def _k(fact_kind: str, branch: str, day: str, hour: int = 20, /, **values: Any) -> dict:
    row = fact(fact_kind, branch, day, hour, **values)
    row["_kind"] = fact_kind
    assert fact_kind in KINDS
    return row


def small_world() -> tuple[list[dict], list[dict]]:
    """(facts, duplicates): write both (the duplicates in another batch)."""
    sessions = [
        _k("sessions", "b1", MON, fact_id="s1", session_id="S1", table_code="T1", started_ts=1000.0,
           approved_ts=1060.0, ended_ts=4600.0, end_reason="paid", guests=2, members=1, bill_total=5000, tip=500,
           paid_total=5500, waiter_id="w1"),
        _k("sessions", "b1", TUE, 13, fact_id="s2", session_id="S2", table_code="T2", started_ts=2000.0,
           approved_ts=2120.0, ended_ts=7400.0, end_reason="paid", guests=4, members=1, bill_total=12000, tip=0,
           paid_total=12000, waiter_id="w2"),
        _k("sessions", "b2", MON, session_id="S3", table_code="T1", started_ts=3000.0, ended_ts=4800.0,
           end_reason="paid", guests=3, members=1, bill_total=9000, tip=900, paid_total=9900),
        _k("sessions", "b3", MON, session_id="S4", started_ts=1.0, ended_ts=2.0, guests=1, bill_total=100000,
           tip=0, paid_total=100000),
        _k("sessions", "b1", WED, session_id="S5", started_ts=1.0, ended_ts=2.0, guests=1, bill_total=777,
           tip=0, paid_total=777),
    ]

    def line(branch, day, hour, order, line_id, item, qty, unit, options, revenue, status, ordered=None,
             ready=None, served=None, **extra):
        names = {"burger": ("Burger", "mains", "grill"), "fries": ("Fries", "sides", "fry")}[item]
        return _k("order_lines", branch, day, hour, order_id=order, line_id=line_id, item_id=item,
                  item_name=names[0], category_id=names[1], station_id=names[2], quantity=qty, unit_price=unit,
                  options_price=options, revenue=revenue, status=status, ordered_ts=ordered, ready_ts=ready,
                  served_ts=served, void_amount=0, **extra)

    lines = [
        line("b1", MON, 20, "O1", "L1", "burger", 2, 1500, 200, 3400, "served", 1000.0, 1600.0, 1700.0,
             fact_id="l1"),
        line("b1", MON, 20, "O1", "L2", "fries", 1, 500, 0, 500, "served", 1000.0, 1300.0, 1360.0),
        line("b1", TUE, 13, "O2", "L3", "burger", 1, 1500, 0, 1500, "served", 2000.0, 2900.0, 3020.0),
        line("b1", TUE, 13, "O2", "L4", "fries", 1, 500, 0, 0, "voided", 2000.0, void_reason="wrong", fact_id="l4",
             version=7),
        # the same line as it was first written, served, before it was voided after serving: an older version
        line("b1", TUE, 13, "O2", "L4", "fries", 1, 500, 0, 500, "served", 2000.0, 2100.0, 2200.0, fact_id="l4",
             version=5),
        line("b2", MON, 20, "O3", "L5", "burger", 1, 1500, 200, 1700, "served", 3000.0, 3300.0, 3400.0),
        line("b2", MON, 20, "O4", "L6", "fries", 2, 500, 0, 0, "cancelled", 3100.0),
        line("b3", MON, 20, "O5", "L7", "burger", 10, 1500, 0, 15000, "served", 1.0, 2.0, 3.0),
    ]
    options = [
        _k("line_options", "b1", MON, order_id="O1", line_id="L1", item_id="burger", group_id="extras",
           group_name="Extras", option_id="cheese", option_name="Cheese", quantity=2, price_delta=200),
        _k("line_options", "b2", MON, order_id="O3", line_id="L5", item_id="burger", group_id="extras",
           group_name="Extras", option_id="cheese", option_name="Cheese", quantity=1, price_delta=200),
        _k("line_options", "b1", TUE, 13, order_id="O2", line_id="L4", item_id="fries", group_id="extras",
           group_name="Extras", option_id="bacon", option_name="Bacon", quantity=1, price_delta=300),
    ]
    availability = [
        _k("availability", "b1", MON, item_id="fries", item_name="Fries", available=False, at_ts=1000.0),
        _k("availability", "b1", MON, item_id="fries", item_name="Fries", available=True, at_ts=2800.0),
        _k("availability", "b1", TUE, item_id="fries", item_name="Fries", available=False, at_ts=5000.0),
        _k("availability", "b1", TUE, item_id="fries", item_name="Fries", available=False, at_ts=5100.0),
        _k("availability", "b2", MON, item_id="burger", item_name="Burger", available=True, at_ts=1500.0),
        _k("availability", "b2", MON, item_id="burger", item_name="Burger", available=False, at_ts=2000.0),
        _k("availability", "b2", MON, item_id="burger", item_name="Burger", available=True, at_ts=2600.0),
    ]
    requests = [
        _k("requests", "b1", MON, request_id="R1", kind="waiter", session_id="S1", created_ts=1100.0,
           acknowledged_ts=1130.0, acknowledged_by="w1"),
        _k("requests", "b1", TUE, request_id="R2", kind="waiter", session_id="S2", created_ts=2100.0,
           acknowledged_ts=2190.0, acknowledged_by="w2"),
        _k("requests", "b1", MON, request_id="R3", kind="bill", session_id="S1", created_ts=4000.0),
        _k("requests", "b2", MON, request_id="R4", kind="bill", session_id="S3", created_ts=4500.0),
    ]
    joins = [
        _k("join_requests", "b1", MON, request_id="J1", session_id="S1", customer_id="c_x", status="allowed",
           created_ts=1200.0, decided_ts=1215.0, decided_by="w1"),
        _k("join_requests", "b2", MON, request_id="J2", session_id="S3", customer_id="c_q", status="expired",
           created_ts=3100.0, decided_ts=3400.0),
        _k("join_requests", "b1", TUE, 13, request_id="J3", session_id="S2", customer_id="c_y", status="declined",
           created_ts=2200.0, decided_ts=2245.0, decided_by="diner"),
    ]
    members = [
        _k("members", "b1", MON, customer_id="c_a", created_ts=900.0),
        _k("members", "b2", TUE, customer_id="c_b", created_ts=900.0),
        _k("members", "", TUE, customer_id="c_c", created_ts=900.0),
    ]

    def visit(branch, day, session, customer, member):
        return _k("visits", branch, day, session_id=session, customer_id=customer, is_member=member, joined_ts=1.0)

    visits = [visit("b1", MON, "S1", "c_a", True), visit("b1", MON, "S1", "c_x", False),
              visit("b1", TUE, "S2", "c_a", True)] + [visit("b1", TUE, "S2", c, False) for c in ("c_y", "c_z", "c_w")] \
        + [visit("b2", MON, "S3", "c_b", True), visit("b2", MON, "S3", "c_m", False),
           visit("b2", MON, "S3", "c_n", False)]
    facts = sessions + lines + options + availability + requests + joins + members + visits
    duplicates = [dict(sessions[0]), dict(lines[0])]
    return facts, duplicates


def write_small_world(s3, bucket: str, chain: str = CHAIN, branches: dict[str, str] | None = None) -> None:
    """`chain` and `branches` (b1, b2, b3 -> ids) put the world in another chain's branches."""
    facts, duplicates = small_world()
    for row in facts + duplicates:
        row.update(chain_id=chain, branch_id=(branches or {}).get(row["branch_id"], row["branch_id"]))
    write_facts(s3, bucket, facts, "100-200")
    write_facts(s3, bucket, duplicates, "300-400")
