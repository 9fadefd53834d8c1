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
from ..services.staff_accounts import current_principal
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
        staff = current_principal(repos, tokens, token)  # a revoked sign-in opens no socket
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


SIGN_IN_REVOKED = "SIGN_IN_REVOKED"


def close_sockets_of_staff(repos: Repositories, staff_id: str, sockets: Sockets, reason: str) -> int:
    """Ends a person's live sockets when their account is deactivated or changed: each is told
    (`connection.closed`, code SIGN_IN_REVOKED: the staff pages go to the sign-in page) and
    closed. Returns how many were closed. Their tokens are refused from the next request anyway
    (the token version); this is what makes an open screen notice within a second."""
    from .channels import channel_for_staff_member

    message = json.dumps({"type": "connection.closed", "data": {"code": SIGN_IN_REVOKED, "message": reason},
                          "at": now_iso()}, separators=(",", ":"))
    closed = 0
    for connection_id in repos.connections.listeners(channel_for_staff_member(staff_id)):
        try:
            sockets.post(connection_id, message)
            sockets.close(connection_id)
            closed += 1
        except WebsocketDisconnectedError:
            pass
        except Exception:  # the token is refused anyway; the page signs out at its next request
            logger.exception("could not close a revoked socket", extra={"connection_id": connection_id})
            continue
        repos.connections.forget(connection_id)
    logger.info("revoked sign-in's sockets closed", extra={"staff_id": staff_id, "closed": closed})
    return closed
