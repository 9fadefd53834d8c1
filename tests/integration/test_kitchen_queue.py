"""Each branch's kitchen queue, kept by the real stream handler from the orders' stream on moto,
and read by the wait estimate of the next order."""
from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta, timezone

import boto3

from chalicelib import bootstrap
from chalicelib.domain.clock import iso
from chalicelib.domain.pacing import QueuedOrder
from chalicelib.realtime.stream import handle_stream_batch
from chalicelib.store.kitchen_queue import queue_key
from chalicelib.store.models import BranchRecord
from tests.integration.test_realtime import deliver, sockets, streams  # noqa: F401 - fixtures

DOWNTOWN, MIRAFLORES = "br_downtown-lima", "br_miraflores"
CEVICHE, LOMO = 10, 15  # the demo's prep minutes of ceviche-clasico and lomo-saltado


def queue(branch_id: str = DOWNTOWN) -> dict[str, QueuedOrder]:
    return dict(bootstrap.repositories().kitchen_queues.of_branch(branch_id).orders)


def stored_item(branch_id: str = DOWNTOWN) -> dict | None:
    answer = boto3.client("dynamodb", region_name="us-east-1").get_item(
        TableName=BranchRecord.Meta.table_name, Key=queue_key(branch_id), ConsistentRead=True)
    return answer.get("Item")


def order(api, token: str, *items: tuple[str, int]):
    reply = api.post("/session/orders", {"items": [{"menuItemId": item, "quantity": qty} for item, qty in items]},
                     token=token)
    assert reply.status == 201, reply.body
    return reply.body


def bump(api, staff: str, placed: dict, line: int, status: str) -> None:
    reply = api.post(f"/staff/orders/{placed['id']}/items/{placed['items'][line]['id']}/status", {"status": status},
                     token=staff)
    assert reply.status == 200, reply.body


def test_the_queue_follows_an_order_from_placed_to_gone(api, streams, sockets):
    # Given a seated diner and the kitchen
    diner = api.seated_diner()
    kitchen = api.login("kitchen@downtown.demo.comanda")
    # When she orders two lomos and a ceviche, and the stream handler runs
    placed = order(api, diner["token"], ("lomo-saltado", 2), ("ceviche-clasico", 1))
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    # Then the branch's queue holds the order's cook-minutes (a second portion costs half)
    assert queue() == {placed["id"]: QueuedOrder(LOMO * 1.5 + CEVICHE, placed["createdAt"])}
    # a line being cooked weighs half
    bump(api, kitchen, placed, 0, "preparing")
    deliver(streams, sockets)
    assert queue()[placed["id"]].work == LOMO * 1.5 / 2 + CEVICHE
    # a ready line weighs nothing
    bump(api, kitchen, placed, 0, "ready")
    deliver(streams, sockets)
    assert queue()[placed["id"]].work == CEVICHE
    # once every line is ready, the order leaves the queue; serving it changes nothing
    bump(api, kitchen, placed, 1, "ready")
    deliver(streams, sockets)
    assert queue() == {}
    bump(api, diner["staff"], placed, 0, "served")
    bump(api, diner["staff"], placed, 1, "served")
    deliver(streams, sockets)
    assert queue() == {} and set(stored_item()) == {"branch_id"}


def test_a_cancelled_order_leaves_the_queue(api, streams, sockets):
    diner = api.seated_diner()
    placed = order(api, diner["token"], ("lomo-saltado", 1))
    deliver(streams, sockets)
    assert placed["id"] in queue()
    reply = api.post(f"/staff/orders/{placed['id']}/status", {"status": "cancelled"}, token=diner["staff"])
    assert reply.status == 200, reply.body
    deliver(streams, sockets)
    assert queue() == {}


def test_a_redelivered_batch_leaves_the_same_queue(api, streams, sockets):
    # Given two orders and a bump, handled once
    diner = api.seated_diner()
    first = order(api, diner["token"], ("lomo-saltado", 1))
    second = order(api, diner["token"], ("ceviche-clasico", 2))
    bump(api, diner["staff"], first, 0, "preparing")
    event = streams.drain()
    assert handle_stream_batch(copy.deepcopy(event), None, sockets.post) == {"batchItemFailures": []}
    once = stored_item()
    # When Lambda delivers the same batch again (as it retries from a failed record on)
    assert handle_stream_batch(copy.deepcopy(event), None, sockets.post) == {"batchItemFailures": []}
    # Then the item is exactly as after the first delivery
    assert stored_item() == once
    assert queue() == {first["id"]: QueuedOrder(LOMO / 2, first["createdAt"]),
                       second["id"]: QueuedOrder(CEVICHE * 1.5, second["createdAt"])}


def test_the_next_order_s_estimate_counts_the_queue_once_the_stream_has_processed_it(api, streams, sockets):
    # Given a busy table whose orders the stream has not handled yet
    busy, other = api.seated_diner(code="T12"), api.seated_diner(code="T5", name="Luis")
    for _ in range(3):
        order(api, busy["token"], ("lomo-saltado", 3))
    # Then an order placed now is estimated against an empty kitchen (the queue lags the orders)
    alone = order(api, other["token"], ("chicha-morada", 1))["estimate"]
    # When the stream handler has run, the same order is estimated behind the lomos
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    behind = order(api, other["token"], ("chicha-morada", 1))["estimate"]
    assert behind["minMinutes"] > alone["maxMinutes"]
    # 3 orders of 3 lomos (15 + 7.5 + 7.5 min each) and the first chicha (3) shared by 3 cooks
    assert len(queue()) == 4 and sum(entry.work for entry in queue().values()) == 3 * 30 + 3


def test_two_branches_keep_their_own_queues(api, streams, sockets):
    downtown = api.seated_diner()
    miraflores = api.seated_diner(slug="miraflores", code="T1")
    at_downtown = order(api, downtown["token"], ("lomo-saltado", 1))
    at_miraflores = order(api, miraflores["token"], ("ceviche-clasico", 1))
    assert deliver(streams, sockets) == {"batchItemFailures": []}
    assert queue(DOWNTOWN) == {at_downtown["id"]: QueuedOrder(LOMO, at_downtown["createdAt"])}
    assert queue(MIRAFLORES) == {at_miraflores["id"]: QueuedOrder(CEVICHE, at_miraflores["createdAt"])}


def test_a_queue_update_that_fails_reports_its_records_for_retry(api, streams, sockets):
    # Given an order whose record reaches the stream handler while the queue's table is gone
    diner = api.seated_diner()
    placed = order(api, diner["token"], ("lomo-saltado", 1))
    event = streams.drain()
    boto3.client("dynamodb", region_name="us-east-1").delete_table(TableName=BranchRecord.Meta.table_name)
    # When the batch is handled
    answer = handle_stream_batch(event, None, sockets.post)
    # Then the order's record, and only it, is reported failed: the stream will retry it
    [record] = [r for r in event["Records"] if r["dynamodb"]["Keys"].get("order_id") == {"S": placed["id"]}]
    assert answer == {"batchItemFailures": [{"itemIdentifier": record["dynamodb"]["SequenceNumber"]}]}
    assert len(event["Records"]) > 1  # the session's records went through


def test_many_orders_of_one_branch_are_written_in_several_updates_and_read_back(world):
    queues = bootstrap.repositories().kitchen_queues
    entries = {f"01J{n:023d}": QueuedOrder(n + 0.5, f"2026-11-30T01:{n % 60:02d}:00.000Z") for n in range(250)}
    queues.apply(DOWNTOWN, entries)
    assert dict(queues.of_branch(DOWNTOWN).orders) == entries
    queues.apply(DOWNTOWN, dict.fromkeys(list(entries)[:200]))
    assert dict(queues.of_branch(DOWNTOWN).orders) == dict(list(entries.items())[200:])
    assert queues.of_branch(MIRAFLORES).orders == {}


def test_orders_left_open_for_half_a_day_leave_the_queue_when_the_next_order_reads_it(api, streams, sockets):
    # Given a queue holding an order placed 13 hours ago (never bumped) and one placed an hour ago
    queues = bootstrap.repositories().kitchen_queues
    now = datetime.now(UTC)
    old = {"01JOLDOLDOLDOLDOLDOLDOLDOLD": QueuedOrder(30.0, iso(now - timedelta(hours=13))),
           "01JRECENTRECENTRECENTRECEN": QueuedOrder(12.0, iso(now - timedelta(hours=1)))}
    queues.apply(DOWNTOWN, old)
    # When a diner orders
    diner = api.seated_diner()
    order(api, diner["token"], ("ceviche-clasico", 1))
    # Then the stale entry is gone from the item, the recent one stays
    assert list(queue()) == ["01JRECENTRECENTRECENTRECEN"]
