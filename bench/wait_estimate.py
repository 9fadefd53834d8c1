"""How good are the wait estimates diners are shown? A lunch rush on the local stack.

    python bench/wait_estimate.py [--orders 60] [--speed 60] [--cooks 5] [--noise 0.3] [--seed 7]

Starts the local stack in this process and runs the domain clock `--speed` times faster than
real time (60: a simulated minute per real second; the server stamps, estimates and pauses
with that clock). Seats diners at bench tables of downtown-lima and places `--orders` orders
of 1-3 random dishes (Poisson arrivals, a rush of about 24 orders an hour). A simulated
kitchen of `--cooks` cooks works through the tickets in the order they came: each cook takes
the next waiting line, bumps it to "preparing" through the API, cooks it for its prep minutes
(a second portion half as long again) times a log-normal noise factor, and bumps it "ready".
For each order it prints nothing; at the end it prints how often the moment the order's last
line became ready fell inside the range ("15-25 min") the diner was given when ordering.
"""
from __future__ import annotations

import argparse
import math
import queue
import random
import statistics
import sys
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from anywhere: the project's packages

from bench.push_latency import call, free_port  # noqa: E402 - the same tiny client and port picker


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class FastClock:
    """The domain clock running `speed` times faster than the wall clock, from now on."""

    def __init__(self, speed: float) -> None:
        from chalicelib.domain import clock

        self.speed = speed
        self._clock = clock
        self._wall0 = time.monotonic()
        self._sim0 = clock.utcnow()
        clock.set_source(self.now)

    def now(self) -> datetime:
        return self._sim0 + timedelta(seconds=(time.monotonic() - self._wall0) * self.speed)

    def sleep_minutes(self, minutes: float) -> None:
        time.sleep(max(0.0, minutes * 60 / self.speed))

    def close(self) -> None:
        self._clock.reset()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=60)
    parser.add_argument("--speed", type=float, default=60.0, help="simulated seconds per real second")
    parser.add_argument("--cooks", type=int, default=5, help="lines the kitchen cooks at once")
    parser.add_argument("--rate", type=float, default=0.4, help="orders per simulated minute during the rush")
    parser.add_argument("--noise", type=float, default=0.3, help="sigma of the log-normal cooking-time factor")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    from devstack.stack import LocalStack

    stack = LocalStack("127.0.0.1", args.port or free_port())
    stack.start()
    fast = FastClock(args.speed)
    try:
        run(stack, fast, args)
    finally:
        fast.close()
        stack.stop()


def run(stack, fast: FastClock, args) -> None:
    from chalicelib.bootstrap import repositories
    from chalicelib.domain.errors import AlreadyExists
    from chalicelib.domain.venues import DiningTable

    rng = random.Random(args.seed)
    api = stack.api_url
    branch = "br_downtown-lima"
    tables = max(1, math.ceil(args.orders / 4))  # a table orders at most a few times: under the rate limit
    codes = [f"W{n}" for n in range(1, tables + 1)]
    for code in codes:
        try:
            repositories().venues.add_table(DiningTable(branch_id=branch, code=code, label=f"Bench {code}"))
        except AlreadyExists:
            pass
    manager = call(api, "POST", "/staff/login", {"email": "manager@downtown.demo.comanda", "password": "demo1234"})["token"]
    kitchen = call(api, "POST", "/staff/login", {"email": "kitchen@downtown.demo.comanda", "password": "demo1234"})["token"]
    call(api, "PATCH", f"/staff/branches/{branch}/settings", {"kitchenParallelism": args.cooks}, token=manager)
    diners = []
    for code in codes:
        registered = call(api, "POST", f"/branches/downtown-lima/tables/{code}/sessions", {"mode": "quick", "name": "Bench"})
        call(api, "POST", f"/staff/sessions/{registered['session']['id']}/approve", token=manager)
        diners.append(registered["token"])
    menu = call(api, "GET", "/branches/downtown-lima/menu")
    dishes = [item for category in menu["categories"] for item in category["items"]
              if item["available"] and item["served"] == "always" and not item.get("optionGroups")]
    prep = {item["id"]: item["prepMinutes"] or 12 for item in dishes}

    tickets: queue.Queue = queue.Queue()  # (order id, line id, menu item, quantity) in the order they came
    lock = threading.Lock()
    remaining: dict[str, int] = {}
    ready_at: dict[str, datetime] = {}
    given: dict[str, dict] = {}
    placed_at: dict[str, datetime] = {}
    done = threading.Event()

    def cook() -> None:
        while True:
            try:
                order_id, line_id, item_id, quantity = tickets.get(timeout=0.2)
            except queue.Empty:
                if done.is_set():
                    return
                continue
            call(api, "POST", f"/staff/orders/{order_id}/items/{line_id}/status", {"status": "preparing"}, token=kitchen)
            minutes = prep[item_id] * (1 + 0.5 * (quantity - 1)) * rng.lognormvariate(0, args.noise)
            fast.sleep_minutes(minutes)
            call(api, "POST", f"/staff/orders/{order_id}/items/{line_id}/status", {"status": "ready"}, token=kitchen)
            with lock:
                remaining[order_id] -= 1
                if remaining[order_id] == 0:
                    ready_at[order_id] = fast.now()

    cooks = [threading.Thread(target=cook, daemon=True) for _ in range(args.cooks)]
    for thread in cooks:
        thread.start()

    began = fast.now()
    for index in range(args.orders):
        fast.sleep_minutes(rng.expovariate(args.rate))
        items = [{"menuItemId": rng.choice(dishes)["id"], "quantity": rng.choice((1, 1, 1, 2, 3))}
                 for _ in range(rng.choice((1, 2, 2, 3)))]
        order = call(api, "POST", "/session/orders", {"items": items}, token=diners[index % len(diners)])
        with lock:
            remaining[order["id"]] = len(order["items"])
            given[order["id"]] = order["estimate"]
            placed_at[order["id"]] = parse(order["createdAt"])
        for line in order["items"]:
            tickets.put((order["id"], line["id"], line["menuItemId"], line["quantity"]))
    rush = (fast.now() - began).total_seconds() / 60
    while len(ready_at) < len(given):
        time.sleep(0.1)
    done.set()

    inside = early = late = 0
    errors, widths, waits = [], [], []
    for order_id, estimate in given.items():
        actual = ready_at[order_id]
        low, high = parse(estimate["readyFrom"]), parse(estimate["readyTo"])
        waits.append((actual - placed_at[order_id]).total_seconds() / 60)
        widths.append(estimate["maxMinutes"] - estimate["minMinutes"])
        middle = low + (high - low) / 2
        errors.append(abs((actual - middle).total_seconds()) / 60)
        if actual < low:
            early += 1
        elif actual > high:
            late += 1
        else:
            inside += 1
    total = len(given)
    print(f"orders: {total} over a {rush:.0f}-minute rush (simulated), {args.cooks} cooks, "
          f"cooking-time noise sigma {args.noise}, clock x{args.speed:.0f}")
    print(f"actual wait (min): median {statistics.median(waits):.1f}, max {max(waits):.1f}")
    print(f"range given (min wide): median {statistics.median(widths):.0f}")
    print(f"ready inside the range: {inside}/{total} ({100 * inside / total:.0f}%), "
          f"early {early} ({100 * early / total:.0f}%), late {late} ({100 * late / total:.0f}%)")
    print(f"|ready - middle of range| (min): median {statistics.median(errors):.1f}, "
          f"p90 {sorted(errors)[int(0.9 * (total - 1))]:.1f}")


if __name__ == "__main__":
    main()
