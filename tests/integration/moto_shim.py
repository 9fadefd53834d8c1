"""The one shim the integration tests put on in-process moto (`mock_aws`), and how they reset it.

**Writes one at a time.** DynamoDB checks a write's conditions and applies it as one step (a
transaction too). In-process moto checks and then applies with nothing held in between, so two
threads of a race test can both pass the same condition; and it undoes a failed transaction by
restoring copies of whole tables, which can undo another thread's committed write. One lock
around the backend's four write methods gives the tests DynamoDB's guarantee; the local stack's
moto server gets the same from devstack/motoserver.py's middleware. tests/integration/
test_moto_shim.py fails when moto as shipped no longer needs it (then delete this lock) and
when moto renames a method it wraps. docs/decisions.md: "moto as shipped".

**Reset by snapshot.** Each test starts from a deep copy of the backend's `tables` (the
attribute moto's DynamoDB backend keeps its tables in; public, read and assigned, not patched)
taken once after the demo chain was seeded: milliseconds, where re-creating and re-seeding
would take a second per test.
"""
from __future__ import annotations

import copy
import functools
import threading
from typing import Any

WRITE_METHODS = ("put_item", "update_item", "delete_item", "transact_write_items")


def dynamodb_backend() -> Any:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    return dynamodb_backends[DEFAULT_ACCOUNT_ID]["us-east-1"]


def writes_one_at_a_time() -> None:
    """Wraps moto's DynamoDB backend write methods with one lock (idempotent)."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in WRITE_METHODS:
        method = getattr(DynamoDBBackend, name)
        if getattr(method, "one_at_a_time", False):
            continue

        def serialized(*args: Any, __method=method, **kwargs: Any) -> Any:
            with lock:
                return __method(*args, **kwargs)

        functools.update_wrapper(serialized, method)
        serialized.one_at_a_time = True  # type: ignore[attr-defined]
        setattr(DynamoDBBackend, name, serialized)


def snapshot() -> dict:
    """A deep copy of every table moto holds now."""
    return copy.deepcopy(dynamodb_backend().tables)


def restore(tables: dict) -> None:
    """Puts moto's tables back as `tables` held them (a copy: `tables` stays reusable)."""
    dynamodb_backend().tables = copy.deepcopy(tables)
