"""The handlers time themselves (issue #17): every REST answer says in `Server-Timing` how long
its handler ran and how much of that it waited on AWS; the stream handler logs the same per
batch, naming the orders it announced (bench/push_latency.py pairs them with their POST)."""
from __future__ import annotations

import logging
import re

from tests.integration.test_realtime import connect, deliver, sockets, streams  # noqa: F401 - fixtures


def _server_timing(reply) -> dict[str, float]:
    header = next(value for name, value in reply.headers.items() if name.lower() == "server-timing")
    return {name: float(ms) for name, ms in re.findall(r"(\w+);dur=([0-9.]+)", header)}


def test_an_order_s_answer_says_how_long_its_handler_ran_and_waited_on_aws(api):
    diner = api.seated_diner()
    reply = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]},
                     token=diner["token"])
    assert reply.status == 201
    timing = _server_timing(reply)
    assert set(timing) == {"handler", "aws", "cpu"}
    assert timing["cpu"] > 0
    assert 0 < timing["aws"] <= timing["handler"]


def test_an_error_answer_is_timed_too(api):
    diner = api.seated_diner()
    reply = api.post("/session/orders", {"items": []}, token=diner["token"])
    assert reply.status == 400
    assert _server_timing(reply)["handler"] > 0


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def test_the_stream_handler_logs_its_time_and_the_orders_it_announced(api, streams, sockets):
    diner = api.seated_diner()
    connect(api, diner["token"], connection_id="ana")
    streams.drain()
    order = api.post("/session/orders", {"items": [{"menuItemId": "ceviche-clasico", "quantity": 1}]},
                     token=diner["token"]).body
    app_logger, lines = logging.getLogger("comanda-api"), _Lines()
    level = app_logger.level
    app_logger.addHandler(lines)
    app_logger.setLevel(logging.INFO)
    try:
        assert deliver(streams, sockets) == {"batchItemFailures": []}
    finally:
        app_logger.removeHandler(lines)
        app_logger.setLevel(level)
    handled = [r for r in lines.records if r.getMessage() == "stream batch handled"]
    assert len(handled) == 1
    line = handled[0]
    assert line.orders_created == [order["id"]]
    assert line.records >= 1 and line.aws_calls >= 2  # the listeners' Query and the push, at least
    assert 0 <= line.own_ms <= line.duration_ms and 0 < line.aws_ms <= line.duration_ms and line.cpu_ms > 0
    assert sockets.types("ana") == ["order.created"]
