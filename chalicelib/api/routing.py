"""Registers views on a blueprint with the error translation, and records each route's
contract (summary, auth, body, success status) for /openapi.json."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Literal

from chalice import Blueprint, Response
from pydantic import BaseModel

from ..auth import DinerPrincipal, StaffPrincipal, bearer_token
from ..bootstrap import tokens
from .errors import translate_errors

Auth = Literal["public", "diner", "staff"]


@dataclass(frozen=True)
class RouteDoc:
    path: str
    method: str
    summary: str
    auth: Auth
    body: type[BaseModel] | None
    status: int
    tag: str
    query: tuple[str, ...] = ()
    content_type: str = "application/json"
    idempotent: bool = False
    also: tuple[int, ...] = ()  # other answers of the route (a 200 beside the 201, a 304, a 401 at sign-in)


ROUTE_DOCS: list[RouteDoc] = []
# Chalice refuses other types itself, outside our error shape; these reach parse_body, which
# answers anything but JSON with 415 in API.md's shape.
ACCEPTED_CONTENT_TYPES = ["application/json", "text/plain", "application/x-www-form-urlencoded",
                          "multipart/form-data", "application/octet-stream", "application/xml", "text/xml"]


def route(bp: Blueprint, path: str, method: str, *, summary: str, auth: Auth, tag: str,
          body: type[BaseModel] | None = None, status: int = 200, query: tuple[str, ...] = (),
          content_type: str = "application/json", idempotent: bool = False,
          also: tuple[int, ...] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        authenticated = _with_principal(bp, auth, view)
        bp.route(path, methods=[method], content_types=ACCEPTED_CONTENT_TYPES)(translate_errors(authenticated))
        ROUTE_DOCS.append(RouteDoc(path, method, summary, auth, body, status, tag, query, content_type, idempotent,
                                   also))
        return view

    return decorator


def _with_principal(bp: Blueprint, auth: Auth, view: Callable[..., Any]) -> Callable[..., Any]:
    """Authenticates before anything else (a bad body from a stranger is a 401, not a 400)
    and hands the principal to the view as its first argument."""
    if auth == "public":
        return view
    resolve = diner_principal if auth == "diner" else staff_principal

    @functools.wraps(view)
    def authenticated(**path_params: Any) -> Any:
        return view(resolve(bp.current_request), **path_params)

    return authenticated


def diner_principal(request) -> DinerPrincipal:
    return tokens().diner(bearer_token(request.headers or {}))


def staff_principal(request) -> StaffPrincipal:
    return tokens().staff(bearer_token(request.headers or {}))


NO_STORE = {"Cache-Control": "no-store"}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=body, status_code=status,
                    headers={"Content-Type": "application/json", **NO_STORE, **(headers or {})})
