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
from typing import Generic, Protocol, TypeVar

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


class Sent(Protocol):
    def as_json(self) -> dict: ...


M = TypeVar("M", bound=Sent)


class Outbox(Generic[M]):
    """What the app sent through one of moto's backends, watched four times a second, with its
    local-only page: a subclass says how to read the backend and what its page shows."""

    name = "outbox"             # the page's path: /_local/{name} and /_local/{name}.json
    title = "Local outbox"
    intro = ""
    columns: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()  # a class per column, for what a reader (or a test) looks for: "code"
    empty = "Nothing yet."

    def __init__(self) -> None:
        self._seen: dict[str, M] = {}
        self._listeners: list[Callable[[M], None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _take_new(self, seen: dict[str, M]) -> list[M]:
        """Adds to `seen` what the backend holds that it has not; returns those (under the lock)."""
        raise NotImplementedError

    def _cells(self, message: M) -> list[str]:
        """The row's cells, as HTML already escaped."""
        raise NotImplementedError

    def on_message(self, listener: Callable[[M], None]) -> None:
        self._listeners.append(listener)

    def refresh(self) -> list[M]:
        """Takes in the messages moto received since the last look; returns the new ones."""
        with self._lock:
            new = self._take_new(self._seen)
        for message in new:
            for listener in self._listeners:
                listener(message)
        return new

    def recent(self, limit: int = KEEP) -> list[M]:
        """Newest first."""
        self.refresh()
        with self._lock:
            return list(reversed(list(self._seen.values())))[:limit]

    def start(self) -> None:
        self.refresh()  # what is there already (none on a fresh stack) is not "new"

        def watch() -> None:
            while not self._stop.wait(POLL_S):
                self.refresh()

        self._thread = threading.Thread(target=watch, name=f"devstack-{self.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None

    # -- the local-only page ---------------------------------------------------------------
    async def page(self, request: web.Request) -> web.Response:
        """The security headers are the one origin's (web.cloudfront_headers), as on every page."""
        rows = "".join("<tr>" + "".join(f"<td class={kind}>{cell}</td>" if kind else f"<td>{cell}</td>"
                                        for kind, cell in zip(self.kinds or ("",) * len(self.columns), self._cells(m),
                                                              strict=True)) + "</tr>"
                       for m in self.recent())
        head = "".join(f"<th>{html.escape(column)}</th>" for column in self.columns)
        empty = f"<tr><td colspan={len(self.columns)}>{html.escape(self.empty)}</td></tr>"
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            f"<meta http-equiv=refresh content=3><title>{html.escape(self.title)} - Comanda</title>"
            f"<h1>{html.escape(self.title)}</h1><p>{html.escape(self.intro)}</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows or empty}</tbody></table>\n")
        return web.Response(text=body, content_type="text/html", charset="utf-8",
                            headers={"Cache-Control": "no-store"})

    async def json(self, request: web.Request) -> web.Response:
        return web.json_response({"messages": [m.as_json() for m in self.recent()]},
                                 headers={"Cache-Control": "no-store"})

    def routes(self) -> list[web.RouteDef]:
        return [web.get(f"/_local/{self.name}", self.page), web.get(f"/_local/{self.name}.json", self.json)]


class TextOutbox(Outbox[TextMessage]):
    name = "outbox"
    title = "Local SMS outbox"
    intro = ("The text messages the app sent through the local stack's SNS (moto), newest first. "
             "Only the local stack has this page; on AWS the codes go to the phones.")
    columns = ("Sent (UTC)", "Phone", "Code", "Message")
    kinds = ("", "", "code", "")
    empty = "No messages yet."

    def _take_new(self, seen: dict[str, TextMessage]) -> list[TextMessage]:
        sent = _moto_sms()
        if len(sent) == len(seen):
            return []
        new = []
        for message_id, (phone, text) in list(sent.items()):
            if message_id not in seen:
                seen[message_id] = message = TextMessage(message_id, phone, text, time.time())
                new.append(message)
        return new

    def _cells(self, message: TextMessage) -> list[str]:
        return [html.escape(message.as_json()["at"]), html.escape(message.phone), html.escape(message.code or ""),
                html.escape(message.text)]
