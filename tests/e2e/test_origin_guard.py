"""Finding 11 on the local stack: the API answers only what came through the one origin,
which adds the origin secret as CloudFront does; the app served straight by Chalice's own
local server (as the execute-api address serves it on AWS) refuses the same request."""
from __future__ import annotations

import json
import socket
import threading
import urllib.error
import urllib.request

import pytest
import websockets.sync.client

MENU = "/branches/downtown-lima/menu"


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture
def chalice_server(stack):
    """The same app, served by `chalice local`'s own server on another port: the app with
    nothing in front of it."""
    from chalice.local import LocalDevServer

    from devstack.environment import chalice_config

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = LocalDevServer(stack.app_module.app, chalice_config(stack.project_dir), "127.0.0.1", port)
    thread = threading.Thread(target=server.server.serve_forever, name="chalice-local", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    server.server.server_close()
    thread.join(5)


def test_a_request_straight_to_the_chalice_server_is_refused(stack, chalice_server):
    # Given the menu answers through the one origin
    assert _get(stack.api_url + MENU)[0] == 200
    # When the same request goes straight to the app, past the one origin
    status, body = _get(chalice_server + MENU)
    # Then it is refused, in API.md's error shape
    assert status == 403
    assert body["error"]["code"] == "DIRECT_ACCESS_REFUSED"
    # And a guessed header does not help
    assert _get(chalice_server + MENU, {"X-Origin-Verify": "guess"})[0] == 403


def test_a_header_a_viewer_sends_is_replaced_by_the_one_origin(stack):
    # A viewer cannot learn or set the secret: whatever it sends, the one origin sends its own
    status, _ = _get(stack.api_url + MENU, {"X-Origin-Verify": "forged"})
    assert status == 200


def test_the_websocket_handshake_through_the_one_origin_carries_the_secret(stack):
    # A $connect that gets past the origin check reaches the token check (401), not a 403
    with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
        websockets.sync.client.connect(f"{stack.ws_url}?token=not-a-token",
                                       additional_headers={"Origin": stack.site_url, "X-Origin-Verify": "forged"})
    assert refused.value.response.status_code == 401
    assert b"DIRECT_ACCESS_REFUSED" not in (refused.value.response.body or b"")
