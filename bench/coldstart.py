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


RUNTIME_SDK = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six.py", "urllib3")


def lambda_like_path(zip_path: Path, work: Path) -> str:
    """The deployment zip unpacked beside only what the Lambda runtime provides (the AWS SDK),
    so nothing from the development virtualenv (moto, cryptography, ...) is imported."""
    import shutil
    import sysconfig
    import zipfile

    code, sdk = work / "code", work / "sdk"
    shutil.rmtree(work, ignore_errors=True)
    zipfile.ZipFile(zip_path).extractall(code)
    sdk.mkdir(parents=True)
    site = Path(sysconfig.get_paths()["purelib"])
    for name in RUNTIME_SDK:
        (sdk / name).symlink_to(site / name)
    return os.pathsep.join([str(code), str(sdk)])


def timed_import(statement: str, path: str | None = None) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    command = [sys.executable, "-S", "-c", code] if path else [sys.executable, "-c", code]
    environment = {**ENVIRONMENT, "PYTHONPATH": path} if path else ENVIRONMENT
    out = subprocess.run(command, cwd=Path(path.split(os.pathsep)[0]) if path else ROOT, env=environment,
                         capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-package", action="store_true")
    args = parser.parse_args()

    path = None
    if not args.no_package:
        sys.path.insert(0, str(ROOT))
        from infra.package import package

        started = time.perf_counter()
        built = package("dev", ROOT / "build" / "dev")
        print(f"deployment zip: {built.zip_bytes / 1e6:.2f} MB ({built.zip_bytes} bytes; target <= 5 MB), built in "
              f"{time.perf_counter() - started:.0f} s")
        path = lambda_like_path(built.zip, ROOT / "build" / "coldstart")
        print("imports from the unpacked zip plus the runtime's SDK only:")
    else:
        print("imports from the development virtualenv (--no-package):")

    timed_import("import boto3", path)  # warm the disk cache
    timed_import(SUBJECTS["app + stream fan-out (stream function)"], path)
    medians = {}
    for name, statement in SUBJECTS.items():
        samples = [timed_import(statement, path) for _ in range(args.runs)]
        medians[name] = statistics.median(samples)
    baseline = medians["import boto3 (baseline)"]
    print(f"cold import, median of {args.runs} fresh interpreters:")
    for name, seconds in medians.items():
        print(f"  {name:<42} {seconds * 1000:7.1f} ms   {seconds / baseline:4.2f}x boto3")


if __name__ == "__main__":
    main()
