"""`make package`: the deployable template and zip of a stage, offline.

    python -m infra.package --stage dev [--out build/dev]

1. stages the project in <out>/project: app.py, chalicelib/, .chalice/config.json and the
   stage's policy, and in vendor/ the wheels of infra/lambda_requirements.py's list (no AWS
   SDK: the runtime has it) for the Lambda's Python and processor (infra/runtime.py);
2. writes the merge template <out>/merge.json (infra/template.py);
3. runs `chalice package --stage <stage> --merge-template <out>/merge.json <out>/package`
   with PIP_NO_DEPS=1 (pip takes the pinned closure and adds nothing);
4. compiles the zip's Python to bytecode (infra/bytecode.py: our sources stay, with
   unchecked-hash .pyc beside them; third-party packages become sourceless .pyc), since
   Lambda cannot write bytecode into its read-only /var/task at a cold start;
5. checks the zip (no boto3/botocore, under the size budget) and prints its size.

The wheels are cached in build/.lambda-wheels by the pins they were asked for, shared by every
stage and test run, so pip runs only when the requirements change. Nothing here calls AWS.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from .bytecode import compile_zip
from .lambda_requirements import RUNTIME_PROVIDED, RUNTIME_TOP_LEVEL, lambda_requirements
from .policy import build_policy, policy_path, render
from .runtime import vendor_dependencies
from .stages import ROOT, load_stage
from .template import build_merge_template

ZIP_BUDGET_BYTES = 5 * 1024 * 1024
DEPENDENCY_CACHE = ROOT / "build" / ".chalice-deployments"
FORBIDDEN_TOP_LEVEL = frozenset(RUNTIME_TOP_LEVEL)
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".pytest_cache")


@dataclass(frozen=True)
class Package:
    stage: str
    template: Path
    zip: Path
    zip_bytes: int
    files: int
    top_level: dict[str, int]  # compressed bytes per top-level name, largest first

    def summary(self) -> str:
        biggest = ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in list(self.top_level.items())[:5])
        return (f"{self.zip.relative_to(ROOT) if self.zip.is_relative_to(ROOT) else self.zip}: "
                f"{self.zip_bytes / 1e6:.2f} MB ({self.zip_bytes} bytes, {self.files} files; largest: {biggest})")


def stage_project(project: Path, stage_name: str) -> None:
    """A copy of what the Lambda runs, with the Lambda's own requirements.txt."""
    project.mkdir(parents=True, exist_ok=True)
    for stale in ("app.py", "chalicelib", "requirements.txt", "vendor"):
        target = project / stale
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
    shutil.copy2(ROOT / "app.py", project / "app.py")
    shutil.copytree(ROOT / "chalicelib", project / "chalicelib", ignore=_IGNORED)
    (project / ".chalice").mkdir(exist_ok=True)
    cache = project / ".chalice" / "deployments"
    if not cache.is_symlink():
        if cache.exists():
            shutil.rmtree(cache)
        DEPENDENCY_CACHE.mkdir(parents=True, exist_ok=True)
        cache.symlink_to(DEPENDENCY_CACHE, target_is_directory=True)
    config = json.loads((ROOT / ".chalice" / "config.json").read_text(encoding="utf-8"))
    stage = load_stage(stage_name)
    config["stages"].setdefault(stage_name, stage.chalice_config())  # any stage name deploys
    (project / ".chalice" / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    kept = policy_path(stage_name)  # dev's and prod's are kept (and checked) in .chalice/
    (project / ".chalice" / kept.name).write_text(
        kept.read_text(encoding="utf-8") if kept.exists() else render(build_policy(stage)), encoding="utf-8")
    # chalice would fetch wheels for the Python and processor running it: the Lambda's are
    # installed into vendor/ instead (infra/runtime.py), and chalice is given nothing to fetch
    (project / "requirements.txt").write_text("", encoding="utf-8")
    vendor_dependencies(lambda_requirements(), project / "vendor")


def inspect_zip(path: Path) -> tuple[int, dict[str, int]]:
    sizes: dict[str, int] = {}
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        for info in infos:
            top = info.filename.split("/", 1)[0]
            sizes[top] = sizes.get(top, 0) + info.compress_size
    return len(infos), dict(sorted(sizes.items(), key=lambda kv: -kv[1]))


def _chalice() -> list[str]:
    script = Path(sys.executable).parent / "chalice"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from chalice.cli import main; main()"]


def package(stage_name: str, out: Path) -> Package:
    stage = load_stage(stage_name)
    out = out.resolve()
    project = out / "project"
    stage_project(project, stage_name)
    merge = out / "merge.json"
    merge.write_text(json.dumps(build_merge_template(stage), indent=2) + "\n", encoding="utf-8")
    target = out / "package"
    if target.exists():
        shutil.rmtree(target)
    env = {**os.environ, "PIP_NO_DEPS": "1"}
    env.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # chalice wants one; the template does not use it
    for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        env.pop(name, None)
    subprocess.run([*_chalice(), "package", "--stage", stage_name, "--merge-template", str(merge), str(target)],
                   cwd=project, env=env, check=True, stdout=subprocess.DEVNULL)
    archive = target / "deployment.zip"
    compile_zip(archive)
    files, top_level = inspect_zip(archive)
    result = Package(stage_name, target / "sam.json", archive, archive.stat().st_size, files, top_level)
    bundled_sdk = sorted(FORBIDDEN_TOP_LEVEL & set(top_level))
    if bundled_sdk:
        raise SystemExit(f"the zip carries what the runtime provides ({', '.join(bundled_sdk)}): "
                         f"see infra/lambda_requirements.py ({', '.join(sorted(RUNTIME_PROVIDED))})")
    (target / "package-report.json").write_text(json.dumps(
        {**asdict(result), "template": str(result.template), "zip": str(result.zip)}, indent=2) + "\n")
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Package a stage offline (template + zip)")
    parser.add_argument("--stage", default="dev", help="any stage name (dev, prod, acme-lima, ...)")
    parser.add_argument("--out", type=Path, default=None, help="default: build/<stage>")
    args = parser.parse_args(argv)
    result = package(args.stage, args.out or ROOT / "build" / args.stage)
    print(result.summary())
    if result.zip_bytes > ZIP_BUDGET_BYTES:
        raise SystemExit(f"the zip is over its {ZIP_BUDGET_BYTES / 1e6:.1f} MB budget")
    print(f"template: {result.template}")


if __name__ == "__main__":
    main()
