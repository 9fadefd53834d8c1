"""The live sockets, and the API Gateway Management API (`@connections`) over them.

The app's real `websocket_api.send()` posts through botocore's `apigatewaymanagementapi`
client to `POST {COMANDA_WS_MANAGEMENT_ENDPOINT}/@connections/{id}`; a socket that is gone
answers 410 `GoneException`, which botocore raises and chalice turns into
`WebsocketDisconnectedError`, as on AWS. So does a connection whose handshake has not
finished: API Gateway knows a connection only once its `$connect` has returned, and answers
410 to a post (or a GET) that arrives before, as this stand-in does (never buffered).

Everything here runs on the server's event loop: no locks. The app reaches it over HTTP,
at `COMANDA_WS_MANAGEMENT_ENDPOINT` (the one origin's `/_connections`), as it would reach
API Gateway's.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import WSCloseCode, web

log = logging.getLogger("devstack.connections")

MAX_POST_BYTES = 128 * 1024  # API Gateway's message limit


@dataclass
class LiveConnection:
    """One WebSocket. Until its handshake completes (`socket` is None: `$connect` is still
    running, or API Gateway has not yet finished the upgrade) a post answers 410, as on AWS:
    the app must not take that 410 for a closed socket."""

    id: str
    source_ip: str
    user_agent: str
    connected_at: float = field(default_factory=time.time)
    last_active_at: float = field(default_factory=time.time)
    heard_at: float = field(default_factory=time.time)  # the client's last frame: the idle limit's clock
    socket: web.WebSocketResponse | None = None
    close_requested: tuple[int, str] | None = None
    closed_with: tuple[int, str] | None = None  # set when this side closes: the $disconnect status

    @property
    def open(self) -> bool:
        return self.socket is None or not self.socket.closed


class ConnectionRegistry:
    def __init__(self) -> None:
        self._live: dict[str, LiveConnection] = {}
        self.gone_before_ready = 0  # posts answered 410 because the handshake had not finished

    def __len__(self) -> int:
        return len(self._live)

    def add(self, connection: LiveConnection) -> None:
        self._live[connection.id] = connection

    def get(self, connection_id: str) -> LiveConnection | None:
        connection = self._live.get(connection_id)
        return connection if connection is not None and connection.open else None

    def remove(self, connection_id: str) -> None:
        self._live.pop(connection_id, None)

    def ready(self, connection_id: str) -> LiveConnection | None:
        """The connection, once its handshake is done (what API Gateway can post to)."""
        connection = self.get(connection_id)
        return connection if connection is not None and connection.socket is not None else None

    async def attach(self, connection_id: str, socket: web.WebSocketResponse) -> None:
        """The handshake is done: from now on posts reach the socket."""
        connection = self._live[connection_id]
        connection.socket = socket
        if connection.close_requested is not None:
            code, reason = connection.close_requested
            await socket.close(code=code, message=reason.encode())

    async def send(self, connection_id: str, message: str | bytes) -> bool:
        connection = self.ready(connection_id)
        if connection is None:
            if self.get(connection_id) is not None:
                self.gone_before_ready += 1
            return False
        connection.last_active_at = time.time()
        return await self._write(connection, message)

    async def _write(self, connection: LiveConnection, message: str | bytes) -> bool:
        assert connection.socket is not None
        try:
            if isinstance(message, str):
                await connection.socket.send_str(message)
            else:
                await connection.socket.send_bytes(message)
            return True
        except (ConnectionError, RuntimeError):  # closing or closed under us
            return False

    async def close(self, connection_id: str, code: int = WSCloseCode.OK, reason: str = "") -> bool:
        connection = self.get(connection_id)
        if connection is None:
            return False
        connection.closed_with = (code, reason)
        if connection.socket is None:
            connection.close_requested = (code, reason)
        else:
            await connection.socket.close(code=code, message=reason.encode())
        return True

    async def close_all(self, code: int = WSCloseCode.GOING_AWAY, reason: str = "server stopping") -> None:
        for connection_id in list(self._live):
            await self.close(connection_id, code, reason)


def _iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _error(status: int, kind: str, message: str) -> web.Response:
    return web.json_response({"__type": kind, "message": message}, status=status,
                             headers={"x-amzn-ErrorType": kind})


def _gone(connection_id: str) -> web.Response:
    return _error(410, "GoneException", f"Connection {connection_id} is gone.")


class ManagementApi:
    """`/_connections/@connections/{connection_id}`: POST (send), GET (info), DELETE (close).
    Only this machine may call it: on AWS it takes IAM credentials nobody outside has."""

    def __init__(self, registry: ConnectionRegistry, allowed_callers: set[str]) -> None:
        self._registry = registry
        self._allowed = allowed_callers
        self._refusals: dict[str, int] = {}  # connection id -> posts still to refuse

    def refuse_posts(self, connection_id: str, times: int) -> None:
        """The next `times` posts to the connection answer 403 ForbiddenException, as API
        Gateway does while the caller's permission is missing (e.g. a policy being rotated).
        botocore does not retry a 403, so the app's stream handler sees the failure: for
        fault tests of partial batch failures and retries."""
        self._refusals[connection_id] = times

    def routes(self, prefix: str = "/_connections") -> list[web.RouteDef]:
        path = prefix + "/@connections/{connection_id}"
        return [web.post(path, self._over_http), web.get(path, self._over_http, allow_head=False),
                web.delete(path, self._over_http)]

    def _refused(self, request: web.Request) -> web.Response | None:
        if request.remote in self._allowed:
            return None
        log.warning("refused @connections %s from %s", request.method, request.remote)
        return _error(403, "ForbiddenException", "Forbidden")

    async def _over_http(self, request: web.Request) -> web.Response:
        if refused := self._refused(request):
            return refused
        body = await request.read() if request.method == "POST" else b""
        return await self.answer(request.method, request.match_info["connection_id"], body)

    async def answer(self, method: str, connection_id: str, body: bytes = b"") -> web.Response:
        """One call: POST sends, GET tells, DELETE closes."""
        if method == "POST":
            return await self._post(connection_id, body)
        if method == "GET":
            return self._info(connection_id)
        if method == "DELETE":
            return await self._delete(connection_id)
        return web.Response(status=405, text="405: Method Not Allowed", headers={"Allow": "DELETE,GET,POST"})

    async def _post(self, connection_id: str, body: bytes) -> web.Response:
        if self._refusals.get(connection_id, 0) > 0:
            self._refusals[connection_id] -= 1
            return _error(403, "ForbiddenException", "Forbidden")
        if len(body) > MAX_POST_BYTES:
            return _error(413, "PayloadTooLargeException", "Message too long.")
        try:
            message: str | bytes = body.decode("utf-8")
        except UnicodeDecodeError:
            message = body
        if not await self._registry.send(connection_id, message):
            return _gone(connection_id)
        return web.Response(status=200)

    def _info(self, connection_id: str) -> web.Response:
        connection = self._registry.ready(connection_id)  # GetConnection knows it once $connect has returned
        if connection is None:
            return _gone(connection_id)
        return web.json_response({  # the wire names; botocore maps them to ConnectedAt, Identity, ...
            "connectedAt": _iso(connection.connected_at),
            "identity": {"sourceIp": connection.source_ip, "userAgent": connection.user_agent},
            "lastActiveAt": _iso(connection.last_active_at),
        })

    async def _delete(self, connection_id: str) -> web.Response:
        if not await self._registry.close(connection_id, WSCloseCode.OK, "closed by the server"):
            return _gone(connection_id)
        return web.Response(status=204)
