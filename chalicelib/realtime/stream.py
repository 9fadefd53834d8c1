"""The stream entrypoint's logic: every stored change reaches its channels.

A batch is handled as a whole: each record becomes its messages (a record that cannot be
read is reported alone and the others still go out), then the fan-out queries each channel
once and posts to the connections in parallel, each connection's messages in stream order.
Order records also keep each branch's kitchen queue (the wait estimate's input): one
UpdateItem per branch per batch, after the pushes. The answer is Lambda's `batchItemFailures`
(`ReportBatchItemFailures`): the stream retries from the first failed record, clients drop
the repeats by version, and the queue's entries are absolute, so rewriting them is harmless.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import timing
from ..bootstrap import repositories
from ..observability import (
    PUSH_FAILURES,
    PUSHES_SENT,
    STALE_CONNECTIONS_REMOVED,
    STREAM_BATCH_MS,
    STREAM_BATCH_OWN_MS,
    count,
    logger,
    milliseconds,
)
from .fanout import Delivery, Fanout
from .kitchen_queues import follow_orders
from .messages import messages_for_change, table_of


def handle_stream_batch(event: dict[str, Any], context: Any, post: Callable[[str, str], None]) -> dict[str, Any]:
    """Handles the batch, timed: one log line and two metrics per batch say how long it took
    and how much of that was the app's own work (not waiting on DynamoDB or API Gateway)."""
    watch, timed = timing.start()
    try:
        answer = _handle(event, post)
    finally:
        timing.finish(timed)
    watch.stop()
    records = event.get("Records") or []
    milliseconds(STREAM_BATCH_MS, watch.elapsed_ms)
    milliseconds(STREAM_BATCH_OWN_MS, watch.own_ms)
    logger.info("stream batch handled", extra={
        "records": len(records), "duration_ms": round(watch.elapsed_ms, 2), "aws_ms": round(watch.waiting_ms, 2),
        "own_ms": round(watch.own_ms, 2), "cpu_ms": round(watch.cpu_ms, 2), "aws_calls": watch.calls, "orders_created": _orders_created(records)})
    return answer


def _orders_created(records: list[dict[str, Any]]) -> list[str]:
    """The ids of the orders this batch announced (the push-latency bench pairs them with their POST)."""
    from ..store.models import OrderRecord

    return [record["dynamodb"]["Keys"]["order_id"]["S"] for record in records
            if record.get("eventName") == "INSERT" and table_of(record.get("eventSourceARN", "")) ==
            OrderRecord.Meta.table_name and "order_id" in record.get("dynamodb", {}).get("Keys", {})]


def _handle(event: dict[str, Any], post: Callable[[str, str], None]) -> dict[str, Any]:
    records = event.get("Records") or []
    repos = repositories()
    deliveries: list[Delivery] = []
    failed: set[int] = set()
    for index, record in enumerate(records):
        try:
            deliveries += [Delivery(index, outgoing.channels, outgoing.message)
                           for outgoing in messages_for_change(record, repos)]
        except Exception:
            logger.exception("stream record could not be turned into messages",
                             extra={"sequence": record.get("dynamodb", {}).get("SequenceNumber")})
            failed.add(index)
    report = Fanout(repos.connections, post).deliver(deliveries)
    failed |= report.failed_records
    failed |= follow_orders(records, repos.kitchen_queues)
    count(PUSHES_SENT, report.sent)
    count(STALE_CONNECTIONS_REMOVED, report.gone)
    logger.debug("pushed", extra={"records": len(records), "sent": report.sent, "frames": report.frames,
                                  "gone": report.gone,
                                  "not_ready": report.not_ready})
    if failed:
        count(PUSH_FAILURES, len(failed))
        logger.warning("stream records failed; they will be retried", extra={"failed": len(failed)})
    return {"batchItemFailures": [{"itemIdentifier": records[index]["dynamodb"]["SequenceNumber"]}
                                  for index in sorted(failed)]}
