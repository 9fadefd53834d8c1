"""Posting a batch's messages to every connection of their channels: one Query per channel
per batch, connections in parallel, each connection's messages in order and packed in as few
frames as fit (API Gateway bills per frame); gone ones dropped, but not the ones still
connecting (API Gateway answers them 410 too)."""
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
    frames: int = 0  # WebSocket messages posted (API Gateway bills each, per 32 KB): a frame carries one or more


FRAME_BYTES = 32 * 1024  # API Gateway's WebSocket frame limit, and its billing unit


def frames(queue: Sequence[tuple[int, str]]) -> list[tuple[list[int], str]]:
    """A connection's messages of one batch as few frames as fit: one message alone is sent as
    itself (`{...}`), several as a JSON array of them in order (`[{...},{...}]`), each frame at
    most 32 KB. Returns (the records the frame carries, the frame)."""
    out: list[tuple[list[int], str]] = []
    records: list[int] = []
    payloads: list[str] = []
    size = 0

    def close() -> None:
        if payloads:
            out.append((records.copy(), payloads[0] if len(payloads) == 1 else "[" + ",".join(payloads) + "]"))
            records.clear()
            payloads.clear()

    for record, payload in queue:
        length = len(payload.encode()) + 1  # its comma (or a bracket)
        if payloads and size + length + 1 > FRAME_BYTES:
            close()
            size = 0
        records.append(record)
        payloads.append(payload)
        size += length
    close()
    return out


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

    def _listeners_of(self, channels: list[str]) -> dict[str, tuple[list, Exception | None]]:
        """Each channel's listeners, the channels queried in parallel (a new order's batch
        names three: the diner's session, the branch, the kitchen; one after the other they
        were three round trips before the first push). A failed query is kept as its error:
        `deliver` fails the first record that needs that channel, as before."""
        def read(channel: str) -> tuple[str, list, Exception | None]:
            try:
                return channel, self._connections.listening(channel), None
            except Exception as exc:  # noqa: BLE001 - reported by deliver, in stream order
                return channel, [], exc

        found = _pool().map(timing.carried(read), channels) if len(channels) > 1 else map(read, channels)
        return {channel: (listening, error) for channel, listening, error in found}

    def deliver(self, deliveries: Sequence[Delivery]) -> FanoutReport:
        report = FanoutReport()
        listeners: dict[str, list[str]] = {}
        registered: dict[str, datetime | None] = {}
        queues: dict[str, list[tuple[int, str]]] = defaultdict(list)
        fetched = self._listeners_of(list(dict.fromkeys(c for d in deliveries for c in d.channels)))
        for delivery in deliveries:
            try:
                targets: set[str] = set()
                for channel in delivery.channels:
                    if channel not in listeners:
                        listening, error = fetched[channel]
                        if error is not None:
                            raise error
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

        def drain(connection_id: str) -> tuple[int, int, bool | None, int | None]:
            """Posts one connection's messages in order, packed in frames: (messages sent,
            frames sent, gone (None: not ready yet), record that failed)."""
            sent = posted = 0
            for records, payload in frames(queues[connection_id]):
                try:
                    self._post(connection_id, payload)
                except WebsocketDisconnectedError:
                    since = registered.get(connection_id)
                    if since is not None and since > connecting_since:
                        logger.info("push refused before the connection was ready; kept",
                                    extra={"connection_id": connection_id})
                        return sent, posted, None, None
                    self._connections.forget(connection_id)
                    return sent, posted, True, None
                except Exception:
                    logger.exception("push failed", extra={"connection_id": connection_id})
                    return sent, posted, False, records[0]
                sent += len(records)
                posted += 1
            return sent, posted, False, None

        connections = list(queues)
        results = list(_pool().map(timing.carried(drain), connections)) if len(connections) > 1 else [drain(c) for c in connections]
        for sent, posted, gone, failed in results:
            report.sent += sent
            report.frames += posted
            report.gone += int(gone is True)
            report.not_ready += int(gone is None)
            if failed is not None:
                report.failed_records.add(failed)
        return report
