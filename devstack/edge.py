"""What CloudFront adds on its way to the API origins: the origin secret header.

On AWS, CloudFront sends `X-Origin-Verify: <secret>` to the REST and WebSocket APIs (origin
custom headers, infra/template.py), replacing any header of that name a viewer sent, and
the app refuses requests without it (chalicelib/origin_guard.py). The one origin does the
same for `/api` and `/ws`, with a secret made per process, so the check runs locally too.
"""
from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web
from multidict import CIMultiDict

ORIGIN_HEADER = "X-Origin-Verify"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_origin_secret() -> str:
    return secrets.token_urlsafe(32)


def _is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/") or path == "/ws"


def origin_headers(secret: str) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """aiohttp middleware: requests to /api and /ws carry the origin secret, whatever the
    viewer sent under that name; other paths (pages, uploads) never see it."""

    @web.middleware
    async def add_origin_secret(request: web.Request, handler: Handler) -> web.StreamResponse:
        headers = CIMultiDict(request.headers)
        headers.popall(ORIGIN_HEADER, None)
        if _is_api(request.path):
            headers[ORIGIN_HEADER] = secret
        return await handler(request.clone(headers=headers))

    return add_origin_secret
