"""Independent reads of one request, side by side: a REST answer that needs several items whose
keys it already knows waits for the slowest read, not for their sum (GET /session: ten reads,
three round trips). Each call runs on a small pool, timed by the caller's stopwatch
(`timing.carried`: its AWS waits and CPU count once, as the fan-out's do)."""
from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import timing

READ_WORKERS = 8  # the most reads one answer makes side by side


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=READ_WORKERS, thread_name_prefix="reads")


def _run(call: Callable[[], Any]) -> Any:
    return call()


def in_parallel(*calls: Callable[[], Any]) -> list[Any]:
    """The calls' results, in their order, once all have finished. A call that raised makes this
    raise its exception, the first one's in argument order (so a caller that lists its checks
    first gets their error, not a later read's)."""
    futures = [_pool().submit(timing.carried(_run), call) for call in calls]
    return [future.result() for future in futures]
