"""Posting a batch's messages to every connection of their channels: one Query per channel
per batch, connections in parallel, each connection's messages in order; gone ones dropped."""
from __future__ import annotations

import functools
import json
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Sequence

from chalice import WebsocketDisconnectedError

from ..config import settings
from ..observability import logger
from ..store.repositories import ConnectionRepository


@dataclass(frozen=True)
class Delivery:
    """One message for some channels, on behalf of one stream record (its index in the batch)."""

    record: int
    channels: tuple[str, ...]
    message: dict


@dataclass
class FanoutReport:
    sent: int = 0
    gone: int = 0
    failed_records: set[int] = field(default_factory=set)


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=settings.fanout_workers, thread_name_prefix="fanout")


class Fanout:
    """Sends a batch's deliveries. Each channel is queried once for the whole batch (a rush
    puts many orders of one branch in a batch: its POS and kitchen channels are read once,
    not once per order). Every connection gets its messages in the batch's order, one after
    the other; different connections are served in parallel by a bounded pool.

    A connection that answers 410 (gone) is removed and is not an error. Any other failure
    marks the delivery's record failed (the stream retries it, and everything after it: clients
    ignore a message version they have already seen) and stops that connection's later
    messages in this batch, so a retry never delivers them out of order."""

    def __init__(self, connections: ConnectionRepository, post: Callable[[str, str], None]) -> None:
        self._connections = connections
        self._post = post

    def deliver(self, deliveries: Sequence[Delivery]) -> FanoutReport:
        report = FanoutReport()
        listeners: dict[str, list[str]] = {}
        queues: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for delivery in deliveries:
            try:
                targets: set[str] = set()
                for channel in delivery.channels:
                    if channel not in listeners:
                        listeners[channel] = self._connections.listeners(channel)
                    targets.update(listeners[channel])
            except Exception:
                # Nothing from here on is sent: the stream redelivers this record and every
                # later one, so no screen gets a later message before this one.
                logger.exception("listeners query failed", extra={"channels": list(delivery.channels)})
                report.failed_records.add(delivery.record)
                break
            if targets:
                payload = json.dumps(delivery.message, separators=(",", ":"), ensure_ascii=False)
                for connection_id in sorted(targets):
                    queues[connection_id].append((delivery.record, payload))

        def drain(connection_id: str) -> tuple[int, bool, int | None]:
            """Posts one connection's messages in order: (sent, gone, record that failed)."""
            sent = 0
            for record, payload in queues[connection_id]:
                try:
                    self._post(connection_id, payload)
                except WebsocketDisconnectedError:
                    self._connections.forget(connection_id)
                    return sent, True, None
                except Exception:
                    logger.exception("push failed", extra={"connection_id": connection_id})
                    return sent, False, record
                sent += 1
            return sent, False, None

        connections = list(queues)
        results = list(_pool().map(drain, connections)) if len(connections) > 1 else [drain(c) for c in connections]
        for sent, gone, failed in results:
            report.sent += sent
            report.gone += int(gone)
            if failed is not None:
                report.failed_records.add(failed)
        return report
