"""Text messages to phones: Amazon SNS's direct SMS (no topic), transactional.

On AWS the function's role may `sns:Publish` (infra/policy.py); on the local stack the client
goes to moto's SNS like every other client (AWS_ENDPOINT_URL), and the stack shows what moto
received (`/_local/outbox`, and a line in `make run`'s terminal).
"""
from __future__ import annotations

from typing import Any, Protocol

from .observability import logger


class TextMessages(Protocol):
    def send(self, phone: str, text: str) -> None: ...


class SnsTextMessages:
    """Publishes one SMS per call; a failure propagates (the caller's request fails, the code
    it stored can be sent again with a resend)."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def send(self, phone: str, text: str) -> None:
        answer = self._client.publish(
            PhoneNumber=phone, Message=text,
            MessageAttributes={"AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}},
        )
        logger.info("text message sent", extra={"message_id": answer.get("MessageId"), "phone_end": phone[-3:]})
