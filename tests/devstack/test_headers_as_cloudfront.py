"""The local stack sends the headers the deployed site sends: each file's Cache-Control as
infra/site.py uploads it to S3, and text gzipped from 1,000 bytes as CloudFront compresses it
(never deflate, which CloudFront does not send), so page weights measured locally hold on AWS."""
from __future__ import annotations

import asyncio
import gzip

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from devstack.static import MEDIA_CACHE, cache_control
from devstack.web import COMPRESS_FROM_BYTES, accepts_gzip, compress
from infra.site import SITE, cache_control as uploaded_with


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
