"""Who a throttle counts, and how many of what it allows.

A throttle that counts per account or per table lets anyone lock out the account's owner or
the table's diners; these limits count per client address instead (and per known device of
an account), so a guesser is stopped without stopping the people it targets. The numbers
and their reasoning are in docs/decisions.md ("Throttles count the client, not the target").
"""
from __future__ import annotations

import ipaddress
from dataclasses import dataclass

UNKNOWN_CLIENT = "unknown"


def address_from_viewer_header(value: str) -> str:
    """The IP of CloudFront's `CloudFront-Viewer-Address` (`ip:port`; an IPv6 address comes
    without brackets, so the port is after the LAST colon). "" when it is not one."""
    host, colon, port = (value or "").strip().rpartition(":")
    if not colon or not port.isdigit() or not host:
        return ""
    try:
        return str(ipaddress.ip_address(host.strip("[]")))
    except ValueError:
        return ""


def client_key(address: str) -> str:
    """What a per-client limit counts: an IPv4 address as it is; an IPv6 address by its /64
    (one home, phone or server holds a whole /64, and could rotate through it)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return UNKNOWN_CLIENT
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False))
    return str(ip)


@dataclass(frozen=True)
class Limit:
    """`hits` allowed per fixed window of `window_s` seconds."""

    hits: int
    window_s: int


@dataclass(frozen=True)
class Counter:
    """One count a throttle keeps: the limit's `name`, whose hits it counts (`caller`), how many."""

    name: str
    caller: str
    limit: Limit


@dataclass(frozen=True)
class SignInLimits:
    """Failed sign-ins are counted three ways:
    - per (account, client) for a device the account does not know: the low limit that
      stops one guesser;
    - per account for devices it does not know, from any client: a higher limit that stops
      a guesser spread over many addresses;
    - per known device (one that signed in to this account before and kept its credential):
      its own failures only, so nobody else's guessing ever locks it out.
    Every attempt of an unknown device also counts per client (stuffing many accounts)."""

    per_account_and_client: Limit
    per_account: Limit
    per_known_device: Limit
    per_client: Limit

    def attempts(self, client: str) -> list[Counter]:
        """What every attempt of an unknown device counts, whatever its outcome."""
        return [Counter("login-client", client, self.per_client)]

    def failures(self, account: str, client: str, device_id: str | None) -> list[Counter]:
        """What a failed attempt counts (and what is checked before the password is): a known
        device's own counter only; an unknown device's per (account, client) and per account."""
        if device_id:
            return [Counter("login-device", device_id, self.per_known_device)]
        return [Counter("login-failures", f"{account}#{client}", self.per_account_and_client),
                Counter("login-account", account, self.per_account)]


@dataclass(frozen=True)
class SignUpLimits:
    """Table sign-ups per client address: at one table (a party on one Wi-Fi) and in all."""

    per_client_and_table: Limit
    per_client: Limit

    def counters(self, client: str, table: str) -> list[Counter]:
        """What one sign-up counts: nothing per table alone, so nobody can lock a table."""
        return [Counter("register-client-table", f"{client}#{table}", self.per_client_and_table),
                Counter("register-client", client, self.per_client)]


def sockets_to_close(connections: list[tuple[str, str]], limit: int) -> list[str]:
    """Of one token's live sockets, as (connected_at, connection_id), those past the newest
    `limit`: the oldest close, so the screen opened last always works."""
    ordered = sorted(connections)
    return [connection_id for _, connection_id in ordered[:max(0, len(ordered) - max(limit, 1))]]
