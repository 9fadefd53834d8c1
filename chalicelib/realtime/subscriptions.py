"""$connect, $default and $disconnect: who may listen, to what, and the ping."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ..auth import DINER, JOIN, STAFF, TokenService
from ..bootstrap import Repositories
from ..config import settings
from ..domain.errors import Forbidden, InvalidToken, Unauthenticated
from ..services.diners import diner_session
from .channels import channel_for_join_request, channels_for_diner, channels_for_staff


def origin_allowed(origin: str) -> bool:
    """Browsers always send Origin: a foreign page is refused. Clients that send none
    (a kitchen printer bridge, a POS) are judged by their token alone."""
    if not origin:
        return True
    allowed = settings.allowed_origins or (settings.public_base_url.rstrip("/"),)
    return origin.rstrip("/") in allowed


def connect(repos: Repositories, tokens: TokenService, connection_id: str, token: str, origin: str) -> list[str]:
    """Checks the token (and Origin) and subscribes the connection; returns its channels."""
    if not origin_allowed(origin):
        raise Forbidden("This origin may not open a live connection.")
    if not token:
        raise Unauthenticated("Connect with ?token=<JWT>.")
    kind = tokens.decode(token).get("typ")
    if kind == DINER:
        principal = tokens.diner(token)
        diner_session(repos, principal)  # the session must exist and the diner be in it
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
    expires_at = datetime.now(timezone.utc) + timedelta(seconds=settings.connection_ttl_s)
    repos.connections.register(connection_id, channels, subject, expires_at)
    return channels


def disconnect(repos: Repositories, connection_id: str) -> None:
    repos.connections.forget(connection_id)
