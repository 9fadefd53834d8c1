"""Every SQL text of the reports on DuckDB, over facts laid out as docs/reports.md says, in moto's
S3: three branches, two days, a fact delivered twice, a manager's two branches. Each figure below
is worked out by hand from tests/report_facts.py's small world."""
from __future__ import annotations

import pytest
from moto import mock_aws

from chalicelib.reports import queries
from chalicelib.reports.engines import DuckDbEngine
from chalicelib.reports.queries import Scope
from tests.report_facts import CHAIN, MON, TUE, write_small_world

BUCKET = "facts-for-sql-tests"
MANAGER = Scope(CHAIN, ("b1", "b2"), MON, TUE)   # two of the three branches, two days (not Wednesday)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with mock_aws():
        import boto3

        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        write_small_world(s3, BUCKET)
        yield DuckDbEngine(s3, BUCKET, cache_dir=tmp_path_factory.mktemp("facts"))


def run(engine, name: str, scope: Scope = MANAGER) -> list[dict]:
    table = engine.run(name, scope)
    return [dict(zip(table.columns, row, strict=True)) for row in table.rows]


def test_sales_by_day_per_branch_counts_the_redelivered_session_once(engine):
    assert run(engine, "sales_by_day") == [
        {"day": MON, "branch_id": "b1", "tables": 1, "guests": 2, "orders": 1, "sales": 5000, "tips": 500,
         "avg_check_table": 5000, "avg_check_guest": 2500},
        {"day": MON, "branch_id": "b2", "tables": 1, "guests": 3, "orders": 1, "sales": 9000, "tips": 900,
         "avg_check_table": 9000, "avg_check_guest": 3000},
        {"day": TUE, "branch_id": "b1", "tables": 1, "guests": 4, "orders": 1, "sales": 12000, "tips": 0,
         "avg_check_table": 12000, "avg_check_guest": 3000},
    ]


def test_sales_summary_average_check_per_table_and_per_guest(engine):
    assert run(engine, "sales_summary") == [{"tables": 3, "guests": 9, "orders": 3, "sales": 26000, "tips": 1400,
                                            "avg_check_table": 8667, "avg_check_guest": 2889}]


def test_one_branch_sees_only_its_own_figures(engine):
    only_b2 = Scope(CHAIN, ("b2",), MON, TUE)
    assert run(engine, "sales_summary", only_b2) == [{"tables": 1, "guests": 3, "orders": 1, "sales": 9000,
                                                     "tips": 900, "avg_check_table": 9000, "avg_check_guest": 3000}]
    assert [r["item_id"] for r in run(engine, "product_mix_items", only_b2)] == ["burger", "fries"]
    assert run(engine, "product_mix_items", only_b2)[0]["revenue"] == 1700


def test_product_mix_items_and_categories(engine):
    assert run(engine, "product_mix_items") == [
        {"item_id": "burger", "item_name": "Burger", "category_id": "mains", "quantity": 4, "revenue": 6600,
         "voided": 0},
        {"item_id": "fries", "item_name": "Fries", "category_id": "sides", "quantity": 1, "revenue": 500,
         "voided": 1},
    ]
    assert run(engine, "product_mix_categories") == [
        {"category_id": "mains", "quantity": 4, "revenue": 6600, "items": 1},
        {"category_id": "sides", "quantity": 1, "revenue": 500, "items": 1},
    ]


def test_options_of_served_lines_only(engine):
    assert run(engine, "options") == [{"group_id": "extras", "group_name": "Extras", "option_id": "cheese",
                                       "option_name": "Cheese", "lines": 2, "quantity": 3, "revenue": 600}]


def test_outages_how_often_and_how_long_items_were_86d(engine):
    assert run(engine, "outages") == [
        {"branch_id": "b1", "item_id": "fries", "item_name": "Fries", "times_86d": 2, "minutes_out": 30,
         "still_out": 1},
        {"branch_id": "b2", "item_id": "burger", "item_name": "Burger", "times_86d": 1, "minutes_out": 10,
         "still_out": 0},
    ]


def test_heatmap_by_weekday_and_hour(engine):
    assert run(engine, "heatmap") == [
        {"weekday": 1, "hour": 20, "orders": 2, "items": 4, "revenue": 5600},
        {"weekday": 2, "hour": 13, "orders": 1, "items": 1, "revenue": 1500},
    ]


def test_kitchen_times_per_dish_station_and_hour(engine):
    burger = {"lines": 3, "ready_p50_s": 600.0, "ready_p90_s": 840.0, "served_p50_s": 100.0, "served_p90_s": 116.0}
    fries = {"lines": 1, "ready_p50_s": 300.0, "ready_p90_s": 300.0, "served_p50_s": 60.0, "served_p90_s": 60.0}
    assert run(engine, "kitchen_by_dish") == [{"item_id": "burger", "item_name": "Burger", **burger},
                                              {"item_id": "fries", "item_name": "Fries", **fries}]
    assert run(engine, "kitchen_by_station") == [{"station_id": "fry", **fries}, {"station_id": "grill", **burger}]
    assert run(engine, "kitchen_by_hour") == [
        {"hour": 13, "lines": 1, "ready_p50_s": 900.0, "ready_p90_s": 900.0, "served_p50_s": 120.0,
         "served_p90_s": 120.0},
        {"hour": 20, "lines": 3, "ready_p50_s": 300.0, "ready_p90_s": 540.0, "served_p50_s": 100.0,
         "served_p90_s": 100.0},
    ]


def test_floor_times(engine):
    assert run(engine, "floor_summary") == [
        {"metric": "bill_to_close", "n": 2, "p50_s": 450.0, "p90_s": 570.0},
        {"metric": "join_approval", "n": 2, "p50_s": 30.0, "p90_s": 42.0},  # 15 s (w1) and 45 s (the table)
        {"metric": "session_approval", "n": 2, "p50_s": 90.0, "p90_s": 114.0},
        {"metric": "table_turn", "n": 3, "p50_s": 3600.0, "p90_s": 5040.0},
        {"metric": "waiter_call_ack", "n": 2, "p50_s": 60.0, "p90_s": 84.0},
    ]
    assert [(r["staff_id"], r["metric"], r["n"], r["p50_s"]) for r in run(engine, "floor_by_waiter")] == [
        ("w1", "bill_to_close", 1, 600.0), ("w1", "join_approval", 1, 15.0), ("w1", "table_turn", 1, 3600.0),
        ("w1", "waiter_call_ack", 1, 30.0), ("w2", "table_turn", 1, 5400.0), ("w2", "waiter_call_ack", 1, 90.0),
    ]


def test_loyalty(engine):
    assert run(engine, "loyalty_summary") == [{"new_members": 2, "active_members": 2, "returning_members": 1,
                                               "member_visits": 3, "visits": 9}]
    assert run(engine, "loyalty_weeks") == [{"week": MON, "new_members": 2, "member_visits": 3,
                                             "active_members": 2}]
    chain = Scope(CHAIN, ("b1", "b2", "b3", ""), MON, TUE)  # the chain: members who signed up at no branch too
    assert run(engine, "loyalty_summary", chain)[0]["new_members"] == 3


def test_a_range_with_no_facts_gives_empty_tables_not_errors(engine):
    nothing = Scope(CHAIN, ("b1",), "2025-01-01", "2025-01-02")
    for name in queries.names():
        table = engine.run(name, nothing)
        assert table.columns, name
    assert run(engine, "sales_summary", nothing) == [{"tables": 0, "guests": 0, "orders": 0, "sales": 0, "tips": 0,
                                                     "avg_check_table": None, "avg_check_guest": None}]


def test_every_text_is_tested_here():
    tested = {"sales_by_day", "sales_summary", "product_mix_items", "product_mix_categories", "options", "outages",
              "heatmap", "kitchen_by_dish", "kitchen_by_station", "kitchen_by_hour", "floor_summary",
              "floor_by_waiter", "loyalty_summary", "loyalty_weeks"}
    assert set(queries.names()) == tested


def test_values_are_parameters_never_pasted_into_the_text():
    sql, values = queries.bind("sales_summary", Scope(CHAIN, ("b1", "b2"), MON, TUE))
    assert CHAIN not in sql and "b1" not in sql and MON not in sql
    assert values == [CHAIN, "b1", "b2", MON, TUE] * 2
    with pytest.raises(ValueError):
        Scope(CHAIN, ("b1' OR '1'='1",), MON, TUE)
    with pytest.raises(ValueError):
        Scope(CHAIN, ("b1",), TUE, MON)
