"""The fake of `chalicelib.store.facts.S3FactSink`: the objects it would write, in memory, by key."""
from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from chalicelib.domain.facts import Fact
from chalicelib.store.facts import by_object, ndjson


class InMemoryFactSink:
    def __init__(self) -> None:
        self.objects: dict[str, bytes] = {}
        self.puts = 0

    def write(self, name: str, facts: Sequence[Fact]) -> int:
        objects = by_object(facts, name)
        for key, rows in objects.items():
            self.objects[key] = ndjson(rows)
            self.puts += 1
        return len(objects)

    def rows(self, kind: str | None = None) -> list[dict[str, Any]]:
        """Every row of every object (of `kind`), duplicates and all, as a query would read them."""
        return [json.loads(line) for key, body in sorted(self.objects.items())
                if kind is None or key.startswith(f"facts/{kind}/")
                for line in body.decode("utf-8").splitlines() if line]
