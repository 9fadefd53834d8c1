"""Email to staff (invitation and password-reset links): Amazon SES (API v2), plain text.

On AWS the function's role may `ses:SendEmail` from the stage's sender identity only
(infra/policy.py; the identity is verified once per account, `python -m infra.doctor` says
whether SES is still in its sandbox); on the local stack the client goes to moto's SES like
every other client, the stack verifies the sender when it starts, and `make run` prints each
link and `/_local/outbox` lists it.
"""
from __future__ import annotations

from typing import Any, Protocol

from .domain.errors import Unavailable
from .observability import logger


class MailNotSent(Unavailable):
    code = "MAIL_NOT_SENT"


class Mail(Protocol):
    def __call__(self, to: str, subject: str, text: str) -> None: ...


class SesMail:
    """Sends one message per call; SES refusing it (throttled, the sandbox, an unverified
    sender) is `MailNotSent` (503): the link was stored, a resend may work later."""

    def __init__(self, client: Any, sender: str) -> None:
        self._client = client
        self._sender = sender

    def __call__(self, to: str, subject: str, text: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self._client.send_email(
                FromEmailAddress=self._sender, Destination={"ToAddresses": [to]},
                Content={"Simple": {"Subject": {"Data": subject, "Charset": "UTF-8"},
                                    "Body": {"Text": {"Data": text, "Charset": "UTF-8"}}}})
        except (ClientError, BotoCoreError) as exc:
            logger.warning("email not sent", extra={"to_domain": to.rpartition("@")[2], "error": type(exc).__name__})
            raise MailNotSent("We could not send the email just now; try again shortly, or copy the link.") from exc
        logger.info("email sent", extra={"message_id": answer.get("MessageId"), "to_domain": to.rpartition("@")[2]})
