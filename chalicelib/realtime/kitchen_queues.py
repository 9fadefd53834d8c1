"""The branches' kitchen queues follow the orders' stream (docs/decisions.md).

Each order record of a batch gives its order's entry as the record's new image has it
(`pacing.queue_entry`: the cook-minutes still queued, or nothing once the kitchen is done
with it). Entries are absolute, so a redelivered record writes what is already there. A
branch's entries of the whole batch go out together, in one UpdateItem (more only when a
batch touches over a hundred of its orders). A record that leaves its order's entry as it
was (a table move, a line served) writes nothing.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..domain.pacing import QueuedOrder, queue_entry
from ..observability import logger
from ..ports import KitchenQueueRepository
from ..store.models import OrderRecord
from ..store.orders import order_from_record
from .messages import table_of


def _entries(change: dict[str, Any]) -> tuple[str, str, QueuedOrder | None, QueuedOrder | None]:
    """(branch id, order id, entry before, entry after) of one order record."""
    old = order_from_record(OrderRecord.from_raw_data(change["OldImage"])) if "OldImage" in change else None
    new = order_from_record(OrderRecord.from_raw_data(change["NewImage"])) if "NewImage" in change else None
    order = new or old
    if order is None:
        raise ValueError("An order record without an image.")
    return (order.branch_id, order.id, queue_entry(old) if old else None, queue_entry(new) if new else None)


def follow_orders(records: Sequence[dict[str, Any]], queues: KitchenQueueRepository) -> set[int]:
    """Brings each branch's kitchen queue up to the batch's order records. Returns the
    indexes of the records that failed (unreadable, or their branch's update failed): the
    stream redelivers from the first of them, and rewriting the same entries is harmless."""
    orders_table = OrderRecord.Meta.table_name
    changes: dict[str, dict[str, QueuedOrder | None]] = defaultdict(dict)
    sources: dict[str, list[int]] = defaultdict(list)
    failed: set[int] = set()
    for index, record in enumerate(records):
        if table_of(record.get("eventSourceARN", "")) != orders_table:
            continue
        try:
            branch_id, order_id, before, after = _entries(record.get("dynamodb", {}))
        except Exception:
            logger.exception("order record could not be read for the kitchen queue",
                             extra={"sequence": record.get("dynamodb", {}).get("SequenceNumber")})
            failed.add(index)
            continue
        if before == after and order_id not in changes.get(branch_id, {}):
            continue
        changes[branch_id][order_id] = after  # a later record of the same order wins: stream order
        sources[branch_id].append(index)
    for branch_id, entries in changes.items():
        try:
            queues.apply(branch_id, entries)
        except Exception:
            logger.exception("kitchen queue update failed", extra={"branch_id": branch_id, "orders": len(entries)})
            failed.update(sources[branch_id])
    return failed
