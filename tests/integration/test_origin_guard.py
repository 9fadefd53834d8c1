"""Finding 11: the API answers only what came through CloudFront. CloudFront adds the origin
secret (X-Origin-Verify) to every request to both APIs; a request to the execute-api
address itself has none and gets 403 in API.md's shape, and so does a WebSocket $connect."""
from __future__ import annotations

import pytest

from tests.conftest import ORIGIN_SECRET

from .test_realtime import ORIGIN


def test_a_request_without_the_origin_secret_is_refused_with_403_in_the_error_shape(api):
    # Given a public endpoint that answers through CloudFront
    assert api.get("/branches/downtown-lima/menu").status == 200
    # When the same request arrives without CloudFront's header (the execute-api address)
    reply = api.get("/branches/downtown-lima/menu", headers={"X-Origin-Verify": ""})
    # Then it is refused, in API.md's error shape, and nothing is cached
    assert reply.status == 403
    assert reply.error["code"] == "DIRECT_ACCESS_REFUSED"
    assert reply.error["message"]
    assert reply.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("value", ["guess", ORIGIN_SECRET[:-1], ORIGIN_SECRET + "x", ORIGIN_SECRET.upper()])
def test_a_wrong_origin_secret_is_refused_even_on_a_sign_in(api, value):
    reply = api.post("/staff/login", {"email": "manager@downtown.demo.comanda", "password": "demo1234"},
                     headers={"X-Origin-Verify": value})
    assert reply.status == 403
    assert reply.error["code"] == "DIRECT_ACCESS_REFUSED"
    assert "token" not in reply.body


def _connect(headers: dict[str, str], token: str):
    from app import ws_connect

    event = {
        "requestContext": {"routeKey": "$connect", "eventType": "CONNECT", "connectionId": "direct-1",
                           "apiId": "local", "stage": "ws", "domainName": "localhost"},
        "headers": headers, "queryStringParameters": {"token": token}, "isBase64Encoded": False,
    }
    return ws_connect(event, None)


def test_a_websocket_connect_without_the_origin_secret_is_refused(api):
    # Given a seated diner's valid token
    diner = api.seated_diner(code="T20")
    # When the socket opens on the WebSocket API's own address (no CloudFront header)
    refused = _connect({"Origin": ORIGIN}, diner["token"])
    # Then $connect answers 403 in API.md's error shape (API Gateway fails the handshake)
    assert refused["statusCode"] == 403
    assert '"DIRECT_ACCESS_REFUSED"' in refused["body"]
    # And through CloudFront the same token connects
    accepted = _connect({"Origin": ORIGIN, "X-Origin-Verify": ORIGIN_SECRET}, diner["token"])
    assert accepted["statusCode"] == 200
