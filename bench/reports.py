"""The reports over a year of a 20-branch chain's facts (issue 19): how long each report takes on
DuckDB (the local engine, the same SQL texts Athena runs), and the bytes Athena would scan for it
(the size of the objects its partitions cover: JSON is read whole, and Athena bills at least
10 MB a query).

    .venv/bin/python bench/reports.py [--branches 20 --days 365 --sessions 40] [--keep DIR]

The facts are the demo history's (chalicelib/demo_history.generate_history: a year of believable
service of `--branches` branches played through the stream's fact rules, domain/facts.py), laid
out as the fact writer lays them out (docs/reports.md: one object per kind, branch and day) in a
local directory, which stands for the engine's cache of S3 copies: the figure is the query over
warm copies, not the download. `--keep DIR` keeps (or reuses) them, e.g. a directory written by
`python -m chalicelib.demo_history --out DIR --branches 20 --days 365`. `--generator
module:function` writes rows of another generator instead (`bench.reports:synthetic_day`: made-up
rows of every column, faster to write)."""
from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from chalicelib.domain.fact_kinds import KINDS, columns, object_prefix  # noqa: E402
from chalicelib.reports import queries  # noqa: E402
from chalicelib.reports.engines import DuckDbEngine  # noqa: E402
from chalicelib.reports.queries import Scope  # noqa: E402
from chalicelib.services.reports import CATALOGUE  # noqa: E402

CHAIN = "ch_bench"
ITEMS = [(f"item{i}", f"Item {i}", f"cat{i % 6}", f"st{i % 4}", 800 + 150 * (i % 9)) for i in range(30)]
ATHENA_USD_PER_TB = 5.0
ATHENA_MIN_BYTES = 10 * 1024 * 1024


def synthetic_day(chain: str, branch: str, day: str, rng: random.Random, sessions: int) -> dict[str, list[dict]]:
    """One branch's business day of facts, every kind."""
    weekday = date.fromisoformat(day).isoweekday()
    base = time.mktime(time.strptime(day, "%Y-%m-%d"))
    out: dict[str, list[dict]] = {k: [] for k in KINDS}
    serial = 0

    def row(fact_kind: str, hour: int, /, **values) -> None:
        nonlocal serial
        serial += 1
        r = dict.fromkeys(columns(fact_kind))
        r.update(fact_id=f"{branch}-{day}-{fact_kind}-{serial}", chain_id=chain, branch_id=branch, day=day,
                 hour=hour, weekday=weekday, **values)
        out[fact_kind].append(r)

    for s in range(sessions):
        hour = rng.choice((12, 13, 13, 14, 14, 15, 19, 20, 20, 21, 21, 22))
        start = base + hour * 3600 + rng.randint(0, 3599)
        session = f"S{branch}{day}{s}"
        guests = rng.randint(1, 6)
        bill = 0
        waiter = f"w{rng.randint(1, 6)}"
        for o in range(rng.randint(1, 2)):
            order = f"{session}o{o}"
            ordered = start + 300 + o * 1200
            for n in range(rng.randint(1, 4)):
                item_id, name, cat, station, price = rng.choice(ITEMS)
                qty = rng.randint(1, 3)
                opt = 200 if rng.random() < 0.3 else 0
                status = "served" if rng.random() > 0.03 else "voided"
                revenue = qty * (price + opt) if status == "served" else 0
                bill += revenue
                ready = ordered + rng.randint(300, 1500)
                line = f"{order}l{n}"
                row("order_lines", hour, order_id=order, line_id=line, session_id=session, table_code=f"T{s % 30}",
                    item_id=item_id, item_name=name, category_id=cat, station_id=station, quantity=qty,
                    unit_price=price, options_price=opt, revenue=revenue, status=status, ordered_ts=ordered,
                    accepted_ts=ordered + 30, ready_ts=ready, served_ts=ready + rng.randint(30, 300),
                    void_amount=0 if status == "served" else qty * price)
                if opt:
                    row("line_options", hour, order_id=order, line_id=line, item_id=item_id, group_id="extras",
                        group_name="Extras", option_id="cheese", option_name="Cheese", quantity=qty, price_delta=opt)
        ended = start + rng.randint(2400, 7200)
        members = 0
        for g in range(guests):
            member = rng.random() < 0.25
            members += member
            row("visits", hour, session_id=session, customer_id=f"c{rng.randint(1, 5000) if member else f'{session}g{g}'}",
                is_member=member, joined_ts=start + g * 20)
        if rng.random() < 0.3:
            row("requests", hour, request_id=f"{session}r", kind="waiter", session_id=session, table_code="T1",
                created_ts=start + 900, acknowledged_ts=start + 900 + rng.randint(10, 300), acknowledged_by=waiter)
        if rng.random() < 0.6:
            row("requests", hour, request_id=f"{session}b", kind="bill", session_id=session, table_code="T1",
                created_ts=ended - rng.randint(120, 900), acknowledged_ts=ended - 60, acknowledged_by=waiter)
        if guests > 1 and rng.random() < 0.3:
            row("join_requests", hour, request_id=f"{session}j", session_id=session, table_code="T1",
                customer_id=f"{session}g1", status="allowed", created_ts=start + 60,
                decided_ts=start + 60 + rng.randint(5, 120), decided_by=waiter)
        row("sessions", hour, session_id=session, table_code=f"T{s % 30}", started_ts=start, approved_ts=start + 45,
            ended_ts=ended, end_reason="paid", guests=guests, members=members, bill_total=bill,
            tip=bill // 10, paid_total=bill + bill // 10, waiter_id=waiter)
    for m in range(rng.randint(0, 3)):
        row("members", 20, customer_id=f"new{branch}{day}{m}", created_ts=base + 72000)
    if rng.random() < 0.3:
        item_id, name, *_ = rng.choice(ITEMS)
        row("availability", 20, item_id=item_id, item_name=name, available=False, at_ts=base + 72000)
        row("availability", 21, item_id=item_id, item_name=name, available=True, at_ts=base + 75600)
    return out


def write_history(root: Path, branches: int, days: int, sessions: int, generator) -> tuple[int, int]:
    rng = random.Random(19)
    first = date.today() - timedelta(days=days)
    objects = rows = 0
    for b in range(branches):
        branch = f"br_{b:02d}"
        for d in range(days):
            day = (first + timedelta(days=d)).isoformat()
            for kind, facts in generator(CHAIN, branch, day, rng, sessions).items():
                if not facts:
                    continue
                path = root / object_prefix(kind, CHAIN, branch, day) / "history.json"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("\n".join(json.dumps(f, separators=(",", ":")) for f in facts) + "\n")
                objects += 1
                rows += len(facts)
    return objects, rows


class LocalCopies(DuckDbEngine):
    """The DuckDB engine over copies already in its cache directory (the warm case)."""

    def objects(self, kind: str, scope: Scope) -> list[tuple[str, int]]:
        found = []
        for prefix in self.partition_prefixes(kind, scope):
            base = self.cache_dir / prefix
            if not base.is_dir():
                continue
            for part in sorted(base.iterdir()):
                day = part.name.removeprefix("date=")
                if scope.day_from <= day <= scope.day_to:
                    for f in part.iterdir():
                        found.append((f"{prefix}{part.name}/{f.name}", f.stat().st_size))
        return found

    def fetch(self, kind: str, scope: Scope) -> tuple[list[Path], int]:
        found = self.objects(kind, scope)
        return [self.cache_dir / key for key, _ in found], sum(size for _, size in found)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=20)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--sessions", type=int, default=40, help="closed tables per branch and day")
    parser.add_argument("--keep", type=Path, help="write (or reuse) the facts here and keep them")
    parser.add_argument("--chain", default=CHAIN, help="the chain whose facts a reused directory holds")
    parser.add_argument("--generator", help="module:function(chain, branch, day, rng, sessions) -> {kind: rows}")
    args = parser.parse_args(argv)
    generator = None
    if args.generator:
        module, name = args.generator.split(":")
        generator = getattr(importlib.import_module(module), name)

    root = args.keep or Path(tempfile.mkdtemp(prefix="comanda-bench-reports-"))
    try:
        started = time.perf_counter()
        if not (root / "facts").is_dir() and generator is not None:
            objects, rows = write_history(root, args.branches, args.days, args.sessions, generator)
            print(f"history: {args.branches} branches x {args.days} days, {objects:,} objects, {rows:,} rows, "
                  f"written in {time.perf_counter() - started:.1f} s")
        elif not (root / "facts").is_dir():
            from chalicelib.demo_history import DirectorySink, bench_branches, generate_history

            last = date.today() - timedelta(days=1)
            played = generate_history(args.chain, bench_branches(args.branches), last - timedelta(days=args.days - 1),
                                      last, DirectorySink(root))
            print(f"history: {args.branches} branches x {args.days} days of the demo history ({played}), "
                  f"written in {time.perf_counter() - started:.1f} s")
        total = sum(f.stat().st_size for f in (root / "facts").rglob("*.json"))
        print(f"facts: {total / 1e6:,.1f} MB of NDJSON; load average {os.getloadavg()[0]:.1f}, "
              f"{os.cpu_count()} CPUs")
        engine = LocalCopies(s3=None, bucket="", cache_dir=root)
        # The branches and days present (a directory from facts19's `python -m chalicelib.demo_history
        # --out DIR` is read as it is: pass it as --keep DIR).
        chain_dir = root / "facts" / "sessions" / f"chain={args.chain}"
        branch_ids = sorted(p.name.removeprefix("branch=") for p in chain_dir.iterdir())
        days = sorted({d.name.removeprefix("date=") for b in chain_dir.iterdir() for d in b.iterdir()})
        scope = Scope(args.chain, tuple(branch_ids) + ("",), days[0], days[-1])
        print(f"{len(branch_ids)} branches, {len(days)} days")
        previous = Scope(scope.chain_id, scope.branch_ids,
                         (date.fromisoformat(scope.day_from) - timedelta(days=len(days))).isoformat(),
                         (date.fromisoformat(scope.day_from) - timedelta(days=1)).isoformat())
        print(f"\nthe chain, {scope.day_from}..{scope.day_to} (DuckDB {__import__('duckdb').__version__}):")
        print(f"{'report':<12} {'texts':>5} {'DuckDB s':>9} {'Athena scans':>14} {'billed':>12} {'USD':>8}")
        heaviest = ("", 0.0, 0, 0)
        for report in CATALOGUE.values():
            if not report.tables:
                continue
            began, scanned, billed = time.perf_counter(), 0, 0
            for period in [scope] + ([previous] if report.previous else []):
                for name in report.tables:
                    table = engine.run(name, period)
                    # Athena reads each table a text names once, whole (JSON): the objects' bytes.
                    scanned += table.bytes_scanned
                    billed += max(table.bytes_scanned, ATHENA_MIN_BYTES)
            took = time.perf_counter() - began
            texts = len(report.tables) * (2 if report.previous else 1)
            print(f"{report.id:<12} {texts:>5} {took:>9.2f} {scanned / 1e6:>11,.1f} MB {billed / 1e6:>9,.1f} MB "
                  f"{billed / 1e12 * ATHENA_USD_PER_TB:>8.4f}")
            if took > heaviest[1]:
                heaviest = (report.id, took, scanned, billed)
        print(f"\nheaviest: {heaviest[0]}, {heaviest[1]:.2f} s on DuckDB (warm copies); Athena would scan "
              f"{heaviest[2] / 1e6:,.1f} MB (billed {heaviest[3] / 1e6:,.1f} MB, "
              f"USD {heaviest[3] / 1e12 * ATHENA_USD_PER_TB:.4f})")
        assert set(queries.names()) >= {t for r in CATALOGUE.values() for t in r.tables}
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
