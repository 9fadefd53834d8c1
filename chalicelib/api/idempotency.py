"""`Idempotency-Key` on creating POSTs: the same key and body replay the first result."""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from chalice import Blueprint

from ..domain.errors import InvalidInput
from .parsing import header

if TYPE_CHECKING:
    from pydantic import BaseModel

MAX_KEY_LENGTH = 128


def respond_once(bp: Blueprint, scope: str, body: BaseModel | None, action: Callable[[], dict]) -> dict:
    """Runs `action` (returning the JSON body) once per (scope, Idempotency-Key) for 24 hours."""
    key = header(bp.current_request, "idempotency-key").strip()
    if not key:
        return action()
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidInput(f"Idempotency-Key: at most {MAX_KEY_LENGTH} characters", field="Idempotency-Key")
    from ..services.idempotency import run_once

    return run_once(key, scope, body.model_dump(mode="json") if body is not None else {}, action, bp.lambda_context)
