"""What every repository shares: one strongly consistent read of a record, the connection
transactions go through, telling a refused condition from other errors, and the keys of the
lookup items (slug, email, phone)."""
from __future__ import annotations

import functools

from pynamodb.connection import Connection
from pynamodb.exceptions import DoesNotExist
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


def lookup_key(kind: str, *parts: str) -> str:
    return "#".join((kind, *parts))
