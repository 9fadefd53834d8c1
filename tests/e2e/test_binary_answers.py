"""Binary answers through a gateway that decodes as API Gateway does (issue 14, point 4).

API Gateway sends a Lambda's base64 body as bytes only when the request's FIRST Accept type
matches one of the API's binaryMediaTypes; otherwise the base64 text goes out as is. The
local gateway now does the same, with the deployed list of types: a table's QR PNG must be a
real PNG for a print shop's `*/*`, `image/*`, a browser's default Accept and `image/png`, and
JSON answers must stay JSON (request bodies reach the Lambda base64-encoded meanwhile)."""
from __future__ import annotations

import io
import json
import urllib.error
import urllib.request

import pytest
import zxingcpp
from PIL import Image

DOWNTOWN = "br_downtown-lima"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def fetch(url: str, accept: str | None, token: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    if accept is not None:
        request.add_header("Accept", accept)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.parametrize("accept", ["*/*", "image/*", BROWSER_ACCEPT, "image/png"],
                         ids=["any", "any-image", "browser-default", "png"])
def test_the_qr_png_is_a_png_that_scans_to_the_table_whatever_the_accept(stack, http, accept):
    # When a manager (or a print shop's tool, or a browser tab) downloads T12's code as PNG
    status, headers, body = fetch(f"{stack.api_url}/staff/branches/{DOWNTOWN}/tables/T12/qr.png", accept,
                                  http.login())
    # Then it is the PNG's bytes, not their base64 text, and a scanner reads the table's URL
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body.startswith(PNG_SIGNATURE), f"not a PNG: {body[:24]!r}"
    found = [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(body)))
             if r.format == zxingcpp.BarcodeFormat.QRCode]
    assert found == [f"{stack.site_url}/downtown-lima/T12"]


@pytest.mark.parametrize("accept", ["application/json", None], ids=["json", "none"])
def test_a_png_asked_for_without_an_accept_that_allows_it_is_a_400_in_our_shape(stack, http, accept):
    status, headers, body = fetch(f"{stack.api_url}/staff/branches/{DOWNTOWN}/tables/T12/qr.png", accept,
                                  http.login())
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["field"] == "Accept"


@pytest.mark.parametrize("accept", ["*/*", BROWSER_ACCEPT, "application/json"])
def test_json_answers_stay_json_whatever_the_accept(stack, http, accept):
    status, headers, body = fetch(f"{stack.api_url}/staff/branches", accept, http.login())
    assert status == 200 and headers["Content-Type"] == "application/json"
    assert DOWNTOWN in {b["id"] for b in json.loads(body)["branches"]}


def test_a_json_body_reaches_the_app_though_the_gateway_hands_it_over_base64(stack, http):
    # Given a body API Gateway encodes (its Content-Type matches `*/*`), sent with a browser's Accept
    request = urllib.request.Request(f"{stack.api_url}/staff/login", method="POST",
                                     data=json.dumps({"email": "nobody@demo.comanda", "password": "x" * 8}).encode(),
                                     headers={"Content-Type": "application/json", "Accept": BROWSER_ACCEPT})
    # Then the app reads it: a wrong login is a 401 in our shape, not a 400 about the body
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)
    assert refused.value.code == 401
    assert json.loads(refused.value.read())["error"]["code"] == "INVALID_CREDENTIALS"
