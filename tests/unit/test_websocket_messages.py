"""$default: a ping gets a pong; anything else, however malformed, gets one error message."""
from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from chalicelib.api.websocket import on_message


@dataclass
class Frame:
    body: str
    connection_id: str = "abc="


def replies_to(body: str) -> list[dict]:
    sent: list[tuple[str, str]] = []
    on_message(Frame(body), lambda connection_id, message: sent.append((connection_id, message)))
    return [json.loads(message) for _, message in sent]


def test_a_ping_gets_a_pong():
    assert replies_to('{"action": "ping"}') == [{"type": "pong"}]


@pytest.mark.parametrize("body", ["not json", "", "[]", '{"action": "subscribe"}', '{"action": ["ping"]}',
                                  "[" * 100_000 + "]" * 100_000, '{"a":' * 50_000 + "1" + "}" * 50_000],
                         ids=["text", "empty", "array", "unknown-action", "action-list", "deep-array", "deep-object"])
def test_anything_else_gets_one_error_message(body):
    # deep nesting was found by tests/e2e/test_websocket_attacks.py: json.loads raised
    # RecursionError, the handler failed and the client heard nothing
    [reply] = replies_to(body)

    assert reply["type"] == "error" and reply["data"]["code"] == "UNKNOWN_ACTION"
