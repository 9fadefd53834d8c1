"""Events shaped as API Gateway and Lambda deliver them, and a Lambda context."""
from __future__ import annotations

import base64
import secrets
import string
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

_ID_ALPHABET = string.ascii_letters + string.digits


class LambdaContext:
    """The context object Lambda's Python runtime passes a handler (the fields Powertools and
    Chalice read), with the invocation's deadline."""

    def __init__(self, function_name: str, memory_mb: int, timeout_s: float) -> None:
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.invoked_function_arn = f"arn:aws:lambda:us-east-1:123456789012:function:{function_name}"
        self.memory_limit_in_mb = memory_mb
        self.aws_request_id = str(uuid.uuid4())
        self.log_group_name = f"/aws/lambda/{function_name}"
        self.log_stream_name = ""
        self.identity = None
        self.client_context = None
        self._deadline = time.monotonic() + timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def lambda_context(function_name: str, timeout_s: float = 30, memory_mb: int = 256) -> LambdaContext:
    return LambdaContext(function_name, memory_mb, timeout_s)


def new_connection_id() -> str:
    """Like API Gateway's (`L0SM9cOFvHcCIhw=`): 15 characters and `=`, so the `@connections`
    path gets URL-encoded exactly as on AWS."""
    return "".join(secrets.choice(_ID_ALPHABET) for _ in range(15)) + "="


def _request_time(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")


@dataclass(frozen=True)
class Peer:
    """What API Gateway knows of a WebSocket connection, repeated in each of its events."""

    domain_name: str
    source_ip: str
    connected_at_ms: int
    user_agent: str = ""


def websocket_event(
    route_key: str,
    connection_id: str,
    peer: Peer,
    *,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    body: str | None = None,
    disconnect: tuple[int, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway WebSocket event: `$connect` (with headers and query string),
    `$default` (with the frame as `body`) or `$disconnect`."""
    event_type = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route_key, "MESSAGE")
    now = time.time()
    context: dict[str, Any] = {
        "routeKey": route_key,
        "eventType": event_type,
        "messageDirection": "IN",
        "connectionId": connection_id,
        "connectedAt": peer.connected_at_ms,
        "apiId": "local",
        "stage": "ws",
        "domainName": peer.domain_name,
        "requestId": uuid.uuid4().hex,
        "extendedRequestId": uuid.uuid4().hex,
        "requestTime": _request_time(now),
        "requestTimeEpoch": int(now * 1000),
        "identity": {"sourceIp": peer.source_ip, "userAgent": peer.user_agent},
    }
    event: dict[str, Any] = {"requestContext": context, "isBase64Encoded": False}
    if event_type == "MESSAGE":
        context["messageId"] = uuid.uuid4().hex
        event["body"] = body or ""
    if disconnect is not None:
        context["disconnectStatusCode"], context["disconnectReason"] = disconnect
    if headers is not None:
        event["headers"] = dict(headers)
        event["multiValueHeaders"] = {name: [value] for name, value in headers.items()}
    if query:  # API Gateway leaves the keys out when there is no query string
        event["queryStringParameters"] = dict(query)
        event["multiValueQueryStringParameters"] = {name: [value] for name, value in query.items()}
    return event


def _lambda_json(value: Any) -> Any:
    """botocore decodes binary attributes and timestamps; Lambda delivers JSON."""
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, dict):
        return {key: _lambda_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lambda_json(item) for item in value]
    return value


def stream_record(raw: dict[str, Any], stream_arn: str, region: str) -> dict[str, Any]:
    """A `get_records` record (as botocore parses moto's) -> the record Lambda delivers."""
    change = dict(raw.get("dynamodb", {}))
    created = change.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        change["ApproximateCreationDateTime"] = int(created.timestamp())
    record = _lambda_json({key: value for key, value in raw.items() if key != "dynamodb"})
    record.update({
        "eventSource": "aws:dynamodb",
        "eventVersion": "1.1",
        "awsRegion": region,
        "eventSourceARN": stream_arn,
        "dynamodb": _lambda_json(change),
    })
    return record


def matches_filter(pattern: dict[str, Any], record: Any) -> bool:
    """Whether a record passes one of Lambda's event filter patterns, as an event source mapping
    decides it: every key of the pattern must be in the record; an object goes one level down;
    an array lists what a value may be (exact strings, numbers, booleans, or
    `{"anything-but": [...]}`), and a value missing from the record matches nothing. Only this
    part of the grammar is known here: a pattern using more is refused (ValueError), so the
    local stack never guesses what AWS would do with it."""
    if not isinstance(record, dict):
        return False
    for key, wanted in pattern.items():
        if isinstance(wanted, dict):
            if not matches_filter(wanted, record.get(key)):
                return False
        elif isinstance(wanted, list):
            if key not in record or not any(_value_matches(rule, record[key]) for rule in wanted):
                return False
        else:
            raise ValueError(f"a filter pattern's {key!r} must be an object or an array, not {wanted!r}")
    return True


def _value_matches(rule: Any, value: Any) -> bool:
    if isinstance(rule, dict):
        if set(rule) != {"anything-but"} or not isinstance(rule["anything-but"], list):
            raise ValueError(f"filter rule not known to the local stack: {rule!r}")
        return isinstance(value, (str, int, float, bool)) and value not in rule["anything-but"]
    if isinstance(rule, (str, int, float, bool)) and not isinstance(value, (dict, list)):
        return bool(value == rule)
    raise ValueError(f"filter rule not known to the local stack: {rule!r}")
