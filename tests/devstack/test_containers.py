"""The REST function's warm containers (`devstack.containers`): each a process with its own
app, so requests at the same moment run at the same moment and never see each other's
`current_request` (what `chalice local` needed a class swap for)."""
from __future__ import annotations

import json
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devstack.containers import ContainerPool

APP = '''
import os
import time

from chalice import Chalice

app = Chalice(app_name="probe")


@app.route("/slow/{name}")
def slow(name):
    time.sleep(float(app.current_request.query_params["s"]))
    return {"name": name, "seen": app.current_request.uri_params["name"], "pid": os.getpid(),
            "remaining_ms": app.lambda_context.get_remaining_time_in_millis()}


@app.route("/boom")
def boom():
    os._exit(3)  # the container dies mid-request
'''


def event(path: str, name: str, seconds: float) -> dict:
    return {"resource": "/slow/{name}", "path": path, "httpMethod": "GET", "headers": {},
            "multiValueHeaders": {}, "queryStringParameters": {"s": str(seconds)},
            "multiValueQueryStringParameters": {"s": [str(seconds)]}, "pathParameters": {"name": name},
            "stageVariables": None, "body": None, "isBase64Encoded": False,
            "requestContext": {"resourcePath": "/slow/{name}", "httpMethod": "GET", "path": path,
                               "identity": {"sourceIp": "127.0.0.1"}}}


@pytest.fixture(scope="module")
def pool(tmp_path_factory) -> Iterator[ContainerPool]:
    project: Path = tmp_path_factory.mktemp("probe")
    (project / "app.py").write_text(textwrap.dedent(APP))
    containers = ContainerPool(project, "api_handler", timeout_s=30, memory_mb=128, size=2)
    containers.launch()
    containers.wait_ready()
    yield containers
    containers.stop()


def test_two_requests_at_once_run_at_once_each_with_its_own_request(pool):
    answers: dict[str, dict] = {}

    def call(name: str) -> None:
        answers[name] = json.loads(pool(event(f"/slow/{name}", name, 1.0))["body"])

    started = time.monotonic()
    threads = [threading.Thread(target=call, args=(name,)) for name in ("ana", "luis")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    took = time.monotonic() - started
    assert took < 1.9, f"the two 1 s requests took {took:.2f} s: one waited for the other"
    assert {name: (a["name"], a["seen"]) for name, a in answers.items()} == {"ana": ("ana", "ana"),
                                                                             "luis": ("luis", "luis")}
    assert answers["ana"]["pid"] != answers["luis"]["pid"]
    assert 25_000 < answers["ana"]["remaining_ms"] <= 30_000  # the function's timeout, as Lambda's context


def test_a_container_that_dies_is_a_502_and_is_replaced(pool):
    died = pool({**event("/boom", "x", 0), "resource": "/boom", "pathParameters": None,
                 "requestContext": {"resourcePath": "/boom", "httpMethod": "GET", "path": "/boom",
                                    "identity": {"sourceIp": "127.0.0.1"}}})
    assert died["statusCode"] == 502
    answers = [pool(event("/slow/eve", "eve", 0))["statusCode"] for _ in range(3)]
    assert answers == [200, 200, 200]
