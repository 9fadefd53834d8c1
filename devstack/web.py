"""The one origin: routes of the aiohttp application, and the access log."""
from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import Executor
from typing import Awaitable, Callable

from aiohttp import web
from aiohttp.web import ContentCoding
from multidict import CIMultiDict

from .connections import ManagementApi
from .gateway import RestGateway
from .outbox import TextOutbox
from .static import StaticSite
from .websocket import WebsocketEndpoint

log = logging.getLogger("devstack.http")

API_PREFIX = "/api"
MAX_REQUEST_BYTES = 1024 * 1024  # the app enforces its own, smaller, limit


class ApiProxy:
    """`/api/*` -> the REST gateway, without the prefix (the Chalice stage is `api` on AWS)."""

    def __init__(self, gateway: RestGateway, executor: Executor) -> None:
        self._gateway = gateway
        self._executor = executor

    async def handle(self, request: web.Request) -> web.Response:
        path = request.raw_path[len(API_PREFIX):]
        if not path.startswith("/"):
            path = "/" + path
        body = await request.read()
        headers = dict(request.headers)
        loop = asyncio.get_running_loop()
        reply = await loop.run_in_executor(self._executor, self._gateway.handle, request.method, path, headers,
                                           body, request.remote or "")
        return web.Response(status=reply.status, body=reply.body, headers=CIMultiDict(reply.headers))


class UploadProxy:
    """`PUT /_s3/{bucket}/{key}` -> moto's S3: the pre-signed photo uploads of the menu page
    stay on the one origin (CloudFront would route them to the bucket on AWS)."""

    def __init__(self, moto_url: str) -> None:
        self._moto_url = moto_url.rstrip("/")

    async def handle(self, request: web.Request) -> web.Response:
        import aiohttp

        target = self._moto_url + request.raw_path[len("/_s3"):]
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() in ("content-type", "content-md5")}
        async with aiohttp.ClientSession() as session:
            async with session.put(target, data=body, headers=headers) as answer:
                return web.Response(status=answer.status, body=await answer.read(),
                                    headers={"ETag": answer.headers.get("ETag", "")})


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def access_log(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    response = await handler(request)
    if request.path != "/ws":  # the WebSocket logs its own opening and closing
        level = logging.DEBUG if request.path.startswith("/_connections/") else logging.INFO
        log.log(level, "%s %s %s %.1f ms", request.method, request.path_qs if len(request.path_qs) < 200
                else request.path, response.status, (time.perf_counter() - started) * 1000)
    return response


COMPRESSIBLE = ("text/", "application/json", "application/javascript", "image/svg+xml", "application/manifest+json")


COMPRESS_FROM_BYTES = 1000  # CloudFront compresses objects from 1,000 bytes (to 10 MB)


@web.middleware
async def compress(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Text responses are gzipped, as CloudFront does for the deployed site (which would send
    Brotli to browsers that take it: a little smaller still), never deflated."""
    response = await handler(request)
    content_type = response.headers.get("Content-Type", "")
    if isinstance(response, web.Response) and content_type.startswith(COMPRESSIBLE) \
            and "Content-Encoding" not in response.headers and len(response.body or b"") >= COMPRESS_FROM_BYTES:
        response.headers.add("Vary", "Accept-Encoding")
        if accepts_gzip(request.headers.get("Accept-Encoding", "")):
            response.enable_compression(ContentCoding.gzip)
    return response


def accepts_gzip(accept_encoding: str) -> bool:
    """`gzip` (or `*`) listed without q=0."""
    for part in accept_encoding.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def build_app(*, api: ApiProxy, websocket: WebsocketEndpoint, management: ManagementApi,
              site: StaticSite, uploads: UploadProxy, outbox: TextOutbox | None = None) -> web.Application:
    app = web.Application(middlewares=[access_log, compress], client_max_size=MAX_REQUEST_BYTES)
    app.router.add_route("*", API_PREFIX, api.handle)
    # [\s\S]: a path may hold an encoded newline, which `.` would leave to aiohttp's plain-text 404
    app.router.add_route("*", API_PREFIX + r"/{tail:[\s\S]*}", api.handle)
    app.router.add_get("/ws", websocket.handle, allow_head=False)
    app.router.add_routes(management.routes())
    app.router.add_put("/_s3/{tail:.*}", uploads.handle)
    if outbox is not None:  # the local stack's SMS, for a newcomer without a phone: never deployed
        app.router.add_routes(outbox.routes())
    app.router.add_route("*", r"/{path:[\s\S]*}", site.handle)
    return app
