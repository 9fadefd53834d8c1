"""Posting a batch's messages to every connection of their channels: one Query per channel
per batch, connections in parallel, each connection's messages in order; gone ones dropped,
but not the ones still connecting (API Gateway answers them 410 too)."""
from __future__ import annotations

import functools
import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from chalice import WebsocketDisconnectedError

from .. import timing
from ..config import settings
from ..domain.clock import utcnow
from ..observability import logger
from ..ports import ConnectionRepository


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
    not_ready: int = 0  # answered 410 while maybe still in $connect: kept, they catch up by themselves
    failed_records: set[int] = field(default_factory=set)


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=settings.fanout_workers, thread_name_prefix="fanout")


class Fanout:
    """Sends a batch's deliveries. Each channel is queried once for the whole batch (a rush
    puts many orders of one branch in a batch: its POS and kitchen channels are read once,
    not once per order). Every connection gets its messages in the batch's order, one after
    the other; different connections are served in parallel by a bounded pool.

    A connection that answers 410 (gone) is removed and is not an error, unless it registered
    less than `settings.connect_grace_s` ago: API Gateway answers 410 to a connection whose
    `$connect` has not returned yet (and the subscription is written inside `$connect`), so
    such a 410 may come from a screen about to open. That connection keeps its subscriptions
    and gets nothing more in this batch; what it missed was stored before it was ready, and
    the page re-reads once its first pong proves posts reach it. A really gone young one is
    removed by a later 410, its `$disconnect`, or its rows' TTL. Any other failure marks the
    delivery's record failed (the stream retries it, and everything after it: clients ignore a
    message version they have already seen) and stops that connection's later messages in
    this batch, so a retry never delivers them out of order."""

    def __init__(self, connections: ConnectionRepository, post: Callable[[str, str], None]) -> None:
        self._connections = connections
        self._post = post

    def deliver(self, deliveries: Sequence[Delivery]) -> FanoutReport:
        report = FanoutReport()
        listeners: dict[str, list[str]] = {}
        registered: dict[str, datetime | None] = {}
        queues: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for delivery in deliveries:
            try:
                targets: set[str] = set()
                for channel in delivery.channels:
                    if channel not in listeners:
                        listening = self._connections.listening(channel)
                        registered.update(listening)
                        listeners[channel] = [listener.connection_id for listener in listening]
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

        connecting_since = utcnow() - timedelta(seconds=settings.connect_grace_s)

        def drain(connection_id: str) -> tuple[int, bool | None, int | None]:
            """Posts one connection's messages in order: (sent, gone (None: not ready yet),
            record that failed)."""
            sent = 0
            for record, payload in queues[connection_id]:
                try:
                    self._post(connection_id, payload)
                except WebsocketDisconnectedError:
                    since = registered.get(connection_id)
                    if since is not None and since > connecting_since:
                        logger.info("push refused before the connection was ready; kept",
                                    extra={"connection_id": connection_id})
                        return sent, None, None
                    self._connections.forget(connection_id)
                    return sent, True, None
                except Exception:
                    logger.exception("push failed", extra={"connection_id": connection_id})
                    return sent, False, record
                sent += 1
            return sent, False, None

        connections = list(queues)
        results = list(_pool().map(timing.carried(drain), connections)) if len(connections) > 1 else [drain(c) for c in connections]
        for sent, gone, failed in results:
            report.sent += sent
            report.gone += int(gone is True)
            report.not_ready += int(gone is None)
            if failed is not None:
                report.failed_records.add(failed)
        return report
