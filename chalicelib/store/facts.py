"""The facts' S3 adapter (docs/reports.md): one newline-delimited JSON object per (kind,
partition) per batch, at `facts/{kind}/chain=…/branch=…/date=…/{name}.json`.

Rows are written sorted by `fact_id` and with a fixed key order, so the same batch gives the
same bytes: a redelivered batch overwrites its own objects with what they already held.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from ..domain.fact_kinds import object_prefix
from ..domain.facts import Fact


def object_key(kind: str, chain_id: str, branch_id: str, day: str, name: str) -> str:
    return f"{object_prefix(kind, chain_id, branch_id, day)}{name}.json"


def ndjson(facts: Sequence[Fact]) -> bytes:
    rows = sorted(facts, key=lambda fact: str(fact.row["fact_id"]))
    return "".join(json.dumps(dict(fact.row), ensure_ascii=False, separators=(",", ":")) + "\n"
                   for fact in rows).encode("utf-8")


def by_object(facts: Sequence[Fact], name: str) -> dict[str, list[Fact]]:
    """The facts grouped by the object they go in."""
    grouped: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        grouped[object_key(*fact.partition, name)].append(fact)
    return dict(grouped)


class S3FactSink:
    """Writes facts to the facts bucket (settings.facts_bucket) with one PutObject per object."""

    def __init__(self, bucket: str, client: Any = None) -> None:
        self.bucket = bucket
        self._client = client

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3

            from ..config import settings

            self._client = boto3.client("s3", region_name=settings.region)
        return self._client

    def write(self, name: str, facts: Sequence[Fact]) -> int:
        objects = by_object(facts, name)
        for key, rows in objects.items():
            self.client.put_object(Bucket=self.bucket, Key=key, Body=ndjson(rows),
                                   ContentType="application/x-ndjson")
        return len(objects)
