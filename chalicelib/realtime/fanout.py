"""Posting a message to every connection of its channels, in parallel, dropping gone ones."""
from __future__ import annotations

import functools
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Iterable

from chalice import WebsocketDisconnectedError

from ..config import settings
from ..store.repositories import ConnectionRepository


@dataclass
class FanoutReport:
    sent: int = 0
    gone: int = 0


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=settings.fanout_workers, thread_name_prefix="fanout")


class Fanout:
    """One Query per channel, then the posts in a bounded thread pool. A connection that
    answers 410 (gone) is removed and is not an error; any other failure is raised so the
    stream record is retried (clients ignore a message version they have already seen)."""

    def __init__(self, connections: ConnectionRepository, post: Callable[[str, str], None]) -> None:
        self._connections = connections
        self._post = post

    def publish(self, channels: Iterable[str], message: dict) -> FanoutReport:
        targets = sorted({cid for channel in channels for cid in self._connections.listeners(channel)})
        report = FanoutReport()
        if not targets:
            return report
        payload = json.dumps(message, separators=(",", ":"), ensure_ascii=False)

        def deliver(connection_id: str) -> bool:
            try:
                self._post(connection_id, payload)
                return True
            except WebsocketDisconnectedError:
                self._connections.forget(connection_id)
                return False

        results = list(_pool().map(deliver, targets)) if len(targets) > 1 else [deliver(targets[0])]
        report.sent = sum(results)
        report.gone = len(results) - report.sent
        return report
