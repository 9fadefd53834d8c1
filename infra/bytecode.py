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

The bytecode is for the Lambda's Python (infra/runtime.py): a Python 3.12 of this machine
compiles it and runs the probe, on the zip with its compiled packages swapped for this
machine's build of the same versions (the zip's are for arm64). Every module is still there,
as bytecode or as source: what the probe misses is compiled at its first import, as before.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sysconfig
import tempfile
import zipfile
from pathlib import Path

from .lambda_requirements import RUNTIME_TOP_LEVEL
from .runtime import PYTHON_VERSION, host_overlay, lambda_python

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


def lambda_cache_path(source: str) -> str:
    """Where the Lambda's Python looks for a module's bytecode (`a/__pycache__/b.cpython-312.pyc`)."""
    folder, _, file = source.rpartition("/")
    return f"{folder + '/' if folder else ''}__pycache__/{file[:-3]}.cpython-{PYTHON_VERSION.replace('.', '')}.pyc"


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


def unpack_for_this_machine(zip_path: Path, task: Path) -> Path:
    """The zip unpacked as /var/task, its compiled packages built for this machine instead."""
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(task)
    host_overlay(task)
    return task


def imported_modules(zip_path: Path) -> set[str]:
    """The zip's .py files that the app can import (see _PROBE), as names inside the zip."""
    with tempfile.TemporaryDirectory() as tmp:
        task = unpack_for_this_machine(zip_path, Path(tmp) / "task")
        runtime = sdk_only_runtime(Path(tmp) / "runtime")
        done = subprocess.run(
            [lambda_python(), "-S", "-c", f"import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n{_PROBE}",
             str(task), str(runtime)],
            cwd=task, capture_output=True, text=True, timeout=300,
            env={"AWS_DEFAULT_REGION": "us-east-1", "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"})
        if done.returncode != 0:
            raise SystemExit(f"the app does not import from its zip:\n{done.stderr[-3000:]}")
        return set(json.loads(done.stdout.splitlines()[-1]))


_COMPILE = r"""
import json, py_compile, sys
for source, target, name in json.load(sys.stdin):
    py_compile.compile(source, cfile=target, dfile=name, doraise=True,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
"""


def compile_for_lambda(sources: dict[str, bytes], work: Path) -> dict[str, bytes]:
    """Bytecode of each source (by its name in the zip), written by the Lambda's Python."""
    jobs = []
    for number, (name, data) in enumerate(sources.items()):
        src = work / f"{number}.py"
        src.write_bytes(data)
        jobs.append((str(src), str(work / f"{number}.pyc"), name))
    subprocess.run([lambda_python(), "-c", _COMPILE], input=json.dumps(jobs), text=True, check=True,
                   env={"PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"})
    return {name: Path(target).read_bytes() for _, target, name in jobs}


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

        infos = [info for info in source.infolist() if not info.filename.startswith(LEFT_OUT_PREFIX)]
        to_compile = {info.filename: source.read(info) for info in infos
                      if (is_our_code(info.filename) and info.filename.endswith(".py")) or info.filename in imported}
        compiled = compile_for_lambda(to_compile, work)
        for info in infos:
            name = info.filename
            if is_our_code(name) and name.endswith(".py"):
                add(name, to_compile[name], info)
                add(lambda_cache_path(name), compiled[name], info)
            elif name in imported:
                add(name + "c", compiled[name], info)
            else:
                add(name, source.read(info), info)
    shutil.move(rewritten, path)
