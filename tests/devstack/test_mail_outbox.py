"""The local stack's email outbox (issue 18): it sees what moto's SES took (the app's staff
invitations and reset links), hears each new message once with its link, and the banner of
`make run` links its page."""
from __future__ import annotations

from pathlib import Path

import boto3
from moto import mock_aws

from chalicelib.mail import SesMail
from devstack.banner import render
from devstack.mail_outbox import MailOutbox

ROOT = Path(__file__).resolve().parents[2]
SENDER = "no-reply@comanda.local"


def test_each_new_email_is_heard_once_with_its_link_and_listed_newest_first():
    with mock_aws():
        client = boto3.client("sesv2", region_name="us-east-1")
        client.create_email_identity(EmailIdentity=SENDER)
        mail = SesMail(client, SENDER)
        outbox = MailOutbox()
        heard = []
        outbox.on_message(heard.append)
        outbox.refresh()

        mail("rosa@example.com", "Your Comanda account", "Choose it here:\nhttp://127.0.0.1:8080/staff/welcome#st_1.abc_DEF-123\n")
        mail("luz@example.com", "Reset", "Here:\nhttp://127.0.0.1:8080/staff/welcome#st_2.xyz\n")
        outbox.refresh()
        outbox.refresh()

        assert [(m.to, m.link) for m in heard] == [
            ("rosa@example.com", "http://127.0.0.1:8080/staff/welcome#st_1.abc_DEF-123"),
            ("luz@example.com", "http://127.0.0.1:8080/staff/welcome#st_2.xyz")]
        assert [m.to for m in outbox.recent()] == ["luz@example.com", "rosa@example.com"]


def test_an_unverified_sender_is_a_503_the_page_can_say():
    import pytest

    from chalicelib.mail import MailNotSent

    with mock_aws():
        mail = SesMail(boto3.client("sesv2", region_name="us-east-1"), "someone@nowhere.example")
        with pytest.raises(MailNotSent):
            mail("rosa@example.com", "Subject", "Text")


def test_the_banner_links_the_email_outbox():
    text = render("http://127.0.0.1:8080", "ws://127.0.0.1:8080/ws", ROOT / "demo" / "chain.json", "demo1234",
                  1.0, reachable_from_lan=False)

    assert "http://127.0.0.1:8080/_local/mail" in text
