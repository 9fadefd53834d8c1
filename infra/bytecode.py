"""Bytecode in the Lambda zip, so that a cold start does not compile what it imports.

Lambda's /var/task is read-only: without shipped bytecode, every module a cold start imports
is compiled from source at every cold start (about half of `import app`). `compile_zip`
rewrites the deployment zip that `chalice package` built:

- our code (app.py, chalicelib/) keeps its sources, readable in the console and in
  tracebacks, beside `__pycache__/<name>.cpython-3XY.pyc` compiled with an *unchecked* hash
  (the zip never changes once built, so the source need not be read to trust the bytecode);
- in third-party packages, each module our code can import (`imported_modules`: a probe
  imports the app, every chalicelib module and every module our code names in an import or
  a `lazy_import`, and builds every request schema, from the unpacked zip on a runtime
  with only the SDK) becomes a legacy sourceless `.pyc` in place of its `.py`
  (`compileall -b`); the modules it never imports (pydantic.v1, most of Powertools' event
  handler and utilities, ...) stay as sources. Bytecode is ~2.5x the size of its source
  when zipped: bytecode for everything would put the zip ~1.3 MB over its 5 MB budget,
  bytecode beside the sources ~1.4 MB.

One thing is left out: the Swagger UI that Powertools' own REST resolver can serve
(`aws_lambda_powertools/event_handler/openapi/swagger_ui/*.min.js|css`, 0.44 MB zipped, a
browser bundle): the app routes with Chalice and serves /openapi.json itself, and the
probe checks that nothing imports Powertools' event handler.

The bytecode is for the interpreter running this (chalice refuses to package for another
Python version than the stage's runtime). Every module is still there, as bytecode or as
source: what the probe misses is compiled at its first import, as before.
"""
from __future__ import annotations

import importlib.util
import json
import py_compile
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

from .lambda_requirements import RUNTIME_TOP_LEVEL

OUR_CODE = ("app.py", "chalicelib/")
LEFT_OUT_PREFIX = "aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui"
LEFT_OUT_USER = "aws_lambda_powertools/event_handler/"

# Runs in a bare interpreter (-S) whose path is the unpacked zip and the SDK only; prints the
# zip's files it imported. Imports inside functions and lazy_import names count too.
_PROBE = r'''
import ast, importlib, json, pkgutil, sys
from pathlib import Path
task = Path(sys.argv[1]).resolve()
import app, chalicelib
for found in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
    importlib.import_module(found.name)
names = set()
for path in [task / "app.py", *sorted((task / "chalicelib").rglob("*.py"))]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_import":
            names.add(node.args[0].value)
for name in sorted(names):
    try:
        importlib.import_module(name)
    except ImportError:
        pass  # `from package import name` of a class, not a module
from pydantic import BaseModel
from chalicelib.api import schemas
for model in vars(schemas).values():
    if isinstance(model, type) and issubclass(model, BaseModel) and model.__module__ == schemas.__name__:
        model.model_json_schema()
files = {getattr(m, "__file__", None) for m in list(sys.modules.values())}
print(json.dumps(sorted(str(Path(f).resolve().relative_to(task)) for f in files
                        if f and Path(f).resolve().is_relative_to(task) and f.endswith(".py"))))
'''


def is_our_code(name: str) -> bool:
    return name == OUR_CODE[0] or name.startswith(OUR_CODE[1])


def sdk_only_runtime(directory: Path) -> Path:
    """A directory holding only what the Lambda runtime adds to the path (the AWS SDK),
    linked from this interpreter's site-packages: stands for /var/runtime."""
    site = Path(sysconfig.get_paths()["purelib"])
    directory.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_TOP_LEVEL:
        link = directory / name
        if not link.exists():
            link.symlink_to(site / name, target_is_directory=(site / name).is_dir())
    return directory


def imported_modules(zip_path: Path) -> set[str]:
    """The zip's .py files that the app can import (see _PROBE), as names inside the zip."""
    with tempfile.TemporaryDirectory() as tmp:
        task = Path(tmp) / "task"
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(task)
        runtime = sdk_only_runtime(Path(tmp) / "runtime")
        done = subprocess.run(
            [sys.executable, "-S", "-c", f"import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n{_PROBE}",
             str(task), str(runtime)],
            cwd=task, capture_output=True, text=True, timeout=300,
            env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"})
        if done.returncode != 0:
            raise SystemExit(f"the app does not import from its zip:\n{done.stderr[-3000:]}")
        return set(json.loads(done.stdout.splitlines()[-1]))


def _compile(source: bytes, name: str, work: Path) -> bytes:
    src, out = work / "module.py", work / "module.pyc"
    src.write_bytes(source)
    py_compile.compile(str(src), cfile=str(out), dfile=name, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
    return out.read_bytes()


def compile_zip(path: Path) -> None:
    """Rewrites the zip at `path` in place (see the module's docstring)."""
    imported = imported_modules(path)
    if any(name.startswith(LEFT_OUT_USER) for name in imported):
        raise SystemExit(f"the app imports {LEFT_OUT_USER}: keep its Swagger UI in the zip (infra/bytecode.py)")
    rewritten = path.with_suffix(".bytecode.zip")
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(path) as source, \
            zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        work = Path(tmp)

        def add(name: str, data: bytes, like: zipfile.ZipInfo) -> None:
            info = zipfile.ZipInfo(name, date_time=like.date_time)
            info.external_attr = like.external_attr
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data, compresslevel=9)

        for info in source.infolist():
            data = source.read(info)
            name = info.filename
            if name.startswith(LEFT_OUT_PREFIX):
                continue
            if is_our_code(name) and name.endswith(".py"):
                add(name, data, info)
                add(importlib.util.cache_from_source(name), _compile(data, name, work), info)
            elif name in imported:
                add(name + "c", _compile(data, name, work), info)
            else:
                add(name, data, info)
    shutil.move(rewritten, path)
