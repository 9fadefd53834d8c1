"""Page weight and LCP of the diner's two first pages on a phone over slow 4G.

    python bench/page_weight.py [--waterfall] [--runs N]

Starts the local stack (`python -m devstack`, the demo chain) in its own process, as
load.py does (in this process the browser's CDP events, handled in Python, took the stack's
GIL and showed up as API and file answer time), then loads with Debian's Chromium (Playwright), at
a 390x844 phone viewport, with a cold cache (a new browser context each load):
  1. the entry page `/downtown-lima/T12` (a fresh diner, not signed in), and
  2. the menu page `/downtown-lima/T12/menu` (a diner registered and approved over the API,
     the token put in sessionStorage as the diner app keeps it).
Each under two network profiles emulated through CDP: Chrome DevTools' "Slow 4G" preset and
Lighthouse's Slow 4G figures (150 ms RTT, 1.6 Mbps down, 750 Kbps up); and over two
transports: the local stack's own HTTP/1.1 (six connections per host, so each emulated
request holds a connection for its whole latency) and HTTP/2 over TLS through
bench/h2proxy.mjs, as CloudFront serves the pages (node and openssl are needed), compressing as
CloudFront does: Brotli for the site's files and the public menu (level 5: CloudFront does not
publish its own), the rest of /api as the origin sends it.

Bytes are CDP's `Network.loadingFinished.encodedDataLength` (body as sent plus headers),
counted until the LCP is read (network idle + 1.5 s), grouped by resource type; item photos
(under the media base URL) are counted apart. "of which bodies" splits the total into the
bodies as sent (Resource Timing's encodedBodySize) and the rest: headers and framing (over
HTTP/1.1 ~0.8 KB an answer; over HTTP/2 HPACK sends a repeated header as an index, ~60 B an answer). Targets: <= 60 KB without photos, LCP <= 1.0 s.

Next to each LCP: the critical chain (walked back from the LCP: its image, or the last script
or API answer before it, then each time the request that ended last before that one started,
down to the document) and the physical lower bound of that chain: its round trips x the
profile's latency + the bytes the LCP needed (document, styles, scripts, API answers and its
own image, as Resource Timing's transferSize: bodies + ~0.3 KB a request) / the profile's
throughput. "API server time" is how long the answers took beyond
the emulated latency on this machine: the local stack's, not AWS's, and not in the bound.
--waterfall prints every request (start, first byte, end in ms; size; render-blocking).
--runs N loads each page N times per transport and profile (a new context each time) and reports
the load with the median LCP, printing every load's LCP beside it: on a machine shared with other
work one load's LCP swings by a few hundred ms with the local stack's answer times (default 1).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


SLUG, TABLE = "downtown-lima", "T12"
MANAGER = {"email": "manager@downtown.demo.comanda", "password": "demo1234"}
TARGET_KB, TARGET_LCP_S = 60, 1.0
IDLE_MS = 1500

PROFILES = {
    "DevTools Slow 4G (562.5 ms, 1.4 Mbps x0.9)": {
        "offline": False, "latency": 562.5,
        "downloadThroughput": 1.4 * 1024 * 1024 / 8 * 0.9, "uploadThroughput": 675 * 1024 / 8 * 0.9},
    "Lighthouse Slow 4G (150 ms, 1.6 Mbps, 750 Kbps)": {
        "offline": False, "latency": 150,
        "downloadThroughput": 1.6 * 1024 * 1024 / 8, "uploadThroughput": 750 * 1024 / 8},
}
TRANSPORTS = ("HTTP/1.1 (the local stack as it is: 6 connections)", "HTTP/2 over TLS (as CloudFront serves the pages)")
GROUPS = ("document", "stylesheet", "script", "fetch/xhr", "image", "photos", "other")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

LCP_OBSERVER = """
window.__lcp = null;
try {
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__lcp = {t: entry.startTime, size: entry.size, url: entry.url,
      el: entry.element ? entry.element.tagName + (entry.element.className ? "." + entry.element.className : "") : entry.url};
  }).observe({type: "largest-contentful-paint", buffered: true});
} catch (e) {}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(method: str, url: str, body: dict | None = None, token: str | None = None) -> dict:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method=method),
                                timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else {}


def approved_diner_token(api_url: str) -> str:
    registered = api("POST", f"{api_url}/branches/{SLUG}/tables/{TABLE}/sessions",
                     {"mode": "quick", "name": "Bench"})
    staff = api("POST", f"{api_url}/staff/login", MANAGER)
    api("POST", f"{api_url}/staff/sessions/{registered['session']['id']}/approve", {}, token=staff["token"])
    return registered["token"]


@contextmanager
def local_stack() -> Iterator[tuple[str, float]]:
    """`python -m devstack` (`make run`'s stack, the demo chain) on a free port in its own process;
    yields its URL and how long it took to answer."""
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    root = Path(__file__).resolve().parent.parent
    # the stack's log outlives this function
    log = tempfile.NamedTemporaryFile("w",  # noqa: SIM115
                                      prefix="comanda-page-weight-stack-", suffix=".log", delete=False)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-m", "devstack", "--port", str(port), "--quiet"], cwd=root,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            if process.poll() is not None:
                raise SystemExit(f"the local stack exited with {process.returncode}: see {log.name}")
            try:
                with urllib.request.urlopen(site + "/favicon.svg", timeout=2):
                    break
            except OSError:
                if time.perf_counter() - started > 180:
                    raise SystemExit(f"the local stack did not answer within 180 s: see {log.name}") from None
                time.sleep(0.3)
        yield site, time.perf_counter() - started
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def group_of(resource_type: str, url: str, media_base: str) -> str:
    kind = resource_type.lower()
    if kind == "image" and media_base and url.startswith(media_base):
        return "photos"
    if kind in ("fetch", "xhr"):
        return "fetch/xhr"
    return kind if kind in GROUPS else "other"


def measure(browser, url: str, profile: dict, media_base: str, init_scripts: list[str]) -> dict:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True)
    for script in [LCP_OBSERVER, *init_scripts]:
        context.add_init_script(script)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", profile)

    requests: dict[str, tuple[str, str]] = {}
    sizes: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])  # group -> [bytes, after load, count]
    loaded = {"done": False}

    def on_sent(event: dict) -> None:
        requests[event["requestId"]] = (event.get("type", "Other"), event["request"]["url"])

    def on_response(event: dict) -> None:
        requests[event["requestId"]] = (event.get("type", "Other"), event["response"]["url"])

    def on_finished(event: dict) -> None:
        kind, request_url = requests.get(event["requestId"], ("Other", ""))
        if request_url.startswith("data:"):
            return
        entry = sizes[group_of(kind, request_url, media_base)]
        entry[0] += event["encodedDataLength"]
        entry[1] += event["encodedDataLength"] if loaded["done"] else 0
        entry[2] += 1

    cdp.on("Network.requestWillBeSent", on_sent)
    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    ended: set[str] = set()
    cdp.on("Network.loadingFinished", lambda event: ended.add(event["requestId"]))
    cdp.on("Network.loadingFailed", lambda event: ended.add(event["requestId"]))

    started = time.perf_counter()
    page.goto(url, wait_until="load", timeout=60_000)
    loaded["done"] = True
    wall_load_s = time.perf_counter() - started
    page.wait_for_load_state("networkidle", timeout=60_000)  # the app loads most of its code after `load`
    page.wait_for_timeout(IDLE_MS)
    timings = page.evaluate("""() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const row = (e, type) => ({url: e.name, type, start: e.startTime, firstByte: e.responseStart, end: e.responseEnd,
                                   bytes: e.transferSize, body: e.encodedBodySize, status: e.responseStatus || 0,
                                   blocking: e.renderBlockingStatus || "", proto: e.nextHopProtocol || ""});
        const waterfall = [row(nav, "document"),
                           ...performance.getEntriesByType("resource").map((e) => row(e, e.initiatorType))];
        return {load: nav ? nav.loadEventStart : null, dcl: nav ? nav.domContentLoadedEventEnd : null,
                lcp: window.__lcp, path: location.pathname, waterfall};
    }""")
    in_flight = [requests[r] for r in requests if r not in ended and requests[r][0] != "WebSocket"]
    context.close()
    return {"sizes": dict(sizes), "timings": timings, "wall_load_s": wall_load_s, "in_flight": in_flight,
            "media_base": media_base}


def kb(n: float) -> str:
    return f"{n / 1024:7.1f}"


IGNORED = (".webmanifest", "/favicon.svg")  # fetched by the browser for itself, after the first paint


def is_image(row: dict, media_base: str) -> bool:
    return row["type"] == "img" or bool(media_base and row["url"].startswith(media_base))


def critical_chain(waterfall: list[dict], lcp: dict | None, media_base: str) -> list[dict]:
    """The sequential requests that led to the LCP, walked back from it: the LCP's image (or the
    last script/API answer that ended before it), then each time the request that ended last
    before that one started, down to the document."""
    if not lcp:
        return []
    rows = [r for r in waterfall if not r["url"].endswith(IGNORED)]
    needed = [r for r in rows if not is_image(r, media_base)]
    last = next((r for r in rows if lcp.get("url") and r["url"] == lcp["url"]), None)
    if last is None:
        before = [r for r in needed if r["end"] <= lcp["t"] + 1]
        last = max(before, key=lambda r: r["end"], default=None)
    chain = []
    while last is not None:
        chain.append(last)
        if last["type"] == "document":
            break
        before = [r for r in needed if r["end"] <= last["start"] + 1 and r is not last]
        # the document, still streaming when its first subresources were asked for, is the root
        last = max(before, key=lambda r: r["end"], default=None) or next(r for r in rows if r["type"] == "document")
    return chain[::-1]


def lower_bound(chain: list[dict], waterfall: list[dict], lcp: dict | None, profile: dict, media_base: str) -> tuple[float, int, int]:
    """Round trips on the critical chain x latency + the bytes the LCP needed / throughput, in s:
    the document, styles, scripts and API answers that arrived before the LCP, and its image."""
    if not lcp:
        return float("nan"), 0, 0
    needed = sum(r["bytes"] for r in waterfall
                 if r["end"] <= lcp["t"] + 1 and not r["url"].endswith(IGNORED)
                 and (not is_image(r, media_base) or r["url"] == lcp.get("url")))
    seconds = len(chain) * profile["latency"] / 1000 + needed / profile["downloadThroughput"]
    return seconds, len(chain), needed


def short(url: str) -> str:
    path = url.split("://", 1)[-1].split("/", 1)[-1]
    return "/" + (path if len(path) <= 58 else "..." + path[-55:])


def print_waterfall(waterfall: list[dict], chain: list[dict]) -> None:
    print(f"    {'start':>6} {'1st byte':>8} {'end':>6} {'KB':>5}  {'type':<14} {'blocking':<9} url   (* critical chain)")
    for r in sorted(waterfall, key=lambda r: r["start"]):
        mark = "*" if any(r is c for c in chain) else " "
        print(f"   {mark}{r['start']:6.0f} {r['firstByte']:8.0f} {r['end']:6.0f} {r['bytes'] / 1024:5.1f}  "
              f"{r['type']:<14} {r['blocking']:<9} {short(r['url'])}")


def report(title: str, result: dict, profile: dict, show_waterfall: bool) -> None:
    sizes, timings = result["sizes"], result["timings"]
    protocols = ", ".join(sorted({r["proto"] for r in timings["waterfall"] if r["proto"]}))
    print(f"  {title}  (ended on {timings['path']}; protocol {protocols})")
    print(f"    {'type':<11} {'KB':>7} {'reqs':>5}  {'KB after load':>13}")
    for group in GROUPS:
        total, after, count = sizes.get(group, (0, 0, 0))
        print(f"    {group:<11} {kb(total)} {count:>5}  {kb(after):>13}")
    others = [g for g in sizes if g not in GROUPS]
    assert not others, others
    without_photos = sum(v[0] for g, v in sizes.items() if g != "photos")
    before_load = sum(v[0] - v[1] for g, v in sizes.items() if g != "photos")
    ok_kb = "OK" if without_photos / 1024 <= TARGET_KB else "OVER"
    print(f"    {'total w/o photos':<17} {kb(without_photos)} KB  (by load {kb(before_load).strip()} KB)"
          f"   target <= {TARGET_KB} KB  {ok_kb}")
    answers = sum(v[2] for g, v in sizes.items() if g != "photos")
    bodies = sum(r["body"] for r in timings["waterfall"] if not is_image(r, result["media_base"]))
    print(f"    {'of which bodies':<17} {kb(bodies)} KB as sent (Resource Timing's encodedBodySize); headers and framing"
          f" {kb(without_photos - bodies).strip()} KB in {answers} answers ({(without_photos - bodies) / max(answers, 1):.0f} B each)"
          f"; answered 304: {sum(1 for r in timings['waterfall'] if r['status'] == 304)}")
    lcp = timings["lcp"]
    if lcp:
        first_view = sum(r["bytes"] for r in timings["waterfall"]
                         if r["end"] <= lcp["t"] + 1 and not is_image(r, result["media_base"]))
        print(f"    {'by the LCP':<17} {kb(first_view)} KB w/o photos (Resource Timing: bodies + ~0.3 KB a request): what the"
              " first view took; the socket's code, its catch-up reads, the next pages' code and the photos below the"
              " first row came after")
        ok_lcp = "OK" if lcp["t"] / 1000 <= TARGET_LCP_S else "OVER"
        print(f"    {'LCP':<17} {lcp['t'] / 1000:7.2f} s   target <= {TARGET_LCP_S} s  {ok_lcp}   ({lcp['el']})"
              + (f"   median of {len(result['all_lcp_s'])} loads: " + ", ".join(f"{x:.2f}" for x in result["all_lcp_s"]) + " s"
                 if len(result.get("all_lcp_s", ())) > 1 else ""))
        chain = critical_chain(timings["waterfall"], lcp, result["media_base"])
        bound, trips, needed = lower_bound(chain, timings["waterfall"], lcp, profile, result["media_base"])
        print(f"    {'lower bound':<17} {bound:7.2f} s   = {trips} round trips x {profile['latency']:g} ms"
              f" + {needed / 1024:.1f} KB / {profile['downloadThroughput'] * 8 / 1024 / 1024:.2f} Mbps"
              f"   (LCP at {lcp['t'] / 1000 / bound if bound else float('nan'):.2f}x the bound)")
        print(f"    {'critical chain':<17} " + " -> ".join(short(r["url"]) for r in chain))
        waits = [f"{short(r['url'])} {max(0.0, r['firstByte'] - r['start'] - profile['latency']):.0f} ms"
                 for r in timings["waterfall"] if "/api/" in r["url"] and r["end"] <= lcp["t"] + 1]
        if waits:
            print(f"    {'API server time':<17} " + ", ".join(waits) + "   (first byte - start - latency: this machine's,"
                  " not in the bound)")
        if show_waterfall:
            print_waterfall(timings["waterfall"], chain)
    else:
        print(f"    {'LCP':<17}     n/a   target <= {TARGET_LCP_S} s")
    if result["in_flight"]:
        kinds = ", ".join(sorted({group_of(k, u, result["media_base"]) for k, u in result["in_flight"]}))
        print(f"    {'still loading':<17} {len(result['in_flight']):7d} requests when read ({kinds}): not counted")
    load = timings["load"]
    print(f"    {'load event':<17} {load / 1000 if load else float('nan'):7.2f} s   "
          f"(DOMContentLoaded {timings['dcl'] / 1000 if timings['dcl'] else float('nan'):.2f} s, "
          f"goto wall {result['wall_load_s']:.2f} s)")


def spki_hash(cert: Path) -> str:
    """base64(sha256(SubjectPublicKeyInfo)) of a PEM certificate, as Chromium's SPKI allow-list takes it."""
    public_key = subprocess.run(["openssl", "x509", "-in", str(cert), "-pubkey", "-noout"], check=True, capture_output=True).stdout
    der = subprocess.run(["openssl", "pkey", "-pubin", "-outform", "der"], input=public_key, check=True, capture_output=True).stdout
    return base64.b64encode(hashlib.sha256(der).digest()).decode()


@contextmanager
def http2_front(origin_port: int) -> Iterator[tuple[str, str]]:
    """bench/h2proxy.mjs on a free port with a throw-away certificate: the local stack over HTTPS
    and HTTP/2, as CloudFront serves the pages. Yields the URL and the Chromium flag that trusts
    the certificate by its key's hash (not --ignore-certificate-errors: Chromium does not store
    answers that came with a certificate error in its HTTP cache, so every revalidation of a
    page's load would come back whole, as it never does from CloudFront)."""
    with tempfile.TemporaryDirectory() as folder:
        cert, key = Path(folder, "cert.pem"), Path(folder, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True)
        proxy = subprocess.Popen(["node", str(Path(__file__).with_name("h2proxy.mjs")), str(origin_port), str(cert), str(key)],
                                 stdout=subprocess.PIPE, text=True)
        try:
            line = proxy.stdout.readline() if proxy.stdout else ""
            if not line.startswith("listening "):
                raise RuntimeError(f"bench/h2proxy.mjs did not start: {line!r}")
            yield f"https://127.0.0.1:{int(line.split()[1])}", f"--ignore-certificate-errors-spki-list={spki_hash(cert)}"
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)


def median_load(runs: int, load) -> dict:
    """The load with the median LCP of `runs` cold loads; every load's LCP kept beside it."""
    results = [load() for _ in range(runs)]
    lcp_s = [r["timings"]["lcp"]["t"] / 1000 if r["timings"]["lcp"] else float("inf") for r in results]
    order = sorted(range(runs), key=lambda i: lcp_s[i])
    chosen = results[order[(runs - 1) // 2]]
    chosen["all_lcp_s"] = lcp_s
    return chosen


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    show_waterfall = "--waterfall" in sys.argv[1:]
    runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv[1:] else 1
    from playwright.sync_api import sync_playwright

    from chalicelib.config import settings

    print(f"machine: {os.cpu_count()} CPUs, load average {load_average()} (1/5/15 min) before the run")
    with local_stack() as (plain, started_in_s):
        print(f"local stack on {plain} (its own process, answering in {started_in_s:.1f} s); {runs} load(s) per page,"
              " transport and profile")
        with http2_front(int(plain.rsplit(":", 1)[1])) as (secure, trust), sync_playwright() as p:
            sites = {TRANSPORTS[0]: plain, TRANSPORTS[1]: secure}
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[*CHROMIUM_ARGS, trust])
            try:
                results: dict[tuple[str, str], dict[str, dict]] = {(t, n): {} for t in TRANSPORTS for n in PROFILES}
                # The entry page first, while the table is free, as a fresh diner sees it.
                for transport, site in sites.items():
                    media_base = urljoin(site + "/", (settings.media_base_url or "/media").rstrip("/") + "/")
                    for name, profile in PROFILES.items():
                        results[transport, name]["entry"] = median_load(
                            runs, lambda: measure(browser, f"{site}/{SLUG}/{TABLE}", profile, media_base, []))
                token = approved_diner_token(plain + "/api")
                key = f"comanda.diner.{SLUG}/{TABLE}.token"
                for transport, site in sites.items():
                    media_base = urljoin(site + "/", (settings.media_base_url or "/media").rstrip("/") + "/")
                    seed = (f"if (location.origin === {json.dumps(site)}) "
                            f"sessionStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(token))});")
                    for name, profile in PROFILES.items():
                        results[transport, name]["menu"] = median_load(
                            runs, lambda: measure(browser, f"{site}/{SLUG}/{TABLE}/menu", profile, media_base, [seed]))
            finally:
                browser.close()
    for transport in TRANSPORTS:
        for name, profile in PROFILES.items():
            print(f"\n== {transport} · {name}  (phone 390x844 @2x, cold cache)")
            report(f"entry  /{SLUG}/{TABLE}", results[transport, name]["entry"], profile, show_waterfall)
            report(f"menu   /{SLUG}/{TABLE}/menu", results[transport, name]["menu"], profile, show_waterfall)
    print(f"\nmachine load average after: {load_average()} (1/5/15 min)")


if __name__ == "__main__":
    main()
