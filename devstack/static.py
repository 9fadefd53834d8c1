"""Everything not under /api, /ws: the static site from the S3 bucket, as CloudFront serves it
(its security headers are added to every answer by devstack/web.py, as CloudFront's policy does).

moto's S3 has no website hosting, so the page-URL fallback is done here: a URL without a
file extension is a page of the single-page app (`/downtown-lima/T12/menu`) and gets
`index.html` (or `staff/index.html` / `kitchen/index.html` for those apps, once they exist).
"""
from __future__ import annotations

import asyncio
import posixpath
import re
import threading
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_to_bytes

from aiohttp import web
from botocore.exceptions import ClientError

from infra.site import cache_control as site_cache_control

SEPARATE_APPS = ("staff", "kitchen")  # first path segments that may have their own index.html
INDEX = "index.html"

MAX_PATH_BYTES = 1024  # an S3 key's limit: a longer path names no object
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def bad_path(raw_path: str) -> str | None:
    """Why a request's path (as sent, percent-encoded) cannot name a page or file, if it cannot:
    too long, invalid percent-encoding, not UTF-8 once decoded, or control characters in it.
    Such a path is a 400, never a 5xx (it used to reach S3 as a key: `/T1%00` was a 500)."""
    path = raw_path.split("?", 1)[0]
    if len(path) > MAX_PATH_BYTES:
        return "the path is too long"
    if _BAD_PERCENT.search(path):
        return "the path has an invalid percent-encoding"
    try:
        decoded = unquote_to_bytes(path).decode("utf-8")
    except UnicodeDecodeError:
        return "the path is not UTF-8"
    if any(ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F for ch in decoded):
        return "the path has control characters"
    return None


MEDIA_CACHE = "public, max-age=31536000, immutable"
EDGE_ENTRIES = 2048  # the site has ~100 files; misses of made-up paths fill the rest, then it starts over


@dataclass(frozen=True)
class Lookup:
    candidates: tuple[str, ...]  # bucket keys to try, in order
    is_page: bool  # no extension: an app page, so the SPA fallback applies


def lookup(path: str) -> Lookup | None:
    """The keys a URL path may be served from; None for a path that cannot be a key."""
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") or "\\" in part for part in parts):
        return None
    if not parts:
        return Lookup((INDEX,), is_page=True)
    key = "/".join(parts)
    has_extension = bool(posixpath.splitext(parts[-1])[1])
    if has_extension and not path.endswith("/"):
        return Lookup((key,), is_page=False)
    candidates: list[str] = [] if path.endswith("/") else [key]
    candidates.append(f"{key}/{INDEX}")
    if parts[0] in SEPARATE_APPS:
        candidates.append(f"{parts[0]}/{INDEX}")
    candidates.append(INDEX)
    return Lookup(tuple(dict.fromkeys(candidates)), is_page=True)


def cache_control(key: str, stored: str | None) -> str:
    """What the browser gets on AWS: the app's photos keep the header they were stored with; the
    site's files the one infra/site.py uploads them with (HTML never stale, scripts and styles
    revalidated, images a day)."""
    if key.startswith("media/"):
        return stored or MEDIA_CACHE
    return site_cache_control(key)


class SiteBucket:
    """Reads objects from the (moto) bucket with a botocore client; blocking calls.

    The site's own files are kept in memory once read, as CloudFront's edge keeps them on AWS:
    a page load asks for some thirty modules, and each read through moto's S3 costs the local
    stack more than the page itself. `SiteSync` is the local deploy and, like the deploy's
    CloudFront invalidation, empties this cache whenever it uploads a change. The app's photos
    (`media/`) are always read from the bucket: they are written while the stack runs."""

    def __init__(self, bucket: str, s3: Any) -> None:
        self._bucket = bucket
        self._s3 = s3
        self._edge: dict[str, dict[str, Any] | None] = {}  # site key -> object, or None: no such key
        self._edge_lock = threading.Lock()

    def __len__(self) -> int:
        """Keys the edge holds (found or known missing)."""
        return len(self._edge)

    def invalidate(self) -> None:
        with self._edge_lock:
            self._edge.clear()

    def get(self, key: str) -> dict[str, Any] | None:
        if key.startswith("media/"):
            return self._read(key)
        with self._edge_lock:
            if key in self._edge:
                return self._edge[key]
        found = self._read(key)
        with self._edge_lock:
            if len(self._edge) >= EDGE_ENTRIES:  # a script asking for endless made-up paths
                self._edge.clear()
            self._edge[key] = found
        return found

    def _read(self, key: str) -> dict[str, Any] | None:
        try:
            found = self._s3.get_object(Bucket=self._bucket, Key=key)
        except self._s3.exceptions.NoSuchKey:
            return None
        except ClientError as exc:  # a key S3 will not look up (too long, odd characters): no such file
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") in (400, 404):
                return None
            raise
        return {"body": found["Body"].read(), "content_type": found.get("ContentType") or "application/octet-stream",
                "etag": found.get("ETag", ""), "cache_control": found.get("CacheControl")}

    def first(self, keys: tuple[str, ...]) -> tuple[str, dict[str, Any]] | None:
        for key in keys:
            found = self.get(key)
            if found is not None:
                return key, found
        return None


def _not_found(path: str) -> web.Response:
    return web.Response(status=404, text=f"Not found: {path}\n", headers={"Cache-Control": "no-cache"})


def _bad_request(reason: str) -> web.Response:
    return web.Response(status=400, text=f"Bad request: {reason}.\n", headers={"Cache-Control": "no-store"})


_NO_PAGES_HTML = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Comanda</title>"
    "<h1>Comanda</h1><p>The API is up, but <code>static-site/</code> has no <code>index.html</code> yet: "
    "the diner and staff pages are not there.</p>"
    "<p>API description: <a href=/api/openapi.json>/api/openapi.json</a></p>\n")


def _no_pages() -> web.Response:
    return web.Response(status=404, text=_NO_PAGES_HTML, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-cache"})


class StaticSite:
    def __init__(self, bucket: SiteBucket, executor: Executor) -> None:
        self._bucket = bucket
        self._executor = executor

    async def handle(self, request: web.Request) -> web.Response:
        if request.method not in ("GET", "HEAD"):
            raise web.HTTPMethodNotAllowed(request.method, ["GET", "HEAD"])
        problem = bad_path(request.raw_path)
        if problem:
            return _bad_request(problem)
        found_lookup = lookup(request.path)
        if found_lookup is None:
            return _not_found(request.path)
        loop = asyncio.get_running_loop()
        found = await loop.run_in_executor(self._executor, self._bucket.first, found_lookup.candidates)
        if found is None:
            return _no_pages() if found_lookup.is_page else _not_found(request.path)
        key, item = found
        headers = {"Content-Type": item["content_type"], "Cache-Control": cache_control(key, item["cache_control"])}
        if item["etag"]:
            headers["ETag"] = item["etag"]
            if item["etag"] in request.headers.get("If-None-Match", ""):
                return web.Response(status=304, headers={k: v for k, v in headers.items() if k != "Content-Type"})
        return web.Response(body=item["body"], headers=headers)
