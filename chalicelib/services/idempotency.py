"""Doing a creating request once per Idempotency-Key, with Powertools' idempotency utility."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..bootstrap import idempotency_store
from ..domain.errors import IdempotencyKeyReused, RequestInProgress


def run_once(idempotency_key: str, scope: str, body: dict, action: Callable[[], dict], lambda_context: Any = None) -> dict:
    """Runs `action()` (which returns a JSON-ready dict) once per (scope, key) for 24 h.

    The same key with the same body replays the first result; with another body it is an
    error. Powertools' idempotency utility keeps the record in DynamoDB."""
    from aws_lambda_powertools.utilities.idempotency import IdempotencyConfig, idempotent_function
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    config = IdempotencyConfig(
        event_key_jmespath="key", payload_validation_jmespath="body", expires_after_seconds=24 * 3600,
    )
    if lambda_context is not None and hasattr(lambda_context, "get_remaining_time_in_millis"):
        config.register_lambda_context(lambda_context)

    @idempotent_function(data_keyword_argument="request", persistence_store=idempotency_store(), config=config)
    def once(request: dict) -> dict:
        return action()

    try:
        return once(request={"key": f"{scope}:{idempotency_key}", "body": body})
    except IdempotencyValidationError as exc:
        raise IdempotencyKeyReused("This Idempotency-Key was used with a different request body.") from exc
    except IdempotencyAlreadyInProgressError as exc:
        raise RequestInProgress("The same request is still being processed; retry in a moment.") from exc
