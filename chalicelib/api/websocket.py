"""WebSocket entrypoints: $connect checks the token and subscribes; $default answers pings."""
from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from chalice import Response, WebsocketDisconnectedError

from .. import bootstrap
from ..domain.errors import DomainError
from ..lazy import lazy_import
from ..observability import logger
from .errors import status_for

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from ..realtime import subscriptions
else:
    subscriptions = lazy_import("chalicelib.realtime.subscriptions")


def _raw(event: Any) -> dict[str, Any]:
    return event.to_dict() if hasattr(event, "to_dict") else dict(event)


def on_connect(event: Any, send: Callable[[str, str], None], close: Callable[[str], None]) -> Response:
    """`send` and `close` reach other connections: the token's oldest past the limit close."""
    raw = _raw(event)
    query = raw.get("queryStringParameters") or {}
    headers = {k.lower(): v for k, v in (raw.get("headers") or {}).items()}
    try:
        channels = subscriptions.connect(
            bootstrap.repositories(), bootstrap.tokens(), event.connection_id,
            query.get("token", ""), headers.get("origin", ""), subscriptions.Sockets(post=send, close=close),
        )
    except DomainError as error:
        logger.info("websocket refused", extra={"error_code": error.code})
        return Response(body=json.dumps({"error": {"code": error.code, "message": error.message}}),
                        status_code=status_for(error))
    logger.info("websocket connected", extra={"channels": channels})
    return Response(body="", status_code=200)


def on_message(event: Any, send: Callable[[str, str], None]) -> None:
    try:
        message = json.loads(event.body or "")
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        message = None
    reply: dict[str, Any]
    if isinstance(message, dict) and message.get("action") == "ping":
        reply = {"type": "pong"}
    else:
        reply = {"type": "error", "data": {"code": "UNKNOWN_ACTION", "message": 'Send {"action": "ping"}.'}}
    try:
        send(event.connection_id, json.dumps(reply))
    except WebsocketDisconnectedError:
        subscriptions.disconnect(bootstrap.repositories(), event.connection_id)


def on_disconnect(event: Any) -> None:
    subscriptions.disconnect(bootstrap.repositories(), event.connection_id)
