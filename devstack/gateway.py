"""`/api/*`: the REST API through Chalice's own local gateway (what `chalice local` runs).

Requests run on a thread pool, so the app's `current_request` is made thread-local the way
`chalice local` does it (`chalice.local.LocalChalice`).
"""
from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from chalice import Chalice
from chalice.config import Config
from chalice.local import ForbiddenError, LocalChalice, LocalGateway, LocalGatewayException

_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive", "upgrade"}


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class _Gateway(LocalGateway):
    """LocalGateway, with the caller's IP and the fields API Gateway adds that chalice's
    converter leaves out (decoded path parameters, single-value query, stage, request id)."""

    _caller = threading.local()

    def _generate_lambda_event(self, method: str, path: str, headers: dict[str, Any],
                               body: bytes | None) -> dict[str, Any]:
        event = super()._generate_lambda_event(method, path, headers, body)
        resource = event["requestContext"]["resourcePath"]
        if method != "OPTIONS" and method not in self._app_object.routes.get(resource, {}):
            raise ValueError(f"no {method} on {resource}")  # API Gateway: no such route (see _gateway_error)
        context = event["requestContext"]
        context["identity"] = {"sourceIp": getattr(self._caller, "source_ip", "127.0.0.1"),
                               "userAgent": event["headers"].get("user-agent", "")}
        context.update({"stage": "api", "requestId": str(uuid.uuid4()),
                        "requestTimeEpoch": int(time.time() * 1000),
                        "domainName": event["headers"].get("host", "")})
        captured = event["pathParameters"] or {}
        event["pathParameters"] = {name: unquote(value) for name, value in captured.items()} or None
        multi = event.get("multiValueQueryStringParameters")
        event["queryStringParameters"] = {name: values[-1] for name, values in multi.items()} if multi else None
        return event

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes | None,
               source_ip: str) -> dict[str, Any]:
        self._caller.source_ip = source_ip
        return self.handle_request(method, path, headers, body)


def _gateway_error(error: LocalGatewayException) -> Reply:
    """What infra/template.py's GatewayResponses make of API Gateway's own answers: an unknown
    route is a 404, anything else keeps its status; API.md's error shape either way."""
    if isinstance(error, ForbiddenError):  # no such route (API Gateway: MISSING_AUTHENTICATION_TOKEN)
        status, body = 404, {"code": "NOT_FOUND", "message": "There is no such route."}
    else:
        try:
            message = str(json.loads(error.body or b"{}").get("message") or "Refused.")
        except ValueError:
            message = "Refused."
        status, body = error.CODE, {"code": "UNAUTHORIZED" if error.CODE == 401 else "GATEWAY_ERROR", "message": message}
    headers = {k: v for k, v in error.headers.items() if k.lower() != "content-type"}
    return Reply(status, [("Content-Type", "application/json"), ("Cache-Control", "no-store"), *headers.items()],
                 json.dumps({"error": body}).encode())


def make_thread_local(app: Chalice) -> None:
    """What `chalice.local.create_local_server` does to the app: `current_request` per thread."""
    if not isinstance(app, LocalChalice):
        app.__class__ = type("DevstackLocalChalice", (LocalChalice, app.__class__), {})


class RestGateway:
    def __init__(self, app: Chalice, config: Config) -> None:
        make_thread_local(app)
        self._gateway = _Gateway(app, config)

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes | None,
               source_ip: str) -> Reply:
        """One request (`path` without the `/api` prefix, with its query string). Blocking."""
        try:
            response = self._gateway.handle(method, path, headers, body or None, source_ip)
        except LocalGatewayException as error:  # API Gateway's own answers, as infra's GatewayResponses shape them
            return _gateway_error(error)
        pairs: list[tuple[str, str]] = []
        for name, value in (response.get("headers") or {}).items():
            pairs.append((name, str(value)))
        for name, values in (response.get("multiValueHeaders") or {}).items():
            pairs.extend((name, str(value)) for value in values)
        pairs = [(name, value) for name, value in pairs if name.lower() not in _HOP_BY_HOP]
        raw = response.get("body")
        if raw is None:
            payload = b""
        elif response.get("isBase64Encoded"):
            payload = base64.b64decode(raw)
        else:
            payload = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
        return Reply(int(response["statusCode"]), pairs, payload)
