"""Requests a client should never send still get API.md's error shape from the local stack."""
from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest


@pytest.mark.parametrize("path", ["/branches/%0A/menu", "/branches/a%0Ab/tables/T1",
                                  "/staff/sessions/%0D%0A/approve"])
def test_an_encoded_line_break_in_a_path_is_a_json_error_not_the_servers_plain_404(stack, path):
    # found by the fuzzer (tests/fuzz): the stack's router left such paths to its plain-text 404
    request = urllib.request.Request(stack.api_url + path, method="POST" if path.endswith("approve") else "GET")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)

    assert refused.value.code in (401, 404)
    assert refused.value.headers["Content-Type"].startswith("application/json")
    error = json.loads(refused.value.read())["error"]
    assert error["code"] and error["message"]


@pytest.mark.parametrize("method, path", [("GET", "/no-such-route"), ("POST", "/staff/sessions"),
                                          ("DELETE", "/session"), ("GET", "/staff/branches/x/y/z")])
def test_a_route_that_does_not_exist_is_a_404_in_the_error_shape_that_echoes_nothing(stack, method, path):
    request = urllib.request.Request(stack.api_url + path, method=method,
                                     headers={"Authorization": "Bearer secret-token-value"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)

    assert refused.value.code in (404, 405)
    raw = refused.value.read()
    assert b"secret-token-value" not in raw  # API Gateway's own 403 would echo the Authorization header
    assert json.loads(raw)["error"]["code"] in ("NOT_FOUND", "METHOD_NOT_ALLOWED")
