"""`/api/*`: the REST API through Chalice's own local gateway (what `chalice local` runs).

Requests run on a thread pool, so the app's `current_request` is made thread-local the way
`chalice local` does it (`chalice.local.LocalChalice`).

Where API Gateway is stricter than `chalice local`, this gateway is too:
- a base64 body from the Lambda (`isBase64Encoded`) is decoded only when the request's FIRST
  Accept type matches one of the API's binaryMediaTypes (the deployed list,
  `infra.template.rest_binary_media_types`, wildcards on the list's side); otherwise the
  base64 text goes out as is, as API Gateway sends it;
- a request body whose Content-Type matches those types reaches the Lambda base64-encoded;
- the event's header names are the client's, in the client's case (chalice lowercases them).
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


class _Gateway(LocalGateway):
    """LocalGateway, with the caller's IP and the fields API Gateway adds that chalice's
    converter leaves out (decoded path parameters, single-value query, stage, request id),
    header names in the client's case, and request bodies encoded as API Gateway does."""

    _caller = threading.local()

    def __init__(self, app_object: Chalice, config: Config, binary_media_types: list[str] | None = None) -> None:
        super().__init__(app_object, config)
        if binary_media_types is None:
            from infra.template import rest_binary_media_types  # imports chalicelib: once the stack set its environment

            binary_media_types = rest_binary_media_types(app_object)
        self.binary_media_types = binary_media_types

    def _generate_lambda_event(self, method: str, path: str, headers: dict[str, Any],
                               body: bytes | None) -> dict[str, Any]:
        event = super()._generate_lambda_event(method, path, headers, body)
        resource = event["requestContext"]["resourcePath"]
        if method != "OPTIONS" and method not in self._app_object.routes.get(resource, {}):
            raise ValueError(f"no {method} on {resource}")  # API Gateway: no such route (see _gateway_error)
        event["headers"] = {str(name): str(value) for name, value in headers.items()}  # the client's case
        event["multiValueHeaders"] = {name: [value] for name, value in event["headers"].items()}
        if body and not event.get("isBase64Encoded") and is_binary_media(
                media_type(_header(headers, "content-type")), self.binary_media_types):
            event["body"], event["isBase64Encoded"] = base64.b64encode(body).decode("ascii"), True
        context = event["requestContext"]
        context["identity"] = {"sourceIp": getattr(self._caller, "source_ip", "127.0.0.1"),
                               "userAgent": _header(headers, "user-agent")}
        context.update({"stage": "api", "requestId": str(uuid.uuid4()),
                        "requestTimeEpoch": int(time.time() * 1000),
                        "domainName": _header(headers, "host")})
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
    def __init__(self, app: Chalice, config: Config, binary_media_types: list[str] | None = None) -> None:
        """`binary_media_types`: the API's (default: what infra deploys for this app)."""
        make_thread_local(app)
        self._gateway = _Gateway(app, config, binary_media_types)

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
        elif response.get("isBase64Encoded") and is_binary_media(first_accept(headers),
                                                                 self._gateway.binary_media_types):
            payload = base64.b64decode(raw)
        else:  # text, or base64 text the client did not ask for as binary: sent as it is, as API Gateway does
            payload = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
        return Reply(int(response["statusCode"]), pairs, payload)
