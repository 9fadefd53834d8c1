"""The stand-in's in-process transport: botocore requests addressed to one of the stack's
own endpoints (its moto server, its `@connections` API) are answered by calling that endpoint
in the calling thread, with no socket, no server thread and no HTTP parsing.

botocore still does everything else for real (serialization, SigV4 signing, retries,
response parsing): only the bytes' trip changes. The seam is `URLLib3Session.send`, the one
method every botocore session sends through (PynamoDB's, boto3's, Powertools', chalice's
`@connections` sender): requests to an address registered with `divert()` are served by its
handler, every other request goes out over HTTP as before. See docs/decisions.md.

Requests from elsewhere (the pages' photo uploads, other processes) still reach moto over
HTTP: `KeepAliveServer` serves them with the same environ, on kept-alive connections.

On AWS nothing of this exists; the app's code does not know about it.
"""
from __future__ import annotations

import io
import logging
import socket
import socketserver
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote, urlsplit

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.httpsession import URLLib3Session

log = logging.getLogger("devstack.transport")

Handler = Callable[[AWSPreparedRequest], AWSResponse]
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

# urllib3 sends `Content-Length: 0` for a request without a body unless its method expects none
_METHODS_WITHOUT_BODY = frozenset({"GET", "HEAD", "DELETE", "TRACE", "OPTIONS", "CONNECT"})

_lock = threading.Lock()
_routes: tuple[tuple[str, Handler], ...] = ()  # replaced whole, read without the lock
_over_http: Callable[[URLLib3Session, AWSPreparedRequest], AWSResponse] = URLLib3Session.send  # botocore's own


def _addressed_to(url: str, endpoint: str) -> bool:
    return url.startswith(endpoint) and url[len(endpoint):len(endpoint) + 1] in ("", "/", "?")


def _send(session: URLLib3Session, request: AWSPreparedRequest) -> AWSResponse:
    url = request.url
    for endpoint, handler in _routes:
        if _addressed_to(url, endpoint):
            return handler(request)
    return _over_http(session, request)


def divert(endpoint: str, handler: Handler) -> None:
    """From now on, botocore requests to `endpoint` (`http://host:port[/path]`, as the
    clients are configured with it) are answered by `handler`, in the calling thread."""
    global _routes
    endpoint = endpoint.rstrip("/")
    with _lock:
        _routes = tuple((e, h) for e, h in _routes if e != endpoint) + ((endpoint, handler),)
        URLLib3Session.send = _send  # type: ignore[method-assign]


def restore(endpoint: str) -> None:
    """Requests to `endpoint` go over HTTP again; with no diversion left botocore is as shipped."""
    global _routes
    endpoint = endpoint.rstrip("/")
    with _lock:
        _routes = tuple((e, h) for e, h in _routes if e != endpoint)
        if not _routes:
            URLLib3Session.send = _over_http  # type: ignore[method-assign]


def diverted(url: str) -> bool:
    return any(_addressed_to(url, endpoint) for endpoint, _ in _routes)


class ResponseBody(io.BytesIO):
    """The answer's bytes, read the way botocore reads urllib3's response: `stream()` for
    whole bodies, `read(amt)` through a StreamingBody (S3 GetObject)."""

    def stream(self, amt: int = 2 ** 16, decode_content: bool | None = None) -> Iterator[bytes]:
        while chunk := self.read(amt):
            yield chunk


def request_body(request: AWSPreparedRequest) -> bytes | None:
    """The bytes urllib3 would put on the wire (None: no body at all)."""
    body = request.body
    if body is None:
        return None
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):  # a file, or botocore's AwsChunkedWrapper: read as urllib3 would
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return b"".join(c.encode("utf-8") if isinstance(c, str) else bytes(c) for c in body)


def _header_value(value: str | bytes) -> str:
    """What the server parses: http.client sends str as latin-1 and bytes as they are, and
    the server decodes header bytes as latin-1."""
    return value.decode("latin-1") if isinstance(value, (bytes, bytearray)) else value


def wire_headers(request: AWSPreparedRequest, body: bytes | None) -> list[tuple[str, str]]:
    """The request's headers as the server receives them: botocore's, plus the framing,
    Host and Accept-Encoding headers urllib3 and http.client add."""
    headers = [(name, _header_value(value)) for name, value in request.headers.items()]
    names = {name.lower() for name, _ in headers}
    added = []
    if "host" not in names:
        added.append(("Host", urlsplit(request.url).netloc))
    if "accept-encoding" not in names:
        added.append(("Accept-Encoding", "identity"))
    if "content-length" not in names and "transfer-encoding" not in names:
        if body is not None:
            added.append(("Content-Length", str(len(body))))
        elif request.method.upper() not in _METHODS_WITHOUT_BODY:
            added.append(("Content-Length", "0"))
    return added + headers


def request_target(url: str) -> str:
    """What goes on the request line for `url` (botocore's `_path_url`)."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def wsgi_environ(method: str, target: str, headers: list[tuple[str, str]], body: bytes | None,
                 server_address: tuple[str, int], client_address: tuple[str, int] = ("127.0.0.1", 0),
                 ) -> dict[str, Any]:
    """The environ werkzeug's server (with moto's `MotoRequestHandler`) builds for a request
    line's `target` and the headers as received: same keys, same decoding (PATH_INFO
    unquoted, headers as HTTP_*, headers with an underscore dropped except S3 metadata ones,
    whose spelling moto keeps)."""
    from moto.core.request import (
        PRESERVED_HEADER_NAMES_ENVIRON_KEY,
        environ_key_for_header,
        should_preserve_original_header_name,
    )

    request_url = urlsplit(target)
    if not request_url.scheme and request_url.netloc:  # a path starting with //, as werkzeug reads it
        path_info = f"/{request_url.netloc}{request_url.path}"
    else:
        path_info = request_url.path
    environ: dict[str, Any] = {
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body or b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
        "SERVER_SOFTWARE": "devstack-in-process",
        "REQUEST_METHOD": method.upper(),
        "SCRIPT_NAME": "",
        "PATH_INFO": _latin1(unquote(path_info)),
        "QUERY_STRING": _latin1(request_url.query),
        "REQUEST_URI": _latin1(target),
        "RAW_URI": _latin1(target),
        "REMOTE_ADDR": client_address[0],
        "REMOTE_PORT": client_address[1],
        "SERVER_NAME": server_address[0],
        "SERVER_PORT": str(server_address[1]),
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    for name, value in headers:
        if "_" in name:
            continue
        key = name.upper().replace("-", "_")
        value = value.replace("\r\n", "")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = f"HTTP_{key}"
            if key in environ:
                value = f"{environ[key]},{value}"
        environ[key] = value
    if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
        environ["wsgi.input_terminated"] = True  # the body is whole already: nothing to de-chunk
    # MotoRequestHandler.make_environ: underscored S3 metadata headers, under their own spelling
    dashed = {environ_key_for_header(name) for name, _ in headers if "_" not in name}
    kept_names: dict[str, str] = {}
    kept_values: dict[str, list[str]] = {}
    for name, value in headers:
        if not should_preserve_original_header_name(name):
            continue
        key = environ_key_for_header(name)
        if key in dashed:
            continue
        kept_names.setdefault(key, name)
        kept_values.setdefault(key, []).append(value.replace("\r\n", ""))
    for key, values in kept_values.items():
        environ[key] = ",".join(values)
    environ[PRESERVED_HEADER_NAMES_ENVIRON_KEY] = kept_names
    return environ


def _latin1(text: str) -> str:
    return text.encode().decode("latin1")  # PEP 3333's "bytes as latin-1 text", as werkzeug does


def call_wsgi(app: WsgiApp, environ: dict[str, Any]) -> tuple[int, list[tuple[str, str]], bytes]:
    """Runs one request through a WSGI app; an exception is a 500, as werkzeug's server answers."""
    started: list[Any] = []
    written: list[bytes] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
        if exc_info is not None and started and written:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = [status, headers]
        return written.append

    try:
        result = app(environ, start_response)
        try:
            for chunk in result:
                written.append(chunk)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
    except Exception:
        log.exception("in-process %s %s failed", environ["REQUEST_METHOD"], environ["PATH_INFO"])
        from werkzeug.exceptions import InternalServerError

        started, written = [], []
        for chunk in InternalServerError()(environ, start_response):
            written.append(chunk)
    status, headers = started
    return int(status.split(None, 1)[0]), headers, b"".join(written)


def aws_response(url: str, status: int, headers: Iterable[tuple[str, str]], body: bytes) -> AWSResponse:
    """What botocore gets from urllib3: repeated headers joined with ", "."""
    merged: dict[str, tuple[str, str]] = {}
    for name, value in headers:
        key = name.lower()
        merged[key] = (merged[key][0], f"{merged[key][1]}, {value}") if key in merged else (name, value)
    return AWSResponse(url, status, dict(merged.values()), ResponseBody(body))


class WsgiEndpoint:
    """Serves botocore requests with a WSGI app (the stack's moto), as its HTTP server
    at `server_address` would."""

    def __init__(self, app: WsgiApp, server_address: tuple[str, int]) -> None:
        self._app = app
        self._server_address = server_address

    def __call__(self, request: AWSPreparedRequest) -> AWSResponse:
        body = request_body(request)
        environ = wsgi_environ(request.method, request_target(request.url), wire_headers(request, body), body,
                               self._server_address)
        status, headers, answer = call_wsgi(self._app, environ)
        return aws_response(request.url, status, headers, answer)


class KeepAliveHandler(BaseHTTPRequestHandler):
    """A WSGI app (the stack's moto) over HTTP/1.1 with keep-alive, for what reaches it from
    outside this process's botocore (photo uploads through the site, other processes).

    werkzeug's development server, which moto's `ThreadedMotoServer` uses, answers every
    request with `Connection: close` and drains the socket for 10 ms after each answer: every
    request cost a TCP connection and a thread. Here a connection's thread serves its
    requests one after the other until the client closes it or it idles for `timeout`
    seconds. The environ is `wsgi_environ`'s, as for the in-process path; answers are sent
    whole, with a Content-Length."""

    protocol_version = "HTTP/1.1"
    timeout = 60.0  # seconds an idle keep-alive connection keeps its thread
    disable_nagle_algorithm = True  # or a small answer waits for the client's delayed ACK (40 ms)
    wbufsize = 64 * 1024  # head and body leave in one write, when the request is done
    server: KeepAliveServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # no line per request (moto's server is quiet too)

    def handle(self) -> None:
        try:
            super().handle()
        except ConnectionError:  # the client went away (werkzeug's server ignores it too)
            pass

    def _serve(self) -> None:
        try:
            body = self._read_body()
        except ValueError:
            self.send_error(400, "Bad chunked body")
            return
        environ = wsgi_environ(self.command, self.path, list(self.headers.items()), body,
                               self.server.server_address[:2], self.client_address[:2])
        status, headers, answer = call_wsgi(self.server.app, environ)
        self.send_response(status)
        names = set()
        for name, value in headers:
            self.send_header(name, value)
            names.add(name.lower())
        if "content-length" not in names and not (100 <= status < 200 or status in (204, 304)):
            if self.command == "HEAD":  # the length of a body not sent is unknown: end the connection
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(answer)

    do_GET = do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _serve

    def _read_body(self) -> bytes | None:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline(1024).split(b";")[0].strip(), 16)  # ValueError: not a size
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(3)
        length = self.headers.get("Content-Length")
        return self.rfile.read(int(length)) if length else None


class KeepAliveServer(socketserver.ThreadingMixIn, socketserver.TCPServer):
    """`KeepAliveHandler`'s server: a thread per connection, daemon threads. Closing the
    server also ends the connections still open, so a stopped server answers nothing more."""

    allow_reuse_address = True
    daemon_threads = True
    block_on_close = False
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], app: WsgiApp) -> None:
        self.app = app
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__(address, KeepAliveHandler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._open_lock:
            self._open.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        with self._open_lock:
            still_open, self._open = list(self._open), set()
        for connection in still_open:
            try:
                connection.shutdown(socket.SHUT_RDWR)  # its thread's next read ends, and it closes
            except OSError:
                pass
