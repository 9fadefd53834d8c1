"""GET /openapi.json: the OpenAPI 3 description, built from the routes' recorded contracts."""
from __future__ import annotations

import functools
import re
from typing import Any

from chalice import Blueprint, Response

from .routing import ROUTE_DOCS, RouteDoc, route

docs = Blueprint(__name__)

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {
        "type": "object",
        "required": ["code", "message"],
        "properties": {"code": {"type": "string", "pattern": "^[A-Z0-9_]+$"}, "message": {"type": "string"},
                       "field": {"type": "string"},
                       "fields": {"type": "object", "additionalProperties": {"type": "string"},
                                  "description": "400 of a body: every field's problem (field -> message), `field` among them"},
                       "retryAfter": {"type": "integer", "description": "429: seconds to wait (the Retry-After header too)"},
                       "spendingCap": {"type": "integer", "description": "SPENDING_CAP_EXCEEDED: the cap"},
                       "remaining": {"type": "integer", "description": "SPENDING_CAP_EXCEEDED: what may still be ordered"},
                       "orderTotal": {"type": "integer", "description": "SPENDING_CAP_EXCEEDED: the refused order"}},
    }},
}
_ERRORS_BY_AUTH = {
    "public": ("400", "404", "409", "413", "415", "422", "429"),
    "diner": ("400", "401", "403", "404", "409", "413", "415", "422", "429"),
    "staff": ("400", "401", "403", "404", "409", "413", "415", "422", "429"),
    "join": ("401", "403", "404"),
}


def _body_schema(doc: RouteDoc) -> dict[str, Any]:
    """JSON bodies are objects; other types (an SVG, a PNG, an HTML page) are documents."""
    if doc.content_type == "application/json":
        return {"type": "object"}
    return {"type": "string", "contentMediaType": doc.content_type}


def _other_answer(doc: RouteDoc, status: int) -> dict[str, Any]:
    if status == 304:
        return {"description": "not modified (If-None-Match)"}
    if status >= 400:
        return {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    return {"description": "success", "content": {doc.content_type: {"schema": _body_schema(doc)}}}


def _operation(doc: RouteDoc, schemas: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = {
        "summary": doc.summary,
        "tags": [doc.tag],
        "operationId": f"{doc.method.lower()}_{re.sub(r'[^a-zA-Z0-9]+', '_', doc.path).strip('_')}",
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64}}
            for name in re.findall(r"{(\w+)}", doc.path)
        ] + [{"name": name, "in": "query", "required": False, "schema": {"type": "string"}} for name in doc.query],
        "responses": {
            str(doc.status): {"description": "success", "content": {doc.content_type: {"schema": _body_schema(doc)}}}
            if doc.status != 204 else {"description": "done"},
            **{code: {"description": "error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
               for code in _ERRORS_BY_AUTH[doc.auth]},
        },
    }
    for status in doc.also:
        operation["responses"].setdefault(str(status), _other_answer(doc, status))
    if doc.idempotent:
        operation["parameters"].append({"name": "Idempotency-Key", "in": "header", "required": False,
                                         "schema": {"type": "string", "maxLength": 128}})
    if doc.auth != "public":
        operation["security"] = [{f"{doc.auth}Token": []}]
    if doc.body is not None:
        schema = doc.body.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in schema.pop("$defs", {}).items():
            schemas[name] = definition
        schemas[doc.body.__name__] = schema
        operation["requestBody"] = {
            "required": bool(schema.get("required")),  # a body of optional fields may be left out
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{doc.body.__name__}"}}},
        }
    return operation


@functools.cache
def openapi_document() -> dict[str, Any]:
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    paths: dict[str, dict[str, Any]] = {}
    for doc in ROUTE_DOCS:
        paths.setdefault(doc.path, {})[doc.method.lower()] = _operation(doc, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Comanda API", "version": "1.0.0",
                 "description": "QR-code table ordering: the HTTP contract of API.md. Money is integer minor units."},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "dinerToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "staffToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "joinToken": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
                              "description": "a request to join's `requestToken`: reads that request only"},
            },
        },
    }


@route(docs, "/openapi.json", "GET", auth="public", tag="meta", summary="This description.")
def openapi_json() -> Response:
    return Response(body=openapi_document(), status_code=200,
                    headers={"Content-Type": "application/json", "Cache-Control": "public, max-age=300"})
