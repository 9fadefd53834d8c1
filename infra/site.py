"""Uploading static-site/ to the stage's bucket with the right types and cache headers.

The pages have no build step, so file names carry no content hash: HTML and the runtime
config are never cached stale (`no-cache`: the browser revalidates with the ETag); scripts,
styles and translations may sit at the edge for 5 minutes but browsers revalidate them;
images and fonts are cached a day. The deploy invalidates the distribution afterwards, so
a release is live at once. `media/` (menu photos) belongs to the app and is never pruned.
"""
from __future__ import annotations

import base64
import hashlib
import json
import mimetypes
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .stages import ROOT

SITE = ROOT / "static-site"
RUNTIME_CONFIG_KEY = "runtime-config.json"
APP_OWNED_PREFIXES = ("media/",)

NO_CACHE = "no-cache"
REVALIDATE = "public, max-age=0, s-maxage=300, must-revalidate"
A_DAY = "public, max-age=86400"

_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".woff2": "font/woff2",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
}
_REVALIDATED = {".js", ".mjs", ".css", ".json", ".webmanifest"}


@dataclass(frozen=True)
class Upload:
    key: str
    content_type: str
    cache_control: str
    body: bytes


_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


def inline_script_sources(html: str) -> list[str]:
    """The Content-Security-Policy sources (`'sha256-...'`) allowing the page's inline scripts
    (`<script>` without attributes: the diner page's early requests), nothing else inline."""
    return [f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"
            for body in _INLINE_SCRIPT.findall(html)]


def site_inline_script_sources(site: Path = SITE) -> list[str]:
    """Every page's inline-script sources, for the one policy CloudFront adds to every answer."""
    return list(dict.fromkeys(source for page in sorted(site.rglob("*.html"))
                              for source in inline_script_sources(page.read_text(encoding="utf-8"))))


def content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def cache_control(key: str) -> str:
    suffix = Path(key).suffix.lower()
    if suffix == ".html" or key == RUNTIME_CONFIG_KEY:
        return NO_CACHE
    if suffix in _REVALIDATED:
        return REVALIDATE
    return A_DAY


def runtime_config(stage: str, public_base_url: str, release: str) -> dict[str, Any]:
    """What a page may want to know about where it runs (all on the one origin)."""
    return {"stage": stage, "api": "/api", "ws": "/ws", "media": "/media",
            "publicBaseUrl": public_base_url, "release": release}


def plan(site: Path, config: dict[str, Any]) -> list[Upload]:
    uploads = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        key = path.relative_to(site).as_posix()
        if any(part.startswith(".") for part in key.split("/")) or key.startswith(APP_OWNED_PREFIXES):
            continue
        uploads.append(Upload(key, content_type(key), cache_control(key), path.read_bytes()))
    body = (json.dumps(config, indent=2) + "\n").encode()
    key = RUNTIME_CONFIG_KEY
    uploads.append(Upload(key, content_type(key), cache_control(key), body))
    return uploads


def _existing_keys(s3: Any, bucket: str) -> Iterable[str]:
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            yield item["Key"]


def upload(s3: Any, bucket: str, uploads: list[Upload], *, prune: bool = True) -> tuple[int, int]:
    """Puts every file, then removes pages no longer in the site (never the app's media/)."""
    for item in uploads:
        s3.put_object(Bucket=bucket, Key=item.key, Body=item.body, ContentType=item.content_type,
                      CacheControl=item.cache_control)
    removed = 0
    if prune:
        wanted = {item.key for item in uploads}
        stale = [k for k in _existing_keys(s3, bucket) if k not in wanted and not k.startswith(APP_OWNED_PREFIXES)]
        for start in range(0, len(stale), 1000):
            s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in stale[start:start + 1000]]})
        removed = len(stale)
    return len(uploads), removed
