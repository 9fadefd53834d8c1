"""Text messages to phones: Amazon SNS's direct SMS (no topic), transactional.

On AWS the function's role may `sns:Publish` (infra/policy.py); on the local stack the client
goes to moto's SNS like every other client (AWS_ENDPOINT_URL), and the stack shows what moto
received (`/_local/outbox`, and a line in `make run`'s terminal).
"""
from __future__ import annotations

from typing import Any, Protocol

from .domain.phone_verification import TextNotSent
from .observability import logger


class TextMessages(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class SnsTextMessages:
    """Publishes one SMS per call; SNS refusing it (throttled, the account's SMS sandbox, a
    spending limit) is `TextNotSent` (503): a resend may work later."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def send(self, phone: str, text: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = self._client.publish(
                PhoneNumber=phone, Message=text,
                MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
            )
        except (ClientError, BotoCoreError) as exc:
            logger.warning("text message not sent", extra={"phone_end": phone[-3:], "error": type(exc).__name__})
            raise TextNotSent("We could not send the text message just now; please try again shortly.") from exc
        logger.info("text message sent", extra={"message_id": answer.get("MessageId"), "phone_end": phone[-3:]})
