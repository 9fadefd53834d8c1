"""What every repository shares: one strongly consistent read of a record, the items a keys-only
index lists, the connection transactions go through, telling a refused condition from other
errors, and the keys of the lookup items (slug, email, phone)."""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist
from pynamodb.indexes import GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite as _TransactWrite

from ..config import settings

_CONDITION_CODES = {"ConditionalCheckFailedException", "ConditionalCheckFailed", "TransactionConflict"}


def _condition_failed(exc: Exception) -> bool:
    """True when DynamoDB refused a write because a condition (or a racing transaction) failed."""
    code = getattr(exc, "cause_response_code", None)
    if code in _CONDITION_CODES:
        return True
    reasons = getattr(exc, "cancellation_reasons", None) or []
    return any(reason is not None and reason.code in _CONDITION_CODES for reason in reasons)


@functools.cache
def transaction_connection() -> Connection:
    """One PynamoDB connection for transactions (and the kitchen queue's raw item requests),
    built on first use (reset by bootstrap.reset)."""
    return Connection(region=settings.region)


def TransactWrite() -> _TransactWrite:  # noqa: N802 - reads as the PynamoDB class it builds
    return _TransactWrite(connection=transaction_connection())


def _get(model, *key):
    try:
        return model.get(*key, consistent_read=True)
    except DoesNotExist:
        return None


_M = TypeVar("_M", bound=Model)


def query_then_get(model: type[_M], index: GlobalSecondaryIndex[_M], hash_key: str, key: Callable[[_M], str], *,
                   still: Callable[[_M], bool] | None = None, **query: Any) -> list[_M]:
    """The items a keys-only index lists under `hash_key`, in the index's order: one Query for
    their keys (`query`: its range condition, direction, limit), then BatchGetItem (PynamoDB's
    `batch_get`: 100 keys a request, unprocessed keys sent again). An item deleted between the
    two reads is left out, and so is one for which `still` no longer holds (it left a sparse
    index, or its index key moved, since the index was read).

    The items are read strongly consistent: the index is eventually consistent in any case, but
    `still` is only as good as the item it looks at, and the callers write on what they read
    (a bill, a move, a close) or show it to staff right after their own write (the POS and
    kitchen reload their board after a bump). It costs 1 RRU an item instead of 0.5."""
    keys = [key(entry) for entry in index.query(hash_key, **query)]
    if not keys:
        return []
    found = {key(item): item for item in model.batch_get(keys, consistent_read=True)}
    return [found[k] for k in keys if k in found and (still is None or still(found[k]))]


def lookup_key(kind: str, *parts: str) -> str:
    return "#".join((kind, *parts))
