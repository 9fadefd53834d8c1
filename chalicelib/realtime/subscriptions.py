"""$connect, $default and $disconnect: who may listen, to what, and the ping."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from chalice import WebsocketDisconnectedError

from ..auth import DINER, JOIN, STAFF, TokenService, token_id
from ..config import settings
from ..domain.clock import now_iso, utcnow
from ..domain.errors import Forbidden, InvalidToken, Unauthenticated
from ..domain.sessions import seated_session
from ..domain.throttles import sockets_to_close
from ..observability import logger
from ..ports import Repositories
from .channels import channel_for_join_request, channels_for_diner, channels_for_staff

TOO_MANY_CONNECTIONS = "TOO_MANY_CONNECTIONS"


@dataclass(frozen=True)
class Sockets:
    """The `@connections` API: post a message to a connection, and close one (DeleteConnection)."""

    post: Callable[[str, str], None]
    close: Callable[[str], None]


def origin_allowed(origin: str) -> bool:
    """Browsers always send Origin: a foreign page is refused. Clients that send none
    (a kitchen printer bridge, a POS) are judged by their token alone."""
    if not origin:
        return True
    allowed = settings.allowed_origins or (settings.public_base_url.rstrip("/"),)
    return origin.rstrip("/") in allowed


def connect(repos: Repositories, tokens: TokenService, connection_id: str, token: str, origin: str,
            sockets: Sockets | None = None) -> list[str]:
    """Checks the token (and Origin) and subscribes the connection; returns its channels. With
    `sockets`, the token's oldest sockets past the limit are closed (`close_the_oldest`)."""
    if not origin_allowed(origin):
        raise Forbidden("This origin may not open a live connection.")
    if not token:
        raise Unauthenticated("Connect with ?token=<JWT>.")
    claims = tokens.decode(token)
    kind = claims.get("typ")
    if kind == DINER:
        principal = tokens.diner(token)
        seated_session(repos.sessions.get(principal.session_id), principal.customer_id, principal.branch_id,
                       principal.table_id)  # the session must exist and the diner be in it
        channels, subject = channels_for_diner(principal), f"diner:{principal.customer_id}"
    elif kind == JOIN:  # a phone asking to join: its own request's answer only
        asker = tokens.join_request(token)
        if repos.join_requests.get(asker.request_id) is None:
            raise InvalidToken("The token is not valid.")
        channels, subject = [channel_for_join_request(asker.request_id)], f"join:{asker.request_id}"
    elif kind == STAFF:
        staff = tokens.staff(token)
        channels, subject = channels_for_staff(staff), f"staff:{staff.staff_id}"
    else:
        raise InvalidToken("The token is not valid.")
    now = utcnow()
    expires_at = now + timedelta(seconds=settings.connection_ttl_s)
    repos.connections.register(connection_id, channels, subject, expires_at, token_id=token_id(claims),
                               connected_at=now.isoformat(timespec="microseconds"), registered_at=now)
    if sockets is not None:
        close_the_oldest(repos, token_id(claims), sockets)
    return channels


def close_the_oldest(repos: Repositories, token: str, sockets: Sockets,
                     limit: int | None = None) -> list[str]:
    """At most `limit` live sockets per token: the oldest past it are told why (a
    `connection.closed` message, so the page does not reconnect into a loop) and closed.
    Returns the connections closed."""
    limit = settings.sockets_per_token if limit is None else limit
    extra = sockets_to_close(repos.connections.of_token(token), limit)
    message = json.dumps({"type": "connection.closed", "data": {
        "code": TOO_MANY_CONNECTIONS, "limit": limit,
        "message": f"This sign-in is open on more than {limit} screens; the oldest was closed.",
    }, "at": now_iso()}, separators=(",", ":"))
    for connection_id in extra:
        try:
            sockets.post(connection_id, message)
            sockets.close(connection_id)
        except WebsocketDisconnectedError:
            pass  # gone already: its rows go below
        except Exception:  # still live (a throttled or refused call): kept, the next connect retries
            logger.exception("could not close a socket over the limit", extra={"connection_id": connection_id})
            continue
        repos.connections.forget(connection_id)
    if extra:
        logger.info("sockets over the limit closed", extra={"closed": len(extra), "limit": limit})
    return extra


def disconnect(repos: Repositories, connection_id: str) -> None:
    repos.connections.forget(connection_id)
