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
import time
from dataclasses import dataclass

from .environment import REGION
from .outbox import Outbox

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


class MailOutbox(Outbox[Email]):
    name = "mail"
    title = "Local email outbox"
    intro = ("Staff invitations and password-reset links the app sent through the local stack's SES (moto), "
             "newest first. Only the local stack has this page; on AWS they go to the inboxes.")
    columns = ("Sent (UTC)", "To", "Subject", "Link")
    empty = "No email yet."

    def _take_new(self, seen: dict[str, Email]) -> list[Email]:
        new = []
        for message in list(_moto_mail()):
            if message.id not in seen:
                to = ", ".join(message.destinations.get("ToAddresses", []))
                seen[message.id] = email = Email(message.id, to, message.subject or "", message.body or "", time.time())
                new.append(email)
        return new

    def _cells(self, message: Email) -> list[str]:
        link = f'<a href="{html.escape(message.link)}">Open the link</a>' if message.link else ""
        return [html.escape(message.as_json()["at"]), html.escape(message.to), html.escape(message.subject), link]
