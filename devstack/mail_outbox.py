"""The local stack's email outbox: the staff invitations and password-reset links the app sent
through the stack's SES (moto), so a newcomer can invite a first waiter with no mail server.

moto keeps every message its SES takes (`sent_messages`, the backend its docs show tests
reading); nothing of moto is patched. A watcher notices new ones (four times a second) and tells
its listeners (`make run` prints each link); `/_local/mail` (and `.json`) lists the recent ones.
Only the local stack's web server has these pages: nothing deployed serves them.
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
LINK = re.compile(r"https?://\S+/staff/welcome#[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Email:
    message_id: str
    to: str
    subject: str
    text: str
    seen_at: float

    @property
    def link(self) -> str | None:
        found = LINK.search(self.text)
        return found.group(0) if found else None

    def as_json(self) -> dict:
        return {"id": self.message_id, "to": self.to, "subject": self.subject, "text": self.text, "link": self.link,
                "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.seen_at))}


def _moto_mail() -> list:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses import ses_backends

    return ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages


class MailOutbox:
    def __init__(self) -> None:
        self._seen: dict[str, Email] = {}
        self._listeners: list[Callable[[Email], None]] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def on_message(self, listener: Callable[[Email], None]) -> None:
        self._listeners.append(listener)

    def refresh(self) -> list[Email]:
        sent = list(_moto_mail())
        new: list[Email] = []
        with self._lock:
            if len(sent) == len(self._seen):
                return new
            for message in sent:
                if message.id not in self._seen:
                    to = ", ".join(message.destinations.get("ToAddresses", []))
                    self._seen[message.id] = email = Email(message.id, to, message.subject or "", message.body or "",
                                                           time.time())
                    new.append(email)
        for email in new:
            for listener in self._listeners:
                listener(email)
        return new

    def recent(self, limit: int = KEEP) -> list[Email]:
        self.refresh()
        with self._lock:
            return list(reversed(list(self._seen.values())))[:limit]

    def start(self) -> None:
        self.refresh()

        def watch() -> None:
            while not self._stop.wait(POLL_S):
                self.refresh()

        self._thread = threading.Thread(target=watch, name="devstack-mail-outbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None

    async def page(self, request: web.Request) -> web.Response:
        rows = "".join(
            f"<tr><td>{html.escape(m.as_json()['at'])}</td><td>{html.escape(m.to)}</td>"
            f"<td>{html.escape(m.subject)}</td>"
            f"<td>{f'<a href={chr(34)}{html.escape(m.link)}{chr(34)}>Open the link</a>' if m.link else ''}</td></tr>"
            for m in self.recent())
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8>"
            "<meta name=viewport content='width=device-width,initial-scale=1'>"
            "<meta http-equiv=refresh content=3><title>Local email outbox - Comanda</title>"
            "<h1>Local email outbox</h1>"
            "<p>Staff invitations and password-reset links the app sent through the local stack's SES (moto), "
            "newest first. Only the local stack has this page; on AWS they go to the inboxes.</p>"
            "<table><thead><tr><th>Sent (UTC)</th><th>To</th><th>Subject</th><th>Link</th></tr></thead>"
            f"<tbody>{rows or '<tr><td colspan=4>No email yet.</td></tr>'}</tbody></table>\n")
        return web.Response(text=body, content_type="text/html", charset="utf-8", headers={"Cache-Control": "no-store"})

    async def json(self, request: web.Request) -> web.Response:
        return web.json_response({"messages": [m.as_json() for m in self.recent()]}, headers={"Cache-Control": "no-store"})

    def routes(self) -> list[web.RouteDef]:
        return [web.get("/_local/mail", self.page), web.get("/_local/mail.json", self.json)]
