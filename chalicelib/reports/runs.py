"""Where report runs keep their state and answers, and how a run is started.

- `JsonObjects`: JSON documents in the reports bucket (`runs/{runId}.json`, `cache/{hash}.json`).
- `LambdaRunStarter`: invokes the report function asynchronously (InvocationType=Event) on AWS.
- `ThreadRunStarter`: runs the same handler in a thread (the local stack and the tests), so the
  REST call returns at once there too and the page polls the run as it does on AWS."""
from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..observability import logger


class Documents(Protocol):
    def get(self, key: str) -> dict | None: ...
    def put(self, key: str, document: dict) -> None: ...


class RunStarter(Protocol):
    def start(self, run_id: str) -> None:
        """Starts the report function on the run, without waiting for it."""


@dataclass
class JsonObjects:
    s3: Any
    bucket: str

    def get(self, key: str) -> dict | None:
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except self.s3.exceptions.NoSuchKey:
            return None
        return json.loads(body)

    def put(self, key: str, document: dict) -> None:
        self.s3.put_object(Bucket=self.bucket, Key=key, Body=json.dumps(document, separators=(",", ":")).encode(),
                           ContentType="application/json")


@dataclass
class LambdaRunStarter:
    lambda_client: Any
    function_name: str

    def start(self, run_id: str) -> None:
        self.lambda_client.invoke(FunctionName=self.function_name, InvocationType="Event",
                                  Payload=json.dumps({"runId": run_id}).encode())


@dataclass
class ThreadRunStarter:
    handler: Callable[[dict], Any]

    def start(self, run_id: str) -> None:
        def work() -> None:
            try:
                self.handler({"runId": run_id})
            except Exception:  # the handler records the failure in the run; this is the last resort
                logger.exception("report run crashed", extra={"run_id": run_id})

        threading.Thread(target=work, name=f"report-{run_id}", daemon=True).start()
