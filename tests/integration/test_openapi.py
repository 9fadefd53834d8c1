"""GET /openapi.json describes every route the app serves, and nothing it does not."""
from __future__ import annotations

from app import app


def test_every_route_of_the_app_is_described_in_openapi(api):
    # Given the routes Chalice registered
    served = {(path, method.lower()) for path, methods in app.routes.items() for method in methods}
    # When the document is fetched
    reply = api.get("/openapi.json")
    # Then it lists exactly those routes
    assert reply.status == 200
    described = {(path, method) for path, operations in reply.body["paths"].items() for method in operations}
    assert described == served


def test_openapi_document_is_valid_openapi_3_1(api):
    from openapi_spec_validator import validate

    validate(api.get("/openapi.json").body)


def test_request_bodies_are_described_with_their_constraints(api):
    schemas = api.get("/openapi.json").body["components"]["schemas"]
    line = schemas["OrderLineBody"]["properties"]["quantity"]
    assert (line["minimum"], line["maximum"]) == (1, 20)
    safety = schemas["OrderSafetyBody"]["properties"]
    assert set(schemas["OrderSafetyBody"]["required"]) == {"spendingCap", "approvalThreshold"}
    assert "approvalPortions" in safety
    assert set(schemas["RegistrationBody"]["required"]) == {"mode", "name"}


def test_every_protected_operation_declares_its_token(api):
    paths = api.get("/openapi.json").body["paths"]
    for path, operations in paths.items():
        for method, operation in operations.items():
            if path.startswith("/staff/") and path != "/staff/login" and not path.startswith("/staff/links/") or path in ("/session", "/me") \
                    or path.startswith("/session/"):
                assert operation.get("security"), f"{method.upper()} {path} has no security"


def _operation(api, method: str, path: str) -> dict:
    return api.get("/openapi.json").body["paths"][path][method]


def test_every_answer_a_route_gives_is_documented(api):
    # found by the fuzzer (tests/fuzz): these answers were missing from the document
    assert {"200", "201"} <= set(_operation(api, "post", "/session/waiter-calls")["responses"])
    assert {"200", "201"} <= set(_operation(api, "post", "/session/bill-requests")["responses"])
    assert "401" in _operation(api, "post", "/staff/login")["responses"]
    assert "304" in _operation(api, "get", "/branches/{slug}/menu")["responses"]


def test_a_body_of_optional_fields_is_documented_as_optional(api):
    assert _operation(api, "patch", "/me")["requestBody"]["required"] is False
    assert _operation(api, "post", "/staff/sessions/{session_id}/reject")["requestBody"]["required"] is False
    assert _operation(api, "post", "/session/orders")["requestBody"]["required"] is True
