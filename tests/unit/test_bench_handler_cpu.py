"""bench/handler_cpu.py's method: what it times is the CPU a Lambda would bill for the handler
(its own thread and its worker threads), not waiting and not another process (moto's server);
its events reach Chalice's handlers as API Gateway's do; its billed durations follow Lambda's
CPU share."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from chalice import Chalice

from tests.unit.bench_scripts import bench_script


@pytest.fixture(scope="module")
def bench():
    with bench_script("handler_cpu", "handler_cpu.py") as module:
        yield module


def test_counts_the_calling_thread_and_worker_threads(bench):
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: None).result()
        _, cpu_ms, _ = bench.measured(lambda: (bench.burn(40), pool.submit(bench.burn, 40).result()))
    assert 78 <= cpu_ms <= 100


def test_leaves_out_waiting_and_another_process(bench):
    burner = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    _, cpu_ms, wall_ms = bench.measured(lambda: (
        time.sleep(0.1), subprocess.run([sys.executable, "-S", "-c", burner], check=True)))
    assert wall_ms >= 400  # the child burnt 300 ms of its own CPU while this process waited
    assert cpu_ms < 60  # starting the child, not its CPU


def test_a_rest_event_reaches_the_route_with_its_parameters(bench):
    app = Chalice(app_name="probe")

    @app.route("/things/{thing_id}", methods=["POST"])
    def post_thing(thing_id):
        request = app.current_request
        return {"id": thing_id, "body": request.json_body, "query": request.query_params,
                "origin": request.headers["x-origin-verify"], "key": request.headers["idempotency-key"]}

    @app.route("/things/special", methods=["POST"])
    def post_special():
        return {"special": True}

    event = bench.rest_event(app.routes, "POST", "/things/t-1?full=yes", {
        "Content-Type": "application/json", "Idempotency-Key": "k1"}, json.dumps({"a": 1}).encode(), "203.0.113.5")
    answer = app(event, bench.LambdaContext("probe"))
    assert answer["statusCode"] == 200, answer
    assert json.loads(answer["body"]) == {"id": "t-1", "body": {"a": 1}, "query": {"full": "yes"},
                                          "origin": bench.ORIGIN_SECRET, "key": "k1"}
    special = app(bench.rest_event(app.routes, "POST", "/things/special", {}, b"", "203.0.113.5"),
                  bench.LambdaContext("probe"))
    assert json.loads(special["body"]) == {"special": True}
    with pytest.raises(LookupError):
        bench.route_of(app.routes, "/nothing/here")


def test_billed_duration_follows_lambdas_cpu_share(bench):
    assert bench.billed_ms(10.0, 1769) == 10
    assert bench.billed_ms(10.0, 3008) == 10  # one thread uses one vCPU at most
    assert bench.billed_ms(10.0, 512) == 35  # 512/1769 of a vCPU: ceil(10 x 3.455)
    calls = [bench.Invocation("rest", "s", "w", 10.0, 0.0), bench.Invocation("stream", "s", "w", 0.2, 0.0)]
    assert bench.gb_seconds(calls, 1024) == pytest.approx((18 + 1) / 1000)
