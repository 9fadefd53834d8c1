"""Registers views on a blueprint with the error translation, and records each route's
contract (summary, auth, body, success status) for /openapi.json."""
from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from chalice import Blueprint, Response

from ..bootstrap import tokens
from ..lazy import lazy_import
from .errors import translate_errors

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..auth import DinerPrincipal, JoinPrincipal, StaffPrincipal

if TYPE_CHECKING:  # mypy sees the modules; at run time each is imported on first use (lazy.py)
    from . import schemas
else:
    schemas = lazy_import("chalicelib.api.schemas")

Auth = Literal["public", "diner", "staff", "join"]


@dataclass(frozen=True)
class RouteDoc:
    path: str
    method: str
    summary: str
    auth: Auth
    body_schema: str | None  # a class name in chalicelib/api/schemas.py
    status: int
    tag: str
    query: tuple[str, ...] = ()
    content_type: str = "application/json"
    idempotent: bool = False
    also: tuple[int, ...] = ()  # other answers of the route (a 200 beside the 201, a 304, a 401 at sign-in)

    @property
    def body(self) -> type[BaseModel] | None:
        """The request body's pydantic model (imports the schemas: /openapi.json, not a cold start)."""
        return getattr(schemas, self.body_schema) if self.body_schema else None


ROUTE_DOCS: list[RouteDoc] = []
# Every Content-Type reaches the view: parse_body answers anything but JSON with our 415 (Chalice
# would refuse an undeclared type itself, in its own shape; a GET is never refused for one).
ACCEPTED_CONTENT_TYPES = ["*/*"]


def route(bp: Blueprint, path: str, method: str, *, summary: str, auth: Auth, tag: str,
          body: str | None = None, status: int = 200, query: tuple[str, ...] = (),
          content_type: str = "application/json", idempotent: bool = False,
          also: tuple[int, ...] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`body` names the request's schema class in chalicelib/api/schemas.py (a name, not the
    class, so that pydantic is imported by the first request that parses a body, not by a cold
    start); the view parses it with `parse_body(request, schemas.<Name>)`."""
    if body is not None and not isinstance(body, str):
        raise TypeError(f"route(body=...) takes the schema's name, e.g. body={body.__name__!r}")

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
    resolve = {"diner": diner_principal, "staff": staff_principal, "join": join_principal}[auth]

    @functools.wraps(view)
    def authenticated(**path_params: Any) -> Any:
        return view(resolve(bp.current_request), **path_params)

    return authenticated


def diner_principal(request) -> DinerPrincipal:
    from ..auth import bearer_token

    return tokens().diner(bearer_token(request.headers or {}))


def join_principal(request) -> JoinPrincipal:
    from ..auth import bearer_token

    return tokens().join_request(bearer_token(request.headers or {}))


def staff_principal(request) -> StaffPrincipal:
    """The token, and its account as it stands now: deactivated, or its role, branches or
    password changed since the token was issued, it is refused (services/staff_accounts.py)."""
    from ..auth import bearer_token
    from ..bootstrap import repositories
    from ..services.staff_accounts import current_principal

    return current_principal(repositories(), tokens(), bearer_token(request.headers or {}))


NO_STORE = {"Cache-Control": "no-store"}


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body=body, status_code=status,
                    headers={"Content-Type": "application/json", **NO_STORE, **(headers or {})})
