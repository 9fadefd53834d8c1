"""Logs, metrics and tracing with Powertools.

- Logger: structured JSON with correlation ids (request, connection, session, order). Its
  service name differs from chalice's app name so the two do not share a handler and print
  every line twice.
- Metrics: CloudWatch embedded-metric-format lines, flushed at the end of each invocation
  (no PutMetricData call, no extra permission). Powertools' metrics modules are imported by
  the first invocation that records one.
- Tracer: only when COMANDA_TRACING=true, and imported then (the X-Ray SDK costs ~130 ms of
  cold start).
"""
from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.logging import Logger
from chalice.app import Response

from . import timing

if TYPE_CHECKING:  # imported on first use (cold start)
    from aws_lambda_powertools import Metrics, Tracer

logger = Logger(service="comanda-api")

ORDERS_PLACED = "OrdersPlaced"
PUSHES_SENT = "PushesSent"
STALE_CONNECTIONS_REMOVED = "StaleConnectionsRemoved"
PUSH_FAILURES = "PushFailures"
STREAM_BATCH_MS = "StreamBatchMs"
STREAM_BATCH_OWN_MS = "StreamBatchOwnMs"


@functools.cache
def metrics() -> Metrics:
    from aws_lambda_powertools import Metrics

    return Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "Comanda"), service="comanda")


def milliseconds(name: str, value: float) -> None:
    from aws_lambda_powertools.metrics import MetricUnit

    metrics().add_metric(name=name, unit=MetricUnit.Milliseconds, value=round(value, 1))


def count(name: str, value: int = 1) -> None:
    if value:
        from aws_lambda_powertools.metrics import MetricUnit

        metrics().add_metric(name=name, unit=MetricUnit.Count, value=value)


@functools.cache
def tracer() -> Tracer | None:
    """The X-Ray tracer, or None when tracing is off for this stage."""
    if os.environ.get("COMANDA_TRACING", "").lower() != "true":
        return None
    from aws_lambda_powertools import Tracer

    return Tracer(service="comanda")


def _correlation_ids(event: Any) -> dict[str, str]:
    context = getattr(event, "context", None)
    ids: dict[str, str] = {}
    if isinstance(context, dict) and context.get("requestId"):
        ids["request_id"] = str(context["requestId"])
    elif context is not None and getattr(context, "aws_request_id", None):
        ids["request_id"] = str(context.aws_request_id)
    connection_id = getattr(event, "connection_id", None)
    if connection_id:
        ids["connection_id"] = str(connection_id)
    return ids


def around_invocation(event: Any, get_response: Callable[[Any], Any]) -> Any:
    """Chalice middleware for every event type: correlation ids on every log line of the
    invocation, and the invocation's metrics flushed when it ends."""
    ids = _correlation_ids(event)
    logger.append_keys(**ids)
    watch, timed = timing.start()
    try:
        response = get_response(event)
        if isinstance(response, Response):  # REST: the handler's own time, as the browser's devtools show it
            response.headers["Server-Timing"] = watch.stop().server_timing()
        return response
    finally:
        timing.finish(timed)
        recorded = metrics() if metrics.cache_info().currsize else None  # none recorded yet: nothing to flush
        if recorded is not None and recorded.metric_set:
            if os.environ.get("POWERTOOLS_METRICS_DISABLED", "").lower() == "true":  # the local stack
                recorded.clear_metrics()
            else:
                recorded.flush_metrics()
        logger.remove_keys(list(ids) + ["session_id", "order_id"])
