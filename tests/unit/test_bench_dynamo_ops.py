"""bench/dynamo_ops.py's index writes follow DynamoDB's rules (Developer Guide, "Provisioned
throughput considerations for global secondary indexes"): nothing when the item is in the index
neither before nor after or only unprojected attributes changed, one write to put an entry in or
take it out, two when an index key changed, one when a projected attribute changed; an entry is
as large as what the index projects."""
from __future__ import annotations

import os

import pytest

from tests.unit.bench_scripts import bench_script

TABLE_KEYS = ("order_id",)
OPEN_INDEX = {"KeySchema": [{"AttributeName": "branch_id", "KeyType": "HASH"},
                            {"AttributeName": "open_since", "KeyType": "RANGE"}]}


@pytest.fixture(scope="module")
def bench():
    environment = dict(os.environ)
    try:
        with bench_script("dynamo_ops", "dynamo_ops.py") as module:
            yield module
    finally:  # the script sets its own AWS and Comanda variables when loaded
        os.environ.clear()
        os.environ.update(environment)


def _order(open_since: str | None = "t1#o1", status: str = "new", lines: str = "x" * 1500) -> dict:
    item = {"order_id": {"S": "o1"}, "branch_id": {"S": "b1"}, "status": {"S": status}, "lines": {"S": lines}}
    if open_since is not None:
        item["open_since"] = {"S": open_since}
    return item


def _index(bench, projection: dict):
    return bench.IndexShape.described({**OPEN_INDEX, "Projection": projection})


def test_a_bump_writes_no_copy_to_a_keys_only_index(bench):
    index = _index(bench, {"ProjectionType": "KEYS_ONLY"})
    assert index.write_units(_order(), _order(lines="y" * 1500), TABLE_KEYS) == 0


def test_a_bump_rewrites_the_whole_order_in_an_all_index(bench):
    index = _index(bench, {"ProjectionType": "ALL"})
    assert index.write_units(_order(), _order(lines="y" * 1500), TABLE_KEYS) == 2  # 1.5 KB: 2 WRU
    assert index.write_units(_order(), _order(lines="y" * 1500), TABLE_KEYS, transactional=True) == 4


def test_an_item_outside_the_index_before_and_after_writes_nothing(bench):
    index = _index(bench, {"ProjectionType": "ALL"})
    assert index.write_units(_order(open_since=None), _order(open_since=None, status="served"), TABLE_KEYS) == 0


def test_entering_or_leaving_the_index_writes_the_entry_once(bench):
    keys_only = _index(bench, {"ProjectionType": "KEYS_ONLY"})
    assert keys_only.write_units(None, _order(), TABLE_KEYS) == 1
    assert keys_only.write_units(_order(), _order(open_since=None, status="served"), TABLE_KEYS) == 1
    everything = _index(bench, {"ProjectionType": "ALL"})
    assert everything.write_units(None, _order(), TABLE_KEYS) == 2  # the whole 1.5 KB order


def test_a_changed_index_key_writes_twice(bench):
    index = _index(bench, {"ProjectionType": "KEYS_ONLY"})
    assert index.write_units(_order(open_since="t1#o1"), _order(open_since="t2#o1"), TABLE_KEYS) == 2


def test_an_included_attribute_writes_once_at_the_projected_size(bench):
    index = _index(bench, {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["status"]})
    assert index.write_units(_order(), _order(status="ready"), TABLE_KEYS) == 1  # a few bytes, not 1.5 KB
    assert index.write_units(_order(), _order(lines="y" * 1500), TABLE_KEYS) == 0  # not projected
