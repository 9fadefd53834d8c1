"""The facts the reports read (issue 19, docs/reports.md): each kind's columns, in order, with
their type. One description for everyone: the stream's fact writer fills these columns, the
template's Glue tables declare them, the local DuckDB reads them. Pure data, no imports of AWS.

Types are Athena/Glue's names: `string`, `bigint` (amounts in minor units, counts), `double`
(epoch seconds, with fractions), `boolean`, `int` (hour, weekday). Every kind also has the
partition columns `chain`, `branch` and `date` (the object's path), which are not listed here.
"""
from __future__ import annotations

from typing import Final

Column = tuple[str, str]

# Every row starts with these: its identity, where, and its business day and time (local).
COMMON: Final[tuple[Column, ...]] = (
    ("fact_id", "string"),
    ("chain_id", "string"),
    ("branch_id", "string"),
    ("day", "string"),      # YYYY-MM-DD in the branch's time zone
    ("hour", "int"),        # 0-23, local
    ("weekday", "int"),     # ISO: 1 Monday ... 7 Sunday
    # The stored version of the object the fact was read from (an order's, a session's; 0 for
    # facts written once). A finished order changed again (a recall served anew, a void after
    # serving) is written again under the same fact_id with a higher version: queries keep, per
    # fact_id, the row of the highest version (docs/reports.md, "Exactly once").
    ("version", "bigint"),
)

KINDS: Final[dict[str, tuple[Column, ...]]] = {
    "sessions": COMMON + (
        ("session_id", "string"), ("table_code", "string"),
        ("started_ts", "double"), ("approved_ts", "double"), ("ended_ts", "double"),
        ("end_reason", "string"), ("guests", "bigint"), ("members", "bigint"),
        ("bill_total", "bigint"), ("tip", "bigint"), ("paid_total", "bigint"),
        ("opened_by_staff", "string"), ("waiter_id", "string"),
    ),
    "order_lines": COMMON + (
        ("order_id", "string"), ("line_id", "string"), ("session_id", "string"), ("table_code", "string"),
        ("item_id", "string"), ("item_name", "string"), ("category_id", "string"), ("station_id", "string"),
        ("quantity", "bigint"), ("unit_price", "bigint"), ("options_price", "bigint"), ("revenue", "bigint"),
        ("status", "string"),
        ("ordered_ts", "double"), ("accepted_ts", "double"), ("ready_ts", "double"), ("served_ts", "double"),
        ("placed_by_staff", "string"), ("void_reason", "string"), ("void_amount", "bigint"),
    ),
    "line_options": COMMON + (
        ("order_id", "string"), ("line_id", "string"), ("item_id", "string"),
        ("group_id", "string"), ("group_name", "string"), ("option_id", "string"), ("option_name", "string"),
        ("quantity", "bigint"), ("price_delta", "bigint"),
    ),
    "requests": COMMON + (
        ("request_id", "string"), ("kind", "string"), ("session_id", "string"), ("table_code", "string"),
        ("created_ts", "double"), ("acknowledged_ts", "double"), ("acknowledged_by", "string"),
    ),
    "join_requests": COMMON + (
        ("request_id", "string"), ("session_id", "string"), ("table_code", "string"), ("customer_id", "string"),
        ("status", "string"), ("created_ts", "double"), ("decided_ts", "double"), ("decided_by", "string"),
    ),
    "visits": COMMON + (
        ("session_id", "string"), ("customer_id", "string"), ("is_member", "boolean"), ("joined_ts", "double"),
    ),
    "members": COMMON + (
        ("customer_id", "string"), ("created_ts", "double"),
    ),
    "availability": COMMON + (
        ("item_id", "string"), ("item_name", "string"), ("available", "boolean"), ("at_ts", "double"),
    ),
}

PARTITION_KEYS: Final[tuple[Column, ...]] = (("chain", "string"), ("branch", "string"), ("date", "string"))


def columns(kind: str) -> tuple[str, ...]:
    """The column names of a kind, in order (KeyError: no such kind)."""
    return tuple(name for name, _ in KINDS[kind])


def object_prefix(kind: str, chain_id: str, branch_id: str, day: str) -> str:
    """Where a kind's facts for one branch and business day live in the facts bucket."""
    return f"facts/{kind}/chain={chain_id}/branch={branch_id}/date={day}/"
