"""The Lambda zip: small, without a second AWS SDK, and complete on a runtime that has one."""
from __future__ import annotations

import subprocess
import zipfile

from infra.bytecode import is_our_code, lambda_cache_path, sdk_only_runtime, unpack_for_this_machine
from infra.lambda_requirements import RUNTIME_PROVIDED, RUNTIME_TOP_LEVEL, canonical, lambda_requirements
from infra.package import ZIP_BUDGET_BYTES
from infra.runtime import lambda_python

SDK_TOP_LEVEL = set(RUNTIME_TOP_LEVEL)


def _names(package) -> list[str]:
    with zipfile.ZipFile(package.zip) as archive:
        return archive.namelist()


def test_the_zip_leaves_the_aws_sdk_to_the_lambda_runtime(dev_package):
    top_level = {name.split("/", 1)[0] for name in _names(dev_package)}
    assert not top_level & SDK_TOP_LEVEL
    assert not [t for t in top_level if t.endswith(".dist-info") and canonical(t.split("-")[0]) in RUNTIME_PROVIDED]


def test_the_zip_is_within_its_size_budget(dev_package):
    print(f"\n{dev_package.summary()}")
    assert dev_package.zip_bytes <= ZIP_BUDGET_BYTES


def test_the_zip_carries_the_app_and_every_pinned_dependency(dev_package):
    names = _names(dev_package)
    assert "app.py" in names and "chalicelib/store/models.py" in names and "chalice/app.pyc" in names
    dist_infos = {canonical(n.split("/", 1)[0][: -len(".dist-info")].rsplit("-", 1)[0])
                  for n in names if n.split("/", 1)[0].endswith(".dist-info")}
    assert dist_infos == {canonical(line.split("==")[0]) for line in lambda_requirements()}
    assert any(n.startswith("pydantic_core/") and n.endswith("cpython-312-aarch64-linux-gnu.so") for n in names)


EM_AARCH64 = 183  # the ELF header's e_machine of arm64


def test_the_zip_is_built_for_the_lambdas_python_and_processor_whatever_machine_built_it(dev_package):
    # Every compiled library is an arm64 ELF for CPython 3.12, every .pyc is 3.12's bytecode
    magic = subprocess.run([lambda_python(), "-c", "import importlib.util, sys; "
                            "sys.stdout.write(importlib.util.MAGIC_NUMBER.hex())"],
                           capture_output=True, text=True, check=True).stdout
    with zipfile.ZipFile(dev_package.zip) as archive:
        libraries = [n for n in archive.namelist() if n.endswith(".so")]
        assert libraries and all("cpython-312-aarch64" in n for n in libraries)
        for name in libraries:
            header = archive.read(name)[:20]
            assert header[:4] == b"\x7fELF" and int.from_bytes(header[18:20], "little") == EM_AARCH64, name
        bytecode = [n for n in archive.namelist() if n.endswith(".pyc")]
        assert bytecode and {archive.read(n)[:4].hex() for n in bytecode} == {magic}


def test_nothing_but_the_lambda_code_is_packaged(dev_package):
    top_level = {name.split("/", 1)[0] for name in _names(dev_package)}
    assert not top_level & {"tests", "infra", "devstack", "static-site", "demo", "bench", "docs"}


def test_our_code_ships_its_sources_with_their_bytecode(dev_package):
    names = set(_names(dev_package))
    ours = sorted(n for n in names if is_our_code(n) and n.endswith(".py"))
    assert "chalicelib/api/public.py" in ours
    assert [n for n in ours if lambda_cache_path(n) not in names] == []
    assert "__pycache__/app.cpython-312.pyc" in names
    assert [n for n in names if "__pycache__" in n and not is_our_code(n.split("__pycache__")[0] or "app.py")] == []


def test_third_party_modules_that_a_cold_start_imports_ship_as_bytecode_only(dev_package):
    names = set(_names(dev_package))
    for module in ("chalice/app", "pydantic/main", "pynamodb/models", "aws_lambda_powertools/logging/logger",
                   "aws_lambda_powertools/utilities/idempotency/base", "jwt/api_jwt", "qrcode/main"):
        assert f"{module}.pyc" in names and f"{module}.py" not in names, module
    # what the app never imports stays as source, compiled if ever imported
    assert "pydantic/v1/main.py" in names and "aws_lambda_powertools/event_handler/api_gateway.py" in names
    # Powertools' Swagger UI (for its own REST resolver, which the app does not use) is left out
    assert not [n for n in names if n.startswith("aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui")]


def test_every_handler_imports_from_the_zip_on_a_runtime_with_only_the_sdk(dev_package, tmp_path):
    # Given the zip unpacked as /var/task and, as /var/runtime, only the SDK the runtime ships
    # (its arm64 libraries swapped for this machine's build of the same versions), on Python 3.12
    task = unpack_for_this_machine(dev_package.zip, tmp_path / "task")
    runtime = sdk_only_runtime(tmp_path / "runtime")
    # When a bare interpreter (no site-packages) imports the app and every module of chalicelib
    probe = ("import importlib, pkgutil, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; import app, chalicelib; "
             "[importlib.import_module(m.name) for m in pkgutil.walk_packages(chalicelib.__path__, 'chalicelib.')]; "
             "from aws_lambda_powertools.utilities import parameters, batch, idempotency; print('ok')")
    done = subprocess.run([lambda_python(), "-S", "-c", probe, str(task), str(runtime)], cwd=task,
                          capture_output=True, text=True, timeout=120,
                          env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin"})
    # Then everything it needs is there
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-3000:]
