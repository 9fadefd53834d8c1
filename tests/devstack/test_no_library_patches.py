"""Neither the local stack (devstack/) nor the Lambda's code (chalicelib/) patches a name of
the libraries they stand on, or reaches into their private names (issue 15): every upgrade
of moto, botocore, PynamoDB or Chalice would be a porting job. The one shim left is listed
below with its reason (docs/decisions.md, "moto as shipped"), and has its own test that fails
when the library changes under it."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIBRARIES = ("moto", "botocore", "boto3", "pynamodb", "chalice", "werkzeug")

# file -> the source of each allowed patch, with why it stays
ALLOWED = {
    # PynamoDB has no setting for its botocore session; tests/unit/test_botocore_data.py
    "chalicelib/store/botocore_data.py": {"base.get_session = botocore_session"},
}


def _library_names(tree: ast.Module) -> set[str]:
    """Names the module binds to a library's modules, classes or functions."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in LIBRARIES:
                    names.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _root(node: ast.expr) -> str | None:
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def findings(path: Path) -> list[str]:
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    library = _library_names(tree)
    found = []

    def report(node: ast.AST, why: str) -> None:
        found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {why}: {ast.get_source_segment(source, node)}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in LIBRARIES:
            for alias in node.names:
                if _is_private(alias.name):
                    report(node, "imports a private name")
        elif isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Delete)):
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [node.target]
            for target in targets:
                if isinstance(target, (ast.Attribute, ast.Subscript)) and _root(target) in library:
                    report(node, "assigns to a library's name")
                if isinstance(target, ast.Attribute) and target.attr == "__class__":
                    report(node, "swaps a class")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr" \
                and node.args and _root(node.args[0]) in library:
            report(node, "setattr on a library's name")
        elif isinstance(node, ast.Attribute) and _is_private(node.attr) and not (
                isinstance(node.value, ast.Name) and node.value.id in ("self", "cls", "os")):  # os._exit is public
            report(node, "reads a private name")
        elif isinstance(node, ast.ClassDef) and any(_root(base) in library for base in node.bases):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and _is_private(item.name):
                    report(item, f"overrides a library's private method {item.name}")
    allowed = ALLOWED.get(str(path.relative_to(ROOT)), set())
    return [f for f in found if not any(f.endswith(f": {a}") for a in allowed)]


def test_no_library_is_patched_or_reached_into():
    files = sorted([*ROOT.glob("devstack/**/*.py"), *ROOT.glob("chalicelib/**/*.py"), ROOT / "app.py"])
    assert len(files) > 20
    problems = [problem for path in files for problem in findings(path)]
    assert problems == []


def test_the_allowed_shim_is_still_there_to_be_allowed():
    """An entry of ALLOWED that no longer matches anything should be removed."""
    for file, patches in ALLOWED.items():
        source = (ROOT / file).read_text(encoding="utf-8")
        assert all(patch in source for patch in patches), file
