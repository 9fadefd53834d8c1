"""Paths and bodies no browser sends, over real sockets to the local stack: the static server
and the /api gateway answer them with a 4xx (the API's in API.md's error shape), never a 5xx.
Issue 13, findings 7 and 10."""
from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest


def send(stack, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    """The path exactly as written (http.client does not re-encode it)."""
    where = urlsplit(stack.api_url)
    connection = http.client.HTTPConnection(where.hostname, where.port, timeout=20)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path", [
    "/downtown-lima/T1%00",  # the finding
    "/media/%00.jpg",
    "/x%0d%0aSet-Cookie:%20a=b",
    "/downtown-lima/T1%1b%5b31m",
    "/downtown-lima/T1%zz",  # invalid percent-encoding
    "/%",
    "/a%2",
    "/downtown-lima/%ff%fe",  # not UTF-8
    "/%ED%A0%80",  # an encoded surrogate
    "/downtown-lima/" + "T" * 2000,  # longer than any S3 key
    "/media/menu/" + "%C3%A9" * 400 + ".jpg",
])
def test_a_path_that_can_name_no_file_is_a_400_not_a_500(stack, path):
    status, _, _ = send(stack, "GET", path)

    assert status == 400


@pytest.mark.parametrize("path", ["/a/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd", "/media/..%5c..%5cx.jpg",
                                  "/media/menu/no-such-photo.jpg"])
def test_a_path_outside_the_site_is_a_404(stack, path):
    status, _, _ = send(stack, "GET", path)

    assert status == 404


def _api_error(status: int, headers: dict, raw: bytes) -> dict:
    assert 400 <= status < 500, (status, raw[:200])
    assert headers["Content-Type"].startswith("application/json"), headers
    error = json.loads(raw)["error"]
    assert error["code"].isupper() and error["message"]
    return error


@pytest.mark.parametrize("path", [
    "/api/branches/%00/menu", "/api/branches/%zz/menu", "/api/branches/%ff/menu",
    "/api/branches/downtown-lima/tables/" + "T" * 3000,
    "/api/" + "x" * 5000,
    "/api/staff/branches/br_downtown-lima/sessions?status=completed&to=9999-12-31",
])
def test_a_bad_api_path_is_a_4xx_in_the_error_shape(stack, path):
    _api_error(*send(stack, "GET", path))


def test_a_history_date_beyond_the_calendar_is_a_400_naming_it(stack):
    from tests.e2e.conftest import Http

    manager = Http(stack.api_url).login("manager@downtown.demo.comanda")
    for query, field in (("to=9999-12-31", "to"), ("from=0001-01-01T00:00:00%2B14:00", "from")):
        status, headers, raw = send(stack, "GET", f"/api/staff/branches/br_downtown-lima/sessions?status=completed&{query}",
                                    headers={"Authorization": f"Bearer {manager}"})
        assert status == 400 and _api_error(status, headers, raw)["field"] == field


def test_a_body_in_html_is_a_415_in_the_error_shape(stack):
    error = _api_error(*send(stack, "POST", "/api/staff/login", b"<p>hi</p>", {"Content-Type": "text/html"}))

    assert error["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_a_body_over_the_gateways_limit_is_a_413_in_the_error_shape(stack):
    status, headers, raw = send(stack, "POST", "/api/staff/login", b"x" * (1024 * 1024 + 1),
                                {"Content-Type": "application/json"})

    assert status == 413 and _api_error(status, headers, raw)["code"] == "REQUEST_TOO_LARGE"


def test_a_body_that_is_not_json_is_a_400_in_the_error_shape(stack):
    status, headers, raw = send(stack, "POST", "/api/staff/login", b"{nope", {"Content-Type": "application/json"})

    assert status == 400 and _api_error(status, headers, raw)["field"] == "body"


@pytest.mark.parametrize("method, path", [("GET", "/api/no-such-route"), ("PUT", "/api/staff/login"),
                                          ("DELETE", "/api/branches/downtown-lima/menu")])
def test_a_route_or_method_that_does_not_exist_is_a_4xx_in_the_error_shape(stack, method, path):
    status, headers, raw = send(stack, method, path)

    assert status in (404, 405) and _api_error(status, headers, raw)
