"""The kitchen-queue item of a branch, as DynamoDB stores it (see docs/data-model.md).

One item per branch in the `branches` table, key `branch_id = kitchen-queue#{branchId}`, with
one attribute per open order: `o#{orderId}` = `{w: cook-minutes still queued, c: created_at}`.
The orders are top-level attributes, not entries of one map attribute, so that an UpdateItem
can SET or REMOVE any of them whether or not the item exists yet (a nested map path needs its
map to exist first), and one expression writes many orders.

The pure pieces (the key, decoding an item, building the update expressions) and the repository
that sends them.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..domain.pacing import KitchenQueue, QueuedOrder
from .dynamodb import transaction_connection
from .models import BranchRecord

KEY_PREFIX = "kitchen-queue#"
ORDER_PREFIX = "o#"
# DynamoDB caps an expression at 4 KB and 300 operators: 100 orders (`#o99 = :o99, ` is 14
# characters) stay far below both. A batch that touches more orders of one branch is split.
ORDERS_PER_UPDATE = 100


def queue_key(branch_id: str) -> dict[str, dict[str, str]]:
    return {"branch_id": {"S": f"{KEY_PREFIX}{branch_id}"}}


def queue_from_item(item: Mapping[str, Any] | None) -> KitchenQueue:
    """A stored item (DynamoDB's JSON) -> the queue; no item yet is an empty queue."""
    orders = {}
    for name, value in (item or {}).items():
        if name.startswith(ORDER_PREFIX):
            entry = value["M"]
            orders[name[len(ORDER_PREFIX):]] = QueuedOrder(float(entry["w"]["N"]), entry["c"]["S"])
    return KitchenQueue(orders)


@dataclass(frozen=True)
class QueueUpdate:
    """One UpdateItem's expression: the order ids go in as expression attribute names."""

    expression: str
    names: dict[str, str]
    values: dict[str, Any]


def _number(work: float) -> str:
    return format(round(work, 3), "f").rstrip("0").rstrip(".") or "0"


def queue_updates(changes: Mapping[str, QueuedOrder | None], per_update: int = ORDERS_PER_UPDATE) -> list[QueueUpdate]:
    """The updates that bring a queue item to `changes` (order id -> its entry, or None to
    drop it): absolute values, so applying them twice leaves the same item."""
    ordered = sorted(changes.items())
    updates = []
    for start in range(0, len(ordered), per_update):
        sets, removes, names, values = [], [], {}, {}
        for n, (order_id, entry) in enumerate(ordered[start:start + per_update]):
            names[f"#o{n}"] = f"{ORDER_PREFIX}{order_id}"
            if entry is None:
                removes.append(f"#o{n}")
            else:
                sets.append(f"#o{n} = :o{n}")
                values[f":o{n}"] = {"M": {"w": {"N": _number(entry.work)}, "c": {"S": entry.created_at}}}
        clauses = ([f"SET {', '.join(sets)}"] if sets else []) + ([f"REMOVE {', '.join(removes)}"] if removes else [])
        updates.append(QueueUpdate(" ".join(clauses), names, values))
    return updates


class KitchenQueueRepository:
    """Each branch's kitchen queue: one item (this module's docstring), read with one GetItem
    when an order is placed, written by the stream handler only (never in an order's
    transaction: every order of a branch would contend for the one item)."""

    def of_branch(self, branch_id: str) -> KitchenQueue:
        answer = transaction_connection().dispatch(
            "GetItem", {"TableName": BranchRecord.Meta.table_name, "Key": queue_key(branch_id)})
        return queue_from_item(answer.get("Item"))

    def apply(self, branch_id: str, changes: Mapping[str, QueuedOrder | None]) -> None:
        """Sets (or drops) the entries of the orders named: one UpdateItem per 100 orders."""
        for update in queue_updates(changes):
            request = {"TableName": BranchRecord.Meta.table_name, "Key": queue_key(branch_id),
                       "UpdateExpression": update.expression, "ExpressionAttributeNames": update.names}
            if update.values:
                request["ExpressionAttributeValues"] = update.values
            transaction_connection().dispatch("UpdateItem", request)
