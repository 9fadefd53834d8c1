"""What the stack puts in the embedded AWS on start: tables, bucket, demo chain, photos
and the static site."""
from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from infra.site import content_type as site_content_type

log = logging.getLogger("devstack.provision")
DEMO_DAYS = 28  # chalicelib.demo_history.DEMO_DAYS (imported late: the stack imports the app after moto starts)


def content_type(path: Path) -> str:
    """The same Content-Type the deployed site gets (infra/site.py uploads it to S3)."""
    return site_content_type(path.name)


@dataclass
class Provisioned:
    seeded_objects: int
    photos: int
    history_facts: int = 0  # the demo's past service in the facts bucket (issue 19)


def provision(project_dir: Path, bucket: str, chain_file: Path | None = None, history_days: int | None = None) -> Provisioned:
    """Tables, buckets, demo chain (or `chain_file`'s, e.g. a benchmark's bigger one), menu
    photos, and `history_days` of past service in the facts bucket (default: the demo's four
    weeks for the demo chain, none for another): idempotent, like the seed. (The static site is
    uploaded, and kept in step, by SiteSync.)"""
    import boto3
    from botocore.exceptions import ClientError

    from chalicelib.config import settings
    from chalicelib.seed import seed_chain, seed_history, upload_photos
    from chalicelib.store.schema import create_tables

    create_tables()
    s3 = boto3.client("s3")
    for name in (bucket, settings.facts_bucket, settings.reports_bucket):
        try:
            s3.create_bucket(Bucket=name)
        except ClientError as error:
            if error.response["Error"]["Code"] not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                raise
    chain = json.loads((chain_file or project_dir / "demo" / "chain.json").read_text(encoding="utf-8"))
    report = seed_chain(chain)
    seed_history(chain)  # the demo's closed table and its payment (Tables > History)
    photos = upload_photos(project_dir / "demo" / "photos", bucket, s3=s3)
    _verify_mail_sender()
    history = _past_service(chain, s3, history_days if history_days is not None else
                            (DEMO_DAYS if chain_file is None or chain_file == project_dir / "demo" / "chain.json" else 0))
    return Provisioned(seeded_objects=report.created, photos=photos, history_facts=history)


def _past_service(chain: dict, s3: Any, days: int) -> int:
    """The demo's past service (chalicelib/demo_history.py) into the facts bucket, through the
    facts' rules and the same S3 writer as the stream's: every report has something to show on
    a first visit. Deterministic: a restart rewrites the same objects."""
    if days <= 0:
        return 0
    from chalicelib.config import settings
    from chalicelib.demo_history import seed_demo_history
    from chalicelib.store.facts import S3FactSink

    report = seed_demo_history(chain, S3FactSink(settings.facts_bucket, s3), days=days)
    log.info("demo history: %d days, %d sessions, %d facts in %d objects (%.1f s)", days, report.sessions,
             report.facts, report.objects, report.seconds)
    return report.facts


def _verify_mail_sender() -> None:
    """SES sends only from a verified identity (moto checks it too): the stack verifies the
    app's sender, as an operator does once per AWS account (infra/README.md)."""
    import boto3
    from botocore.exceptions import ClientError

    from chalicelib.config import settings

    try:
        boto3.client("sesv2").create_email_identity(EmailIdentity=settings.mail_from)
    except ClientError as error:
        if error.response["Error"]["Code"] != "AlreadyExistsException":
            raise


def site_files(site_dir: Path) -> dict[str, tuple[Path, int, int]]:
    """key -> (path, mtime_ns, size) of every file of the site (dot-files left out)."""
    found: dict[str, tuple[Path, int, int]] = {}
    if not site_dir.is_dir():
        return found
    for path in site_dir.rglob("*"):
        relative = path.relative_to(site_dir)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        stat = path.stat()
        found[relative.as_posix()] = (path, stat.st_mtime_ns, stat.st_size)
    return found


class SiteSync:
    """Keeps the bucket in step with `static-site/` while the stack runs, so an edited page
    shows on the next reload (a deploy does this once; a developer saves every minute)."""

    def __init__(self, site_dir: Path, bucket: str, s3: Any, interval_s: float = 1.0,
                 on_change: Callable[[], None] = lambda: None) -> None:
        """`on_change` runs after each sync that uploaded or deleted something (the local
        edge's invalidation, as a deploy invalidates CloudFront)."""
        self._site_dir, self._bucket, self._s3, self._interval_s = site_dir, bucket, s3, interval_s
        self._on_change = on_change
        self._known: dict[str, tuple[Path, int, int]] = {}  # the first sync_once uploads everything
        self._stopping = threading.Event()
        self._started = False
        self._thread = threading.Thread(target=self._run, name="site-sync", daemon=True)

    def start(self) -> None:
        self._started = True
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def sync_once(self) -> int:
        """Uploads new and changed files, deletes removed ones; returns how many changed."""
        current = site_files(self._site_dir)
        changed = [key for key, entry in current.items() if self._known.get(key, (None, 0, 0))[1:] != entry[1:]]
        removed = [key for key in self._known if key not in current]
        for key in changed:
            path = current[key][0]
            self._s3.put_object(Bucket=self._bucket, Key=key, Body=path.read_bytes(), ContentType=content_type(path))
        for key in removed:
            self._s3.delete_object(Bucket=self._bucket, Key=key)
        if changed or removed:
            self._on_change()
        if self._started and (changed or removed):
            names = sorted(changed) + [f"-{key}" for key in sorted(removed)]
            more = f" (+{len(names) - 4})" if len(names) > 4 else ""
            log.info("static-site -> bucket: %s%s", ", ".join(names[:4]), more)
        self._known = current
        return len(changed) + len(removed)

    def _run(self) -> None:
        while not self._stopping.wait(self._interval_s):
            try:
                self.sync_once()
            except Exception:  # a file mid-save, moto stopping: try again next round
                log.debug("static-site sync failed", exc_info=True)
