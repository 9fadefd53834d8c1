"""`python -m devstack [--port 8080] [--host 127.0.0.1]`: the whole system, until Ctrl-C."""
from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from .banner import render
from .environment import PROJECT_DIR
from .stack import LocalStack, PortUnavailable, listen

DEMO_PASSWORD = "demo1234"  # chalicelib.seed's, on the local stage only


def _configure_logging(verbose: bool, quiet: bool = False) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO,
                        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s", datefmt="%H:%M:%S")
    for noisy in ("botocore", "boto3", "urllib3", "werkzeug", "pynamodb", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _other_port(port: int) -> int:
    """A free port to suggest instead of a busy one (18080 for 8080)."""
    for candidate in (port + 10000, port + 1, 0):
        if candidate > 65535:
            continue
        try:
            with listen("127.0.0.1", candidate) as probe:
                return probe.getsockname()[1]
        except PortUnavailable:
            continue
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack", description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1", help="0.0.0.0 lets phones on your network scan in")
    parser.add_argument("--chain", type=Path, default=PROJECT_DIR / "demo" / "chain.json",
                        help="the chain to seed (default: the demo chain)")
    parser.add_argument("--verbose", "-v", action="store_true", help="debug logging")
    parser.add_argument("--quiet", "-q", action="store_true", help="warnings and errors only (benchmarks)")
    args = parser.parse_args(argv)
    _configure_logging(args.verbose, args.quiet)

    stopping = threading.Event()

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        if stopping.is_set():  # a second Ctrl-C while stopping: leave at once
            os._exit(130)
        stopping.set()

    stack = LocalStack(args.host, args.port, project_dir=PROJECT_DIR, chain_file=args.chain)
    try:
        stack.start()
    except PortUnavailable as error:
        hint = f": run `make run PORT={_other_port(error.port)}`" if error.reason == "is in use" else ""
        print(f"{error}{hint}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        stack.stop()
        return 130

    stack.outbox.on_message(lambda message: print(
        f"SMS to {message.phone}: code {message.code or '-'}   ({stack.outbox_url})", flush=True))
    stack.mail_outbox.on_message(lambda email: print(
        f"Email to {email.to}: {email.link or email.subject}   ({stack.site_url}/_local/mail)", flush=True))
    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    print(render(stack.site_url, stack.ws_url, args.chain, DEMO_PASSWORD,
                 stack.started_in_s, reachable_from_lan=args.host in ("0.0.0.0", "::")), flush=True)
    while not stopping.wait(1.0):
        pass
    print("\nStopping...", file=sys.stderr, flush=True)
    stack.stop()
    print("Stopped.", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
