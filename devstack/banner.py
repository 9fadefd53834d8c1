"""What `make run` prints once the stack is up: where everything is, who to sign in as,
and the QR code of a demo table."""
from __future__ import annotations

import io
import json
from pathlib import Path

import qrcode

DEMO_BRANCH, DEMO_TABLE = "downtown-lima", "T12"


def qr_text(url: str) -> str:
    """The QR code in half-block characters (dark on a light terminal or light on a dark one)."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(url)
    code.make(fit=True)
    out = io.StringIO()
    code.print_ascii(out=out, invert=True)
    return out.getvalue()


def demo_logins(chain_file: Path) -> list[tuple[str, str, str]]:
    """(email, role, branches) of the demo staff accounts."""
    chain = json.loads(chain_file.read_text(encoding="utf-8"))
    return [(entry["email"], entry["role"],
             "all branches" if entry["role"] == "owner" else ", ".join(entry.get("branches", [])))
            for entry in chain.get("staff", [])]


def render(site_url: str, ws_url: str, chain_file: Path, password: str, started_in_s: float,
           reachable_from_lan: bool) -> str:
    diner = f"{site_url}/{DEMO_BRANCH}/{DEMO_TABLE}"
    links = [
        ("Site", f"{site_url}/"),
        (f"Diner ({DEMO_TABLE})", diner),
        ("Staff", f"{site_url}/staff/"),
        ("Kitchen", f"{site_url}/kitchen/"),
        ("Tables", f"{site_url}/staff/tables"),
        ("API docs", f"{site_url}/api/openapi.json"),
        ("SMS outbox", f"{site_url}/_local/outbox"),
        ("Email outbox", f"{site_url}/_local/mail"),
        ("WebSocket", ws_url),
    ]
    lines = ["", f"Comanda is running locally (started in {started_in_s:.1f} s)", ""]
    lines += [f"  {name:<12} {url}" for name, url in links]
    logins = demo_logins(chain_file)
    if logins:
        lines += ["", f"Demo logins (password {password}):"]
        width = max(len(email) for email, _, _ in logins)
        lines += [f"  {email:<{width}}  {role:<8} {branches}" for email, role, branches in logins]
    lines += ["", f"Table {DEMO_TABLE} of {DEMO_BRANCH} (scan to open {diner}):", qr_text(diner).rstrip("\n")]
    if not reachable_from_lan:
        lines.append("  (a phone reaches this only when the stack listens on the network: "
                     "make run HOST=0.0.0.0)")
    lines += ["", "Loyalty sign-up codes are texted to moto's SNS: each one is printed here as it is sent,",
              f"and listed at {site_url}/_local/outbox (this stack only). Staff invitations and password-reset",
              f"links are emailed to moto's SES: each link is printed here and listed at {site_url}/_local/mail.",
              "", "Ctrl-C to stop.", ""]
    return "\n".join(lines)
