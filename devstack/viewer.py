"""The viewer's address, as CloudFront hands it to the origin: `CloudFront-Viewer-Address`.

On AWS the API trusts that header because it answers only requests that came through
CloudFront, which sets it from the viewer's socket and replaces any value a client sent. The
local stack's one origin does the same for `/api` and `/ws`, so the app's per-client limits
count the real peer here too, and a client cannot choose whom it is counted as.
"""
from __future__ import annotations

from aiohttp import web

VIEWER_ADDRESS = "CloudFront-Viewer-Address"


def viewer_address(request: web.Request) -> str:
    """The peer as CloudFront writes it: `ip:port`, an IPv6 address without brackets."""
    peer = request.transport.get_extra_info("peername") if request.transport else None
    if isinstance(peer, tuple) and len(peer) >= 2:
        return f"{peer[0]}:{peer[1]}"
    return f"{request.remote or ''}:0"


def with_viewer_address(request: web.Request) -> dict[str, str]:
    """The request's headers for the app, as CloudFront forwards them: `CloudFront-Viewer-Address`
    from the socket's peer, whatever the client sent under that name (CloudFront replaces it)."""
    headers = {name: value for name, value in request.headers.items() if name.lower() != VIEWER_ADDRESS.lower()}
    headers[VIEWER_ADDRESS] = viewer_address(request)
    return headers
