"""`/ws`: a real WebSocket endpoint that plays API Gateway's WebSocket API.

The handshake runs the app's `$connect` handler first: a non-2xx answer refuses the
upgrade with that status, as API Gateway does, and until the upgrade is done a post to the
connection answers 410 (`devstack.connections`). Each text frame goes to `$default`; the
close, whoever closes, to `$disconnect`. As on AWS, a connection is closed (1001) after
10 minutes without a frame from the client and after 2 hours in any case
(`GatewayTiming`, shorter in tests). Handlers are blocking: they run on the executor.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WebSocketError, WSCloseCode, WSMsgType, web

from .connections import ConnectionRegistry, LiveConnection
from .events import Peer, lambda_context, new_connection_id, websocket_event
from .viewer import with_viewer_address

log = logging.getLogger("devstack.websocket")

MAX_FRAME_BYTES = 32 * 1024  # API Gateway's frame limit

Handler = Callable[[dict[str, Any], Any], Any]


@dataclass
class GatewayTiming:
    """API Gateway's clocks for WebSocket connections (AWS's values by default); a test may
    shorten them on a running stack (`LocalStack.websocket_timing`)."""

    idle_s: float = 600.0  # no frame from the client for 10 minutes: closed (CloudFront's idle limit too)
    max_s: float = 7200.0  # any connection ends after 2 hours
    handshake_delay_s: float = 0.0  # from $connect's return to the upgrade (a slow response path on AWS)
    going_away: tuple[int, str] = field(default=(WSCloseCode.GOING_AWAY, "Going away"), repr=False)


@dataclass(frozen=True)
class WebsocketHandlers:
    """The app's three route handlers (`app.ws_connect`, ...), None until the app has them."""

    connect: Handler | None
    message: Handler | None
    disconnect: Handler | None

    @classmethod
    def of(cls, app_module: Any) -> WebsocketHandlers:
        return cls(*(getattr(app_module, name, None) for name in ("ws_connect", "ws_message", "ws_disconnect")))

    @property
    def complete(self) -> bool:
        return None not in (self.connect, self.message, self.disconnect)


def _status_of(result: Any) -> int:
    if isinstance(result, dict):
        return int(result.get("statusCode", 200))
    return 200


def _refusal(status: int, result: Any) -> web.Response:
    """The handshake's answer when `$connect` says no: its status, and its body if any."""
    body = result.get("body") if isinstance(result, dict) else None
    if body is None:
        return web.Response(status=status, text=f"WebSocket connection refused ({status}).\n")
    headers = {str(k): str(v) for k, v in (result.get("headers") or {}).items()}
    return web.Response(status=status, body=body if isinstance(body, bytes) else str(body).encode(), headers=headers)


class WebsocketEndpoint:
    def __init__(self, handlers: WebsocketHandlers, registry: ConnectionRegistry, executor: Executor,
                 timing: GatewayTiming | None = None) -> None:
        self._handlers = handlers
        self._registry = registry
        self._executor = executor
        self.timing = timing or GatewayTiming()

    async def _invoke(self, handler: Handler | None, name: str, event: dict[str, Any]) -> Any:
        if handler is None:
            return {"statusCode": 200}
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, handler, event, lambda_context(name))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        # No permessage-deflate: API Gateway does not negotiate it, and frame limits are on the wire.
        socket = web.WebSocketResponse(max_msg_size=MAX_FRAME_BYTES, autoping=True, compress=False)
        if not socket.can_prepare(request).ok:
            return web.Response(status=426, text="Upgrade Required: this is the WebSocket endpoint.\n",
                                headers={"Upgrade": "websocket"})
        if not self._handlers.complete:
            return web.Response(status=503, text="The app has no WebSocket handlers yet.\n")

        connection = LiveConnection(id=new_connection_id(), source_ip=request.remote or "",
                                    user_agent=request.headers.get("User-Agent", ""))
        peer = Peer(request.host, connection.source_ip, int(connection.connected_at * 1000), connection.user_agent)
        self._registry.add(connection)  # known, not ready: a post during $connect answers 410, as on AWS
        connect = websocket_event("$connect", connection.id, peer, headers=with_viewer_address(request),
                                  query=dict(request.query))
        try:
            result = await self._invoke(self._handlers.connect, "ws_connect", connect)
        except Exception:
            log.exception("$connect failed for %s", connection.id)
            result = {"statusCode": 500}
        status = _status_of(result)
        if not 200 <= status < 300:
            self._registry.remove(connection.id)
            log.info("ws refused %s (%s) from %s", connection.id, status, connection.source_ip)
            return _refusal(status, result)

        close: tuple[int, str] = (WSCloseCode.GOING_AWAY, "Going away")
        limits: asyncio.Task[None] | None = None
        try:
            if self.timing.handshake_delay_s > 0:
                await asyncio.sleep(self.timing.handshake_delay_s)
            await socket.prepare(request)
            await self._registry.attach(connection.id, socket)
            connection.heard_at = time.time()
            limits = asyncio.create_task(self._enforce_limits(socket, connection))
            log.info("ws connected %s from %s (%d live)", connection.id, connection.source_ip, len(self._registry))
            close = await self._receive(socket, connection, peer)
        finally:
            if limits is not None:
                limits.cancel()
            self._registry.remove(connection.id)
            disconnect = websocket_event("$disconnect", connection.id, peer, disconnect=close, headers={})
            try:
                await self._invoke(self._handlers.disconnect, "ws_disconnect", disconnect)
            except Exception:
                log.exception("$disconnect failed for %s", connection.id)
            log.info("ws closed %s (%s %s)", connection.id, *close)
        return socket

    async def _enforce_limits(self, socket: web.WebSocketResponse, connection: LiveConnection) -> None:
        """Closes the socket as API Gateway does: idle too long (only the client's frames
        count: pushes do not keep a connection alive) or open too long. Re-reads `timing`
        at least every half second, so a test can shorten it on a running stack."""
        while not socket.closed:
            now = time.time()
            due = min(connection.heard_at + self.timing.idle_s, connection.connected_at + self.timing.max_s)
            if now >= due:
                code, reason = self.timing.going_away
                connection.closed_with = (code, reason)
                log.info("ws %s: closed by the gateway's %s limit", connection.id,
                         "idle" if now >= connection.heard_at + self.timing.idle_s else "2-hour")
                await socket.close(code=code, message=reason.encode())
                return
            await asyncio.sleep(min(due - now, 0.5))

    async def _receive(self, socket: web.WebSocketResponse, connection: LiveConnection,
                       peer: Peer) -> tuple[int, str]:
        """Delivers each frame to `$default` in order; returns the close status."""
        async for frame in socket:
            connection.last_active_at = connection.heard_at = time.time()
            if frame.type is WSMsgType.TEXT:
                event = websocket_event("$default", connection.id, peer, body=frame.data)
                try:
                    await self._invoke(self._handlers.message, "ws_message", event)
                except Exception:
                    log.exception("$default failed for %s", connection.id)
            elif frame.type is WSMsgType.BINARY:
                connection.closed_with = (WSCloseCode.UNSUPPORTED_DATA, "Text frames only")
                await socket.close(code=WSCloseCode.UNSUPPORTED_DATA, message=b"Text frames only")
            elif frame.type is WSMsgType.ERROR:
                error = frame.data
                if isinstance(error, WebSocketError):  # e.g. a frame over the limit: closed with 1009
                    connection.closed_with = (int(error.code), str(error))
                log.info("ws %s: %s", connection.id, error)
        if connection.closed_with is not None:
            return connection.closed_with
        code = int(socket.close_code or WSCloseCode.ABNORMAL_CLOSURE)
        return code, _REASONS.get(code, "Connection closed")


_REASONS = {1000: "Normal closure", 1001: "Going away", 1006: "Abnormal closure"}
