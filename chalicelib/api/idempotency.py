"""`Idempotency-Key` on creating POSTs, read from the request: the use case is run once per key
(services/idempotency.py) and the handler presents its result, first time or replay."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalice import Blueprint

from .. import bootstrap
from ..domain.errors import InvalidInput
from .parsing import header

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..services.idempotency import Once

MAX_KEY_LENGTH = 128


def once_per_key(bp: Blueprint, body: BaseModel | None) -> Once:
    """The request's Idempotency-Key and body, with the store the services keep its result in."""
    from ..services.idempotency import NO_KEY, Once

    key = header(bp.current_request, "idempotency-key").strip()
    if not key:
        return NO_KEY
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"Idempotency-Key: at most {MAX_KEY_LENGTH} characters", field="Idempotency-Key")
    return Once(key=key, body=body.model_dump(mode="json") if body is not None else {},
                lambda_context=bp.lambda_context, store=bootstrap.idempotency_store)
