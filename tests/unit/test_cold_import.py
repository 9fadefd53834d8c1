"""What a cold start imports: `import app` (every Lambda's handler module) registers the
routes and handlers and nothing more; pydantic, PynamoDB/botocore, PyJWT, qrcode and our
services are imported by the first request that needs them (docs/decisions.md, "Lazy imports")."""
from __future__ import annotations

import ast
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Imported by the first request that needs them, never by `import app`.
LAZY_PACKAGES = ("pydantic", "pydantic_core", "pynamodb", "boto3", "urllib3", "jwt", "qrcode", "png", "ulid", "duckdb")
LAZY_MODULES = (
    "botocore.session", "botocore.client", "chalicelib.api.schemas", "chalicelib.presenters",
    "chalicelib.auth", "chalicelib.store", "chalicelib.services", "chalicelib.realtime", "chalicelib.reports",
    "aws_lambda_powertools.utilities.idempotency", "aws_lambda_powertools.utilities.parameters",
    "aws_lambda_powertools.utilities.batch", "aws_xray_sdk",
)


def _modules_after(statement: str) -> set[str]:
    probe = f"import json, sys; {statement}; print(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "us-east-1", "COMANDA_STAGE": "dev"})
    assert done.returncode == 0, done.stderr[-3000:]
    return set(json.loads(done.stdout.splitlines()[-1]))


def test_importing_the_app_registers_routes_without_the_heavy_dependencies():
    # When a fresh interpreter imports the handler module, as a Lambda cold start does
    loaded = _modules_after("import app; assert app.app.routes")
    # Then nothing that only a request needs has been imported
    heavy = sorted(m for m in loaded if m.split(".")[0] in LAZY_PACKAGES
                   or any(m == lazy or m.startswith(lazy + ".") for lazy in LAZY_MODULES))
    assert heavy == [], "imported by `import app`; import it lazily (chalicelib/lazy.py): " + ", ".join(heavy)


def _lazy_imports() -> list[tuple[str, str]]:
    found = []
    for path in [ROOT / "app.py", *sorted((ROOT / "chalicelib").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_import":
                found.append((str(path.relative_to(ROOT)), node.args[0].value))
    return found


def test_every_lazy_import_names_a_module_that_exists():
    lazy = _lazy_imports()
    assert lazy  # the blueprints use it
    missing = [(where, name) for where, name in lazy if importlib.util.find_spec(name) is None]
    assert missing == []


def test_every_route_body_names_a_request_schema():
    from pydantic import BaseModel

    import app  # noqa: F401 - registers the routes
    from chalicelib.api.routing import ROUTE_DOCS

    bodies = [doc for doc in ROUTE_DOCS if doc.body_schema]
    assert bodies
    assert all(isinstance(doc.body, type) and issubclass(doc.body, BaseModel) for doc in bodies)


def test_a_route_takes_its_body_schema_by_name_not_by_class():
    import pytest
    from chalice import Blueprint

    from chalicelib.api.routing import route
    from chalicelib.api.schemas import LoginBody

    with pytest.raises(TypeError, match="body='LoginBody'"):
        route(Blueprint("probe"), "/probe", "POST", summary="probe", auth="public", tag="probe", body=LoginBody)
