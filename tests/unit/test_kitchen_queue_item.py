"""The kitchen-queue item as DynamoDB stores it: the update expressions the stream handler sends
and the item the estimate reads back."""
from __future__ import annotations

from chalicelib.domain.pacing import KitchenQueue, QueuedOrder
from chalicelib.store.kitchen_queue import ORDERS_PER_UPDATE, queue_from_item, queue_key, queue_updates

CREATED = "2026-11-30T01:00:00.000Z"


def applied(item: dict, update) -> dict:
    """What DynamoDB does with one of our expressions (SET a = :v, ... REMOVE b, ...)."""
    out = dict(item)
    for clause in update.expression.replace("REMOVE", "\nREMOVE").split("\n"):
        clause = clause.strip()
        if clause.startswith("SET "):
            for assignment in clause[4:].split(", "):
                name, value = assignment.split(" = ")
                out[update.names[name]] = update.values[value]
        elif clause.startswith("REMOVE "):
            for name in clause[7:].split(", "):
                out.pop(update.names[name], None)
    return out


def test_one_expression_sets_the_orders_still_queued_and_removes_the_finished_ones():
    [update] = queue_updates({"01A": QueuedOrder(22.5, CREATED), "01B": None, "01C": QueuedOrder(15, CREATED)})
    assert update.expression == "SET #o0 = :o0, #o2 = :o2 REMOVE #o1"
    assert update.names == {"#o0": "o#01A", "#o1": "o#01B", "#o2": "o#01C"}
    assert update.values[":o0"] == {"M": {"w": {"N": "22.5"}, "c": {"S": CREATED}}}
    assert update.values[":o2"]["M"]["w"] == {"N": "15"}


def test_only_removals_send_no_values():
    [update] = queue_updates({"01A": None})
    assert (update.expression, update.values) == ("REMOVE #o0", {})


def test_the_orders_are_names_never_part_of_the_expression_text():
    [update] = queue_updates({"01A.b c#d": QueuedOrder(1, CREATED)})
    assert "01A" not in update.expression and update.names["#o0"] == "o#01A.b c#d"


def test_a_batch_touching_many_orders_of_a_branch_is_split_within_dynamodb_s_limits():
    changes = {f"01J{n:023d}": QueuedOrder(n + 0.25, CREATED) if n % 3 else None for n in range(250)}
    updates = queue_updates(changes)
    assert [len(u.names) for u in updates] == [ORDERS_PER_UPDATE, ORDERS_PER_UPDATE, 50]
    assert all(len(u.expression.encode()) < 4096 for u in updates)  # DynamoDB's expression limit: 4 KB
    assert sorted(name for u in updates for name in u.names.values()) == sorted(f"o#{o}" for o in changes)


def test_the_item_written_by_the_updates_reads_back_as_the_queue():
    item = {**queue_key("br_1"), "o#gone": {"M": {"w": {"N": "3"}, "c": {"S": CREATED}}}}
    changes = {"gone": None, "a": QueuedOrder(7.5, CREATED), "b": QueuedOrder(12, "2026-11-30T01:01:00.000Z")}
    for update in queue_updates(changes):
        item = applied(item, update)
    assert queue_from_item(item) == KitchenQueue({"a": QueuedOrder(7.5, CREATED),
                                                 "b": QueuedOrder(12, "2026-11-30T01:01:00.000Z")})


def test_applying_the_same_updates_twice_leaves_the_same_item():
    changes = {"a": QueuedOrder(7.5, CREATED), "b": None}
    once = twice = queue_key("br_1")
    for update in queue_updates(changes):
        once = applied(once, update)
    for update in queue_updates(changes) * 2:
        twice = applied(twice, update)
    assert once == twice


def test_a_branch_without_an_item_has_an_empty_queue():
    assert queue_from_item(None) == KitchenQueue()
    assert queue_from_item(queue_key("br_1")) == KitchenQueue()
    assert queue_key("br_1") == {"branch_id": {"S": "kitchen-queue#br_1"}}
