"""Correctness under load on the local stack: open sockets at every table plus each branch's
POS and kitchen screens, orders at a fixed rate for a fixed time (open loop); every order must
be placed and heard once by every screen that should hear it.

    python bench/load.py [--tables 60] [--rate 1] [--duration 40] [--screens 1]

Starts `python -m devstack` (the `make run` stack) in its own process on a free port, seeded
with a bench chain: the demo chain with `--tables` tables split over its two branches and a
kitchen account for each branch. This process is the crowd: it seats a diner at every table
(register + approve over the API) with an open WebSocket, opens `--screens` POS and kitchen
sockets per branch, then sends `--rate` orders per second for `--duration` seconds, each on
schedule whether or not earlier ones were answered (open loop: a slow server gets a queue,
not a politer client). Tables take turns, so no session passes the orders-per-minute limit.

The verdict comes first: PASS when every order was answered 201, no order.created push was
lost (the diner's, every POS and every kitchen socket of the branch), none came twice, no
answer was a 5xx and the server closed no socket; otherwise FAIL, and the script exits 1.
Then the figures: orders/s sustained, POST latency, order -> kitchen push p50/p95/p99 (from the
tap: POST sent; and from the POST's answer), how busy the stack's process and the machine
were. The local stack is a stand-in, not a load-test target (issue #15): its speed is moto's
and one Python process's, nothing AWS would bill; bench/handler_cpu.py measures what the app
costs. The default rate (1 order/s) is one the stand-in sustains on the project's 2-core
machine when a dozen other processes share it; a faster rate that it does not sustain still
checks correctness, with a queue.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo1234"
ITEMS = ("ceviche-clasico", "lomo-saltado", "causa-limena", "chicha-morada", "tequenos", "anticuchos")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_chain(tables: int) -> dict:
    """The demo chain with `tables` tables over its branches and a kitchen account per branch."""
    chain = json.loads((ROOT / "demo" / "chain.json").read_text(encoding="utf-8"))
    branches = chain["branches"]
    per_branch = math.ceil(tables / len(branches))
    for index, branch in enumerate(branches):
        branch["tables"] = {"prefix": "T", "count": min(per_branch, tables - index * per_branch)}
    known = {member["email"] for member in chain["staff"]}
    for branch in branches:
        email = f"kitchen@{branch['slug']}.bench.comanda"
        if email not in known:
            chain["staff"].append({"email": email, "name": f"Bench Cook {branch['slug']}", "role": "kitchen",
                                   "branches": [branch["slug"]]})
    return chain


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Stack:
    """`python -m devstack` in its own process, on a free port, with the bench chain."""

    def __init__(self, chain: dict, port: int, log_path: Path) -> None:
        self.port = port
        self.site = f"http://127.0.0.1:{port}"
        self.api = self.site + "/api"
        self.ws = f"ws://127.0.0.1:{port}/ws"
        self._chain_file = Path(tempfile.mkstemp(prefix="comanda-bench-chain-", suffix=".json")[1])
        self._chain_file.write_text(json.dumps(chain), encoding="utf-8")
        self._log = log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "devstack", "--port", str(port), "--chain", str(self._chain_file), "--quiet"],
            cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
            # Every bench phone signs up from this one machine's address, where real phones have
            # many: the limit of sign-ups per address (200 in 10 minutes) is lifted for the bench.
            env={**os.environ, "PYTHONUNBUFFERED": "1", "COMANDA_REGISTRATIONS_PER_CLIENT": "1000000"})

    def wait_ready(self, timeout: float = 180.0) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the stack exited with {self.process.returncode}: see {self._log.name}")
            try:
                with urllib.request.urlopen(self.site + "/favicon.svg", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"the stack did not answer within {timeout:.0f} s: see {self._log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._log.close()
        self._chain_file.unlink(missing_ok=True)


@dataclass
class Screen:
    """One open socket and the order.created messages it heard (order id -> arrival times)."""

    kind: str  # diner / pos / kitchen
    branch: str
    table: str = ""
    heard: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    messages: int = 0
    closed: bool = False


@dataclass
class Placed:
    table: str
    branch: str
    sent: float
    answered: float = 0.0
    status: int = 0
    order_id: str = ""


class Crowd:
    def __init__(self, stack: Stack, chain: dict, screens_per_branch: int) -> None:
        import aiohttp

        self.stack = stack
        self.chain = chain
        self.screens_per_branch = screens_per_branch
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, force_close=False),
                                          timeout=aiohttp.ClientTimeout(total=600))
        self.screens: list[Screen] = []
        self.readers: list[asyncio.Task] = []
        self.sockets: list = []
        self.statuses: Counter = Counter()

    async def call(self, method: str, path: str, body=None, token: str | None = None,
                   extra: dict[str, str] | None = None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json", **(extra or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        async with self.http.request(method, self.stack.api + path, json=body, headers=headers) as reply:
            payload = await reply.json(content_type=None) if reply.content_length != 0 else None
            return reply.status, payload or {}

    async def login(self, email: str) -> str:
        status, body = await self.call("POST", "/staff/login", {"email": email, "password": PASSWORD})
        assert status == 200, (email, status, body)
        return body["token"]

    async def listen(self, token: str, screen: Screen) -> None:
        socket_ = await self.http.ws_connect(f"{self.stack.ws}?token={token}", headers={"Origin": self.stack.site},
                                             autoping=True, max_msg_size=2**20)
        self.sockets.append(socket_)
        self.screens.append(screen)
        self.readers.append(asyncio.create_task(self._read(socket_, screen)))

    @staticmethod
    async def _read(socket_, screen: Screen) -> None:
        async for frame in socket_:
            arrived = time.perf_counter()
            screen.messages += 1
            message = json.loads(frame.data)
            if message.get("type") == "order.created":
                screen.heard[message["data"]["id"]].append(arrived)
        screen.closed = True

    async def seat_everyone(self) -> dict[str, str]:
        """Registers and approves a diner at every table and opens their sockets; returns
        the diner token of each `branch/table`."""
        branches = [b["slug"] for b in self.chain["branches"]]
        approvers = {slug: await self.login("owner@demo.comanda") for slug in branches[:1]}
        owner = approvers[branches[0]]
        tables = [(b["slug"], f"{b['tables']['prefix']}{n}") for b in self.chain["branches"]
                  for n in range(1, b["tables"]["count"] + 1)]
        diners: dict[str, str] = {}
        gate = asyncio.Semaphore(16)

        async def seat(slug: str, code: str) -> None:
            async with gate:
                status, body = await self.call("POST", f"/branches/{slug}/tables/{code}/sessions",
                                               {"mode": "quick", "name": f"Bench {code}"})
                assert status == 201, (slug, code, status, body)
                status, answer = await self.call("POST", f"/staff/sessions/{body['session']['id']}/approve", token=owner)
                assert status == 200, (slug, code, status, answer)
                diners[f"{slug}/{code}"] = body["token"]
                await self.listen(body["token"], Screen("diner", f"br_{slug}", code))

        await asyncio.gather(*(seat(slug, code) for slug, code in tables))
        pos_accounts = {"downtown-lima": "manager@downtown.demo.comanda", "miraflores": "waiter@miraflores.demo.comanda"}
        for slug in branches:
            for _ in range(self.screens_per_branch):  # each screen signs in: a token holds 5 sockets at most
                pos = await self.login(pos_accounts.get(slug, "owner@demo.comanda"))
                kitchen = await self.login(f"kitchen@{slug}.bench.comanda")
                await self.listen(pos, Screen("pos", f"br_{slug}"))
                await self.listen(kitchen, Screen("kitchen", f"br_{slug}"))
        return diners

    async def quiet(self, seconds: float = 2.0, timeout: float = 60.0) -> None:
        """Waits until no socket has heard anything for `seconds` (the seating's pushes are over)."""
        deadline = time.monotonic() + timeout
        last = -1
        while time.monotonic() < deadline:
            now = sum(s.messages for s in self.screens)
            if now == last:
                return
            last = now
            await asyncio.sleep(seconds)

    async def rush(self, diners: dict[str, str], rate: float, duration: float) -> tuple[list[Placed], float]:
        """Open loop: order i is sent at start + i/rate, whatever happened to the others."""
        tables = list(diners)
        count = int(rate * duration)
        placed: list[Placed] = []
        tasks = []

        async def place(index: int) -> None:
            key = tables[index % len(tables)]
            slug, code = key.split("/")
            item = ITEMS[index % len(ITEMS)]
            record = Placed(code, f"br_{slug}", time.perf_counter())
            placed.append(record)
            try:
                record.status, body = await self.call(
                    "POST", "/session/orders", {"items": [{"menuItemId": item, "quantity": 1}]}, token=diners[key],
                    extra={"Idempotency-Key": f"load-{os.getpid()}-{index}"})  # as the diner page sends it
                record.order_id = body.get("id", "")
            except Exception as error:  # noqa: BLE001 - a refused connection or a timeout is a result
                record.status = -1
                print(f"  order {index}: {type(error).__name__}: {error}", file=sys.stderr)
            record.answered = time.perf_counter()
            self.statuses[record.status] += 1

        begin = time.perf_counter()
        for index in range(count):
            delay = begin + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(place(index)))
        sent_for = time.perf_counter() - begin
        await asyncio.gather(*tasks)
        return placed, sent_for

    async def close(self) -> None:
        for socket_ in self.sockets:
            await socket_.close()
        for reader in self.readers:
            reader.cancel()
        await self.http.close()


async def run(args: argparse.Namespace) -> bool:
    chain = bench_chain(args.tables)
    log_path = Path(tempfile.gettempdir()) / f"comanda-bench-stack-{os.getpid()}.log"
    print(f"machine: {os.cpu_count()} CPUs, load average {load_average()} (1/5/15 min) before the run")
    started = time.perf_counter()
    stack = Stack(chain, args.port or free_port(), log_path)
    crowd = None
    try:
        stack.wait_ready()
        print(f"local stack (pid {stack.process.pid}) up with {args.tables} tables in "
              f"{time.perf_counter() - started:.1f} s; its log: {log_path}")
        crowd = Crowd(stack, chain, args.screens)
        seated = time.perf_counter()
        diners = await crowd.seat_everyone()
        await crowd.quiet()
        staff = sum(1 for s in crowd.screens if s.kind != "diner")
        print(f"seated {len(diners)} tables in {time.perf_counter() - seated:.1f} s: "
              f"{len(crowd.screens)} open sockets ({len(diners)} diners, {staff} POS and kitchen screens)")

        print(f"sending {args.rate:g} orders/s for {args.duration:g} s (open loop) ...", flush=True)
        cpu_before, client_before = cpu_seconds(stack.process.pid), resource.getrusage(resource.RUSAGE_SELF)
        wall_before = time.perf_counter()
        placed, sent_for = await crowd.rush(diners, args.rate, args.duration)
        answered_for = time.perf_counter() - wall_before
        wanted = {(s.kind, id(s)) for s in crowd.screens}
        heard, quiet_since = -1, time.perf_counter()
        while missing(crowd.screens, placed) and time.perf_counter() - quiet_since < args.grace:
            await asyncio.sleep(0.2)  # late pushes still count: wait while they keep coming
            now = sum(s.messages for s in crowd.screens)
            if now != heard:
                heard, quiet_since = now, time.perf_counter()
        wall = time.perf_counter() - wall_before
        cpu = cpu_seconds(stack.process.pid) - cpu_before
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = (client_after.ru_utime + client_after.ru_stime) - (client_before.ru_utime + client_before.ru_stime)
        return report(args, crowd, placed, sent_for, answered_for, wall, cpu, client_cpu, len(wanted))
    finally:
        if crowd is not None:
            await crowd.close()
        stack.stop()


def expected_screens(screens: list[Screen], order: Placed) -> list[Screen]:
    return [s for s in screens if s.branch == order.branch and (s.kind != "diner" or s.table == order.table)]


def missing(screens: list[Screen], placed: list[Placed]) -> int:
    by_branch: dict[str, list[Screen]] = defaultdict(list)
    for screen in screens:
        by_branch[screen.branch].append(screen)
    lost = 0
    for order in placed:
        if not order.order_id:
            continue
        for screen in by_branch[order.branch]:
            if (screen.kind != "diner" or screen.table == order.table) and order.order_id not in screen.heard:
                lost += 1
    return lost


@dataclass
class Verdict:
    """The check: every order placed, every push heard once by each screen that should hear it,
    no 5xx, no socket closed by the server."""

    orders: int
    placed: int
    expected: int
    lost: int
    repeats: int
    errors_5xx: int
    dropped_sockets: int

    @property
    def failures(self) -> list[str]:
        found = []
        if self.placed != self.orders:
            found.append(f"{self.orders - self.placed} of {self.orders} orders not placed")
        if self.lost:
            found.append(f"{self.lost} pushes lost")
        if self.repeats:
            found.append(f"{self.repeats} pushes repeated")
        if self.errors_5xx:
            found.append(f"{self.errors_5xx} 5xx")
        if self.dropped_sockets:
            found.append(f"{self.dropped_sockets} sockets closed by the server")
        return found

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def summary(self) -> str:
        return "FAIL: " + ", ".join(self.failures) if self.failures else "PASS"


def judge(placed: list[Placed], screens: list[Screen], statuses: Counter) -> Verdict:
    ok = [p for p in placed if 200 <= p.status < 300 and p.order_id]
    return Verdict(
        orders=len(placed), placed=len(ok),
        expected=sum(len(expected_screens(screens, order)) for order in ok),
        lost=missing(screens, ok),
        repeats=sum(len(times) - 1 for screen in screens for times in screen.heard.values()),
        errors_5xx=sum(n for status, n in statuses.items() if status >= 500),
        dropped_sockets=sum(1 for screen in screens if screen.closed))


def report(args, crowd: Crowd, placed: list[Placed], sent_for: float, answered_for: float, wall: float,
           stack_cpu: float, client_cpu: float, sockets: int) -> bool:
    """Prints the verdict, then the figures; True when the verdict is PASS."""
    judged = judge(placed, crowd.screens, crowd.statuses)
    ok = [p for p in placed if 200 <= p.status < 300 and p.order_id]
    other = {status: n for status, n in crowd.statuses.items() if not 200 <= status < 300 and status < 500}
    post_ms = [(p.answered - p.sent) * 1000 for p in placed]
    kitchens = defaultdict(list)
    for screen in crowd.screens:
        if screen.kind == "kitchen":
            kitchens[screen.branch].append(screen)
    tap_ms, push_ms = [], []
    for order in ok:
        arrivals = [screen.heard[order.order_id][0] for screen in kitchens[order.branch] if order.order_id in screen.heard]
        if arrivals:
            tap_ms.append((max(arrivals) - order.sent) * 1000)
            push_ms.append((max(arrivals) - order.answered) * 1000)
    expected, lost, repeats = judged.expected, judged.lost, judged.repeats
    errors_5xx, dropped_sockets = judged.errors_5xx, judged.dropped_sockets

    def line(name: str, values: list[float]) -> str:
        if not values:
            return f"{name:<34} (none)"
        return (f"{name:<34} p50 {statistics.median(values):7.1f} ms   p95 {percentile(values, .95):7.1f} ms   "
                f"p99 {percentile(values, .99):7.1f} ms   max {max(values):7.1f} ms")

    verdict = judged.summary
    print()
    print(f"verdict: {verdict} ({len(ok)} of {len(placed)} orders placed at {args.rate:g}/s for {args.duration:g} s, "
          f"{lost} of {expected} pushes lost, {repeats} repeated, {errors_5xx} 5xx, {sockets} sockets; "
          f"the stand-in sustained {len(ok) / answered_for:.1f}/s)")
    print()
    print(f"open sockets during the run:       {sockets} ({dropped_sockets} closed by the server)")
    print(f"orders sent:                       {len(placed)} in {sent_for:.1f} s (asked {args.rate:g}/s for {args.duration:g} s)")
    print(f"orders sustained:                  {len(ok) / answered_for:.1f}/s "
          f"({len(ok)} placed, every answer in by {answered_for:.1f} s)")
    print(line("POST /session/orders", post_ms))
    print(line("order -> kitchen push (from tap)", tap_ms))
    print(line("order -> kitchen push (from 201)", push_ms))
    print(f"messages lost:                     {lost} of {expected} order.created expected "
          f"(diner + every POS and kitchen screen of the branch; waited until none came for {args.grace:g} s)")
    print(f"messages repeated:                 {repeats}")
    print(f"5xx answers:                       {errors_5xx}" + (f"   other errors: {other}" if other else ""))
    print(f"stack process CPU:                 {stack_cpu:.1f} s in {wall:.1f} s ({100 * stack_cpu / wall:.0f}% of one core); "
          f"this client: {client_cpu:.1f} s")
    if ok:
        per_order = 1000 * stack_cpu / len(ok)
        print(f"stack CPU per order (all of it):   {per_order:.0f} ms (the stand-in's and the app's together: "
              f"not what AWS bills; see bench/handler_cpu.py)")
    print(f"machine load average after:        {load_average()} (1/5/15 min, {os.cpu_count()} CPUs)")
    return judged.passed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=60, help="tables, each with a seated diner's socket")
    parser.add_argument("--rate", type=float, default=1.0, help="orders per second")
    parser.add_argument("--duration", type=float, default=40.0, help="seconds of orders")
    parser.add_argument("--screens", type=int, default=1, help="POS and kitchen sockets per branch (each)")
    parser.add_argument("--grace", type=float, default=20.0,
                        help="after the last answer, wait for late pushes until none came for this long (s)")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if args.rate * min(args.duration, 60) / args.tables > 6:
        parser.error("more than 6 orders per table per minute: the API's rate limit would refuse them; add tables")
    return 0 if asyncio.run(run(args)) else 1


if __name__ == "__main__":
    sys.exit(main())
