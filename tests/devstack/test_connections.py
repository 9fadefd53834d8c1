"""The `@connections` API of the local stack (`devstack.connections`), reached as the app
reaches it: chalice's `websocket_api` over botocore and HTTP. It answers as API Gateway's:
410 for a socket that is gone or still in its `$connect`, 403 while posts are refused,
413 over 128 KB; GET tells, DELETE closes."""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from aiohttp import web
from botocore.config import Config
from botocore.exceptions import ClientError
from chalice.app import WebsocketAPI, WebsocketDisconnectedError

from devstack.connections import ConnectionRegistry, LiveConnection, ManagementApi

CREDENTIALS = {"aws_access_key_id": "local", "aws_secret_access_key": "local", "region_name": "us-east-1"}


class _EndpointSession:
    """What the app gives chalice's websocket_api locally: clients forced to one endpoint."""

    region_name = "us-east-1"

    def __init__(self, endpoint: str) -> None:
        self._endpoint = endpoint

    def client(self, service_name: str, **kwargs: Any) -> Any:
        kwargs["endpoint_url"] = self._endpoint
        return boto3.client(service_name, config=Config(retries={"max_attempts": 1}), **CREDENTIALS, **kwargs)


def _sender(endpoint: str) -> WebsocketAPI:
    api = WebsocketAPI(env={"AWS_REGION": "us-east-1"})
    api.session = _EndpointSession(endpoint)
    api.configure("localhost", "local")
    return api


class Gateway:
    """A ManagementApi on its own event loop and aiohttp server, as in the stack."""

    def __init__(self) -> None:
        self.registry = ConnectionRegistry()
        self.api = ManagementApi(self.registry, {"127.0.0.1", "::1"})
        self.loop = asyncio.new_event_loop()
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.on_loop(self._serve())

    async def _serve(self) -> None:
        app = web.Application()
        app.router.add_routes(self.api.routes())
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def on_loop(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(5)

    def stop(self) -> None:
        assert self._runner is not None
        self.on_loop(self._runner.cleanup())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()

    async def connect(self, connection_id: str, ready: bool = True) -> LiveConnection:
        """A connection whose handshake is done (`ready`), or still in its $connect."""
        connection = LiveConnection(connection_id, "203.0.113.9", "pytest")
        self.registry.add(connection)
        if ready:
            await self.registry.attach(connection_id, RecordingSocket())  # type: ignore[arg-type]
        return connection


class RecordingSocket:
    """Plays aiohttp's WebSocketResponse for the registry: what was written, how it closed."""

    def __init__(self) -> None:
        self.sent: list[str | bytes] = []
        self.closed = False
        self.closed_with: tuple[int, bytes] | None = None

    async def send_str(self, data: str) -> None:
        self.sent.append(data)

    async def send_bytes(self, data: bytes) -> None:
        self.sent.append(data)

    async def close(self, *, code: int = 1000, message: bytes = b"") -> bool:
        self.closed, self.closed_with = True, (code, message)
        return True


@pytest.fixture
def gateway() -> Iterator[tuple[Gateway, str]]:
    """The gateway and the URL the app is configured with (COMANDA_WS_MANAGEMENT_ENDPOINT)."""
    running = Gateway()
    running.start()
    yield running, f"http://127.0.0.1:{running.port}/_connections"
    running.stop()


def test_a_post_reaches_the_socket(gateway):
    running, endpoint = gateway
    connection = running.on_loop(running.connect("conn-a1="))
    _sender(endpoint).send("conn-a1=", '{"type":"order.created"}')
    _sender(endpoint).send("conn-a1=", "ñ✓")
    assert connection.socket.sent == ['{"type":"order.created"}', "ñ✓"]


def test_a_post_or_get_before_the_handshake_is_done_is_gone_as_on_api_gateway(gateway):
    """API Gateway answers 410 to a connection whose $connect has not returned: never buffered."""
    running, endpoint = gateway
    connection = running.on_loop(running.connect("conn-early=", ready=False))
    with pytest.raises(WebsocketDisconnectedError):
        _sender(endpoint).send("conn-early=", '{"type":"order.created"}')
    with pytest.raises(WebsocketDisconnectedError):  # chalice's name for GetConnection's 410 too
        _sender(endpoint).info("conn-early=")
    assert running.registry.gone_before_ready == 1  # posts counted; a GET is not
    # Once the handshake is done, the next post reaches the socket, and only it
    socket = RecordingSocket()
    running.on_loop(running.registry.attach("conn-early=", socket))  # type: ignore[arg-type]
    _sender(endpoint).send("conn-early=", "after")
    assert socket.sent == ["after"] and connection.socket is socket


def test_a_vanished_socket_is_a_websocket_disconnected_error(gateway):
    running, endpoint = gateway
    running.on_loop(running.connect("conn-gone="))
    running.registry.remove("conn-gone=")  # as LocalStack.vanish: no $disconnect, the socket just went
    with pytest.raises(WebsocketDisconnectedError) as raised:
        _sender(endpoint).send("conn-gone=", "hello")
    assert raised.value.connection_id == "conn-gone="


def test_refused_posts_and_oversized_messages_fail_as_on_api_gateway(gateway):
    running, endpoint = gateway
    running.on_loop(running.connect("conn-r="))
    codes = []
    running.api.refuse_posts("conn-r=", 1)
    for message in ("refused", "x" * (128 * 1024 + 1)):
        with pytest.raises(ClientError) as raised:
            _sender(endpoint).send("conn-r=", message)
        codes.append((raised.value.response["Error"]["Code"],
                      raised.value.response["ResponseMetadata"]["HTTPStatusCode"]))
    _sender(endpoint).send("conn-r=", "x" * (128 * 1024))  # the limit itself is accepted
    assert codes == [("ForbiddenException", 403), ("PayloadTooLargeException", 413)]


def test_info_and_close(gateway):
    running, endpoint = gateway
    connection = running.on_loop(running.connect("conn-i="))
    info = _sender(endpoint).info("conn-i=")
    assert info["Identity"] == {"SourceIp": "203.0.113.9", "UserAgent": "pytest"}
    _sender(endpoint).close("conn-i=")
    assert connection.socket.closed_with == (1000, b"closed by the server")
