"""Registers views on a blueprint with the error translation, and records each route's
contract (summary, auth, body, success status) for /openapi.json."""
from __future__ import annotations

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


ROUTE_DOCS: list[RouteDoc] = []


def route(bp: Blueprint, path: str, method: str, *, summary: str, auth: Auth, tag: str,
          body: type[BaseModel] | None = None, status: int = 200, query: tuple[str, ...] = (),
          content_type: str = "application/json") -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        bp.route(path, methods=[method])(translate_errors(view))
        ROUTE_DOCS.append(RouteDoc(path, method, summary, auth, body, status, tag, query, content_type))
        return view

    return decorator


def diner_principal(request) -> DinerPrincipal:
    return tokens().diner(bearer_token(request.headers or {}))


def staff_principal(request) -> StaffPrincipal:
    return tokens().staff(bearer_token(request.headers or {}))


NO_STORE = {"Cache-Control": "no-store"}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=body, status_code=status,
                    headers={"Content-Type": "application/json", **NO_STORE, **(headers or {})})
