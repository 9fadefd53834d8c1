"""The indexes whose items change often hold keys only (a kitchen bump or a session's running total
writes no copy to them); their readers query the keys, then read the items in the index's order,
and leave out what changed between the two reads."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import boto3
import pytest
from pynamodb.signals import post_dynamodb_send

from chalicelib.domain.orders import Order, OrderLine, OrderStatus
from chalicelib.domain.sessions import SessionStatus, TableSession
from chalicelib.domain.venues import Branch, Chain, DiningTable
from chalicelib.ports import Repositories
from chalicelib.store.models import OrderRecord, ServiceRequestRecord, SessionRecord

BRANCH = "br_b"


@pytest.fixture
def repos(aws) -> Repositories:
    from chalicelib import bootstrap

    built = bootstrap.repositories.__wrapped__()
    built.venues.save_chain(Chain("ch_c", "Chain", "PEN", ["es"]))
    built.venues.add_branch(Branch(BRANCH, "ch_c", "b-slug", "Branch", "PEN", ["es"]))
    for code in ("T1", "T2"):
        built.venues.add_table(DiningTable(BRANCH, code, f"Table {code}"))
    return built


def _active(repos: Repositories, sid: str = "s1", code: str = "T1", started: str = "2026-12-01T12:00:00Z") -> None:
    repos.sessions.open_for_staff(TableSession(id=sid, branch_id=BRANCH, table_code=code,
                                               status=SessionStatus.ACTIVE, started_at=started))


def _order(repos: Repositories, oid: str, created: str, sid: str = "s1") -> None:
    placed = Order(id=oid, session_id=sid, branch_id=BRANCH, table_code="T1", customer_id="c1", customer_name="Ana",
                   currency="PEN", lines=[OrderLine("l1", "item", "Dish", 1, 1000)], created_at=created,
                   updated_at=created)
    repos.orders.add(placed, repos.sessions.get(sid), 0, None)


@contextmanager
def after_the_first_query_of(table: str, meanwhile: Callable[[], None]) -> Iterator[list[str]]:
    """Runs `meanwhile` once, right after the first Query of `table` has its answer (PynamoDB's
    post-send signal): a write that lands between a reader's index query and its item reads."""
    ran: list[str] = []

    def between(_connection, operation_name: str, table_name: str, **_) -> None:
        if operation_name == "Query" and table_name == table and not ran:
            ran.append(operation_name)
            meanwhile()

    with post_dynamodb_send.connected_to(between):
        yield ran


def test_the_indexes_that_change_often_hold_keys_only(aws):
    ddb = boto3.client("dynamodb", region_name="us-east-1")
    projected = {
        (model.Meta.table_name, index["IndexName"]): index["Projection"]["ProjectionType"]
        for model in (OrderRecord, SessionRecord, ServiceRequestRecord)
        for index in ddb.describe_table(TableName=model.Meta.table_name)["Table"]["GlobalSecondaryIndexes"]
    }
    assert projected == {
        (OrderRecord.Meta.table_name, "session-keys-index"): "KEYS_ONLY",
        (OrderRecord.Meta.table_name, "branch-open-keys-index"): "KEYS_ONLY",
        (SessionRecord.Meta.table_name, "branch-state-keys-index"): "KEYS_ONLY",
        (ServiceRequestRecord.Meta.table_name, "session-keys-index"): "KEYS_ONLY",
        # an open request is small and enters and leaves its index once: a full copy costs no more
        (ServiceRequestRecord.Meta.table_name, "branch-open-index"): "ALL",
    }


def test_an_order_served_between_the_index_query_and_the_read_is_not_on_the_board(repos):
    # Given two open orders
    _active(repos)
    _order(repos, "o1", "2026-12-01T12:01:00Z")
    _order(repos, "o2", "2026-12-01T12:02:00Z")

    def serve_o1() -> None:
        served = repos.orders.get("o1")
        served.status = OrderStatus.SERVED
        repos.orders.save(served)

    # When o1 is served after the board's index query listed it, before its items are read
    with after_the_first_query_of(OrderRecord.Meta.table_name, serve_o1) as ran:
        board = repos.orders.open_of_branch(BRANCH)
    # Then the board does not show it
    assert ran
    assert [o.id for o in board] == ["o2"]


def test_a_session_closed_between_the_index_query_and_the_read_is_not_among_the_active(repos):
    _active(repos, "s1", "T1", "2026-12-01T12:00:00Z")
    _active(repos, "s2", "T2", "2026-12-01T12:10:00Z")

    def close_s2() -> None:
        closing = repos.sessions.get("s2")
        closing.close("2026-12-01T13:00:00Z")
        repos.sessions.end(closing, SessionStatus.ACTIVE)

    with after_the_first_query_of(SessionRecord.Meta.table_name, close_s2) as ran:
        found = repos.sessions.of_branch(BRANCH, SessionStatus.ACTIVE)
    assert ran
    assert [s.id for s in found] == ["s1"]


def test_an_order_gone_between_the_index_query_and_the_read_is_skipped(repos):
    _active(repos)
    _order(repos, "o1", "2026-12-01T12:01:00Z")
    _order(repos, "o2", "2026-12-01T12:02:00Z")
    with after_the_first_query_of(OrderRecord.Meta.table_name, lambda: OrderRecord("o2").delete()) as ran:
        orders = repos.orders.of_session("s1")
    assert ran
    assert [o.id for o in orders] == ["o1"]


def test_more_orders_than_one_batch_read_come_back_whole_and_in_the_index_order(repos):
    # Given 130 orders of one session (BatchGetItem reads at most 100 keys a request)
    _active(repos)
    ids = [f"o{n:03d}" for n in range(130)]
    for n, oid in enumerate(ids):
        _order(repos, oid, f"2026-12-01T12:{n // 60:02d}:{n % 60:02d}Z")
    # Then the session's orders are all there, newest first, and so is the kitchen's board, oldest first
    assert [o.id for o in repos.orders.of_session("s1")] == list(reversed(ids))
    assert [o.id for o in repos.orders.open_of_branch(BRANCH)] == ids
