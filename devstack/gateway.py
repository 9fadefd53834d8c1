"""`/api/*`: the REST API as API Gateway's Lambda proxy integration calls it.

The gateway matches the route, builds the proxy event (the format API Gateway documents for
REST APIs, version 1.0) and calls `app(event, context)`, as Lambda's runtime calls the
Chalice app. Nothing of `chalice local` is used: its gateway is not an API (subclassing it
meant overriding its private methods). Requests are handled side by side, as several warm
containers would (the app keeps each invocation's request per thread:
chalicelib/application.py; docs/decisions.md, "moto as shipped").

Where API Gateway is stricter than `chalice local`, this gateway is too:
- a base64 body from the Lambda (`isBase64Encoded`) is decoded only when the request's FIRST
  Accept type matches one of the API's binaryMediaTypes (the deployed list,
  `infra.template.rest_binary_media_types`, wildcards on the list's side); otherwise the
  base64 text goes out as is, as API Gateway sends it;
- a request body whose Content-Type matches those types reaches the Lambda base64-encoded;
- the event's header names are the client's, in the client's case;
- a path or method with no route is API Gateway's own answer, in API.md's shape (a 404, as
  infra/template.py's GatewayResponses shape MISSING_AUTHENTICATION_TOKEN).
"""
from __future__ import annotations

import base64
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from chalice import Chalice
from chalice.config import Config

from .events import lambda_context

_HOP_BY_HOP = {"connection", "content-length", "transfer-encoding", "keep-alive", "upgrade"}


@dataclass
class Reply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def media_type(value: str | None) -> str:
    """`image/png; q=0.9` -> `image/png`."""
    return (value or "").split(";")[0].strip().lower()


def first_accept(headers: dict[str, str]) -> str:
    """The first media type of the request's Accept: the one API Gateway decides by."""
    return media_type(_header(headers, "accept").split(",")[0])


def is_binary_media(media: str, binary_media_types: list[str]) -> bool:
    """API Gateway's test: `*` in a binaryMediaTypes entry matches anything; a wildcard in
    the request's own value is just characters (Accept `*/*` does not match `image/png`)."""
    kind, _, sub = media.partition("/")
    if not kind or not sub:
        return False
    for entry in binary_media_types:
        entry_kind, _, entry_sub = entry.lower().partition("/")
        if entry_kind in ("*", kind) and entry_sub in ("*", sub):
            return True
    return False


def _header(headers: dict[str, str], name: str) -> str:
    return next((str(value) for key, value in headers.items() if key.lower() == name), "")


@dataclass(frozen=True)
class Route:
    resource: str  # the route as declared: /branches/{slug}/tables/{code}
    path_parameters: dict[str, str]


class RouteTable:
    """API Gateway's routing of a REST API's resources: literal segments before `{captures}`
    (sorting puts `{` after every letter), a trailing slash ignored except on `/`."""

    def __init__(self, resources: list[str]) -> None:
        self._resources = [(resource, resource.split("/")) for resource in sorted(resources)]

    def match(self, path: str) -> Route | None:
        if path != "/" and path.endswith("/"):
            path = path[:-1]
        parts = path.split("/")
        for resource, pattern in self._resources:
            if len(pattern) != len(parts):
                continue
            captured: dict[str, str] = {}
            for part, expected in zip(parts, pattern, strict=True):
                if expected.startswith("{") and expected.endswith("}"):
                    captured[expected[1:-1]] = unquote(part)
                elif part != expected:
                    break
            else:
                return Route(resource, captured)
        return None


def _no_route() -> Reply:
    body = {"error": {"code": "NOT_FOUND", "message": "There is no such route."}}
    return Reply(404, [("Content-Type", "application/json"), ("Cache-Control", "no-store"),
                       ("x-amzn-ErrorType", "MissingAuthenticationTokenException")], json.dumps(body).encode())


class RestGateway:
    def __init__(self, app: Chalice, config: Config, binary_media_types: list[str] | None = None) -> None:
        """`binary_media_types`: the API's (default: what infra deploys for this app)."""
        if binary_media_types is None:
            from infra.template import rest_binary_media_types  # imports chalicelib: once the stack set its environment

            binary_media_types = rest_binary_media_types(app)
        self.binary_media_types = binary_media_types
        self._app = app
        self._routes = RouteTable(list(app.routes))
        self._function = config.function_name
        self._memory_mb = config.lambda_memory_size or 128
        self._timeout_s = config.lambda_timeout or 60

    def event(self, method: str, path: str, headers: dict[str, str], body: bytes | None, source_ip: str,
              route: Route) -> dict[str, Any]:
        """API Gateway's proxy event (REST API, payload 1.0) for a request `path` (with its query)."""
        url = urlsplit(path)
        query = parse_qs(url.query, keep_blank_values=True)
        headers = {str(name): str(value) for name, value in headers.items()}  # the client's case
        encoded = bool(body) and is_binary_media(media_type(_header(headers, "content-type")), self.binary_media_types)
        if not body:
            payload: str | None = None
        elif encoded:
            payload = base64.b64encode(body).decode("ascii")
        else:
            payload = body.decode("utf-8", "replace")
        now = time.time()
        return {
            "resource": route.resource,
            "path": url.path,
            "httpMethod": method,
            "headers": headers,
            "multiValueHeaders": {name: [value] for name, value in headers.items()},
            "queryStringParameters": {name: values[-1] for name, values in query.items()} or None,
            "multiValueQueryStringParameters": query or None,
            "pathParameters": route.path_parameters or None,
            "stageVariables": None,
            "requestContext": {
                "resourcePath": route.resource,
                "httpMethod": method,
                "path": f"/api{url.path}",
                "stage": "api",
                "requestId": str(uuid.uuid4()),
                "requestTimeEpoch": int(now * 1000),
                "domainName": _header(headers, "host"),
                "identity": {"sourceIp": source_ip, "userAgent": _header(headers, "user-agent")},
            },
            "body": payload,
            "isBase64Encoded": encoded,
        }

    def handle(self, method: str, path: str, headers: dict[str, str], body: bytes | None,
               source_ip: str) -> Reply:
        """One request (`path` without the `/api` prefix, with its query string). Blocking."""
        route = self._routes.match(urlsplit(path).path)
        methods = self._app.routes.get(route.resource, {}) if route is not None else {}
        if route is None or (method not in methods and method != "OPTIONS"):
            return _no_route()
        if method == "OPTIONS" and "OPTIONS" not in methods:  # no CORS configured: API Gateway's mock answer
            return Reply(200, [("Access-Control-Allow-Methods", "OPTIONS")], b"")
        event = self.event(method, path, headers, body or None, source_ip, route)
        response = self._app(event, lambda_context(self._function, self._timeout_s, self._memory_mb))
        pairs: list[tuple[str, str]] = []
        for name, value in (response.get("headers") or {}).items():
            pairs.append((name, str(value)))
        for name, values in (response.get("multiValueHeaders") or {}).items():
            pairs.extend((name, str(value)) for value in values)
        pairs = [(name, value) for name, value in pairs if name.lower() not in _HOP_BY_HOP]
        raw = response.get("body")
        if raw is None:
            payload = b""
        elif response.get("isBase64Encoded") and is_binary_media(first_accept(headers), self.binary_media_types):
            payload = base64.b64decode(raw)
        else:  # text, or base64 text the client did not ask for as binary: sent as it is, as API Gateway does
            payload = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
        return Reply(int(response["statusCode"]), pairs, payload)
