"""Optimistic concurrency: re-read and re-apply a change when someone else wrote first."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..domain.errors import ConcurrentUpdate

T = TypeVar("T")
ATTEMPTS = 4


def with_retries(attempt: Callable[[], T]) -> T:
    """Runs `attempt` (which reads fresh state, applies a domain move and writes it
    conditionally) until it wins or has lost ATTEMPTS times. Domain errors raised by the
    move itself (an illegal transition found on the fresh state) are not retried."""
    for _ in range(ATTEMPTS - 1):
        try:
            return attempt()
        except ConcurrentUpdate:
            continue
    return attempt()
