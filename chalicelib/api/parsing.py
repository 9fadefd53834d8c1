"""Reading a request: the JSON body (size, syntax, schema), query values and headers."""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from ..config import settings
from ..domain.clock import InvalidMoment, iso, parse_day_or_moment
from ..domain.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from ..domain.throttles import address_from_viewer_header

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound="BaseModel")


def _field_path(location: tuple) -> str:
    path = ""
    for part in location:
        if part == "[key]":  # a dict's key was refused: the path so far names it
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def _problem(detail: Mapping[str, Any]) -> tuple[str, str]:
    """One pydantic error as (field path, message)."""
    field = _field_path(tuple(detail.get("loc", ())))
    message = str(detail.get("msg", "is not valid"))
    message = message.removeprefix("Value error, ")
    if not field and ": " in message:  # a model-level rule names its field as "field: message"
        field, message = message.split(": ", 1)
    if detail.get("type") == "extra_forbidden":
        message = "is not a known field"
    elif detail.get("type") == "missing":
        message = "is required"
    return field or "body", message


def _to_invalid_input(error: ValidationError) -> InvalidInput:
    """The first problem as `field` and `message` (API.md's shape), and every field's problem
    in `fields` (field -> message, the first per field), so a form can mark them all at once."""
    problems = [_problem(detail) for detail in error.errors(include_url=False)]
    field, message = problems[0]
    fields: dict[str, str] = {}
    for name, text in problems:
        fields.setdefault(name, text)
    return InvalidInput(f"{field}: {message}", field=field, details={"fields": fields})


JSON_TYPES = ("application/json",)


def json_body(request) -> object:
    content_type = (request.headers or {}).get("content-type", "").split(";")[0].strip().lower()
    if content_type and not (content_type in JSON_TYPES or content_type.endswith("+json")):
        raise UnsupportedMediaType("Send the body as JSON (Content-Type: application/json).", field="Content-Type")
    raw = request.raw_body or b""
    if len(raw) > settings.max_body_bytes:
        raise PayloadTooLarge(f"The body is larger than {settings.max_body_bytes // 1024} KB.", field="body")
    if not raw:
        return {}  # no body: a body of optional fields left out (whitespace alone is not JSON)
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidInput("The body is not valid JSON.", field="body") from exc


def parse_body(request, model: type[M]) -> M:
    """`model` is a class of chalicelib/api/schemas.py, e.g. `schemas.OrderBody` (imported lazily)."""
    from pydantic import ValidationError

    data = json_body(request)
    if not isinstance(data, dict):
        raise InvalidInput("The body must be a JSON object.", field="body")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _to_invalid_input(exc) from exc


def matches_etag(request, etag: str) -> bool:
    """If-None-Match, compared weakly and as a list (RFC 9110 13.1.2)."""
    header_value = (request.headers or {}).get("if-none-match", "")
    if header_value.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(candidate.strip().removeprefix("W/") == opaque for candidate in header_value.split(","))


def query(request, name: str, default: str = "", max_length: int = 64) -> str:
    value = (request.query_params or {}).get(name, default)
    if len(value) > max_length:
        raise InvalidInput(f"{name}: is too long", field=name)
    return value


def moment_query(request, name: str) -> date | datetime | None:
    """A day of the branch's calendar ('2026-11-29') or a date-time with its offset; 400 naming
    the parameter when it is malformed or outside the calendar (domain/clock.py)."""
    value = query(request, name, max_length=40)
    if not value:
        return None
    try:
        return parse_day_or_moment(value)
    except InvalidMoment as exc:
        raise InvalidInput(f"{name}: {exc}", field=name) from exc


def moment_range(request, start: str, end: str) -> tuple[date | datetime | None, date | datetime | None]:
    """`start` and `end` as moment_query reads them; a start after the end (both days, or both
    date-times) is a 400 naming `start`."""
    first, last = moment_query(request, start), moment_query(request, end)
    if first is not None and last is not None and isinstance(first, datetime) == isinstance(last, datetime) \
            and first > last:
        raise InvalidInput(f"{start}: must not be after {end}", field=start)
    return first, last


def header(request, name: str) -> str:
    return (request.headers or {}).get(name.lower(), "") or ""


VIEWER_ADDRESS = "CloudFront-Viewer-Address"


def client_ip(request) -> str:
    """The caller's IP: the `CloudFront-Viewer-Address` CloudFront forwards (API Gateway's
    `sourceIp` is CloudFront's edge server, shared by many viewers; the API answers only requests
    that came through CloudFront, and the local stack sets the header from the socket), else
    `sourceIp` (a caller that did not come through the one origin, e.g. the test client)."""
    forwarded = address_from_viewer_header(header(request, VIEWER_ADDRESS))
    if forwarded:
        return forwarded
    context = request.context or {}
    return (context.get("identity") or {}).get("sourceIp", "") or ""


def received_at(request) -> str | None:
    """When API Gateway received the request (`requestContext.requestTimeEpoch`, set by the
    gateway, not the client), as ISO; None when the event has none (a test client)."""
    epoch_ms = (request.context or {}).get("requestTimeEpoch")
    if not isinstance(epoch_ms, int | float) or isinstance(epoch_ms, bool):
        return None
    return iso(datetime.fromtimestamp(epoch_ms / 1000, tz=UTC))
