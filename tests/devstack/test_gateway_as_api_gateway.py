"""The local REST gateway encodes and decodes as API Gateway does, not as `chalice local`
(issue 14): binary by the request's FIRST Accept type against the API's binary media types,
request bodies of those types base64-encoded, header names in the client's case."""
from __future__ import annotations

import base64
import json

import pytest
from chalice import Chalice, Response
from chalice.config import Config

from devstack.gateway import RestGateway, first_accept, is_binary_media

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def probe_app() -> Chalice:
    app = Chalice(app_name="probe")

    @app.route("/png")
    def png() -> Response:
        return Response(body=PNG, headers={"Content-Type": "image/png"})

    @app.route("/tables/{code}/sessions")
    def sessions(code: str) -> dict:
        event = app.current_request.to_original_event()
        return {"code": code, "query": app.current_request.query_params, "resource": event["resource"],
                "sourceIp": event["requestContext"]["identity"]["sourceIp"]}

    @app.route("/tables/T1/sessions")
    def literal() -> dict:
        return {"literal": True}

    @app.route("/echo", methods=["POST"], content_types=["application/json"])
    def echo() -> dict:
        event = app.current_request.to_original_event()
        return {"headers": sorted(event["headers"]), "base64": event.get("isBase64Encoded", False),
                "body": app.current_request.json_body}

    return app


@pytest.fixture
def config() -> Config:
    return Config.create(chalice_stage="dev", app_name="probe")


@pytest.mark.parametrize(("accept", "first"), [
    ("image/png", "image/png"), ("*/*", "*/*"), (BROWSER_ACCEPT, "text/html"), ("image/png;q=0.9, */*", "image/png"),
    ("", ""),
])
def test_the_first_accept_type_is_the_one_that_counts(accept, first):
    assert first_accept({"Accept": accept} if accept else {}) == first


@pytest.mark.parametrize(("media", "types", "binary"), [
    ("image/png", ["image/png"], True),
    ("*/*", ["image/png"], False),  # a wildcard in the request is just characters
    ("image/*", ["image/png"], False),
    ("text/html", ["image/png", "*/*"], True),
    ("image/webp", ["image/*"], True),
    ("", ["*/*"], False),
])
def test_binary_media_types_match_with_wildcards_on_the_apis_side_only(media, types, binary):
    assert is_binary_media(media, types) is binary


def test_with_the_apis_old_types_a_star_accept_gets_base64_text_as_on_api_gateway(config):
    gateway = RestGateway(probe_app(), config, binary_media_types=["image/png"])
    star = gateway.handle("GET", "/png", {"Accept": "*/*"}, None, "203.0.113.5")
    png = gateway.handle("GET", "/png", {"Accept": "image/png"}, None, "203.0.113.5")
    assert star.status == 200 and star.body == base64.b64encode(PNG)
    assert png.body == PNG


def test_with_star_among_the_types_every_accept_gets_the_bytes(config):
    gateway = RestGateway(probe_app(), config, binary_media_types=["image/png", "*/*"])
    for accept in ("*/*", "image/png", BROWSER_ACCEPT):
        assert gateway.handle("GET", "/png", {"Accept": accept}, None, "203.0.113.5").body == PNG


def test_a_json_body_of_a_binary_type_reaches_the_app_base64_encoded_and_headers_keep_their_case(config):
    gateway = RestGateway(probe_app(), config, binary_media_types=["*/*"])
    reply = gateway.handle("POST", "/echo", {"Content-Type": "application/json", "X-Request-Tag": "a",
                                             "Accept": "application/json"}, b'{"ok": true}', "203.0.113.5")
    answer = json.loads(reply.body)
    assert answer["base64"] is True and answer["body"] == {"ok": True}
    assert answer["headers"] == ["Accept", "Content-Type", "X-Request-Tag"]


def test_routes_match_as_api_gateway_matches_them(config):
    gateway = RestGateway(probe_app(), config, binary_media_types=["*/*"])
    reply = gateway.handle("GET", "/tables/T%2012/sessions/?lang=es&lang=en&empty=", {}, None, "203.0.113.5")
    assert reply.status == 200
    assert json.loads(reply.body) == {"code": "T 12", "query": {"lang": "en", "empty": ""},
                                      "resource": "/tables/{code}/sessions", "sourceIp": "203.0.113.5"}
    assert json.loads(gateway.handle("GET", "/tables/T1/sessions", {}, None, "203.0.113.5").body) == {"literal": True}


@pytest.mark.parametrize(("method", "path"), [("GET", "/nowhere"), ("DELETE", "/png"), ("GET", "/tables/T1")])
def test_no_route_is_api_gateways_404_in_the_apis_error_shape(config, method, path):
    gateway = RestGateway(probe_app(), config, binary_media_types=["*/*"])
    reply = gateway.handle(method, path, {"Authorization": "Bearer x"}, None, "203.0.113.5")
    assert reply.status == 404
    assert json.loads(reply.body) == {"error": {"code": "NOT_FOUND", "message": "There is no such route."}}
