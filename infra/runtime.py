"""The Lambda runtime the stage runs on, and building for it from any machine.

Python 3.12 on arm64 (Graviton): AL2023 underneath (python3.11 runs on Amazon Linux 2, out
of support since June 2026), faster cold starts and a lower price per millisecond than x86_64.
The template pins both per function (infra/template.py), whatever Python or processor builds
the package:

- the dependencies are pip's wheels for that platform (`manylinux*_aarch64`, cp312), installed
  into the staged project's `vendor/` (chalice copies it into the zip as is), never built here;
- the bytecode is compiled by a Python 3.12 interpreter found on this machine (`lambda_python`),
  since a .pyc is only read by the minor version that wrote it;
- the import probe (infra/bytecode.py) and the tests run the zip with that interpreter, its
  compiled packages swapped for this machine's build of the same versions (`host_overlay`).
"""
from __future__ import annotations

import functools
import glob
import hashlib
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path

from .stages import ROOT

PYTHON_VERSION = "3.12"
LAMBDA_RUNTIME = f"python{PYTHON_VERSION}"
LAMBDA_ARCHITECTURE = "arm64"
# glibc 2.34 on AL2023: any manylinux tag up to that one runs
LAMBDA_PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_17_aarch64", "manylinux_2_28_aarch64")
WHEEL_CACHE = ROOT / "build" / ".lambda-wheels"


@functools.cache
def lambda_python() -> str:
    """A Python 3.12 interpreter on this machine: COMANDA_LAMBDA_PYTHON, `python3.12` on the
    PATH, or a pyenv-installed 3.12 (pyenv's shim only answers for the selected version)."""
    candidates = [os.environ.get("COMANDA_LAMBDA_PYTHON", ""), shutil.which(f"python{PYTHON_VERSION}") or ""]
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(f"{pyenv_root}/versions/{PYTHON_VERSION}.*/bin/python{PYTHON_VERSION}"),
                         reverse=True)
    candidates += [f"/usr/bin/python{PYTHON_VERSION}", f"/usr/local/bin/python{PYTHON_VERSION}"]
    for candidate in filter(None, candidates):
        done = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.strip() == PYTHON_VERSION:
            return candidate
    raise SystemExit(f"packaging for {LAMBDA_RUNTIME} compiles its bytecode with Python {PYTHON_VERSION}: "
                     f"install it (pyenv install {PYTHON_VERSION}, or your distribution's python{PYTHON_VERSION}) "
                     f"or point COMANDA_LAMBDA_PYTHON at one")


def _pip_install(requirements: list[str], target: Path, platforms: tuple[str, ...]) -> None:
    """Wheels of exactly these pins for the platforms and Python 3.12, into `target` (cached by
    what was asked, so pip runs once per change of the pins)."""
    key = hashlib.sha256("\n".join([*requirements, *platforms, PYTHON_VERSION]).encode()).hexdigest()[:16]
    cached = WHEEL_CACHE / key
    if not cached.exists():
        work = cached.with_name(key + ".partial")
        shutil.rmtree(work, ignore_errors=True)
        platform_args = [arg for p in platforms for arg in ("--platform", p)]
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-compile", "--only-binary=:all:",
             "--implementation", "cp", "--python-version", PYTHON_VERSION, *platform_args,
             "--target", str(work), *requirements],
            check=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
        for leftover in ("bin", "__pycache__"):  # console scripts, bytecode of this Python
            shutil.rmtree(work / leftover, ignore_errors=True)
        work.rename(cached)
    shutil.copytree(cached, target, dirs_exist_ok=True)


def vendor_dependencies(requirements: list[str], vendor: Path) -> None:
    """The Lambda's dependencies, built for its platform, into the staged project's vendor/."""
    _pip_install(requirements, vendor, LAMBDA_PLATFORMS)


def _host_platforms() -> tuple[str, ...]:
    machine = platform.machine()
    return tuple(f"{tag}_{machine}" for tag in ("manylinux2014", "manylinux_2_17", "manylinux_2_28"))


def compiled_distributions(tree: Path) -> dict[str, list[str]]:
    """`name==version` -> its top-level names, for each distribution in `tree` whose wheel is
    not pure Python (what cannot be imported on another processor)."""
    found: dict[str, list[str]] = {}
    for dist_info in tree.glob("*.dist-info"):
        wheel = dist_info / "WHEEL"
        if not wheel.exists() or "Root-Is-Purelib: false" not in wheel.read_text(encoding="utf-8"):
            continue
        name, version = dist_info.name[: -len(".dist-info")].rsplit("-", 1)
        record = (dist_info / "RECORD").read_text(encoding="utf-8").splitlines()
        tops = {line.split(",", 1)[0].split("/", 1)[0] for line in record if line}
        found[f"{name}=={version}"] = sorted(t for t in tops if not t.endswith(".dist-info") and t != "..")
    return found


def host_overlay(tree: Path) -> None:
    """Swaps, in an unpacked zip, each compiled package for this machine's build of the same
    version, so that the zip's Python (identical on every processor) can be imported here."""
    compiled = compiled_distributions(tree)
    if not compiled or platform.machine() in ("aarch64", "arm64"):
        return
    for names in compiled.values():
        for name in names:
            if (tree / name).is_dir():
                shutil.rmtree(tree / name)
            elif (tree / name).exists():
                (tree / name).unlink()
    _pip_install(sorted(compiled), tree, _host_platforms())


def lambda_sdk(directory: Path) -> Path:
    """The AWS SDK as the Lambda runtime has it (the versions this project pins, compiled by
    the Lambda's Python), for benchmarks that time imports: /var/runtime on this machine."""
    from importlib import metadata

    from .lambda_requirements import RUNTIME_PROVIDED

    pins = sorted(f"{name}=={metadata.version(name)}" for name in RUNTIME_PROVIDED)
    if not (directory / "boto3").exists():
        _pip_install(pins, directory, _host_platforms() + ("any",))
        subprocess.run([lambda_python(), "-m", "compileall", "-q", "-j", "0", str(directory)], check=True)
    return directory
