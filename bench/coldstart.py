"""Cold-start cost of each Lambda handler module against a bare `import boto3`, and the zip size.

    python bench/coldstart.py [--runs 7] [--no-package]

Each import runs in a fresh interpreter (as a new Lambda container would), with the
deployed environment's variables; the median of several runs is taken. The ratio to
`import boto3` is the figure (target <= 1.3x): the absolute times depend on this machine.
The deployment zip is built offline with `infra.package` (target <= 5 MB).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = {
    **os.environ,
    "AWS_DEFAULT_REGION": "us-east-1",
    "COMANDA_STAGE": "dev",
    "COMANDA_TABLE_PREFIX": "comanda-dev-",
    "COMANDA_JWT_SECRET_PARAMETER": "/comanda/dev/jwt-secret",
    "PYTHONDONTWRITEBYTECODE": "1",
}
# What each deployed function imports before it can run its handler: every function
# imports app.py (Chalice's handler string is app.<name>); the stream handler then imports
# the fan-out on its first event, measured apart.
SUBJECTS = {
    "import boto3 (baseline)": "import boto3",
    "app (REST API, WebSocket handlers)": "import app",
    "app + stream fan-out (stream function)": "import app, chalicelib.realtime.stream",
}


def timed_import(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENVIRONMENT, capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-package", action="store_true")
    args = parser.parse_args()

    timed_import("import boto3, pynamodb, pydantic, jwt")  # warm the disk cache for every subject
    medians = {}
    for name, statement in SUBJECTS.items():
        samples = [timed_import(statement) for _ in range(args.runs)]
        medians[name] = statistics.median(samples)
    baseline = medians["import boto3 (baseline)"]
    print(f"cold import, median of {args.runs} fresh interpreters:")
    for name, seconds in medians.items():
        print(f"  {name:<42} {seconds * 1000:7.1f} ms   {seconds / baseline:4.2f}x boto3")
    if not args.no_package:
        sys.path.insert(0, str(ROOT))
        from infra.package import package

        started = time.perf_counter()
        built = package("dev", ROOT / "build" / "dev" / "package")
        size = getattr(built, "zip_bytes", None)
        print(f"deployment zip: {size / 1e6:.2f} MB ({size} bytes; target <= 5 MB), built in "
              f"{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
