"""The fake of `chalicelib.store.kitchen_queue.KitchenQueueRepository`."""
from __future__ import annotations

from collections.abc import Mapping

from chalicelib.domain.pacing import KitchenQueue, QueuedOrder
from tests.fakes.tables import Tables, _copy


class InMemoryKitchenQueues:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def of_branch(self, branch_id: str) -> KitchenQueue:
        return KitchenQueue(dict(_copy(self.db.queues.get(branch_id, {}))))

    def apply(self, branch_id: str, changes: Mapping[str, QueuedOrder | None]) -> None:
        queue = self.db.queues.setdefault(branch_id, {})
        for order_id, entry in changes.items():
            if entry is None:
                queue.pop(order_id, None)
            else:
                queue[order_id] = _copy(entry)
