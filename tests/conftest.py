"""Shared fixtures: fake AWS credentials, moto, the demo world, and HTTP helpers."""
from __future__ import annotations

import functools
import json
import os
from pathlib import Path

# What CloudFront adds to every request to the APIs (chalicelib/origin_guard.py); the
# integration client sends it as CloudFront would, the local stack makes its own.
ORIGIN_SECRET = "test-origin-secret-as-cloudfront-sends-it"

# Settings are read at import time: fix the environment before any chalicelib import.
os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
    "COMANDA_STAGE": "local",
    "COMANDA_TABLE_PREFIX": "comanda-test-",
    "COMANDA_BUCKET": "comanda-test-site",
    "COMANDA_JWT_SECRET": "test-signing-key-that-is-long-enough-for-hs256",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
    "COMANDA_ORIGIN_SECRET": ORIGIN_SECRET,
})
os.environ.pop("AWS_ENDPOINT_URL", None)

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def demo_chain() -> dict:
    """The demo chain of PRODUCT.md, as the local stack seeds it."""
    return json.loads((ROOT / "demo" / "chain.json").read_text(encoding="utf-8"))


class DynamoCallLog:
    """Counts the DynamoDB requests our code makes, through botocore's event hooks.

    Every botocore session (PynamoDB's, boto3's, Powertools') registers the handlers of
    BUILTIN_HANDLERS when it is created, so the hook is added there before any session exists.
    """

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.recording = False

    def __call__(self, model=None, **_: object) -> None:
        if self.recording and model is not None:
            self.calls.append(model.name)

    def measure(self, action):
        self.calls = []
        self.recording = True
        try:
            result = action()
        finally:
            self.recording = False
        return result, list(self.calls)


DYNAMO_CALLS = DynamoCallLog()

import botocore.handlers  # noqa: E402

botocore.handlers.BUILTIN_HANDLERS.append(("before-call.dynamodb", DYNAMO_CALLS))


def cheap_hash(password: str) -> str:
    """The stored form `auth.hash_password` writes, at scrypt's smallest cost. `verify_password`
    reads the cost from the stored hash, so a test world's staff (stored with this) sign in in
    microseconds rather than 0.1 s each; hash_password itself is tested in tests/unit."""
    import base64
    import hashlib

    salt = b"test-world-salt!"
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2, r=1, p=1, dklen=32)
    return f"scrypt$2$1$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def away_from_a_window_edge(window_s: int = 300, margin_s: float = 20.0) -> None:
    """The rate limits count in fixed windows aligned to the clock (every login, sign-up and
    account window is a multiple of 300 s): a test that counts up to a limit waits out the last
    `margin_s` seconds of a window, so its hits all fall in one window."""
    import time

    into = time.time() % window_s
    if into > window_s - margin_s:
        time.sleep(window_s - into + 0.5)
