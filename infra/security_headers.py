"""The security headers CloudFront adds to every answer of the one origin (pages, photos, /api):
the ResponseHeadersPolicy of infra/template.py is built from SECURITY_HEADERS_CONFIG and
CUSTOM_HEADERS_CONFIG below, and the local stack (devstack/web.py) sends the same headers,
translated by `http_headers`, so what a browser is allowed locally is what it is allowed on AWS.

The one difference is the transport: the local stack is plain HTTP (a phone reaches it by
the laptop's address), so its policy has no `upgrade-insecure-requests` (the browser would
ask for the page's scripts over https) and its sockets are `ws://` on the same host.
Strict-Transport-Security is sent as CloudFront sends it; browsers ignore it over HTTP.
"""
from __future__ import annotations

import re
from typing import Any

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'{scripts}; style-src 'self'{styles}; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src {connect}; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'; upgrade-insecure-requests"
)
PLAIN_HTTP_ONLY_OMITS = ("upgrade-insecure-requests",)

SECURITY_HEADERS_CONFIG: dict[str, Any] = {  # without ContentSecurityPolicy: the template adds its own
    "ContentTypeOptions": {"Override": True},
    "FrameOptions": {"FrameOption": "DENY", "Override": True},
    "ReferrerPolicy": {"ReferrerPolicy": "strict-origin-when-cross-origin", "Override": True},
    "StrictTransportSecurity": {"AccessControlMaxAgeSec": 63072000, "IncludeSubdomains": True,
                                "Preload": False, "Override": True},
}
CUSTOM_HEADERS_CONFIG: dict[str, Any] = {"Items": [
    {"Header": "Permissions-Policy", "Value": "camera=(), microphone=(), geolocation=()", "Override": True},
]}


def app_style_sources() -> list[str]:
    """Inline styles of the HTML the API itself answers (the printable QR sheet): CloudFront's
    policy replaces the sheet's own header, so it must allow them too (the sheet's <meta>
    policy still holds it to its own)."""
    from chalicelib.api.qr_sheet import STYLESHEET, _hash

    return [f"'{_hash(STYLESHEET)}'"]


def content_security_policy(*, scripts: list[str], connect: str, plain_http: bool = False) -> str:
    policy = CONTENT_SECURITY_POLICY.format(scripts="".join(f" {s}" for s in scripts), connect=connect,
                                            styles="".join(f" {s}" for s in app_style_sources()))
    if plain_http:
        policy = "; ".join(d for d in policy.split("; ") if d.strip() not in PLAIN_HTTP_ONLY_OMITS)
    return policy


def http_headers(security: dict[str, Any], custom: dict[str, Any], csp: str | None) -> dict[str, str]:
    """The headers CloudFront adds for a ResponseHeadersPolicyConfig's SecurityHeadersConfig and
    CustomHeadersConfig (every one with Override: it replaces the origin's)."""
    headers: dict[str, str] = {}
    if csp is not None:
        headers["Content-Security-Policy"] = csp
    if "ContentTypeOptions" in security:
        headers["X-Content-Type-Options"] = "nosniff"
    if "FrameOptions" in security:
        headers["X-Frame-Options"] = security["FrameOptions"]["FrameOption"]
    if "ReferrerPolicy" in security:
        headers["Referrer-Policy"] = security["ReferrerPolicy"]["ReferrerPolicy"]
    if "XSSProtection" in security:
        xss = security["XSSProtection"]
        headers["X-XSS-Protection"] = ("1" if xss["Protection"] else "0") + ("; mode=block" if xss.get("ModeBlock") else "")
    if "StrictTransportSecurity" in security:
        hsts = security["StrictTransportSecurity"]
        headers["Strict-Transport-Security"] = f"max-age={hsts['AccessControlMaxAgeSec']}" + (
            "; includeSubDomains" if hsts.get("IncludeSubdomains") else "") + ("; preload" if hsts.get("Preload") else "")
    for item in custom.get("Items", []):
        headers[item["Header"]] = item["Value"]
    return headers


_HOST = re.compile(r"^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")


def local_headers(*, scripts: list[str], host: str) -> dict[str, str]:
    """What the local stack sends on every answer: CloudFront's headers, its policy for plain
    HTTP on `host` (the request's Host, when it is a host name or address and a port)."""
    socket = f" ws://{host}" if _HOST.match(host or "") else ""
    csp = content_security_policy(scripts=scripts, connect=f"'self'{socket}", plain_http=True)
    return http_headers(SECURITY_HEADERS_CONFIG, CUSTOM_HEADERS_CONFIG, csp)
