"""The local stack sends the headers the deployed site sends: each file's Cache-Control as
infra/site.py uploads it to S3, text gzipped from 1,000 bytes as CloudFront compresses it
(never deflate, which CloudFront does not send), so page weights measured locally hold on AWS;
and every header of CloudFront's response headers policy (read from the template) on every
kind of answer: pages, files, photos, /api and errors."""
from __future__ import annotations

import asyncio
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from devstack.static import MEDIA_CACHE, cache_control
from devstack.web import COMPRESS_FROM_BYTES, accepts_gzip, compress
from infra.site import SITE
from infra.site import cache_control as uploaded_with


def test_every_site_file_gets_the_cache_control_it_is_uploaded_with():
    keys = [p.relative_to(SITE).as_posix() for p in SITE.rglob("*") if p.is_file()]
    assert {"index.html", "js/diner/boot.js", "css/diner.css", "favicon.svg"} <= set(keys)
    for key in keys:
        assert cache_control(key, None) == uploaded_with(key), key
    assert cache_control("index.html", None) == "no-cache"
    assert "must-revalidate" in cache_control("js/diner/boot.js", None)


def test_photos_keep_the_header_they_were_stored_with_else_a_year():
    assert cache_control("media/menu/x.jpg", "public, max-age=60") == "public, max-age=60"
    assert cache_control("media/menu/x.jpg", None) == MEDIA_CACHE


@pytest.mark.parametrize("header, gzip_ok", [
    ("gzip, deflate, br, zstd", True), ("deflate", False), ("", False), ("br;q=1, gzip;q=0", False),
    ("*", True), ("GZIP;q=0.5", True),
])
def test_gzip_is_sent_to_whoever_accepts_it(header, gzip_ok):
    assert accepts_gzip(header) is gzip_ok


def _responses(accept_encoding: str, size: int, content_type: str = "text/javascript") -> tuple[dict, bytes]:
    async def run():
        async def handler(_request):
            return web.Response(body=b"x" * size, headers={"Content-Type": content_type})

        app = web.Application(middlewares=[compress])
        app.router.add_get("/f", handler)
        async with TestClient(TestServer(app)) as client:
            response = await client.get("/f", headers={"Accept-Encoding": accept_encoding}, auto_decompress=False)
            return response.headers.copy(), await response.read()

    return asyncio.run(run())


def test_text_from_1000_bytes_is_gzipped_never_deflated():
    headers, body = _responses("gzip, deflate, br, zstd", COMPRESS_FROM_BYTES)
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == b"x" * COMPRESS_FROM_BYTES
    assert "Accept-Encoding" in headers.get("Vary", "")
    headers, body = _responses("deflate", 5000)
    assert "Content-Encoding" not in headers and body == b"x" * 5000
    headers, _ = _responses("gzip", COMPRESS_FROM_BYTES - 1)
    assert "Content-Encoding" not in headers
    headers, _ = _responses("gzip", 5000, "image/jpeg")
    assert "Content-Encoding" not in headers


# -- the security headers of CloudFront's response headers policy, read from the template ----
ROOT = Path(__file__).resolve().parents[2]
# CloudFront's SecurityHeadersConfig fields and the header each one adds (its documentation)
SECURITY_HEADER_OF = {
    "ContentSecurityPolicy": "Content-Security-Policy", "ContentTypeOptions": "X-Content-Type-Options",
    "FrameOptions": "X-Frame-Options", "ReferrerPolicy": "Referrer-Policy",
    "StrictTransportSecurity": "Strict-Transport-Security", "XSSProtection": "X-XSS-Protection",
}


@pytest.fixture(scope="module")
def edge_policy(tmp_path_factory) -> dict:
    """The ResponseHeadersPolicyConfig of the template `python -m infra.template` writes (in a
    child process: this one must not import the app before the stack sets its environment)."""
    out = tmp_path_factory.mktemp("template") / "merge.json"
    env = {**os.environ, "COMANDA_STAGE": "local", "COMANDA_JWT_SECRET": "template-only"}
    subprocess.run([sys.executable, "-m", "infra.template", "--stage", "dev", "--out", str(out)], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=300)
    template = json.loads(out.read_text(encoding="utf-8"))
    return template["Resources"]["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]


def _expected(policy: dict) -> dict[str, str]:
    """Every header of the policy but the CSP (compared directive by directive), as CloudFront sends it."""
    security, expected = policy["SecurityHeadersConfig"], {}
    assert set(security) <= set(SECURITY_HEADER_OF), "a header this test does not know how CloudFront sends"
    for field, config in security.items():
        assert config["Override"] is True, field
        if field == "ContentTypeOptions":
            expected["X-Content-Type-Options"] = "nosniff"
        elif field == "FrameOptions":
            expected["X-Frame-Options"] = config["FrameOption"]
        elif field == "ReferrerPolicy":
            expected["Referrer-Policy"] = config["ReferrerPolicy"]
        elif field == "StrictTransportSecurity":
            expected["Strict-Transport-Security"] = f"max-age={config['AccessControlMaxAgeSec']}" + (
                "; includeSubDomains" if config["IncludeSubdomains"] else "") + ("; preload" if config["Preload"] else "")
        elif field == "XSSProtection":
            expected["X-XSS-Protection"] = ("1" if config["Protection"] else "0") + (
                "; mode=block" if config.get("ModeBlock") else "")
    for item in policy.get("CustomHeadersConfig", {}).get("Items", []):
        assert item["Override"] is True
        expected[item["Header"]] = item["Value"]
    return expected


def _directives(policy: str) -> dict[str, set[str]]:
    return {parts[0]: set(parts[1:]) for parts in (d.split() for d in policy.split(";")) if parts}


# a page, an app page, a script, a photo, the public menu, API answers and errors of every kind
EVERY_KIND_OF_PATH = [
    ("GET", "/", None), ("GET", "/downtown-lima/T12", None), ("GET", "/staff/", None),
    ("GET", "/js/diner/boot.js", None), ("GET", "/media/menu/ceviche-clasico.jpg", None),
    ("GET", "/no-such-file.png", None), ("GET", "/downtown-lima/T1%00", None), ("POST", "/", None),
    ("GET", "/api/branches/downtown-lima/menu", None), ("GET", "/api/branches/downtown-lima/tables/T12", None),
    ("GET", "/api/session", None), ("GET", "/api/no-such-route", None), ("GET", "/api/openapi.json", None),
    ("POST", "/api/staff/login", b"<p>"), ("POST", "/api/staff/login", b"x" * (1024 * 1024 + 1)),
]


@pytest.mark.parametrize("method, path, body", EVERY_KIND_OF_PATH, ids=[f"{m} {p}" for m, p, _ in EVERY_KIND_OF_PATH])
def test_every_answer_carries_every_header_of_cloudfronts_policy(stack, edge_policy, method, path, body):
    from tests.devstack.test_bad_paths import send

    status, headers, raw = send(stack, method, path, body, {"Content-Type": "text/html"} if body else {})

    for name, value in _expected(edge_policy).items():
        assert headers.get(name) == value, (name, status)
    on_aws = _directives(edge_policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"][0])
    here = _directives(headers["Content-Security-Policy"])
    socket = f"ws://{urlsplit(stack.api_url).netloc}"
    # plain HTTP: no upgrade to https; the socket is ws:// on this host; S3 uploads are same-origin
    assert set(here) == set(on_aws) - {"upgrade-insecure-requests"}
    for directive, sources in on_aws.items():
        aws_sources = {s for s in sources if "${" not in s}
        if directive == "script-src":  # this answer's own inline scripts, of those CloudFront allows
            assert "'self'" in here[directive] and here[directive] <= aws_sources
        elif directive == "connect-src":
            assert here[directive] == aws_sources | {socket}
        elif directive != "upgrade-insecure-requests":
            assert here[directive] == aws_sources, directive


def test_the_diner_page_may_run_its_inline_script_as_on_aws(stack, edge_policy):
    from tests.devstack.test_bad_paths import send

    _, headers, _ = send(stack, "GET", "/downtown-lima/T12")

    on_aws = _directives(edge_policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"][0])
    assert _directives(headers["Content-Security-Policy"])["script-src"] == on_aws["script-src"]
