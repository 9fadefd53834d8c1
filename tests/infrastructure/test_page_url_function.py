"""The CloudFront Function that gives page URLs their app's index.html, run with node (the
same JavaScript CloudFront runs; skipped where node is missing)."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from infra.template import PAGE_URL_FUNCTION

node = shutil.which("node")
pytestmark = pytest.mark.skipif(node is None, reason="node is not installed")

CASES = {
    "/": "/index.html",
    "/downtown-lima/T12": "/index.html",
    "/downtown-lima/T12/menu": "/index.html",
    "/staff": "/staff/index.html",
    "/staff/": "/staff/index.html",
    "/staff/tables/T12": "/staff/index.html",
    "/kitchen": "/kitchen/index.html",
    "/js/lib/api.js": "/js/lib/api.js",
    "/css/base.css": "/css/base.css",
    "/media/menu/ceviche-clasico.jpg": "/media/menu/ceviche-clasico.jpg",
    "/staff/app.js": "/staff/app.js",
    "/favicon.ico": "/favicon.ico",
    "/.well-known": "/index.html",
}


def _run(uris: list[str]) -> list[dict]:
    harness = (PAGE_URL_FUNCTION.read_text(encoding="utf-8")
               + "\nconst uris = JSON.parse(process.argv[1]);"
               + "\nconsole.log(JSON.stringify(uris.map(u => handler({request: {method: 'GET', uri: u,"
               + " querystring: {}, headers: {}, cookies: {}}}))));")
    done = subprocess.run([node, "-e", harness, json.dumps(uris)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_page_urls_get_their_apps_index_and_files_pass_through():
    answers = _run(list(CASES))
    assert {uri: answer.get("uri") for uri, answer in zip(CASES, answers)} == CASES


@pytest.mark.parametrize("uri", ["/../etc/passwd", "/staff/../index.html", "/a/./b"])
def test_dot_segments_are_refused(uri):
    (answer,) = _run([uri])
    assert answer["statusCode"] == 400
