"""The requirements the Lambda zip is built from: requirements.txt and everything it pulls in,
pinned to the versions installed from it, but for the AWS SDK the Python runtime already has.

Why: pynamodb depends on botocore, so `pip download -r requirements.txt` (what chalice runs)
puts a second botocore in the zip: 16 of its 21 MB. The Lambda runtime ships boto3,
botocore, s3transfer, jmespath, python-dateutil, six and urllib3 (the SDK and its
dependencies), so the zip leaves them out. infra/package.py writes this list as the
requirements.txt of the staged project and runs chalice with PIP_NO_DEPS=1, so pip takes
exactly these pins and resolves nothing else.

Dependencies are followed from the installed distributions' metadata (the virtualenv that
`make install` builds from the same pins), with environment markers evaluated for this
interpreter: it must be the Lambda runtime's Python version (chalice checks that too).
"""
from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

from .stages import ROOT

# What every Lambda Python runtime provides (the AWS SDK for Python and its dependencies).
RUNTIME_PROVIDED = frozenset({"boto3", "botocore", "s3transfer", "jmespath", "python-dateutil", "six", "urllib3"})
# ... and the top-level names they install (what the zip must not carry).
RUNTIME_TOP_LEVEL = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six.py", "urllib3")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(path: Path) -> list[Requirement]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("-"):
            raise ValueError(f"{path.name}: option lines ({line!r}) are not supported for the Lambda")
        found.append(Requirement(line))
    return found


def lambda_requirements(requirements_file: Path = ROOT / "requirements.txt") -> list[str]:
    """`name==version` lines, sorted: the closure of the file minus what the runtime provides."""
    pinned: dict[str, str] = {}
    pending = [(req, ()) for req in _requirements(requirements_file)]
    while pending:
        requirement, extras = pending.pop()
        name = canonical(requirement.name)
        if name in RUNTIME_PROVIDED or name in pinned:
            continue
        if requirement.marker and not any(
                requirement.marker.evaluate({"extra": extra}) for extra in (extras or ("",))):
            continue
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError as exc:
            raise SystemExit(f"{requirement.name} is not installed: run `make install` first") from exc
        if requirement.specifier and not requirement.specifier.contains(dist.version, prereleases=True):
            raise SystemExit(f"{requirement.name} {dist.version} is installed, {requirement} is required: "
                             "run `make install` first")
        pinned[name] = dist.version
        wanted_extras = tuple(requirement.extras)
        for dependency in dist.requires or []:
            pending.append((Requirement(dependency), wanted_extras))
    return [f"{name}=={version}" for name, version in sorted(pinned.items())]


if __name__ == "__main__":
    print("\n".join(lambda_requirements()))
