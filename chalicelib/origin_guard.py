"""Only requests that came through CloudFront reach the app.

CloudFront adds a secret header, X-Origin-Verify, to every request it sends to either API
origin (the REST API and the WebSocket API; infra/template.py); the API's own execute-api
addresses are public, so a request without the header, or with another value, went around
CloudFront, its security headers and its WAF: 403 in API.md's error shape, for every REST
route and for the WebSocket `$connect` (the handshake is refused). Other WebSocket routes
and stream batches carry no viewer headers and are not checked. The local stack's one
origin adds the header the same way (devstack/edge.py), so the check runs there too.

The accepted values come from bootstrap.origin_secrets() (SSM through Powertools
Parameters on AWS) and are compared in constant time.
"""
from __future__ import annotations

import hmac
import json
from collections.abc import Callable
from typing import Any

from chalice.app import Request, Response, WebsocketEvent

from . import bootstrap
from .observability import logger

ORIGIN_HEADER = "X-Origin-Verify"
REFUSAL_CODE = "DIRECT_ACCESS_REFUSED"
REFUSAL_MESSAGE = "This API answers only through the site's own address."


def carries_origin_secret(presented: str | None, accepted: tuple[str, ...]) -> bool:
    """Whether the header's value is one of the accepted secrets, in constant time (every
    accepted value is compared, whatever matched)."""
    given = (presented or "").encode()
    matched = False
    for secret in accepted:
        matched |= hmac.compare_digest(given, secret.encode())
    return matched and bool(given)


def _refusal() -> Response:
    return Response(body=json.dumps({"error": {"code": REFUSAL_CODE, "message": REFUSAL_MESSAGE}}),
                    status_code=403, headers={"Content-Type": "application/json", "Cache-Control": "no-store"})


def _presented(event: Any) -> tuple[bool, str | None]:
    """(checked, header value): REST requests and WebSocket $connect are checked."""
    if isinstance(event, Request):
        return True, event.headers.get(ORIGIN_HEADER)
    if isinstance(event, WebsocketEvent):
        raw = event.to_dict()
        if raw.get("requestContext", {}).get("eventType") != "CONNECT":
            return False, None
        headers = {str(k).lower(): v for k, v in (raw.get("headers") or {}).items()}
        return True, headers.get(ORIGIN_HEADER.lower())
    return False, None


def through_cloudfront_only(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice middleware (http and websocket): refuses what did not come through CloudFront."""
    checked, presented = _presented(event)
    if checked:
        accepted = bootstrap.origin_secrets()
        if accepted is not None and not carries_origin_secret(presented, accepted):
            logger.warning("request refused: it did not come through CloudFront",
                           extra={"origin_header": "wrong" if presented else "missing",
                                  "configured": bool(accepted)})
            return _refusal()
    return get_response(event)
