"""Assertions and token builders that the API tests share."""
from __future__ import annotations

import jwt

TEST_KEY = "test-signing-key-that-is-long-enough-for-hs256"  # COMANDA_JWT_SECRET in tests/conftest.py


def assert_error(reply, status: int, code: str | None = None, field: str | None = None) -> None:
    """The reply is API.md's error shape with this status (and code, and field)."""
    assert reply.status == status, reply.body
    error = reply.body["error"]
    assert set(error) <= {"code", "message", "field", "fields", "retryAfter"}
    if "fields" in error:  # every field's problem; the first is `field` (docs/api-additions.md)
        assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in error["fields"].items())
        assert error.get("field") in error["fields"]
    if "retryAfter" in error:
        assert status == 429 and isinstance(error["retryAfter"], int) and error["retryAfter"] >= 1
    assert isinstance(error["code"], str) and error["code"].isupper()
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code
    if field is not None:
        assert error.get("field") == field


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def forge(claims: dict, key: str = TEST_KEY) -> str:
    return jwt.encode(claims, key, algorithm="HS256")
