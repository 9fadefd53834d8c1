"""Tokens, passwords, and who may act on what.

HS256 only (an allow-list, so `alg: none` and key confusion are refused); `exp`, `iat`,
`iss`, `aud` and our own `typ` are required and checked. Passwords are salted scrypt
hashes compared in constant time.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import jwt

from .domain.errors import Forbidden, InvalidToken, NotFound
from .domain.staff import Permission, Role, require_permission
from .domain.venues import table_id as table_id  # how tokens name a table (kept importable from here)

ALGORITHMS = ["HS256"]
DINER = "diner"
STAFF = "staff"
DEVICE = "device"
JOIN = "join"  # a phone asking to join a table: reads its request and hears its answer, nothing else
JOIN_TOKEN_TTL_S = 15 * 60


@dataclass(frozen=True)
class DinerPrincipal:
    customer_id: str
    table_id: str
    session_id: str
    branch_id: str


@dataclass(frozen=True)
class JoinPrincipal:
    """The holder of a request to join: `device_key` is the key its phone will hold once
    allowed (carried here so the server keeps only its hash)."""

    request_id: str
    table_id: str
    branch_id: str
    device_key: str


@dataclass(frozen=True)
class StaffPrincipal:
    staff_id: str
    role: Role
    branch_ids: tuple[str, ...]
    token_version: int = 0  # the account's version when the token was issued (`ver`): see revocation

    def require_branch(self, branch_id: str) -> None:
        """Another branch's objects do not exist for this caller: 404, not 403."""
        if branch_id not in self.branch_ids:
            raise NotFound("No such branch, or not one of yours.")

    def require(self, permission: Permission, branch_id: str | None = None) -> None:
        if branch_id is not None:
            self.require_branch(branch_id)
        require_permission(self.role, permission)


@dataclass(frozen=True)
class KnownDevice:
    """A device that signed in to a staff account before: `device_id` is its credential's
    random `jti`, what its own failed sign-ins are counted by."""

    staff_id: str
    device_id: str


class TokenService:
    def __init__(self, key_provider: Callable[[], str], issuer: str, audience: str,
                 diner_ttl_s: int, staff_ttl_s: int, device_ttl_s: int = 180 * 24 * 3600) -> None:
        self._key_provider = key_provider
        self._issuer = issuer
        self._audience = audience
        self._diner_ttl_s = diner_ttl_s
        self._staff_ttl_s = staff_ttl_s
        self._device_ttl_s = device_ttl_s

    def _issue(self, claims: dict[str, Any], ttl_s: int) -> str:
        """Every token carries a random `jti`: what the limit of live sockets per token counts."""
        now = int(time.time())
        payload = {"jti": secrets.token_urlsafe(12), **claims, "iat": now, "exp": now + ttl_s,
                   "iss": self._issuer, "aud": self._audience}
        return jwt.encode(payload, self._key_provider(), algorithm="HS256")

    def issue_diner(self, principal: DinerPrincipal) -> str:
        return self._issue(
            {"sub": principal.customer_id, "tid": principal.table_id, "sid": principal.session_id,
             "bid": principal.branch_id, "typ": DINER},
            self._diner_ttl_s,
        )

    def issue_join(self, principal: JoinPrincipal) -> str:
        return self._issue(
            {"sub": principal.request_id, "tid": principal.table_id, "bid": principal.branch_id,
             "dk": principal.device_key, "typ": JOIN},
            JOIN_TOKEN_TTL_S,
        )

    def issue_staff(self, principal: StaffPrincipal) -> str:
        return self._issue(
            {"sub": principal.staff_id, "typ": STAFF, "role": principal.role.value,
             "branches": list(principal.branch_ids), "ver": principal.token_version},
            self._staff_ttl_s,
        )

    def issue_device(self, staff_id: str) -> str:
        """A staff device's "known device" credential: signed, random (`jti`), long-lived, good
        for nothing but the next sign-in to the same account (`typ: device` is no bearer token)."""
        return self._issue({"sub": staff_id, "typ": DEVICE, "jti": secrets.token_urlsafe(16)}, self._device_ttl_s)

    def known_device(self, token: str) -> KnownDevice | None:
        """The device a credential names, or None when it is absent, forged, expired or not one."""
        if not token:
            return None
        try:
            claims = self.decode(token)
        except InvalidToken:
            return None
        jti = claims.get("jti")
        if claims.get("typ") != DEVICE or not isinstance(jti, str) or not jti:
            return None
        return KnownDevice(staff_id=str(claims["sub"]), device_id=jti)

    def decode(self, token: str) -> dict[str, Any]:
        try:
            return jwt.decode(
                token, self._key_provider(), algorithms=ALGORITHMS, audience=self._audience,
                issuer=self._issuer, options={"require": ["exp", "iat", "iss", "aud", "sub", "typ"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("The token has expired; sign in again.") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken("The token is not valid.") from exc

    def diner(self, token: str) -> DinerPrincipal:
        claims = self.decode(token)
        if claims.get("typ") != DINER:
            raise Forbidden("This needs a diner token.")
        try:
            return DinerPrincipal(
                customer_id=str(claims["sub"]), table_id=str(claims["tid"]),
                session_id=str(claims["sid"]), branch_id=str(claims["bid"]),
            )
        except KeyError as exc:
            raise InvalidToken("The token is not valid.") from exc

    def join_request(self, token: str) -> JoinPrincipal:
        claims = self.decode(token)
        if claims.get("typ") != JOIN:
            raise Forbidden("This needs the token of a request to join.")
        try:
            return JoinPrincipal(request_id=str(claims["sub"]), table_id=str(claims["tid"]),
                                 branch_id=str(claims["bid"]), device_key=str(claims["dk"]))
        except KeyError as exc:
            raise InvalidToken("The token is not valid.") from exc

    def staff(self, token: str) -> StaffPrincipal:
        claims = self.decode(token)
        if claims.get("typ") != STAFF:
            raise Forbidden("This needs a staff token.")
        try:
            return StaffPrincipal(
                staff_id=str(claims["sub"]), role=Role(claims["role"]),
                branch_ids=tuple(str(b) for b in claims["branches"]), token_version=int(claims.get("ver", 0)),
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise InvalidToken("The token is not valid.") from exc


def token_id(claims: Mapping[str, Any]) -> str:
    """What identifies one issued token: its `jti`; a token issued before every token had one
    is named by its type, subject and issue time (unique enough for one person's tokens)."""
    jti = claims.get("jti")
    if isinstance(jti, str) and jti:
        return jti
    return f"{claims.get('typ')}:{claims.get('sub')}:{claims.get('iat')}"


def bearer_token(headers: Mapping[str, str]) -> str:
    value = headers.get("authorization") or headers.get("Authorization") or ""
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        from .domain.errors import Unauthenticated
        raise Unauthenticated("Sign in first: send 'Authorization: Bearer <token>'.")
    return token.strip()


# -- passwords ---------------------------------------------------------------------------
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32)
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


@functools.cache
def dummy_password_hash() -> str:
    """Verified against when the email is unknown, so both failures cost the same time."""
    return hash_password(secrets.token_urlsafe(12))
