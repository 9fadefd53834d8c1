"""Infrastructure tests: the packaged stage (template + zip), built once per run, offline.

`chalice package` runs once per stage and session (a few seconds: pip reads the local
wheel mirrors); the stage journey, which records the app's AWS requests in moto, runs once
in its own process (about 10 s). Nothing here imports tests/integration.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from infra.package import Package, package
from infra.stages import ROOT

STAGES = ("dev", "prod")


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, Package]:
    build = tmp_path_factory.mktemp("build")
    return {stage: package(stage, build / stage) for stage in STAGES}


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
    out = tmp_path_factory.mktemp("journey") / "calls.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.infrastructure.stage_journey", str(dev_package.template), str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    recorded = json.loads(out.read_text(encoding="utf-8"))
    return {"needs": [tuple(n) for n in recorded["needs"]], "operations": recorded["operations"],
            "refs": recorded["refs"]}


def resources_of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def read_root(path: str) -> Path:
    return ROOT / path
