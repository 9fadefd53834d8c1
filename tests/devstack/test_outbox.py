"""The local stack's SMS outbox: it sees what moto's SNS took, hears each new text once, and
the banner of `make run` links its page."""
from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from devstack.banner import render
from devstack.outbox import TextOutbox

ROOT = Path(__file__).resolve().parents[2]


def publish(phone: str, text: str) -> None:
    boto3.client("sns", region_name="us-east-1").publish(PhoneNumber=phone, Message=text)


def test_each_new_text_is_heard_once_with_its_code_and_listed_newest_first():
    with mock_aws():
        outbox = TextOutbox()
        heard = []
        outbox.on_message(heard.append)
        outbox.refresh()

        publish("+51900000001", "Comanda: 123456 es tu codigo / is your code (5 min).")
        publish("+51900000002", "Comanda: 654321 es tu codigo / is your code (5 min).")
        outbox.refresh()
        outbox.refresh()

        assert [(m.phone, m.code) for m in heard] == [("+51900000001", "123456"), ("+51900000002", "654321")]
        assert [m.phone for m in outbox.recent()] == ["+51900000002", "+51900000001"]
        assert outbox.recent()[0].as_json()["code"] == "654321"


def test_the_banner_links_the_outbox_and_says_codes_are_printed():
    text = render("http://127.0.0.1:8080", "ws://127.0.0.1:8080/ws", ROOT / "demo" / "chain.json", "demo1234",
                  1.0, reachable_from_lan=False)

    assert "http://127.0.0.1:8080/_local/outbox" in text
    assert "printed here" in text
