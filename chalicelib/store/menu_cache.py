"""The chains' menus this container read last, each kept under the menu version it was read at
(docs/decisions.md, "The menu is cached per container, keyed by its version").

A reader asks with the version it has just read (strongly consistent) and gets the menu back
only when that version is the one the menu was kept under; every write to the menu partition
changes the version in the same transaction, so what comes back is never older than what was
committed before the version was read. Each reader gets its own copy: nothing a request does to
its menu can reach the next request.
"""
from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from ..domain.menu import ChainMenu

MAX_CHAINS = 8
MAX_AGE_S = 300.0  # a write that skipped the version (a hand edit in the console) shows within this


@dataclass(frozen=True)
class _Kept:
    version: Hashable
    frozen: bytes  # the menu pickled: immutable, and a private copy per reader for ~0.1 ms
    kept_at: float


class MenuCache:
    """Bounded (least recently used chains go first) and safe to share between threads."""

    def __init__(self, max_chains: int = MAX_CHAINS, max_age_s: float = MAX_AGE_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._max_chains = max_chains
        self._max_age_s = max_age_s
        self._clock = clock
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, chain_id: str, version: Hashable) -> ChainMenu | None:
        """The chain's menu if it was kept under `version` (and not too long ago), else None."""
        with self._lock:
            kept = self._kept.get(chain_id)
            if kept is None or kept.version != version or self._clock() - kept.kept_at > self._max_age_s:
                return None
            self._kept.move_to_end(chain_id)
        return pickle.loads(kept.frozen)  # noqa: S301 - our own bytes, made below in this process

    def put(self, chain_id: str, version: Hashable, menu: ChainMenu) -> None:
        """Keeps `menu`, read after `version` was (so it is at least that new)."""
        kept = _Kept(version, pickle.dumps(menu, protocol=pickle.HIGHEST_PROTOCOL), self._clock())
        with self._lock:
            self._kept[chain_id] = kept
            self._kept.move_to_end(chain_id)
            while len(self._kept) > self._max_chains:
                self._kept.popitem(last=False)
