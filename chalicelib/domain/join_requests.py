"""Asking to join a table: a phone that is not yet at the table's session waits for a yes
from someone already in it (or from staff). waiting -> allowed | declined | expired."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from .clock import iso, parse_iso
from .errors import JoinRequestDecided

JOIN_REQUEST_TTL = timedelta(minutes=10)  # a waiting request expires after this
# Waiting requests at one session: from one client address (a script at one address cannot
# fill a table's queue and turn real diners away), and in all (a bound on the prompts a table sees).
MAX_WAITING_PER_CLIENT = 5
MAX_WAITING_PER_SESSION = 30
RACE_SKEW = timedelta(seconds=2)  # a sign-up and the session it raced with: clocks may differ this much


class JoinStatus(StrEnum):
    WAITING = "waiting"
    ALLOWED = "allowed"
    DECLINED = "declined"
    EXPIRED = "expired"


class DecidedBy(StrEnum):
    DINER = "diner"
    STAFF = "staff"


@dataclass
class JoinRequest:
    id: str
    branch_id: str
    table_code: str
    session_id: str
    customer_id: str
    name: str
    created_at: str
    expires_at: str
    device_key_hash: str  # the hash of the key the asking phone will hold once allowed
    status: JoinStatus = JoinStatus.WAITING
    client: str = ""  # what the per-client limits count of the asking phone (domain.throttles.client_key)
    decided_by: DecidedBy | None = None
    decided_at: str | None = None
    decider_id: str | None = None  # the customer or staff member who decided

    def status_at(self, now: str) -> JoinStatus:
        """A waiting request past its expiry reads as expired, whether or not that was stored yet."""
        if self.status is JoinStatus.WAITING and now >= self.expires_at:
            return JoinStatus.EXPIRED
        return self.status

    def is_waiting(self, now: str) -> bool:
        return self.status_at(now) is JoinStatus.WAITING

    def decide(self, allow: bool, by: DecidedBy, decider_id: str, now: str) -> None:
        current = self.status_at(now)
        if current is not JoinStatus.WAITING:
            raise JoinRequestDecided(f"This request to join is {current.value} already.")
        self.status = JoinStatus.ALLOWED if allow else JoinStatus.DECLINED
        self.decided_by = by
        self.decider_id = decider_id
        self.decided_at = now

    def expire(self, now: str) -> None:
        if self.status_at(now) is not JoinStatus.EXPIRED or self.status is not JoinStatus.WAITING:
            raise JoinRequestDecided(f"This request to join is {self.status_at(now).value}.")
        self.status = JoinStatus.EXPIRED
        self.decided_at = now


def expiry_of(created_at: str) -> str:
    return iso(parse_iso(created_at) + JOIN_REQUEST_TTL)


GATEWAY_TIMEOUT = timedelta(seconds=29)  # API Gateway gives up on a request this long after receiving it


def sign_up_began(received_at: str | None, now: str) -> str:
    """When a sign-up began: when the gateway received it, so that phones tapping together
    still race however long they queued for a busy or cold function; the function's own clock
    when the event says nothing or names a moment no queue explains (more than API Gateway's
    29 s before now, or after it)."""
    if received_at is None:
        return now
    received, handled = parse_iso(received_at), parse_iso(now)
    return received_at if handled - GATEWAY_TIMEOUT <= received <= handled else now


def raced_with(began_at: str, session_started_at: str) -> bool:
    """A sign-up that began while the table was free and finds a pending session opened at
    (or after) its own start, give or take the clocks' skew, lost a race to open it: it
    sits in that session rather than asking to join it."""
    return parse_iso(session_started_at) >= parse_iso(began_at) - RACE_SKEW


# -- the device key: the phone's own credential at a table ------------------------------------
def new_device_key() -> str:
    """256 random bits, url-safe: only the phone holds it; the server keeps its hash."""
    return secrets.token_urlsafe(32)


def device_key_hash(device_key: str) -> str:
    """SHA-256 of a high-entropy random key (no salt needed: nothing to guess)."""
    return hashlib.sha256(device_key.encode()).hexdigest()


def device_key_matches(device_key: str, stored_hash: str | None) -> bool:
    return bool(stored_hash) and hmac.compare_digest(device_key_hash(device_key), stored_hash or "")


def too_many_waiting(waiting: list[JoinRequest], client: str, now: str) -> bool:
    """One more request would be past a limit: this client's waiting requests at the session,
    or the session's in all. Expired ones (not yet marked so) do not count."""
    current = [r for r in waiting if r.is_waiting(now)]
    return len(current) >= MAX_WAITING_PER_SESSION or \
        sum(1 for r in current if r.client == client) >= MAX_WAITING_PER_CLIENT
