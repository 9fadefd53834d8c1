"""The demo's past service (issue 19): believable, deterministic, fast, and made by the facts'
own rules — played through the stream's records it gives the very same objects."""
from __future__ import annotations

import functools
import statistics
import time
from collections import Counter
from datetime import date

from chalicelib.demo_history import (
    DirectorySink,
    HistoryBranch,
    demo_branches,
    demo_chain,
    generate_history,
    menu_of,
    seed_demo_history,
)
from chalicelib.domain.fact_kinds import columns
from tests.fakes.facts import InMemoryFactSink

TODAY = date(2026, 12, 2)  # a Wednesday


def demo(days: int = 28, **options) -> tuple[InMemoryFactSink, object]:
    if days == 28 and not options:
        return _four_weeks()
    sink = InMemoryFactSink()
    report = seed_demo_history(demo_chain(), sink, today=TODAY, days=days, **options)
    return sink, report


@functools.cache
def _four_weeks() -> tuple[InMemoryFactSink, object]:
    """Played once for the module (the tests only read it)."""
    sink = InMemoryFactSink()
    started = time.perf_counter()
    report = seed_demo_history(demo_chain(), sink, today=TODAY)
    report.seconds = time.perf_counter() - started
    return sink, report


def test_four_weeks_for_both_branches_ending_yesterday():
    # (how long it takes is a figure for bench/, not a test: CI's 2 busy cores took 18.7 s)
    sink, _ = demo()
    sessions = sink.rows("sessions")
    assert {row["branch_id"] for row in sessions} == {"br_downtown-lima", "br_miraflores"}
    days = sorted({row["day"] for row in sessions})
    assert days[0] == "2026-11-04" and days[-1] in ("2026-12-01", "2026-12-02")  # a late table ends past midnight
    assert len(days) >= 28
    for kind in ("sessions", "order_lines", "line_options", "requests", "join_requests", "visits", "members",
                 "availability"):
        rows = sink.rows(kind)
        assert rows, kind
        assert all(tuple(row) == columns(kind) for row in rows), kind


def test_it_is_deterministic_and_a_second_run_rewrites_the_same_objects():
    first, _ = demo(days=3)
    second, _ = demo(days=3)
    assert first.objects == second.objects
    assert all(key.endswith("/history.json") for key in first.objects)
    assert len(first.objects) == first.puts, "one object per kind, branch and day"


def test_through_the_stream_s_records_it_gives_the_very_same_objects():
    fast, _ = demo(days=2)
    recorded, _ = demo(days=2, stream_records=True)
    assert fast.objects == recorded.objects


def test_weekends_are_busier_and_lunch_and_dinner_are_the_peaks():
    sink, _ = demo()
    downtown = [row for row in sink.rows("sessions") if row["branch_id"] == "br_downtown-lima"]
    per_day = Counter(row["day"] for row in downtown)
    weekday_of = {row["day"]: row["weekday"] for row in downtown}
    weekend = statistics.mean(n for day, n in per_day.items() if weekday_of[day] in (5, 6))
    midweek = statistics.mean(n for day, n in per_day.items() if weekday_of[day] in (1, 2, 3))
    assert weekend > 1.3 * midweek
    orders_by_hour = Counter(row["hour"] for row in sink.rows("order_lines"))
    assert orders_by_hour[13] > 3 * orders_by_hour[17] and orders_by_hour[20] > 3 * orders_by_hour[17]
    assert orders_by_hour[3] == 0


def test_the_menu_s_dishes_with_their_options_and_prices_and_kitchen_times_by_station():
    sink, _ = demo(days=7)
    lines = [row for row in sink.rows("order_lines") if row["status"] == "served"]
    items = {item.id: item for item in menu_of(demo_chain())}
    assert {row["item_id"] for row in lines} <= set(items)
    assert not any(row["item_id"] == "tacu-tacu" and row["branch_id"] == "br_downtown-lima" for row in lines), \
        "not served where the menu does not offer it"
    assert {row["unit_price"] for row in lines if row["item_id"] == "lomo-a-la-parrilla"} == {6200, 6500}
    assert all(row["revenue"] == row["quantity"] * (row["unit_price"] + row["options_price"]) for row in lines)
    doneness = Counter(row["option_id"] for row in sink.rows("line_options") if row["group_id"] == "doneness")
    assert len(doneness) >= 3
    cook = {station: statistics.median(row["ready_ts"] - row["ordered_ts"] for row in lines
                                       if row["station_id"] == station) for station in ("bar", "kitchen")}
    assert 60 < cook["bar"] < cook["kitchen"] < 40 * 60
    assert all(row["served_ts"] >= row["ready_ts"] for row in lines)
    assert {row["status"] for row in sink.rows("order_lines")} >= {"served", "voided"}


def test_the_floor_members_and_86s():
    sink, _ = demo()
    requests = Counter(row["kind"] for row in sink.rows("requests"))
    assert requests["waiter"] > 0 and requests["bill"] > 0
    assert all(row["acknowledged_ts"] > row["created_ts"] for row in sink.rows("requests"))
    joins = Counter(row["status"] for row in sink.rows("join_requests"))
    assert joins["allowed"] > 10 * joins["declined"] > 0 and joins["expired"] > 0
    visits = [row for row in sink.rows("visits") if row["is_member"]]
    returning = Counter(row["customer_id"] for row in visits)
    assert sum(1 for n in returning.values() if n >= 2) >= 20, "members come back"
    members = {row["customer_id"] for row in sink.rows("members")}
    assert set(returning) <= members
    sessions = sink.rows("sessions")
    assert sum(row["members"] for row in sessions) == len(visits)
    assert all(row["paid_total"] == row["bill_total"] + row["tip"] for row in sessions)
    outs = sink.rows("availability")
    assert outs and Counter(row["available"] for row in outs) == {False: len(outs) // 2, True: len(outs) // 2}


def test_any_number_of_branches_and_days_into_a_directory(tmp_path):
    branches = [HistoryBranch(f"br_bench-{n:02d}", f"bench-{n:02d}", "America/Lima", tables=25, busyness=0.8)
                for n in range(3)]
    report = generate_history("ch_bench", branches, date(2026, 1, 1), date(2026, 1, 3), DirectorySink(tmp_path))
    files = list(tmp_path.rglob("*.json"))
    assert report.objects == len(files) and report.days == 3 and report.sessions > 100
    assert {p.parts[-3] for p in files if "/sessions/" in str(p)} == {f"branch=br_bench-{n:02d}" for n in range(3)}
    assert demo_branches(demo_chain())[0].waiters, "the demo's waiters handle its tables"
