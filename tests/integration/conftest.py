"""Integration fixtures: an in-process moto AWS with our tables and the demo chain, and the
Chalice test client driving the real app."""
from __future__ import annotations

import copy
import dataclasses
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import jwt
import pytest
from chalice.test import Client
from moto import mock_aws

from chalicelib.seed import DEMO_PASSWORD
from tests.conftest import ORIGIN_SECRET, cheap_hash, demo_chain
from tests.integration.moto_shim import restore, snapshot, writes_one_at_a_time


@dataclass(frozen=True)
class _Snapshots:
    empty: dict
    seeded: dict
    report: object


@pytest.fixture(scope="session")
def _moto():
    """One in-process moto for the run: tables are created and the demo chain seeded once,
    and each test starts from a deep copy of those tables (milliseconds, not seconds)."""
    writes_one_at_a_time()
    with mock_aws():
        import boto3

        from chalicelib import bootstrap
        from chalicelib.seed import seed_chain
        from chalicelib.store.schema import create_tables

        bootstrap.reset()
        create_tables()
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="comanda-test-site")
        from chalicelib.config import settings

        for bucket in (settings.facts_bucket, settings.reports_bucket):  # the reports' (issue 19)
            boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=bucket)

        boto3.client("sesv2", region_name="us-east-1").create_email_identity(EmailIdentity=settings.mail_from)
        empty = snapshot()
        report = seed_chain(demo_chain())
        staff = bootstrap.repositories().staff
        for entry in demo_chain()["staff"]:  # the demo passwords, stored at scrypt's smallest cost
            member = staff.by_email(entry["email"])
            staff.update(dataclasses.replace(member, password_hash=cheap_hash(DEMO_PASSWORD)))
        yield _Snapshots(empty=empty, seeded=snapshot(), report=report)
        bootstrap.reset()


@pytest.fixture
def aws(_moto):
    """Our tables, empty."""
    restore(_moto.empty)


@pytest.fixture
def world(_moto):
    """The demo chain of PRODUCT.md, seeded (a fresh copy for each test)."""
    restore(_moto.seeded)
    return copy.deepcopy(_moto.report)


def text_messages(phone: str | None = None) -> list[str]:
    """The SMS moto's SNS received (to `phone`), oldest first: moto's backend, read as its docs
    show for tests (`sns_backends[account][region]`), nothing patched."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns import sns_backends

    sent = sns_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sms_messages.values()
    return [text for to, text in sent if phone is None or to == phone]


def sent_emails(to: str | None = None) -> list[tuple[str, str]]:
    """The email moto's SES took (to `to`), oldest first, as (subject, text): its backend, read
    as for SMS above."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses import ses_backends

    sent = ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages
    return [(m.subject, m.body) for m in sent if to is None or to in m.destinations.get("ToAddresses", [])]


def sent_link(to: str) -> str:
    """The token of the last invitation or reset link emailed to `to`."""
    import re

    mails = sent_emails(to)
    assert mails, f"no email was sent to {to}"
    return re.search(r"/staff/welcome#([A-Za-z0-9_.-]+)", mails[-1][1]).group(1)


def sent_code(phone: str) -> str:
    """The six digits of the last code sent to `phone`."""
    import re

    texts = text_messages(phone)
    assert texts, f"no SMS was sent to {phone}"
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict

    @property
    def error(self) -> dict:
        return self.body["error"]


class Api:
    """The app through Chalice's test client, with JSON and bearer-token conveniences; every
    request carries the origin secret CloudFront adds (chalicelib/origin_guard.py)."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict | None = None, raw: bytes | None = None) -> Reply:
        sent = {"Content-Type": "application/json", "X-Origin-Verify": ORIGIN_SECRET, **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None else b"")
        response = getattr(self._client.http, method.lower())(path, headers=sent, body=payload)
        try:
            parsed = json.loads(response.body) if response.body else None
        except ValueError:
            parsed = response.body
        return Reply(response.status_code, parsed, dict(response.headers))

    def get(self, path: str, **kw) -> Reply:
        return self.call("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw) -> Reply:
        return self.call("POST", path, body, **kw)

    def patch(self, path: str, body: Any = None, **kw) -> Reply:
        return self.call("PATCH", path, body, **kw)

    def delete(self, path: str, **kw) -> Reply:
        return self.call("DELETE", path, **kw)

    # -- the story's steps -------------------------------------------------------------
    def register(self, slug: str = "downtown-lima", code: str = "T12", name: str = "Ana",
                 headers: dict | None = None, **extra) -> Reply:
        return self.post(f"/branches/{slug}/tables/{code}/sessions", {"mode": "quick", "name": name, **extra},
                         headers=headers)

    def login(self, email: str = "manager@downtown.demo.comanda", password: str = "demo1234") -> str:
        reply = self.post("/staff/login", {"email": email, "password": password})
        assert reply.status == 200, reply.body
        return reply.body["token"]

    def ask_to_join(self, slug: str = "downtown-lima", code: str = "T12", name: str = "Luis", **extra) -> dict:
        """A new phone at a table in use, a moment after it was opened (past the window in which
        phones signing up together all sit at once): 202 {joinRequest, requestToken}."""
        from chalicelib.domain import clock

        clock.travel(timedelta(seconds=5))
        reply = self.register(slug, code, name, **extra)
        assert reply.status == 202, reply.body
        return reply.body

    def joined_diner(self, code: str = "T12", name: str = "Luis", allowed_by: str | None = None,
                     slug: str = "downtown-lima", **extra) -> dict:
        """A new phone that asks to join the table and is let in, by `allowed_by` (a diner token of
        the session, or a staff token; the branch's manager when None). Returns what the phone
        then reads: {id, status, token, session, customer, deviceKey, ...}."""
        asked = self.ask_to_join(slug, code, name, **extra)
        request_id = asked["joinRequest"]["id"]
        decider = allowed_by or self.login("manager@downtown.demo.comanda" if slug == "downtown-lima"
                                           else "waiter@miraflores.demo.comanda")
        is_diner = jwt.decode(decider, options={"verify_signature": False})["typ"] == "diner"
        path = f"/session/join-requests/{request_id}/allow" if is_diner else f"/staff/join-requests/{request_id}/allow"
        allowed = self.post(path, token=decider)
        assert allowed.status == 200, allowed.body
        reply = self.get(f"/join-requests/{request_id}", token=asked["requestToken"])
        assert reply.status == 200 and reply.body["status"] == "allowed", reply.body
        return reply.body

    def loyalty_sign_up(self, path: str = "/branches/downtown-lima/tables/T12/sessions", name: str = "Lucia",
                        phone: str = "+51987654321", **extra) -> dict:
        """A loyalty sign-up with the SMS code entered: the registration's body with the token
        and customer of the verified account."""
        registered = self.post(path, {"mode": "loyalty", "name": name, "phone": phone, **extra})
        assert registered.status == 201, registered.body
        confirmed = self.post("/me/phone-verification/confirm", {"code": sent_code(phone)},
                              token=registered.body["token"])
        assert confirmed.status == 200, confirmed.body
        return {**registered.body, "token": confirmed.body["token"], "customer": confirmed.body["customer"],
                "guest": registered.body}

    def seated_diner(self, slug: str = "downtown-lima", code: str = "T12", name: str = "Ana",
                     staff_email: str | None = None) -> dict:
        """A diner whose session staff have approved: {'token', 'session_id', 'staff', 'device_key'}."""
        registered = self.register(slug, code, name)
        assert registered.status == 201, registered.body
        staff_email = staff_email or ("manager@downtown.demo.comanda" if slug == "downtown-lima"
                                      else "waiter@miraflores.demo.comanda")
        staff_token = self.login(staff_email)
        session_id = registered.body["session"]["id"]
        approved = self.post(f"/staff/sessions/{session_id}/approve", token=staff_token)
        assert approved.status == 200, approved.body
        return {"token": registered.body["token"], "session_id": session_id, "staff": staff_token,
                "device_key": registered.body.get("deviceKey")}


@pytest.fixture
def api(world):
    from app import app
    from chalicelib.domain import clock

    with Client(app) as client:
        yield Api(client)
    clock.reset()  # Api.ask_to_join moves it
