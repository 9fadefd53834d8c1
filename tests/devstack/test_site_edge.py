"""The local stack's edge (devstack/static.py `SiteBucket`): the site's files are read from the
bucket once and then served from memory, as CloudFront's edge serves them; the local deploy
(`SiteSync`, which uploads an edited file of static-site/) empties it, as a deploy's
invalidation does, so an edited page shows on the next reload. The app's photos are always
read from the bucket."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

from devstack.motoserver import MotoServer, WriteSignal
from devstack.provision import SiteSync
from devstack.static import SiteBucket
from tests.devstack.test_moto_server import CREDENTIALS, _account_endpoints_disabled

BUCKET = "edge-test-site"


@pytest.fixture(scope="module")
def s3() -> Iterator[Any]:
    with _account_endpoints_disabled():
        server = MotoServer(WriteSignal())
        server.start()
        client = boto3.client("s3", endpoint_url=server.url, **CREDENTIALS)
        client.create_bucket(Bucket=BUCKET)
        yield client
        server.stop()


def _body(edge: SiteBucket, key: str) -> bytes | None:
    found = edge.get(key)
    return None if found is None else found["body"]


def test_an_edited_file_is_served_fresh_once_the_local_deploy_has_uploaded_it(s3, tmp_path: Path):
    # Given a site of one page, uploaded, and read once through the edge
    (tmp_path / "index.html").write_text("<p>one</p>")
    edge = SiteBucket(BUCKET, s3)
    deploy = SiteSync(tmp_path, BUCKET, s3, on_change=edge.invalidate)
    assert deploy.sync_once() == 1
    assert (_body(edge, "index.html"), _body(edge, "app.js")) == (b"<p>one</p>", None)
    # When the bucket changes behind the edge's back, the edge keeps what it read (as CloudFront
    # does until it is invalidated): proof that the second read did not go to the bucket
    s3.put_object(Bucket=BUCKET, Key="index.html", Body=b"<p>behind</p>")
    assert _body(edge, "index.html") == b"<p>one</p>"
    # When a developer edits the page and adds a module, and the local deploy uploads them
    (tmp_path / "index.html").write_text("<p>two, edited</p>")
    (tmp_path / "app.js").write_text("export {};")
    assert deploy.sync_once() == 2
    # Then both are served as they are now, the module no longer a cached miss
    assert (_body(edge, "index.html"), _body(edge, "app.js")) == (b"<p>two, edited</p>", b"export {};")
    # And a deploy that changed nothing keeps the edge as it is
    assert deploy.sync_once() == 0


def test_photos_the_app_writes_while_the_stack_runs_are_always_read_from_the_bucket(s3):
    edge = SiteBucket(BUCKET, s3)
    assert edge.get("media/menu/new-dish.jpg") is None
    s3.put_object(Bucket=BUCKET, Key="media/menu/new-dish.jpg", Body=b"jpeg one", ContentType="image/jpeg")
    assert _body(edge, "media/menu/new-dish.jpg") == b"jpeg one"
    s3.put_object(Bucket=BUCKET, Key="media/menu/new-dish.jpg", Body=b"jpeg two", ContentType="image/jpeg")
    assert _body(edge, "media/menu/new-dish.jpg") == b"jpeg two"


def test_endless_made_up_paths_do_not_grow_the_edge_without_bound(s3, monkeypatch):
    import devstack.static

    monkeypatch.setattr(devstack.static, "EDGE_ENTRIES", 8)
    edge = SiteBucket(BUCKET, s3)
    for n in range(30):
        assert edge.get(f"made-up/{n}") is None
    assert len(edge) <= 8
