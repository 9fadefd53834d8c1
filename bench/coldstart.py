"""Cold-start cost of each Lambda handler module against a bare `import boto3`, the zip size,
and the first requests of a fresh container.

    python bench/coldstart.py [--runs 7] [--no-package] [--no-requests]

Each import runs in a fresh interpreter (as a new Lambda container would), with the
deployed environment's variables; the median of several runs is taken. The ratio to
`import boto3` is the figure (target <= 1.3x): the absolute times depend on this machine.
The deployment zip is built offline with `infra.package` (target <= 5 MB) and unpacked beside
only the SDK the runtime provides, and run by the Lambda's Python (3.12; the zip's arm64
libraries swapped for this machine's: the timings are this x86_64 machine's, not Graviton's).

`import app` registers the routes and little else (docs/decisions.md, "Lazy imports"): what a
request needs is imported by the first request that needs it. So the whole cold path is
printed too: in a fresh interpreter from the same zip, `import app`, then a first
`GET /branches/{slug}/menu` and a first `POST /session/orders` (with Idempotency-Key, the
JWT key read from SSM as on a deployed stage), invoked as Lambda invokes the handler,
against the local stack's moto server.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENVIRONMENT = {
    **os.environ,
    "AWS_DEFAULT_REGION": "us-east-1",
    "COMANDA_STAGE": "dev",
    "COMANDA_TABLE_PREFIX": "comanda-dev-",
    "COMANDA_JWT_SECRET_PARAMETER": "/comanda/dev/jwt-secret",
    "PYTHONDONTWRITEBYTECODE": "1",
}
# What each deployed function imports before it can run its handler: every function
# imports app.py (Chalice's handler string is app.<name>); the stream function then imports
# the fan-out on its first event.
SUBJECTS = {
    "import boto3 (baseline)": "import boto3",
    "app (every function's handler module)": "import app",
    "app + stream fan-out (stream fn, 1st event)": "import app, chalicelib.realtime.stream",
}
BRANCH = "downtown-lima"
BENCH_TABLES = [f"T{n}" for n in range(40, 30, -1)]  # one fresh session per run
STAFF_LOGIN = {"email": "manager@downtown.demo.comanda", "password": "demo1234"}
ORIGIN_PARAMETER = "/comanda/bench/origin-secret"
JWT_PARAMETER = "/comanda/bench/jwt-secret"

# Runs in the fresh interpreter: import the handler module, then invoke it as Lambda does.
FIRST_REQUESTS = r'''
import json, sys, time
started = time.perf_counter()
import app
timings = [time.perf_counter() - started]


class LambdaContext:
    function_name = "comanda-dev"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:us-east-1:000000000000:function:comanda-dev"
    aws_request_id = "bench"

    def get_remaining_time_in_millis(self):
        return 30_000


statuses = []
for event in json.loads(sys.stdin.read()):
    started = time.perf_counter()
    statuses.append(app.app(event, LambdaContext())["statusCode"])
    timings.append(time.perf_counter() - started)
print(json.dumps({"timings": timings, "statuses": statuses}))
'''


def lambda_like_path(zip_path: Path, work: Path) -> str:
    """The deployment zip unpacked beside only what the Lambda runtime provides (the AWS SDK,
    compiled for the Lambda's Python), so nothing from the development virtualenv (moto,
    cryptography, ...) is imported. The zip's arm64 libraries are swapped for this machine's
    build of the same versions (infra/runtime.py); its Python and bytecode are what Lambda runs."""
    from infra.bytecode import unpack_for_this_machine
    from infra.runtime import lambda_sdk

    shutil.rmtree(work / "code", ignore_errors=True)
    code = unpack_for_this_machine(zip_path, work / "code")
    return os.pathsep.join([str(code), str(lambda_sdk(work / "sdk"))])


def _run(code: str, path: str | None, environment: dict[str, str], stdin: str = "") -> str:
    from infra.runtime import lambda_python

    command = [lambda_python(), "-S", "-c", code] if path else [sys.executable, "-c", code]
    environment = {**environment, "PYTHONPATH": path} if path else environment
    out = subprocess.run(command, cwd=Path(path.split(os.pathsep)[0]) if path else ROOT, env=environment,
                         input=stdin, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return out.stdout.strip().splitlines()[-1]


def timed_import(statement: str, path: str | None = None) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return float(_run(code, path, ENVIRONMENT))


# --- the first requests ------------------------------------------------------------------

def _call(url: str, method: str = "GET", body: dict | None = None, token: str = "") -> dict:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    data = json.dumps(body).encode() if body is not None else None
    with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=headers)) as reply:
        return json.loads(reply.read() or b"{}")


def _api_event(method: str, resource: str, path_parameters: dict[str, str], body: dict | None = None,
               headers: dict[str, str] | None = None, origin_secret: str = "") -> dict:
    """An API Gateway REST proxy event, as Lambda hands it to Chalice's handler."""
    path = resource.format(**path_parameters)
    headers = {"Host": "example.execute-api.us-east-1.amazonaws.com", "Accept": "application/json",
               **({"Content-Type": "application/json"} if body is not None else {}), **(headers or {})}
    if origin_secret:  # what CloudFront adds to every request to the API
        headers["X-Origin-Verify"] = origin_secret
    return {
        "resource": resource, "path": path, "httpMethod": method, "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": path_parameters or None, "stageVariables": None,
        "requestContext": {"resourcePath": resource, "httpMethod": method, "path": f"/api{path}", "stage": "api",
                           "requestId": str(uuid.uuid4()), "requestTimeEpoch": int(time.time() * 1000),
                           "identity": {"sourceIp": "198.51.100.7", "userAgent": "bench"}},
        "body": json.dumps(body) if body is not None else None, "isBase64Encoded": False,
    }


def prepare_first_requests(stack, runs: int) -> tuple[dict[str, str], list[list[dict]]]:
    """Per run: an approved diner session at its own table and the events of its first
    requests; and the environment of a deployed stage pointed at the stack's moto server."""
    import boto3

    boto3.client("ssm").put_parameter(Name=JWT_PARAMETER, Value=stack.jwt_secret, Type="SecureString", Overwrite=True)
    # the origin secret CloudFront sends, read from SSM as a deployed function reads it
    boto3.client("ssm").put_parameter(Name=ORIGIN_PARAMETER, Value=stack.origin_secret, Type="SecureString",
                                      Overwrite=True)
    api = stack.api_url.rstrip("/")
    menu = _call(f"{api}/branches/{BRANCH}/menu")
    item = next(i for c in menu["categories"] for i in c["items"] if i.get("available", True))
    staff_token = _call(f"{api}/staff/login", "POST", STAFF_LOGIN)["token"]
    per_run = []
    for table in BENCH_TABLES[:runs]:
        registered = _call(f"{api}/branches/{BRANCH}/tables/{table}/sessions", "POST", {"mode": "quick", "name": "Bench"})
        _call(f"{api}/staff/sessions/{registered['session']['id']}/approve", "POST", {}, staff_token)
        per_run.append([
            _api_event("GET", "/branches/{slug}/menu", {"slug": BRANCH}, origin_secret=stack.origin_secret),
            _api_event("POST", "/session/orders", {}, {"items": [{"menuItemId": item["id"], "quantity": 1}]},
                       {"Authorization": f"Bearer {registered['token']}", "Idempotency-Key": str(uuid.uuid4())},
                       origin_secret=stack.origin_secret),
        ])
    environment = {
        **ENVIRONMENT,
        **{name: os.environ[name] for name in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                                "AWS_ACCOUNT_ID_ENDPOINT_MODE")},
        "COMANDA_TABLE_PREFIX": os.environ.get("COMANDA_TABLE_PREFIX", "comanda-local-"),
        "COMANDA_JWT_SECRET_PARAMETER": JWT_PARAMETER,
        "COMANDA_ORIGIN_SECRET_PARAMETER": ORIGIN_PARAMETER,
    }
    environment.pop("COMANDA_JWT_SECRET", None)
    environment.pop("COMANDA_ORIGIN_SECRET", None)
    return environment, per_run


def first_requests(path: str | None, environment: dict[str, str], per_run: list[list[dict]]) -> list[float]:
    """Medians of: import app, first GET menu, first POST order (seconds)."""
    samples = []
    for events in per_run:
        result = json.loads(_run(FIRST_REQUESTS, path, environment, json.dumps(events)))
        if result["statuses"] != [200, 201]:
            raise SystemExit(f"the first requests answered {result['statuses']}, not [200, 201]")
        samples.append(result["timings"])
    return [statistics.median(column) for column in zip(*samples)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-package", action="store_true", help="import from the development virtualenv")
    parser.add_argument("--no-requests", action="store_true", help="only the imports (no local stack)")
    args = parser.parse_args()

    stack = None
    if not args.no_requests:  # first: the stack must import chalicelib before anything else does
        from devstack.stack import LocalStack

        stack = LocalStack("127.0.0.1", 0)
        stack.start()
    try:
        path = None
        if not args.no_package:
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
        timed_import(SUBJECTS["app + stream fan-out (stream fn, 1st event)"], path)
        medians = {}
        for name, statement in SUBJECTS.items():
            samples = [timed_import(statement, path) for _ in range(args.runs)]
            medians[name] = statistics.median(samples)
        baseline = medians["import boto3 (baseline)"]
        print(f"cold import, median of {args.runs} fresh interpreters:")
        for name, seconds in medians.items():
            print(f"  {name:<44} {seconds * 1000:7.1f} ms   {seconds / baseline:4.2f}x boto3")

        if stack is not None:
            runs = min(args.runs, len(BENCH_TABLES))
            environment, per_run = prepare_first_requests(stack, runs)
            imported, menu, order = first_requests(path, environment, per_run)
            print(f"whole cold path of the REST function, median of {runs} fresh interpreters "
                  f"(moto on localhost stands for DynamoDB and SSM):")
            for name, seconds in (("import app", imported), ("first GET /branches/{slug}/menu", menu),
                                  ("first POST /session/orders (Idempotency-Key)", order)):
                print(f"  {name:<44} {seconds * 1000:7.1f} ms   {seconds / baseline:4.2f}x boto3")
            print(f"  {'import app + first GET menu':<44} {(imported + menu) * 1000:7.1f} ms   "
                  f"{(imported + menu) / baseline:4.2f}x boto3")
    finally:
        if stack is not None:
            stack.stop()


if __name__ == "__main__":
    main()
