"""The stream entrypoint's logic: every stored change reaches its channels.

Powertools' BatchProcessor runs `record_handler` per record and reports the failed ones as
`batchItemFailures`, so one bad record is retried alone and never blocks the others.
"""
from __future__ import annotations

import functools
from typing import Any, Callable

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord

from ..bootstrap import repositories
from ..observability import PUSH_FAILURES, PUSHES_SENT, STALE_CONNECTIONS_REMOVED, count, logger
from .fanout import Fanout
from .messages import messages_for_change


@functools.cache
def _processor() -> BatchProcessor:
    return BatchProcessor(event_type=EventType.DynamoDBStreams)


def make_record_handler(post: Callable[[str, str], None]) -> Callable[[DynamoDBRecord], None]:
    repos = repositories()
    fanout = Fanout(repos.connections, post)

    def record_handler(record: DynamoDBRecord) -> None:
        for outgoing in messages_for_change(record.raw_event, repos):
            report = fanout.publish(outgoing.channels, outgoing.message)
            count(PUSHES_SENT, report.sent)
            count(STALE_CONNECTIONS_REMOVED, report.gone)
            logger.debug("pushed", extra={"type": outgoing.message["type"], "sent": report.sent, "gone": report.gone})

    return record_handler


def handle_stream_batch(event: dict[str, Any], context: Any, post: Callable[[str, str], None]) -> dict[str, Any]:
    answer = process_partial_response(
        event=event, record_handler=make_record_handler(post), processor=_processor(), context=context,
    )
    failures = len(answer.get("batchItemFailures", []))
    if failures:
        count(PUSH_FAILURES, failures)
        logger.warning("stream records failed; they will be retried", extra={"failed": failures})
    return answer
