"""Order-to-kitchen push latency on the local stack.

    python bench/push_latency.py [--tables 100] [--rate 20] [--port 0]

Starts the local stack in this process (as `make run` does), adds bench tables to
downtown-lima, seats a diner with an open WebSocket at each, opens the kitchen's and the
POS's sockets, then places one order per table at a fixed rate and prints, for the kitchen
socket: p50/p95/p99/max of (push received - order POST answered), the POST latency itself,
and messages lost (orders the kitchen or the diner never heard within 10 s). Figures are
for comparing runs on one machine, not absolutes.

Beside tap -> kitchen screen it prints the app's own share, as the handlers measure
themselves (chalicelib/timing.py): the REST handler's time for the order POST (its
`Server-Timing` header) plus the stream handler's time for the batch that carried the
order's record (its "stream batch handled" log line). "billed" is the handlers' whole time
(what Lambda bills); "app" leaves out the time they waited on AWS services, which here are
stand-ins (moto, the local @connections gateway) far slower than the real ones.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
import socket
import statistics
import sys
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere: the project's packages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def call(api: str, method: str, path: str, body=None, token: str | None = None) -> dict:
    return call_timed(api, method, path, body, token)[0]


def call_timed(api: str, method: str, path: str, body=None, token: str | None = None) -> tuple[dict, dict[str, float]]:
    """The answer and its Server-Timing figures ({"handler": ms, "aws": ms})."""
    request = urllib.request.Request(api + path, data=json.dumps(body).encode() if body is not None else None,
                                     method=method, headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        timings = {name: float(duration) for name, duration in
                   re.findall(r"(\w+);dur=([0-9.]+)", response.headers.get("Server-Timing", ""))}
        return json.loads(response.read() or b"null"), timings


class StreamTimings(logging.Handler):
    """Keeps the stream handler's "stream batch handled" lines: order id -> (billed, own, CPU ms).
    The app's logger is raised to INFO for them; its own output still shows warnings only."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.by_order: dict[str, tuple[float, float, float]] = {}
        self.batches: list[tuple[float, float, int]] = []
        app_logger = logging.getLogger("comanda-api")
        for handler in app_logger.handlers:
            handler.setLevel(logging.WARNING)
        app_logger.setLevel(logging.INFO)
        app_logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage() != "stream batch handled":
            return
        billed, own = float(getattr(record, "duration_ms", 0)), float(getattr(record, "own_ms", 0))
        cpu = float(getattr(record, "cpu_ms", 0))
        self.batches.append((billed, own, int(getattr(record, "records", 0))))
        for order_id in getattr(record, "orders_created", []) or []:
            self.by_order.setdefault(order_id, (billed, own, cpu))


class Collector(threading.Thread):
    """Reads a socket in the background, stamping each order.created with its arrival time."""

    def __init__(self, ws_url: str, token: str, origin: str) -> None:
        from websockets.sync.client import connect

        super().__init__(daemon=True)
        self.socket = connect(f"{ws_url}?token={token}", additional_headers={"Origin": origin},
                              open_timeout=10, max_size=2**20)
        self.arrivals: dict[str, float] = {}
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                frame = json.loads(self.socket.recv(timeout=0.2))
            except TimeoutError:
                continue
            except Exception:  # noqa: BLE001 - the socket closed: the bench is over
                return
            for message in frame if isinstance(frame, list) else [frame]:  # one message, or several in order
                if message.get("type") == "order.created":
                    self.arrivals.setdefault(message["data"]["id"], time.perf_counter())

    def close(self) -> None:
        self.stopped.set()
        self.socket.close()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=100)
    parser.add_argument("--rate", type=float, default=20.0, help="orders per second")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    from devstack.stack import LocalStack

    stack = LocalStack("127.0.0.1", args.port or free_port())
    started = time.perf_counter()
    stack.start()
    print(f"local stack up in {time.perf_counter() - started:.2f} s at {stack.site_url}")
    try:
        run(stack, args.tables, args.rate)
    finally:
        stack.stop()


def run(stack, tables: int, rate: float) -> None:
    from chalicelib.bootstrap import repositories
    from chalicelib.domain.errors import AlreadyExists
    from chalicelib.domain.venues import DiningTable

    api, origin = stack.api_url, stack.site_url
    stream_timings = StreamTimings()
    venues = repositories().venues
    codes = [f"B{n}" for n in range(1, tables + 1)]
    for code in codes:
        try:
            venues.add_table(DiningTable(branch_id="br_downtown-lima", code=code, label=f"Bench {code}"))
        except AlreadyExists:
            pass
    manager = call(api, "POST", "/staff/login", {"email": "manager@downtown.demo.comanda", "password": "demo1234"})["token"]
    kitchen_token = call(api, "POST", "/staff/login", {"email": "kitchen@downtown.demo.comanda", "password": "demo1234"})["token"]

    seat_started = time.perf_counter()
    diners: dict[str, str] = {}
    diner_sockets: dict[str, Collector] = {}
    for code in codes:
        registered = call(api, "POST", f"/branches/downtown-lima/tables/{code}/sessions", {"mode": "quick", "name": "Bench"})
        call(api, "POST", f"/staff/sessions/{registered['session']['id']}/approve", token=manager)
        diners[code] = registered["token"]
        diner_sockets[code] = Collector(stack.ws_url, registered["token"], origin)
        diner_sockets[code].start()
    kitchen = Collector(stack.ws_url, kitchen_token, origin)
    pos = Collector(stack.ws_url, manager, origin)
    kitchen.start()
    pos.start()
    print(f"seated {tables} tables with {tables + 2} open sockets in {time.perf_counter() - seat_started:.1f} s")
    time.sleep(1.0)  # let the seating's session.updated pushes drain

    post_timings: dict[str, dict[str, float]] = {}
    placed: dict[str, tuple[str, float, float]] = {}  # order id -> (table, sent, answered)
    interval = 1.0 / rate
    begin = time.perf_counter()
    for index, code in enumerate(codes):
        due = begin + index * interval
        if (pause := due - time.perf_counter()) > 0:
            time.sleep(pause)
        sent = time.perf_counter()
        order, post_timings[code] = call_timed(api, "POST", "/session/orders",
                                               {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]},
                                               token=diners[code])
        placed[order["id"]] = (code, sent, time.perf_counter())
    elapsed = time.perf_counter() - begin

    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and (
            len(kitchen.arrivals) < len(placed)
            or any(oid not in diner_sockets[code].arrivals for oid, (code, _, _) in placed.items())):
        time.sleep(0.05)

    push_ms = [(kitchen.arrivals[oid] - answered) * 1000 for oid, (_, _, answered) in placed.items() if oid in kitchen.arrivals]
    end_to_end_ms = [(kitchen.arrivals[oid] - sent) * 1000 for oid, (_, sent, _) in placed.items() if oid in kitchen.arrivals]
    post_ms = [(answered - sent) * 1000 for (_, sent, answered) in placed.values()]
    lost_kitchen = len(placed) - len(push_ms)
    lost_diner = sum(1 for oid, (code, _, _) in placed.items() if oid not in diner_sockets[code].arrivals)
    lost_pos = sum(1 for oid in placed if oid not in pos.arrivals)

    print(f"orders placed: {len(placed)} in {elapsed:.1f} s ({len(placed) / elapsed:.1f}/s)")
    print(f"POST /session/orders      p50 {statistics.median(post_ms):6.1f} ms   p99 {percentile(post_ms, .99):6.1f} ms")
    if push_ms:
        print(f"order stored -> kitchen   p50 {statistics.median(push_ms):6.1f} ms   p95 {percentile(push_ms, .95):6.1f} ms"
              f"   p99 {percentile(push_ms, .99):6.1f} ms   max {max(push_ms):6.1f} ms")
        print(f"tap -> kitchen screen     p50 {statistics.median(end_to_end_ms):6.1f} ms   p99 {percentile(end_to_end_ms, .99):6.1f} ms")
    share: dict[str, list[float]] = {"billed": [], "app": [], "cpu": []}
    rest: dict[str, list[float]] = {"billed": [], "app": [], "cpu": []}
    stream: dict[str, list[float]] = {"billed": [], "app": [], "cpu": []}
    for oid, (code, _, _) in placed.items():
        handler = post_timings.get(code, {})
        if oid not in stream_timings.by_order or "handler" not in handler:
            continue
        post = {"billed": handler["handler"], "app": handler["handler"] - handler.get("aws", 0.0),
                "cpu": handler.get("cpu", 0.0)}
        batch = dict(zip(("billed", "app", "cpu"), stream_timings.by_order[oid]))
        for key in share:
            rest[key].append(post[key])
            stream[key].append(batch[key])
            share[key].append(post[key] + batch[key])

    def figures(values: dict[str, list[float]]) -> str:
        return "   ".join(f"{key} p50 {statistics.median(v):6.1f} p99 {percentile(v, .99):6.1f} ms"
                           for key, v in values.items())

    if share["billed"]:
        print("the app's share, as the handlers time themselves (billed: the handlers' whole time; app: without")
        print("the time spent waiting on AWS stand-ins; cpu: the handlers' threads' CPU, which a busy machine")
        print(f"does not inflate), over {len(share['billed'])} orders and {len(stream_timings.batches)} stream batches:")
        print(f"  order POST handler        {figures(rest)}")
        print(f"  its stream batch          {figures(stream)}")
        print(f"  tap -> kitchen, app share {figures(share)}")
    print(f"messages lost: kitchen {lost_kitchen}, POS {lost_pos}, diners {lost_diner}")
    for collector in [kitchen, pos, *diner_sockets.values()]:
        collector.close()


if __name__ == "__main__":
    main()
