"""Infrastructure tests: the packaged stage (template + zip), built once per run, offline.

`chalice package` runs once per stage and session (a few seconds: pip reads the local
wheel mirrors); the stage journey, which records the app's AWS requests in moto, runs once
in its own process (about 10 s). Nothing here imports tests/integration.

Under pytest-xdist (`make test` runs this group with two workers) both are made once for the
whole run, by the first worker that asks, under a file lock, and read by the other: two
`chalice package` runs at once would race on the shared wheel and deployment caches in build/.
"""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from infra.package import Package, package
from infra.stages import ROOT

STAGES = ("dev", "prod")


def once_per_run(tmp_path_factory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder `make` filled once in this run: by this process, or (xdist) by whichever
    worker came first, while the others waited on its lock."""
    if "PYTEST_XDIST_WORKER" not in os.environ:
        folder = tmp_path_factory.mktemp(name)
        make(folder)
        return folder
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, common to its workers
    folder, done = shared / name, shared / f"{name}.done"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            folder.mkdir(exist_ok=True)
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, Package]:
    def build(folder: Path) -> None:
        made = {stage: asdict(package(stage, folder / stage)) for stage in STAGES}
        (folder / "packages.json").write_text(json.dumps(made, default=str), encoding="utf-8")

    made = json.loads((once_per_run(tmp_path_factory, "build", build) / "packages.json").read_text(encoding="utf-8"))
    return {stage: Package(**{**fields, "template": Path(fields["template"]), "zip": Path(fields["zip"])})
            for stage, fields in made.items()}


@pytest.fixture(scope="session")
def dev_package(packages) -> Package:
    return packages["dev"]


@pytest.fixture(scope="session")
def templates(packages) -> dict[str, dict[str, Any]]:
    return {stage: json.loads(p.template.read_text(encoding="utf-8")) for stage, p in packages.items()}


@pytest.fixture(scope="session")
def template(templates) -> dict[str, Any]:
    """The packaged dev stage's SAM template."""
    return templates["dev"]


@pytest.fixture(scope="session")
def journey(dev_package, tmp_path_factory) -> dict[str, Any]:
    """What the app asked of AWS during an evening on the packaged dev stage (moto)."""
    def record(folder: Path) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "tests.infrastructure.stage_journey", str(dev_package.template),
             str(folder / "calls.json")],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]

    recorded = json.loads((once_per_run(tmp_path_factory, "journey", record) / "calls.json").read_text(encoding="utf-8"))
    return {"needs": [tuple(n) for n in recorded["needs"]], "operations": recorded["operations"],
            "refs": recorded["refs"],
            # functions with policies of their own (the facts consumer): what each asked, by chalice name
            "by_function": {name: [tuple(n) for n in needs] for name, needs in recorded["by_function"].items()}}


def resources_of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def read_root(path: str) -> Path:
    return ROOT / path
