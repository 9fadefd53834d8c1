"""The one place that turns domain errors into API.md's error shape and status codes."""
from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

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
    details = error.details
    if isinstance(error, e.TooManyRequests):
        wait = max(1, math.ceil(error.retry_after_s))
        headers["Retry-After"] = str(wait)
        details = {**details, "retryAfter": wait}  # the same seconds in the body: a page can say "in 4 minutes"
    if isinstance(error, e.Unauthenticated):
        headers["WWW-Authenticate"] = 'Bearer realm="comanda"'
    return error_response(status_for(error), error.code, error.message, error.field, headers, details)


# Chalice answers some requests itself, before any view runs, as {"Code", "Message"}: a method
# the route does not have (405), a Content-Type the route does not declare (415), a binary answer
# the request did not accept (400), an exception outside a view (500). Same status, our shape.
CHALICE_ANSWERS = {
    400: ("INVALID_INPUT", "The request cannot be answered as sent."),
    405: ("METHOD_NOT_ALLOWED", "This route does not take that method (see the Allow header)."),
    415: ("UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON (Content-Type: application/json)."),
}


def _is_chalice_error(response: Any) -> bool:
    body = getattr(response, "body", None)
    return getattr(response, "status_code", 200) >= 400 and isinstance(body, dict) and set(body) == {"Code", "Message"}


def chalice_errors_in_api_shape(request: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice middleware ('http'): Chalice's own error answers (and any exception that escapes
    the views) in API.md's error shape, on Lambda as in the local stack and chalice.test.Client."""
    try:
        response = get_response(request)
    except Exception:
        logger.exception("unhandled error outside a view")
        return error_response(500, "INTERNAL_ERROR", "Something went wrong on our side; please try again.")
    if not _is_chalice_error(response):
        return response
    status = response.status_code
    logger.info("request refused by chalice", extra={"status": status, "chalice_code": response.body["Code"]})
    code, message = CHALICE_ANSWERS.get(status) or (
        ("INTERNAL_ERROR", "Something went wrong on our side; please try again.") if status >= 500
        else ("INVALID_INPUT", "The request cannot be answered as sent."))
    kept = {k: v for k, v in (response.headers or {}).items() if k.lower() != "content-type"}
    return error_response(status, code, message, headers={**kept, "Cache-Control": "no-store"})


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
