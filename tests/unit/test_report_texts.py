"""The report texts read each fact kind through one written-out sub-select (`{latest:kind}`):
the scope's partitions, then the highest version per fact_id (exactly once)."""
from __future__ import annotations

import re

import pytest

from chalicelib.reports import queries
from chalicelib.reports.queries import Scope, bind, kinds_read, names, text


def test_every_text_reads_its_kinds_through_the_latest_version_of_each_fact():
    for name in names():
        sql = text(name)
        assert "{latest:" not in sql, name
        assert kinds_read(name), f"{name} reads no fact kind"
        for kind in kinds_read(name):
            assert sql.count(f"FROM {kind}\n") == sql.count(f"FROM {kind}\n        WHERE chain = :chain"), (name, kind)
        assert sql.count("row_number() OVER (PARTITION BY fact_id ORDER BY version DESC") == len(
            re.findall(r"\bFROM (\w+)\n        WHERE chain = :chain", sql)), name


def test_the_values_are_bound_in_the_order_of_their_markers():
    sql, values = bind("options", Scope("ch_1", ("br_a", "br_b"), "2026-03-01", "2026-03-07"))
    assert sql.count("?") == len(values) == 2 * 5  # two kinds read, each: chain, two branches, from, to
    assert values[:5] == ["ch_1", "br_a", "br_b", "2026-03-01", "2026-03-07"]
    assert "ch_1" not in sql and "br_a" not in sql


def test_an_unknown_kind_in_a_text_is_refused(tmp_path, monkeypatch):
    (tmp_path / "broken.sql").write_text("SELECT * FROM {latest:orders_of_mars}")
    monkeypatch.setattr(queries, "SQL_DIR", tmp_path)
    queries.text.cache_clear()
    try:
        with pytest.raises(ValueError, match="orders_of_mars"):
            text("broken")
    finally:
        queries.text.cache_clear()
