"""The one origin: routes of the aiohttp application, and the access log."""
from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Executor

from aiohttp import web
from aiohttp.web import ContentCoding, Request
from multidict import CIMultiDict

from infra.security_headers import local_headers
from infra.site import inline_script_sources

from .connections import ManagementApi
from .edge import origin_headers
from .gateway import RestGateway
from .mail_outbox import MailOutbox
from .outbox import TextOutbox
from .static import StaticSite
from .viewer import with_viewer_address
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
        headers = with_viewer_address(request)
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


# Paths CloudFront answers without its response headers policy: the socket (its behaviour has
# none), and the local stand-ins of AWS endpoints outside CloudFront (@connections, S3 uploads).
NO_EDGE_HEADERS = ("/_connections/", "/_s3/")


def _add_edge_headers(request: Request, response: web.StreamResponse) -> None:
    if request.path == "/ws" or request.path.startswith(NO_EDGE_HEADERS):
        return
    scripts: list[str] = []
    if isinstance(response, web.Response) and response.content_type == "text/html" and response.body:
        scripts = inline_script_sources(bytes(response.body).decode("utf-8", "replace"))
    for name, value in local_headers(scripts=scripts, host=request.host).items():
        response.headers[name] = value


@web.middleware
async def cloudfront_headers(request: Request, handler: Handler) -> web.StreamResponse:
    """Every answer gets the security headers CloudFront's policy adds on AWS (infra/security_headers.py):
    pages, photos, /api, errors; they replace the origin's, as its Override does. An HTML
    answer's inline scripts are allowed by their hashes."""
    try:
        response = await handler(request)
    except web.HTTPException as error:  # aiohttp's own answers (a 405 of the site) get them too
        _add_edge_headers(request, error)
        raise
    _add_edge_headers(request, response)
    return response


@web.middleware
async def api_errors_as_json(request: Request, handler: Handler) -> web.StreamResponse:
    """What aiohttp itself answers under /api (a body over MAX_REQUEST_BYTES: 413) in API.md's
    error shape, as infra/template.py's GatewayResponses shape API Gateway's own answers."""
    try:
        return await handler(request)
    except web.HTTPException as error:
        if not (request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")) or error.status < 400:
            raise
        code = {413: "REQUEST_TOO_LARGE", 405: "METHOD_NOT_ALLOWED", 404: "NOT_FOUND"}.get(error.status, "BAD_REQUEST")
        message = (f"The body is larger than {MAX_REQUEST_BYTES // 1024} KB." if error.status == 413
                   else "The request cannot be answered as sent.")
        return web.Response(status=error.status, body=json.dumps({"error": {"code": code, "message": message}}),
                            headers={"Content-Type": "application/json", "Cache-Control": "no-store"})


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
              site: StaticSite, uploads: UploadProxy, origin_secret: str,
              outbox: TextOutbox | None = None, mail_outbox: MailOutbox | None = None) -> web.Application:
    app = web.Application(middlewares=[access_log, cloudfront_headers, api_errors_as_json, compress,
                                       origin_headers(origin_secret)], client_max_size=MAX_REQUEST_BYTES)
    app.router.add_route("*", API_PREFIX, api.handle)
    # [\s\S]: a path may hold an encoded newline, which `.` would leave to aiohttp's plain-text 404
    app.router.add_route("*", API_PREFIX + r"/{tail:[\s\S]*}", api.handle)
    app.router.add_get("/ws", websocket.handle, allow_head=False)
    app.router.add_routes(management.routes())
    app.router.add_put("/_s3/{tail:.*}", uploads.handle)
    if outbox is not None:  # the local stack's SMS, for a newcomer without a phone: never deployed
        app.router.add_routes(outbox.routes())
    if mail_outbox is not None:  # the local stack's staff invitations and reset links: never deployed
        app.router.add_routes(mail_outbox.routes())
    app.router.add_route("*", r"/{path:[\s\S]*}", site.handle)
    return app
