"""cfn-lint on a packaged SAM template, and on the CloudFormation the SAM transform makes of it.

    python -m infra.lint build/dev/package/sam.json [...]

cfn-lint checks a SAM template against SAM's schemas but not the properties of a function's
`Events`; the transform (aws-sam-translator, offline) turns those into EventSourceMappings,
which cfn-lint then checks like any resource. Exit status 0 when both are clean.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from .deploy import with_code_location


def sam_transform(template: dict[str, Any]) -> dict[str, Any]:
    from samtranslator.translator.transform import transform

    class NoManagedPolicies:  # every role is ours: nothing to look up in AWS
        def load(self) -> dict[str, Any]:
            return {}

    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")  # the transform's ARNs need one; not used
    uploaded = with_code_location(template, "comanda-artifacts-000000000000", "code.zip")
    return transform(uploaded, {}, NoManagedPolicies())


def cfn_lint(*paths: Path) -> int:
    command = [sys.executable, "-c", "from cfnlint.runner import main; main()", *map(str, paths)]
    return subprocess.run(command).returncode


def main(argv: list[str] | None = None) -> None:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    status = cfn_lint(*paths)
    with tempfile.TemporaryDirectory() as tmp:
        transformed = []
        for path in paths:
            out = Path(tmp) / f"{path.parent.parent.name or 'template'}-transformed.json"
            out.write_text(json.dumps(sam_transform(json.loads(path.read_text(encoding="utf-8")))))
            transformed.append(out)
        status = status or cfn_lint(*transformed)
    if status:
        raise SystemExit(status)
    print(f"cfn-lint: clean ({len(paths)} SAM template(s) and their transformed CloudFormation)")


if __name__ == "__main__":
    main()
