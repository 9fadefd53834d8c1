"""Feeds the app's stream handler from the moto DynamoDB streams, as Lambda's event source
mapping does: one reader per stream (one shard each on moto), batches of Lambda-shaped
records, the mapping's event filters (records no pattern lets through are never delivered),
and `ReportBatchItemFailures`: on a partial failure the batch is re-delivered from
the first failed record, after a backoff, at most `max_attempts` times per record.

Readers read the streams through the public DynamoDB Streams API of the moto server. They
open after the seed and before the site takes requests, positioned after the records already
in the stream (read through once): nothing a request writes can be missed, and the seed's own
records are not replayed as pushes to nobody. They wait on the moto server's write signal
instead of polling hard: a push starts a millisecond or two after the write; `idle_poll_s`
is only a safety net. After a failed transaction moto has replaced the table's stream shard
(`devstack.motoserver`): records read through an iterator older than that are dropped and
read again at once from the last one delivered, on the shard moto kept.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from .events import lambda_context, matches_filter, stream_record
from .motoserver import WriteSignal

log = logging.getLogger("devstack.poller")

StreamHandler = Callable[[dict[str, Any], Any], Any]
ERROR_BACKOFF_S = 0.5  # after get_records itself failed
_MAX_RECORDS = 1000  # GetRecords' largest Limit


@dataclass(frozen=True)
class StreamSource:
    table_name: str
    stream_arn: str


def stream_sources(models: tuple[Any, ...]) -> list[StreamSource]:
    """The current stream of each model's table (tables must exist)."""
    dynamodb = boto3.client("dynamodb")
    sources = []
    for model in models:
        table = dynamodb.describe_table(TableName=model.Meta.table_name)["Table"]
        if table.get("LatestStreamArn"):
            sources.append(StreamSource(table["TableName"], table["LatestStreamArn"]))
        else:
            log.warning("table %s has no stream", table["TableName"])
    return sources


@dataclass
class _Pending:
    records: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0  # failed deliveries of records[0]


class _StreamReader:
    """One stream: its shard iterator, the records fetched but not yet delivered."""

    def __init__(self, poller: StreamPoller, source: StreamSource) -> None:
        self._poller = poller
        self.source = source
        self._streams = boto3.client("dynamodbstreams")
        self._region = self._streams.meta.region_name
        self._shard_id = ""
        self._iterator: str | None = None
        self._iterator_rollbacks = 0  # WriteSignal.rollbacks when the iterator was taken
        self._last_sequence: str | None = None
        self._pending = _Pending()
        self.busy = threading.Lock()  # held while fetching and delivering: pause() waits on it
        self.thread: threading.Thread | None = None

    def open_after_existing(self) -> None:
        """Positions the reader after every record already in the stream (the seed's), by
        sequence number rather than LATEST, so the position survives an iterator renewal."""
        self._poller.writes.watch(self.source.table_name)
        shards = self._streams.describe_stream(StreamArn=self.source.stream_arn)["StreamDescription"]["Shards"]
        open_shards = [s for s in shards if "EndingSequenceNumber" not in s.get("SequenceNumberRange", {})]
        self._shard_id = (open_shards or shards)[-1]["ShardId"]
        self._renew_iterator()
        while self.fetch(keep=False) in (_MAX_RECORDS, None):
            pass

    def _shard_iterator(self, kind: str, sequence: str | None = None) -> str:
        extra = {"SequenceNumber": sequence} if sequence else {}
        return self._streams.get_shard_iterator(StreamArn=self.source.stream_arn, ShardId=self._shard_id,
                                                ShardIteratorType=kind, **extra)["ShardIterator"]

    def _renew_iterator(self) -> None:
        """Resumes after the last record fetched (from the start if there is none). The rollbacks
        count is kept only once the new iterator is in hand: were it kept first and the call then
        failed (a table moto is putting back), the stale iterator would pass for a fresh one and
        read a discarded shard's nothing for ever."""
        rollbacks = self._poller.writes.rollbacks
        if self._last_sequence:
            self._iterator = self._shard_iterator("AFTER_SEQUENCE_NUMBER", self._last_sequence)
        else:
            self._iterator = self._shard_iterator("TRIM_HORIZON")
        self._iterator_rollbacks = rollbacks

    def _follow_child_shard(self) -> None:
        shards = self._streams.describe_stream(StreamArn=self.source.stream_arn)["StreamDescription"]["Shards"]
        children = [s for s in shards if s.get("ParentShardId") == self._shard_id]
        if not children:
            raise RuntimeError(f"shard {self._shard_id} of {self.source.table_name} closed with no child")
        self._shard_id, self._last_sequence = children[0]["ShardId"], None
        self._iterator = self._shard_iterator("TRIM_HORIZON")

    def fetch(self, keep: bool = True) -> int | None:
        """Reads the next records into the pending batch (`keep=False`: only moves past them) and
        says how many; None when a failed transaction had replaced the shard: the iterator is
        renewed and nothing was read, so the caller reads again at once (what was written since
        is already there, and no later write may come to wake the reader)."""
        if self._iterator is None:
            self._follow_child_shard()
        iterator = self._iterator
        assert iterator is not None
        try:
            answer = self._streams.get_records(ShardIterator=iterator,
                                               Limit=self._poller.batch_size if keep else _MAX_RECORDS)
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            log.warning("%s: get_records failed (%s): renewing the shard iterator", self.source.table_name, code)
            self._renew_iterator()
            return 0
        if self._poller.writes.rollbacks != self._iterator_rollbacks:  # maybe read from a shard moto replaced
            self._renew_iterator()
            return None
        self._iterator = answer.get("NextShardIterator")
        records = answer.get("Records", [])
        if records:
            self._last_sequence = records[-1]["dynamodb"]["SequenceNumber"]
            if keep:
                # as the mapping's FilterCriteria: a record no pattern lets through is never delivered
                patterns = self._poller.filters.get(self.source.table_name)
                self._pending.records.extend(
                    record for record in (stream_record(raw, self.source.stream_arn, self._region) for raw in records)
                    if patterns is None or any(matches_filter(pattern, record) for pattern in patterns))
        return len(records)

    def deliver(self) -> bool:
        """Delivers one batch of pending records; True if something is still pending."""
        pending = self._pending
        if not pending.records:
            return False
        batch = pending.records[: self._poller.batch_size]
        failed_at = self._poller.invoke(batch)
        if failed_at is None:
            del pending.records[: len(batch)]
            pending.attempts = 0
            return bool(pending.records)
        del pending.records[:failed_at]
        pending.attempts = pending.attempts + 1 if failed_at == 0 else 1
        first = pending.records[0]
        sequence = first["dynamodb"]["SequenceNumber"]
        if pending.attempts >= self._poller.max_attempts:
            log.error("%s: giving up on record %s (%s) after %d attempts", self.source.table_name, sequence,
                      first.get("eventName"), pending.attempts)
            pending.records.pop(0)
            pending.attempts = 0
        else:
            delay = min(self._poller.backoff_s * 2 ** (pending.attempts - 1), 2.0)
            log.warning("%s: record %s failed (attempt %d), retrying in %.2fs", self.source.table_name, sequence,
                        pending.attempts, delay)
            self._poller.stopping.wait(delay)
        return bool(pending.records)

    def run(self) -> None:
        signal, poller = self._poller.writes, self._poller
        while not poller.stopping.is_set():
            poller.running.wait()
            if poller.stopping.is_set():
                break
            generation = signal.generation(self.source.table_name)
            with self.busy:
                if not poller.running.is_set():  # paused while we waited for the lock
                    continue
                failed = False
                try:
                    fetched = self.fetch()
                    more = fetched is None or fetched == poller.batch_size  # renewed, or a full batch: read on
                    while not poller.stopping.is_set() and poller.running.is_set() and self.deliver():
                        more = True
                except (BotoCoreError, ClientError) as error:
                    if poller.stopping.is_set():
                        break
                    log.warning("%s: %s", self.source.table_name, error)
                    more, failed = False, True
                except Exception:
                    log.exception("%s: stream reader error", self.source.table_name)
                    more, failed = False, True
            if failed:  # back off rather than spin on a broken stream
                poller.stopping.wait(ERROR_BACKOFF_S)
            elif not more:
                signal.wait_past(self.source.table_name, generation, poller.idle_poll_s)


class StreamPoller:
    """The event source mapping of the app's stream handler, for every stream it listens to."""

    def __init__(self, handler: StreamHandler, sources: list[StreamSource], writes: WriteSignal, *,
                 batch_size: int = 100, max_attempts: int = 5, backoff_s: float = 0.05,
                 idle_poll_s: float = 5.0, function_name: str = "stream_changes",
                 filters: Mapping[str, Sequence[dict[str, Any]]] | None = None) -> None:
        """`filters`: table name -> the mapping's filter patterns on it (none: every record)."""
        self._handler = handler
        self.filters: Mapping[str, Sequence[dict[str, Any]]] = filters or {}
        self.function_name = function_name
        self.writes = writes
        self.batch_size = batch_size
        self.max_attempts = max_attempts
        self.backoff_s = backoff_s
        self.idle_poll_s = idle_poll_s
        self.stopping = threading.Event()
        self.running = threading.Event()
        self.running.set()
        self._readers = [_StreamReader(self, source) for source in sources]

    @property
    def tables(self) -> list[str]:
        return [reader.source.table_name for reader in self._readers]

    def start(self) -> None:
        """Opens every stream after its existing records, then starts the readers."""
        for reader in self._readers:
            reader.open_after_existing()
            reader.thread = threading.Thread(target=reader.run, name=f"stream-{reader.source.table_name}",
                                             daemon=True)
            reader.thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self.stopping.set()
        self.running.set()
        self.writes.notify(None)
        for reader in self._readers:
            if reader.thread is not None:
                reader.thread.join(timeout)

    def pause(self) -> None:
        """Stops delivering; returns once no batch is in flight. Records written meanwhile
        stay in the streams and are delivered after `resume()`."""
        self.running.clear()
        for reader in self._readers:
            with reader.busy:
                pass

    def resume(self) -> None:
        self.running.set()
        self.writes.notify(None)

    def invoke(self, batch: list[dict[str, Any]]) -> int | None:
        """Calls the handler; None when every record succeeded, else the index to retry from."""
        started = time.perf_counter()
        try:
            result = self._handler({"Records": batch}, lambda_context(self.function_name, timeout_s=60))
        except Exception:
            log.exception("stream handler raised on a batch of %d: retrying the whole batch", len(batch))
            return 0
        log.debug("delivered %d records in %.1f ms", len(batch), (time.perf_counter() - started) * 1000)
        failures = result.get("batchItemFailures") if isinstance(result, dict) else None
        if not failures:
            return None
        failed = {str(item.get("itemIdentifier")) for item in failures if isinstance(item, dict)}
        for index, record in enumerate(batch):
            if record["dynamodb"]["SequenceNumber"] in failed:
                return index
        log.warning("batchItemFailures names no record of the batch: retrying the whole batch (as Lambda does)")
        return 0
