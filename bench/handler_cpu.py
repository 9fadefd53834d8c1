"""The CPU time of the app's own Lambda handlers per order, the stand-in's time excluded, and
what it bills.

    python bench/handler_cpu.py [--journeys 5] [--cold-runs 3]

Where Lambda bills the app: each invocation of its handlers. This script runs moto as shipped
in ANOTHER PROCESS (`python -m moto.server`, reached through `endpoint_url` like any moto
user), and in this process invokes the app's handlers the way Lambda does: `app.app(event,
context)` with API Gateway's REST proxy events (the documented format), `app.ws_connect` /
`app.ws_disconnect` with WebSocket events, and `app.stream_changes` with the records read
through DynamoDB Streams' public API (GetRecords, as Lambda's event source mapping reads them:
not billed, not measured). The journey is bench/dynamo_ops.py's: a diner scans, reads the menu,
signs up, is approved by staff, orders two dishes, the kitchen bumps each line to served, the
diner calls the waiter and asks for the bill, staff close the table; after each step the
stream handler gets the records that step wrote, and posts to the sockets (moto's
@connections API).

Each handler call is timed with `time.process_time()`: the CPU of THIS process, which is the
app's code plus botocore's serialising, signing and parsing (Lambda bills those too) plus the
stream handler's fan-out threads, and not moto's (another process; its CPU is read from /proc
and printed as what was excluded). Waiting for DynamoDB is not CPU, so it is not in the figure:
on AWS it adds billed wall time (see the note printed with the cost). The script first checks
the method on handlers that burn a known CPU time (in the calling thread, in a worker thread,
and while sleeping) and prints what it measured.

Warm: every journey after a warm-up journey. Cold: a fresh interpreter per run that imports
the app (Lambda's init phase, billed since August 2025) and makes one invocation: GET menu, POST
order, $connect and the order's stream batch; the median of `--cold-runs`.

The settings are a deployed stage's (not the local stage): the JWT key and the origin secret
come from SSM (moto's), log level INFO, metrics flushed as EMF lines; the logs go to a file.
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import json
import math
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Public prices, us-east-1 (USD): Lambda per GB-second (arm64, which infra/runtime.py deploys,
# and x86_64) and per request. Check them before you rely on the totals.
LAMBDA_GB_SECOND = {"arm64": 0.0000133334, "x86_64": 0.0000166667}
LAMBDA_REQUEST = 0.20 / 1e6
FULL_VCPU_MB = 1769  # Lambda gives a function one full vCPU at 1,769 MB, a share of it below
CHALICE_DEFAULT_MB = 128  # chalice's lambda_memory_size when .chalice/config.json names none

ORIGIN_SECRET = "bench-origin-secret-value-that-cloudfront-sends"
JWT_SECRET = "bench-signing-key-that-is-long-enough-for-hs256-and-then-some"
PUBLIC_BASE_URL = "https://comanda.bench.example"
PREFIX = "comanda-cpu-"


# -- the measurement ----------------------------------------------------------------------------

@dataclass
class Invocation:
    kind: str  # rest / ws / stream
    step: str
    what: str
    cpu_ms: float
    wall_ms: float


def measured(call: Callable[[], Any]) -> tuple[Any, float, float]:
    """(result, CPU ms of this process, wall ms) of one call. The process's CPU counts every
    thread of it (the stream handler's fan-out pool) and nothing of another process (moto)."""
    cpu, wall = time.process_time(), time.perf_counter()
    result = call()
    return result, (time.process_time() - cpu) * 1000, (time.perf_counter() - wall) * 1000


def burn(ms: float) -> None:
    """Spins until this thread has used `ms` of CPU."""
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass


def self_check() -> list[tuple[str, float, float]]:
    """(what, expected ms, measured ms) for handlers of known CPU time."""
    pool = ThreadPoolExecutor(max_workers=2)
    pool.submit(lambda: None).result()  # the pool's thread exists before the measurement
    checks = [
        ("burns 50 ms in the calling thread", 50.0, lambda: burn(50)),
        ("burns 30 ms in a worker thread (as the fan-out)", 30.0, lambda: pool.submit(burn, 30).result()),
        ("sleeps 50 ms (waiting, as for DynamoDB)", 0.0, lambda: time.sleep(0.05)),
        ("burns 20 ms, sleeps 50 ms, burns 20 ms", 40.0, lambda: (burn(20), time.sleep(0.05), burn(20))),
    ]
    out = [(name, expected, measured(call)[1]) for name, expected, call in checks]
    pool.shutdown()
    return out


# -- API Gateway's events and Lambda's context ------------------------------------------------

@dataclass
class LambdaContext:
    """The attributes of Lambda's context object the app and Powertools read."""

    function_name: str
    memory_limit_in_mb: int = 512
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    log_group_name: str = ""
    log_stream_name: str = ""
    function_version: str = "$LATEST"

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        return 20_000


def route_of(routes: dict[str, Any], path: str) -> tuple[str, dict[str, str]]:
    """The route template (API Gateway's `resource`) a path matches and its path parameters;
    a literal segment wins over a parameter, as in API Gateway."""
    best: tuple[int, str, dict[str, str]] | None = None
    for template in routes:
        pattern = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$"
        match = re.match(pattern, path)
        if match and (best is None or len(match.groupdict()) < best[0]):
            best = (len(match.groupdict()), template, match.groupdict())
    if best is None:
        raise LookupError(f"no route for {path}")
    return best[1], best[2]


def rest_event(routes: dict[str, Any], method: str, path: str, headers: dict[str, str], body: bytes,
               viewer: str) -> dict[str, Any]:
    """An API Gateway REST API proxy event (payload 1.0) as CloudFront's /api/* origin sends it."""
    bare, _, query = path.partition("?")
    resource, parameters = route_of(routes, bare)
    sent = {"Host": "abc123.execute-api.us-east-1.amazonaws.com", "User-Agent": "Amazon CloudFront",
            "X-Origin-Verify": ORIGIN_SECRET, "CloudFront-Viewer-Address": f"{viewer}:51234",
            "X-Forwarded-For": f"{viewer}, 130.176.1.1", "X-Forwarded-Proto": "https", **headers}
    pairs = [p.split("=", 1) + [""] for p in query.split("&") if p] if query else []
    return {
        "resource": resource, "path": bare, "httpMethod": method,
        "headers": sent, "multiValueHeaders": {k: [v] for k, v in sent.items()},
        "queryStringParameters": {p[0]: p[1] for p in pairs} or None,
        "multiValueQueryStringParameters": {p[0]: [p[1]] for p in pairs} or None,
        "pathParameters": parameters or None, "stageVariables": None,
        "requestContext": {
            "resourcePath": resource, "httpMethod": method, "path": f"/api{bare}", "stage": "api",
            "accountId": "123456789012", "apiId": "abc123", "protocol": "HTTP/1.1",
            "requestId": str(uuid.uuid4()), "requestTimeEpoch": int(time.time() * 1000),
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "identity": {"sourceIp": "130.176.1.1", "userAgent": "Amazon CloudFront"},
        },
        "body": body.decode() if body else None, "isBase64Encoded": False,
    }


def websocket_event(route: str, connection_id: str, token: str = "") -> dict[str, Any]:
    context = {"routeKey": route, "eventType": route.strip("$").upper(), "connectionId": connection_id,
               "apiId": "wsapi1", "stage": "ws", "domainName": "wsapi1.execute-api.us-east-1.amazonaws.com",
               "requestId": str(uuid.uuid4()), "connectedAt": int(time.time() * 1000),
               "identity": {"sourceIp": "130.176.1.1"}}
    event: dict[str, Any] = {"requestContext": context, "isBase64Encoded": False}
    if route == "$connect":
        event["headers"] = {"Origin": PUBLIC_BASE_URL, "X-Origin-Verify": ORIGIN_SECRET,
                            "Host": context["domainName"]}
        event["queryStringParameters"] = {"token": token}
    return event


def as_lambda_sends(event: dict[str, Any]) -> dict[str, Any]:
    """The event as JSON, the way Lambda hands it over (binary attributes base64)."""
    def default(value: Any) -> Any:
        if isinstance(value, (bytes, bytearray)):
            return base64.b64encode(value).decode()
        if hasattr(value, "timestamp"):
            return value.timestamp()
        raise TypeError(type(value).__name__)

    return json.loads(json.dumps(event, default=default))


# -- the stand-in: moto's server, in its own process ----------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def moto_server() -> Iterator[tuple[str, int]]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "/moto-api/", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("moto's server did not start") from None
                time.sleep(0.2)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def deployed_environment(moto_url: str) -> dict[str, str]:
    """A deployed stage's settings (infra/template.py's), every AWS call to moto."""
    return {
        "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "AWS_ENDPOINT_URL": moto_url,
        "COMANDA_STAGE": "bench", "COMANDA_TABLE_PREFIX": PREFIX, "COMANDA_BUCKET": "comanda-cpu-site",
        "COMANDA_JWT_SECRET_PARAMETER": "/comanda/bench/jwt-secret",
        "COMANDA_ORIGIN_SECRET_PARAMETER": "/comanda/bench/origin-secret",
        "COMANDA_WS_MANAGEMENT_ENDPOINT": moto_url, "COMANDA_WS_STAGE": "ws",
        "COMANDA_PUBLIC_BASE_URL": PUBLIC_BASE_URL, "COMANDA_MEDIA_BASE_URL": "/media",
        "POWERTOOLS_SERVICE_NAME": "comanda-api", "POWERTOOLS_LOG_LEVEL": "INFO",
        "POWERTOOLS_METRICS_NAMESPACE": "Comanda",
    }


def prepare_stand_in(moto_url: str) -> None:
    """SSM parameters, tables and the demo chain (the seed runs on the local stage in its own
    process: it sets the demo password only there)."""
    import boto3

    ssm = boto3.client("ssm", region_name="us-east-1", endpoint_url=moto_url,
                       aws_access_key_id="bench", aws_secret_access_key="bench")
    ssm.put_parameter(Name="/comanda/bench/jwt-secret", Value=JWT_SECRET, Type="SecureString")
    ssm.put_parameter(Name="/comanda/bench/origin-secret", Value=ORIGIN_SECRET, Type="SecureString")
    env = {**os.environ, **deployed_environment(moto_url), "COMANDA_STAGE": "local"}
    subprocess.run([sys.executable, "-m", "chalicelib.seed", "--create-tables"], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL)


# -- the journey, each handler call measured --------------------------------------------------

class World:
    """bench/dynamo_ops.py's World for its journey(): the same steps, each handler invoked as
    Lambda does and measured; the stream handler after each step on the records it wrote."""

    def __init__(self, app_module: Any, streams: Any, viewer: str) -> None:
        self.app_module = app_module
        self.routes = app_module.app.routes
        self.streams = streams
        self.viewer = viewer
        self.tallies: dict[str, list[Invocation]] = {}
        self.batches: dict[str, list[dict[str, Any]]] = {}
        self._current: list[Invocation] = []
        self._step = ""

    def _invoke(self, kind: str, what: str, handler: Callable[[dict, Any], Any], event: dict,
                function: str) -> Any:
        context = LambdaContext(function)
        answer, cpu, wall = measured(lambda: handler(event, context))
        self._current.append(Invocation(kind, self._step, what, cpu, wall))
        return answer

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict | None = None) -> Any:
        sent = {"Content-Type": "application/json", "Accept": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = json.dumps(body).encode() if body is not None else b""
        event = rest_event(self.routes, method, path, sent, payload, self.viewer)
        answer = self._invoke("rest", f"{method} {event['resource']}", self.app_module.app, event, "comanda-bench-api")
        if answer["statusCode"] >= 400:
            raise RuntimeError(f"{method} {path}: {answer['statusCode']} {answer.get('body')!r}")
        text = base64.b64decode(answer["body"]) if answer.get("isBase64Encoded") else answer.get("body")
        return json.loads(text) if text else None

    def websocket(self, route: str, connection_id: str, token: str = "") -> None:
        handler = self.app_module.ws_connect if route == "$connect" else self.app_module.ws_disconnect
        function = "comanda-bench-ws-connect" if route == "$connect" else "comanda-bench-ws-disconnect"
        answer = self._invoke("ws", route, handler, websocket_event(route, connection_id, token), function)
        if isinstance(answer, dict) and answer.get("statusCode", 200) >= 400:
            raise RuntimeError(f"{route}: {answer}")

    def step(self, name: str, action: Callable[[], Any], *, rest: int = 0, ws: int = 0, cdn: int = 0) -> Any:
        self._current, self._step = [], name
        result = action()
        self.batches[name] = []
        for batch in self.streams.drain():
            event = as_lambda_sends({"Records": batch})
            self.batches[name].append(event)
            answer = self._invoke("stream", f"{len(batch)} records", self.app_module.stream_changes, event,
                                  "comanda-bench-stream-changes")
            if answer and answer.get("batchItemFailures"):
                raise RuntimeError(f"{name}: stream records failed: {answer}")
        self.tallies[name] = self._current
        return result


def per_order(world: World) -> list[Invocation]:
    """The journey's invocations, without a shift's start (sign-ins, staff sockets, the staff
    pages' first loads) nor a day's actions (an 86, the menu's CloudFront misses): dynamo_ops.py's split."""
    setup = ("staff: sign in", "staff: POS socket", "staff: kitchen socket", "staff: open ", "per day:")
    return [i for name, calls in world.tallies.items() if not name.startswith(setup) for i in calls]


# -- cold: a fresh interpreter, the init phase and one invocation --------------------------------

def cold_child(handler_name: str, event_file: str, out_fd: int) -> None:
    """Runs in a fresh interpreter: imports the app (Lambda's init) and invokes one handler."""
    started = time.process_time()
    import app as app_module

    init_ms = (time.process_time() - started) * 1000
    event = json.loads(Path(event_file).read_text())
    handler = app_module.app if handler_name == "app" else getattr(app_module, handler_name)
    answer, first_ms, wall_ms = measured(lambda: handler(event, LambdaContext(f"comanda-bench-{handler_name}")))
    status = answer.get("statusCode", 200) if isinstance(answer, dict) else 200
    failures = answer.get("batchItemFailures") if isinstance(answer, dict) else None
    with os.fdopen(out_fd, "w") as out:
        out.write(json.dumps({"init_ms": init_ms, "first_ms": first_ms, "wall_ms": wall_ms, "status": status,
                              "failures": failures}))


def run_cold(handler_name: str, event: dict, moto_url: str, log_path: Path) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(event, file)
    read, write = os.pipe()
    try:
        with log_path.open("a") as log:
            process = subprocess.Popen(
                [sys.executable, __file__, "--cold-child", handler_name, file.name, str(write)],
                cwd=ROOT, env={**os.environ, **deployed_environment(moto_url)}, stdout=log, stderr=log,
                pass_fds=(write,))
        os.close(write)
        with os.fdopen(read) as pipe:
            text = pipe.read()
        process.wait()
    finally:
        os.unlink(file.name)
    if process.returncode or not text:
        raise SystemExit(f"the cold run of {handler_name} failed (exit {process.returncode}): see {log_path}")
    result = json.loads(text)
    if result["status"] >= 400 or result["failures"]:
        raise SystemExit(f"the cold run of {handler_name} answered {result}: see {log_path}")
    return result


# -- the report -------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def billed_ms(cpu_ms: float, memory_mb: int) -> int:
    """Lambda's billed duration of a CPU-bound invocation: below 1,769 MB a function gets
    memory/1,769 of a vCPU, so the same CPU takes longer; rounded up to the millisecond."""
    return math.ceil(cpu_ms * max(1.0, FULL_VCPU_MB / memory_mb))


def gb_seconds(invocations: list[Invocation], memory_mb: int) -> float:
    return sum(billed_ms(i.cpu_ms, memory_mb) for i in invocations) / 1000 * memory_mb / 1024


def configured_memory() -> list[tuple[str, int]]:
    """The memory sizes the project configures: infra/template.py's (what `make deploy`
    deploys) and .chalice/config.json's (chalice's default when it names none)."""
    sizes: list[tuple[str, int]] = []
    found = re.findall(r'"MemorySize":\s*(\d+)', (ROOT / "infra" / "template.py").read_text(encoding="utf-8"))
    if found:
        sizes.append(("infra/template.py (make deploy)", int(found[0])))
    config = json.loads((ROOT / ".chalice" / "config.json").read_text(encoding="utf-8"))
    chalice_mb = config.get("lambda_memory_size", CHALICE_DEFAULT_MB)
    sizes.append((".chalice/config.json" + ("" if "lambda_memory_size" in config else " (chalice's default)"),
                  int(chalice_mb)))
    return sizes


KINDS = (("rest", "REST function (app.app)"), ("ws", "WebSocket $connect/$disconnect"),
         ("stream", "stream function (app.stream_changes)"))


def report(out: Any, checks: list[tuple[str, float, float]], journeys: list[list[Invocation]],
           moto_cpu_ms: float, cold: dict[str, list[dict[str, Any]]], args: argparse.Namespace) -> None:
    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    orders = len(journeys)
    every = [i for journey in journeys for i in journey]
    cpu_per_order = sum(i.cpu_ms for i in every) / orders
    say(f"app CPU per order (warm, {orders} journeys): {cpu_per_order:.1f} ms "
        f"(REST {sum(i.cpu_ms for i in every if i.kind == 'rest') / orders:.1f}, "
        f"WebSocket {sum(i.cpu_ms for i in every if i.kind == 'ws') / orders:.1f}, "
        f"stream {sum(i.cpu_ms for i in every if i.kind == 'stream') / orders:.1f}); "
        f"moto's CPU, excluded: {moto_cpu_ms / orders:.1f} ms per order")
    say()
    say("method check: handlers of known CPU time, measured as every handler below")
    for name, expected, got in checks:
        say(f"  {name:<50} expected {expected:5.1f} ms   measured {got:5.1f} ms")
    say()
    say(f"warm, per invocation (CPU ms of this process; after a warm-up journey; {orders} journeys):")
    say(f"  {'handler':<40} {'per order':>9} {'mean':>7} {'p50':>7} {'p95':>7} {'max':>7} {'ms/order':>9}")
    for kind, label in KINDS:
        values = [i.cpu_ms for i in every if i.kind == kind]
        if values:
            say(f"  {label:<40} {len(values) / orders:>9.1f} {statistics.mean(values):>7.2f} "
                f"{statistics.median(values):>7.2f} {percentile(values, .95):>7.2f} {max(values):>7.2f} "
                f"{sum(values) / orders:>9.1f}")
    order_totals = [sum(i.cpu_ms for i in journey) for journey in journeys]
    say(f"  {'whole order (all kinds)':<40} {len(every) / orders:>9.1f} {'':>7} "
        f"{statistics.median(order_totals):>7.1f} {percentile(order_totals, .95):>7.1f} {max(order_totals):>7.1f} "
        f"{cpu_per_order:>9.1f}   (p50/p95/max over journeys)")
    say()
    say("warm, each invocation of one order (mean CPU ms over the journeys):")
    by_step: dict[str, list[float]] = {}
    for journey in journeys:
        for i in journey:
            by_step.setdefault(f"{i.kind:<6} {i.step}: {i.what}", []).append(i.cpu_ms)
    for name, values in by_step.items():
        say(f"  {name:<92} {statistics.mean(values):6.2f}")
    say()
    say(f"cold: a fresh interpreter imports the app (init) and makes one invocation; median of {args.cold_runs}:")
    sizes = [("1 full vCPU", FULL_VCPU_MB), *configured_memory()]
    for name, runs in cold.items():
        init = statistics.median(r["init_ms"] for r in runs)
        first = statistics.median(r["first_ms"] for r in runs)
        billed = "   ".join(f"{billed_ms(init + first, memory) * memory / 1024 / 1000:.3f} GB-s at {memory} MB"
                           for _, memory in sizes)
        say(f"  {name:<40} init {init:7.1f} ms   first invocation {first:7.1f} ms   together {init + first:7.1f} ms"
            f"   ({billed})")
    say()
    say("Lambda per 1,000 orders (warm; billed duration = CPU x max(1, 1769 MB / memory), rounded up per invocation):")
    invocations = len(every) / orders * 1000
    for label, memory in sizes:
        gbs = gb_seconds(every, memory) / orders * 1000
        say(f"  {memory:>5} MB, {label:<36} {gbs:8.2f} GB-s   arm64 ${gbs * LAMBDA_GB_SECOND['arm64']:.4f}"
            f"  x86_64 ${gbs * LAMBDA_GB_SECOND['x86_64']:.4f}   + {invocations:.0f} requests "
            f"${invocations * LAMBDA_REQUEST:.4f}")
    say("  (CPU only: the waits for DynamoDB and @connections are billed wall time on AWS too, about a few ms per")
    say("   request at the function's memory; bench/dynamo_ops.py counts the requests. Measured on this machine's")
    say(f"   x86 cores, not Graviton's; Python {sys.version.split()[0]} here, 3.12 on Lambda.)")


# -- main -------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--journeys", type=int, default=5, help="measured journeys after the warm-up one")
    parser.add_argument("--cold-runs", type=int, default=3, help="fresh interpreters per cold figure")
    parser.add_argument("--cold-child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_child:
        # the app's logs (Powertools writes JSON lines to stdout) go to the parent's log file
        cold_child(args.cold_child[0], args.cold_child[1], int(args.cold_child[2]))
        return 0

    out = os.fdopen(os.dup(1), "w")  # the report; the app's log lines go to a file, as to CloudWatch
    log_path = Path(tempfile.gettempdir()) / f"comanda-handler-cpu-{os.getpid()}.log"
    print(f"machine: {os.cpu_count()} CPUs, load average {load_average()} before; the app's logs: {log_path}",
          file=out, flush=True)
    checks = self_check()
    with moto_server() as (moto_url, moto_pid), log_path.open("w") as log:
        prepare_stand_in(moto_url)
        # bench/ is on sys.path as the script's folder; dynamo_ops sets its own environment
        # when imported (in-process moto, the local stage): replaced by a deployed stage's
        from dynamo_ops import Streams, journey

        for name in ("COMANDA_JWT_SECRET", "POWERTOOLS_METRICS_DISABLED"):
            os.environ.pop(name, None)
        os.environ.update(deployed_environment(moto_url))
        sys.stdout.flush()
        os.dup2(log.fileno(), 1)
        import app as app_module

        streams = Streams()
        warm = World(app_module, streams, "203.0.113.1")
        journey(warm)  # the warm-up: every code path loaded, every client made
        journeys: list[list[Invocation]] = []
        moto_before = cpu_seconds(moto_pid)
        for index in range(args.journeys):
            world = World(app_module, streams, f"203.0.113.{10 + index}")
            journey(world)
            journeys.append(per_order(world))
        moto_cpu_ms = (cpu_seconds(moto_pid) - moto_before) * 1000

        # the cold runs' events: a public read, an order of a seated diner, a $connect, the
        # order's stream batch (replayed: the same records, posted again to the same sockets)
        cold_world = World(app_module, streams, "203.0.113.99")
        seated = cold_world.call("POST", "/branches/downtown-lima/tables/T14/sessions", {"mode": "quick", "name": "Eva"})
        manager = cold_world.call("POST", "/staff/login", {"email": "manager@downtown.demo.comanda",
                                                          "password": "demo1234"})["token"]
        cold_world.call("POST", f"/staff/sessions/{seated['session']['id']}/approve", token=manager)
        streams.drain()
        routes = app_module.app.routes
        order_batch = world.batches["diner: place order (Idempotency-Key)"][0]
        events: dict[str, Callable[[int], tuple[str, dict]]] = {
            "REST: GET /branches/{slug}/menu": lambda n: ("app", rest_event(
                routes, "GET", "/branches/downtown-lima/menu", {"Accept": "application/json"}, b"", "203.0.113.98")),
            "REST: POST /session/orders": lambda n: ("app", rest_event(
                routes, "POST", "/session/orders", {
                    "Content-Type": "application/json", "Authorization": f"Bearer {seated['token']}",
                    "Idempotency-Key": f"cold-{os.getpid()}-{n}"},
                json.dumps({"items": [{"menuItemId": "lomo-saltado", "quantity": 1}]}).encode(), "203.0.113.99")),
            "WebSocket $connect": lambda n: ("ws_connect", websocket_event("$connect", f"cold-{n}", seated["token"])),
            "stream: the order's batch": lambda n: ("stream_changes", order_batch),
        }
        cold = {name: [run_cold(*make(n), moto_url, log_path) for n in range(args.cold_runs)]
                for name, make in events.items()}
    report(out, checks, journeys, moto_cpu_ms, cold, args)
    print(f"machine load average after: {load_average()}", file=out, flush=True)
    return 0


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    sys.exit(main())
