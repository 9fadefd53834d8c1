"""`LocalStack`: the whole system in this process; `python -m devstack` and the end-to-end
tests both use it.

    stack = LocalStack("127.0.0.1", 8080)   # port 0: any free port
    stack.start()                           # returns when the site answers
    ... stack.site_url, stack.api_url, stack.ws_url, stack.poller.pause() ...
    stack.stop()

The app reads its settings when chalicelib is first imported, so `start()` sets the
environment and only then imports `app`: start the stack before anything imports app or
chalicelib, and run one stack per process.
"""
from __future__ import annotations

import asyncio
import errno
import importlib
import logging
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import boto3
from aiohttp import web

from . import environment
from .connections import ConnectionRegistry, ManagementApi
from .edge import new_origin_secret
from .environment import PROJECT_DIR, Endpoints
from .gateway import RestGateway
from .mail_outbox import MailOutbox
from .motoserver import MotoServer, WriteSignal
from .outbox import TextOutbox
from .poller import StreamPoller, stream_sources
from .provision import SiteSync, provision
from .static import SiteBucket, StaticSite
from .web import ApiProxy, UploadProxy, build_app
from .websocket import GatewayTiming, WebsocketEndpoint, WebsocketHandlers

log = logging.getLogger("devstack")

REST_CONTAINERS = 8  # concurrent REST invocations: Lambda scales out; eight phones at once each start at once
HANDLER_THREADS = 32  # concurrent WebSocket route invocations and static-site reads


class PortUnavailable(Exception):
    def __init__(self, host: str, port: int, reason: str) -> None:
        message = f"Host {host} is not an address of this machine" if reason == "not here" else f"Port {port} {reason}"
        super().__init__(message)
        self.host, self.port, self.reason = host, port, reason


def listen(host: str, port: int) -> socket.socket:
    """Takes the port first, so a busy port fails in milliseconds, before anything starts."""
    try:
        return socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET,
                                    backlog=512)
    except OSError as error:
        reasons = {errno.EADDRINUSE: "is in use", errno.EACCES: "needs privileges", errno.EADDRNOTAVAIL: "not here"}
        reason = reasons.get(error.errno or 0, f"cannot be opened ({error.strerror})")
        raise PortUnavailable(host, port, reason) from None


def stream_models() -> tuple[Any, ...]:
    from chalicelib.store import models

    declared = getattr(models, "STREAM_MODELS", None)
    if declared is not None:
        return tuple(declared)
    return tuple(m for m in models.ALL_MODELS if getattr(m.Meta, "stream_view_type", None))


class LocalStack:
    def __init__(self, host: str = "127.0.0.1", port: int = 8080, *, project_dir: Path = PROJECT_DIR,
                 chain_file: Path | None = None, websocket_timing: GatewayTiming | None = None) -> None:
        self.host = host
        self.port = port
        self.project_dir = project_dir
        self.chain_file = chain_file or project_dir / "demo" / "chain.json"
        self.endpoints = Endpoints(host, port)
        self.jwt_secret = ""
        self.origin_secret = ""  # what the one origin adds to /api and /ws, as CloudFront does
        self.started_in_s = 0.0
        self.app_module: ModuleType | None = None
        self.poller: StreamPoller | None = None
        self.facts_poller: StreamPoller | None = None  # the reports' facts: a second consumer of every stream
        self._writes = WriteSignal()
        self._moto: MotoServer | None = None
        self._socket: socket.socket | None = None
        self._executor: ThreadPoolExecutor | None = None
        self._rest_executor: ThreadPoolExecutor | None = None
        self._registry = ConnectionRegistry()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop_serving: asyncio.Event | None = None
        self._serve_error: BaseException | None = None
        self._site_sync: SiteSync | None = None
        self._management: ManagementApi | None = None
        # API Gateway's WebSocket clocks (idle 10 min, 2 h, the upgrade's latency): tests may change them live
        self.websocket_timing = websocket_timing or GatewayTiming()
        self.outbox = TextOutbox()
        self.mail_outbox = MailOutbox()

    # -- URLs ---------------------------------------------------------------------------
    @property
    def site_url(self) -> str:
        return self.endpoints.site_url

    @property
    def api_url(self) -> str:
        return self.endpoints.api_url

    @property
    def ws_url(self) -> str:
        return self.endpoints.ws_url

    @property
    def outbox_url(self) -> str:
        return f"{self.site_url}/_local/outbox"

    @property
    def live_connections(self) -> int:
        return len(self._registry)

    @property
    def posts_gone_before_ready(self) -> int:
        """Posts answered 410 because the connection's handshake had not finished (as on AWS)."""
        return self._registry.gone_before_ready

    def vanish(self, connection_id: str) -> None:
        """Forgets a live socket without running $disconnect, as when a phone drops off the
        network: the next push to it answers 410 and the app must clean up by itself."""
        self._registry.remove(connection_id)

    def refuse_pushes(self, connection_id: str, times: int = 1) -> None:
        """Makes the next `times` posts to a live socket fail with 403 (see
        `ManagementApi.refuse_posts`): the stream record being pushed fails and is retried."""
        assert self._management is not None, "start the stack first"
        self._management.refuse_posts(connection_id, times)

    # -- lifecycle ----------------------------------------------------------------------
    def start(self) -> None:
        """Starts moto, provisions and seeds it, starts the poller and the site; returns
        when requests are served. Raises PortUnavailable before doing anything else."""
        started = time.perf_counter()
        self._socket = listen(self.host, self.port)
        self.port = self._socket.getsockname()[1]
        self.endpoints = Endpoints(self.host, self.port)
        try:
            self._start(started)
        except BaseException:
            self.stop()
            raise
        self.started_in_s = time.perf_counter() - started
        log.info("local stack up on %s in %.2f s", self.site_url, self.started_in_s)

    def _start(self, started: float) -> None:
        self._moto = MotoServer(self._writes)
        self._moto.start()
        self.jwt_secret = environment.jwt_secret()
        environment.apply(environment.chalice_stage_environment(self.project_dir))
        environment.apply(environment.stack_environment(self.endpoints, self._moto.url, self.jwt_secret))
        self.origin_secret = new_origin_secret()
        environment.apply({"COMANDA_ORIGIN_SECRET": self.origin_secret, "COMANDA_ORIGIN_SECRET_PARAMETER": ""})
        log.debug("moto on %s (%.2f s)", self._moto.url, time.perf_counter() - started)

        app_module = self._import_app()
        from chalicelib.config import settings

        provisioned = provision(self.project_dir, settings.bucket, self.chain_file)
        log.debug("provisioned %s (%.2f s)", provisioned, time.perf_counter() - started)
        s3 = boto3.client("s3")
        site_dir = self.project_dir / "static-site"
        if not site_dir.is_dir():
            log.warning("no %s: the site has no pages", site_dir)
        site_bucket = SiteBucket(settings.bucket, s3)
        self._site_sync = SiteSync(site_dir, settings.bucket, s3, on_change=site_bucket.invalidate)
        log.debug("uploaded %d static-site files", self._site_sync.sync_once())
        self._site_sync.start()

        handler = getattr(app_module, "stream_changes", None)
        if handler is None:
            log.warning("app.py has no stream_changes handler yet: no live updates")
        sources = stream_sources(stream_models()) if handler is not None else []
        self.poller = StreamPoller(handler or (lambda event, context: None), sources, self._writes)
        self.poller.start()
        # As on AWS, a second event source mapping per stream that can hold a fact: its records also
        # reach the facts' function, on their own readers, so S3 can neither delay nor retry the
        # pushes (issue 19), through the mapping's event filters (issue 17: only records that can
        # hold a fact invoke it).
        facts_handler = getattr(app_module, "stream_facts", None)
        if facts_handler is not None:
            from chalicelib.realtime.fact_filters import FACT_FILTERS

            models = [model for model in stream_models() if FACT_FILTERS.get(model)]
            self.facts_poller = StreamPoller(facts_handler, stream_sources(tuple(models)), self._writes,
                                             function_name="stream_facts",
                                             filters={m.Meta.table_name: FACT_FILTERS[m] for m in models})
            self.facts_poller.start()

        handlers = WebsocketHandlers.of(app_module)
        if not handlers.complete:
            log.warning("app.py has no WebSocket handlers (ws_connect, ws_message, ws_disconnect) yet: /ws answers 503")
        self._executor = ThreadPoolExecutor(max_workers=HANDLER_THREADS, thread_name_prefix="lambda")
        # the REST function's warm containers: up to REST_CONTAINERS invocations at once (devstack/gateway.py)
        self._rest_executor = ThreadPoolExecutor(max_workers=REST_CONTAINERS, thread_name_prefix="lambda-rest")
        self._management = ManagementApi(self._registry, {"127.0.0.1", "::1", self.endpoints.management_host})
        site = build_app(
            api=ApiProxy(RestGateway(app_module.app, environment.chalice_config(self.project_dir)),
                         self._rest_executor),
            websocket=WebsocketEndpoint(handlers, self._registry, self._executor, self.websocket_timing),
            management=self._management,
            site=StaticSite(site_bucket, self._executor),
            uploads=UploadProxy(self._moto.url),
            origin_secret=self.origin_secret,
            outbox=self.outbox,
            mail_outbox=self.mail_outbox,
        )
        site.on_shutdown.append(self._close_sockets)
        self.outbox.start()
        self.mail_outbox.start()
        self._serve(site)

    def _import_app(self) -> ModuleType:
        if str(self.project_dir) not in sys.path:
            sys.path.insert(0, str(self.project_dir))
        app_module = importlib.import_module("app")
        from chalicelib.config import settings

        expected = {"public_base_url": self.site_url, "ws_management_endpoint": self.endpoints.management_url,
                    "jwt_secret": self.jwt_secret, "origin_secret": self.origin_secret}
        stale = [name for name, value in expected.items() if getattr(settings, name, value) != value]
        if stale:
            raise RuntimeError(f"chalicelib was imported before the local stack set its environment "
                               f"({', '.join(stale)} differ): start LocalStack before importing app or "
                               f"chalicelib, and run one stack per process")
        self.app_module = app_module
        return app_module

    async def _close_sockets(self, _app: web.Application) -> None:
        await self._registry.close_all()

    def _serve(self, app: web.Application) -> None:
        ready = threading.Event()
        sock = self._socket
        assert sock is not None

        async def serve() -> None:
            runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=3.0)
            await runner.setup()
            await web.SockSite(runner, sock, shutdown_timeout=3.0).start()
            self._loop, self._stop_serving = asyncio.get_running_loop(), asyncio.Event()
            ready.set()
            try:
                await self._stop_serving.wait()
            finally:
                await runner.cleanup()

        def run() -> None:
            try:
                asyncio.run(serve())
            except BaseException as error:  # reported by start()
                self._serve_error = error
            finally:
                ready.set()

        self._thread = threading.Thread(target=run, name="devstack-http", daemon=True)
        self._thread.start()
        ready.wait()
        if self._serve_error is not None:
            raise self._serve_error

    def stop(self) -> None:
        """Stops everything that started; safe to call twice or after a failed start."""
        if self._site_sync is not None:
            self._site_sync.stop()
            self._site_sync = None
        for poller in (self.poller, self.facts_poller):
            if poller is not None:
                poller.stop()
        self.outbox.stop()
        self.mail_outbox.stop()
        if self._loop is not None and self._stop_serving is not None and not self._loop.is_closed():
            try:
                self._loop.call_soon_threadsafe(self._stop_serving.set)
            except RuntimeError:  # the loop has just finished
                pass
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None
        for executor in (self._executor, self._rest_executor):
            if executor is not None:
                executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._rest_executor = None
        if self._moto is not None:
            self._moto.stop()
            self._moto = None
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> LocalStack:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()
