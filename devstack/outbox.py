"""The local stack's SMS outbox: what the app texted, read from moto's SNS, so a newcomer can
finish a loyalty sign-up without a phone.

moto keeps every direct SMS it takes in its SNS backend (`sms_messages`: message id -> phone,
text), the backend its docs show tests reading; nothing of moto is patched. A watcher notices
new ones (a `len()` four times a second), stamps the time it saw them and tells its listeners
(`make run` prints a line per code). `/_local/outbox` (and `.json`) lists the recent ones; it
exists only here, in the local stack's web server: nothing deployed serves it.
"""
from __future__ import annotations

import html
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from .environment import REGION

POLL_S = 0.25
KEEP = 50
CODE = re.compile(r"\b(\d{6})\b")


@dataclass(frozen=True)
class TextMessage:
    message_id: str
    phone: str
    text: str
    seen_at: float

    @property
    def code(self) -> str | None:
        found = CODE.search(self.text)
        return found.group(1) if found else None

    def as_json(self) -> dict:
        return {"id": self.message_id, "phone": self.phone, "text": self.text, "code": self.code,
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.seen_at))}


def _moto_sms() -> dict:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns import sns_backends

    return sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages


class TextOutbox:
    def __init__(self) -> None:
        self._seen: dict[str, TextMessage] = {}
        self._listeners: list[Callable[[TextMessage], None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def on_message(self, listener: Callable[[TextMessage], None]) -> None:
        self._listeners.append(listener)

    def refresh(self) -> list[TextMessage]:
        """Takes in the messages moto received since the last look; returns the new ones."""
        sent = _moto_sms()
        new: list[TextMessage] = []
        with self._lock:
            if len(sent) == len(self._seen):
                return new
            for message_id, (phone, text) in list(sent.items()):
                if message_id not in self._seen:
                    self._seen[message_id] = message = TextMessage(message_id, phone, text, time.time())
                    new.append(message)
        for message in new:
            for listener in self._listeners:
                listener(message)
        return new

    def recent(self, limit: int = KEEP) -> list[TextMessage]:
        """Newest first."""
        self.refresh()
        with self._lock:
            return list(reversed(list(self._seen.values())))[:limit]

    def start(self) -> None:
        self.refresh()  # what is there already (none on a fresh stack) is not "new"

        def watch() -> None:
            while not self._stop.wait(POLL_S):
                self.refresh()

        self._thread = threading.Thread(target=watch, name="devstack-outbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None

    # -- the local-only page ---------------------------------------------------------------
    async def page(self, request: web.Request) -> web.Response:
        """The security headers are the one origin's (web.cloudfront_headers), as on every page."""
        messages = self.recent()
        rows = "".join(
            f"<tr><td>{html.escape(m.as_json()['at'])}</td><td>{html.escape(m.phone)}</td>"
            f"<td class=code>{html.escape(m.code or '')}</td><td>{html.escape(m.text)}</td></tr>"
            for m in messages)
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            "<meta http-equiv=refresh content=3><title>Local SMS outbox - Comanda</title>"
            "<h1>Local SMS outbox</h1>"
            "<p>The text messages the app sent through the local stack's SNS (moto), newest first. "
            "Only the local stack has this page; on AWS the codes go to the phones.</p>"
            "<table><thead><tr><th>Sent (UTC)</th><th>Phone</th><th>Code</th><th>Message</th></tr></thead>"
            f"<tbody>{rows or '<tr><td colspan=4>No messages yet.</td></tr>'}</tbody></table>\n")
        return web.Response(text=body, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store"})

    async def json(self, request: web.Request) -> web.Response:
        return web.json_response({"messages": [m.as_json() for m in self.recent()]},
                                 headers={"Cache-Control": "no-store"})

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/_local/outbox", self.page), web.get("/_local/outbox.json", self.json)]
