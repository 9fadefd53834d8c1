"""The app's class: Chalice, with each invocation's request and Lambda context kept per thread.

Chalice stores the invocation being handled on the app object (`current_request`,
`lambda_context`), which is right for Lambda: a container runs one invocation at a time. A
server that runs the same app for several requests at once in one process (the local stack's
warm containers) needs them per thread, or one request reads another's body and headers.
`chalice local` does the same for its own server (`chalice.local.LocalChalice`). On Lambda there
is one thread and nothing changes.
"""
from __future__ import annotations

import threading
from typing import Any

from chalice import Chalice


class ComandaApp(Chalice):
    _invocation = threading.local()

    @property  # type: ignore[override]
    def current_request(self) -> Any:
        return getattr(self._invocation, "request", None)

    @current_request.setter
    def current_request(self, value: Any) -> None:
        self._invocation.request = value

    @property  # type: ignore[override]
    def lambda_context(self) -> Any:
        return getattr(self._invocation, "context", None)

    @lambda_context.setter
    def lambda_context(self, value: Any) -> None:
        self._invocation.context = value
