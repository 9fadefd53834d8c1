"""The one place that turns domain errors into API.md's error shape and status codes."""
from __future__ import annotations

import functools
from typing import Any, Callable

from chalice import Response

from ..domain import errors as e
from ..observability import logger

STATUS_BY_FAMILY: tuple[tuple[type[e.DomainError], int], ...] = (
    (e.PayloadTooLarge, 413),
    (e.UnsupportedMediaType, 415),
    (e.InvalidInput, 400),
    (e.Unauthenticated, 401),
    (e.Forbidden, 403),
    (e.NotFound, 404),
    (e.Conflict, 409),
    (e.BusinessRuleViolation, 422),
    (e.TooManyRequests, 429),
    (e.Unavailable, 503),
)


def status_for(error: e.DomainError) -> int:
    for family, status in STATUS_BY_FAMILY:
        if isinstance(error, family):
            return status
    return 400


def error_response(status: int, code: str, message: str, field: str | None = None,
                   headers: dict[str, str] | None = None, details: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {**(details or {}), "code": code, "message": message}
    if field:
        body["field"] = field
    return Response(body={"error": body}, status_code=status,
                    headers={"Content-Type": "application/json", **(headers or {})})


def to_response(error: e.DomainError) -> Response:
    headers = {}
    if isinstance(error, e.TooManyRequests):
        headers["Retry-After"] = str(max(1, error.retry_after_s))
    if isinstance(error, e.Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="comanda"'
    return error_response(status_for(error), error.code, error.message, error.field, headers, error.details)


def translate_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """Wraps a view: domain errors become their 4xx; anything else is logged and a 500 in our shape."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except e.DomainError as error:
            logger.info("request refused", extra={"error_code": error.code, "field": error.field})
            return to_response(error)
        except Exception:
            logger.exception("unhandled error")
            return error_response(500, "INTERNAL_ERROR", "Something went wrong on our side; please try again.")

    return wrapper
