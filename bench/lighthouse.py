"""Lighthouse on the diner's entry page and a seated diner's menu page: median of N runs each.

    python bench/lighthouse.py [--runs 3] [--http2] [--json DIR]

Lighthouse 12.2.3 (pinned in bench/lighthouse/package.json with the puppeteer-core it drives;
installed there with `npm ci` on first use: Lighthouse 13 needs Node 22), its default mobile
preset and simulated throttling (Slow 4G, 4x CPU), with Debian's Chromium (--no-sandbox
--headless), a fresh browser per run (a cold cache). The local stack (`make run`'s, the demo
chain) runs in its own process, as page_weight.py starts it. The pages:
  1. the entry page `/downtown-lima/T12` (a fresh diner, not signed in);
  2. the menu page `/downtown-lima/T12/menu` of a diner registered and approved over the API:
     the diner's token is put in the tab's sessionStorage (where the app keeps it) by an init
     script before the page's own scripts run (bench/lighthouse/run.mjs; an HTTP header could
     not sign the diner in).
Per page: every run's performance, total blocking time, layout shift, LCP and accessibility, and
their medians (each figure's own median), against issue #17's targets: performance >= 95,
TBT <= 150 ms, CLS <= 0.02, accessibility 100. Audits that lost points, and the long tasks of the
median run, are listed. `--http2` puts bench/h2proxy.mjs (HTTP/2 over TLS, as CloudFront serves
the pages) in front. The machine's load average is printed before and after: Lighthouse's
simulated throttling scales what this machine's CPU did, so a busy machine reads slower.
Not part of `make test` (`make bench-lighthouse` runs it).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from page_weight import SLUG, TABLE, approved_diner_token, http2_front, load_average, local_stack  # noqa: E402

HERE = Path(__file__).resolve().parent / "lighthouse"
TARGETS = {"performance": (95, ">="), "tbt": (150, "<="), "cls": (0.02, "<="), "lcp": (None, ""), "accessibility": (100, ">=")}


def ensure_installed() -> None:
    if not (HERE / "node_modules" / "lighthouse" / "package.json").is_file():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def run_once(url: str, storage: dict[str, str], chrome_args: list[str], json_out: Path | None) -> dict:
    command = ["node", str(HERE / "run.mjs"), url]
    for key, value in storage.items():
        command += ["--storage", f"{key}={value}"]
    for arg in chrome_args:
        command += ["--chrome-arg", arg]
    if json_out:
        command += ["--json", str(json_out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise SystemExit(f"Lighthouse failed on {url}:\n{done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["runtimeError"]:
        raise SystemExit(f"Lighthouse could not load {url}: {result['runtimeError']}")
    result["performance"] = round(result["performance"] * 100)
    result["accessibility"] = round(result["accessibility"] * 100)
    print(f"  {url}: performance {result['performance']}, TBT {result['tbt']:.0f} ms, CLS {result['cls']:.3f},"
          f" LCP {result['lcp'] / 1000:.2f} s, accessibility {result['accessibility']} (load average {load_average()})", flush=True)
    return result


def verdict(name: str, value: float) -> str:
    target, sense = TARGETS[name]
    if target is None:
        return ""
    ok = value >= target if sense == ">=" else value <= target
    return f"{sense} {target:g} {'OK' if ok else 'MISSED'}"


def report(title: str, runs: list[dict]) -> None:
    print(f"\n== {title}  ({len(runs)} runs; Lighthouse {runs[0]['lighthouse']}, mobile, simulated Slow 4G)")
    print(f"    {'run':<8} {'perf':>5} {'TBT ms':>7} {'CLS':>6} {'LCP s':>6} {'FCP s':>6} {'a11y':>5}  CPU benchmark index")
    for i, r in enumerate(runs, 1):
        print(f"    {i:<8} {r['performance']:5d} {r['tbt']:7.0f} {r['cls']:6.3f} {r['lcp'] / 1000:6.2f} {r['fcp'] / 1000:6.2f}"
              f" {r['accessibility']:5d}  {r['benchmarkIndex']}")
    median = {key: statistics.median(r[key] for r in runs) for key in TARGETS}
    print(f"    {'median':<8} {median['performance']:5.0f} {median['tbt']:7.0f} {median['cls']:6.3f}"
          f" {median['lcp'] / 1000:6.2f} {'':>6} {median['accessibility']:5.0f}")
    print("    targets: " + ", ".join(f"{name} {verdict(name, median[name])}" for name in TARGETS if TARGETS[name][0] is not None))
    chosen = sorted(runs, key=lambda r: r["performance"])[(len(runs) - 1) // 2]
    lost = sorted({a for r in runs for a in r["failedAccessibility"]})
    print(f"    accessibility audits failed (any run): {', '.join(lost) or 'none'}")
    print(f"    performance audits short of full marks (median run): {', '.join(chosen['failedPerformance']) or 'none'}")
    tasks = ", ".join(f"{t['ms']:.0f} ms at {t['start']:.0f} ({t['url'].rsplit('/', 1)[-1] or t['url']})" for t in chosen["longTasks"][:8])
    print(f"    long tasks of the median run (simulated ms): {tasks or 'none'}")
    if chosen["finalUrl"] and not chosen["finalUrl"].split("?")[0].endswith(title.split()[1]):
        print(f"    NOTE: the run ended on {chosen['finalUrl']}")


def main() -> None:
    args = sys.argv[1:]
    runs = int(args[args.index("--runs") + 1]) if "--runs" in args else 3
    json_dir = Path(args[args.index("--json") + 1]) if "--json" in args else None
    if json_dir:
        json_dir.mkdir(parents=True, exist_ok=True)
    ensure_installed()
    print(f"machine: {os.cpu_count()} CPUs, load average {load_average()} (1/5/15 min) before the run")
    with local_stack() as (plain, started_in_s):
        print(f"local stack on {plain} (its own process, answering in {started_in_s:.1f} s)")
        if "--http2" in args:
            front = http2_front(int(plain.rsplit(":", 1)[1]))
        else:
            from contextlib import nullcontext
            front = nullcontext((plain, None))
        with front as (site, trust):
            chrome_args = [trust] if trust else []
            pages = {"entry": f"{site}/{SLUG}/{TABLE}", "menu": f"{site}/{SLUG}/{TABLE}/menu"}
            results: dict[str, list[dict]] = {}
            results["entry"] = [run_once(pages["entry"], {}, chrome_args, json_dir and json_dir / f"entry-{i}.json")
                                for i in range(runs)]
            token = approved_diner_token(plain + "/api")
            storage = {f"comanda.diner.{SLUG}/{TABLE}.token": json.dumps(token)}
            results["menu"] = [run_once(pages["menu"], storage, chrome_args, json_dir and json_dir / f"menu-{i}.json")
                               for i in range(runs)]
    transport = "HTTP/2 over TLS (bench/h2proxy.mjs)" if "--http2" in args else "HTTP/1.1 (the local stack)"
    print(f"\nphone (Lighthouse's mobile preset) over {transport}")
    report(f"entry /{SLUG}/{TABLE}", results["entry"])
    report(f"menu  /{SLUG}/{TABLE}/menu", results["menu"])
    print(f"\nmachine load average after: {load_average()} (1/5/15 min)")


if __name__ == "__main__":
    main()
