"""Just enough IAM to read our policies: resolve `Fn::Sub` and decide Allow for an action on
a resource (Allow statements with Action and Resource, `*` and `?` wildcards)."""
from __future__ import annotations

import re
from typing import Any

from tests.infrastructure.aws_calls import ACCOUNT, REGION

PSEUDO = {"AWS::Region": REGION, "AWS::AccountId": ACCOUNT, "AWS::Partition": "aws", "AWS::URLSuffix": "amazonaws.com"}


def resolve(value: Any, refs: dict[str, str]) -> Any:
    """A policy with every Fn::Sub substituted from the pseudo parameters and `refs`."""
    if isinstance(value, dict) and set(value) == {"Fn::Sub"}:
        text, variables = (value["Fn::Sub"], {}) if isinstance(value["Fn::Sub"], str) else value["Fn::Sub"]
        names = {**PSEUDO, **refs, **variables}
        return re.sub(r"\$\{([^}]+)\}", lambda m: names[m.group(1)], text)
    if isinstance(value, dict):
        return {k: resolve(v, refs) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, refs) for v in value]
    return value


def _as_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else [value]


def _matches(pattern: str, value: str, *, case_sensitive: bool = True) -> bool:
    regex = "^" + re.escape(pattern).replace(r"\*", ".*").replace(r"\?", ".") + "$"
    return re.match(regex, value, 0 if case_sensitive else re.IGNORECASE) is not None


def _applies(statement: dict[str, Any], action: str, resource: str) -> bool:
    return any(_matches(a, action, case_sensitive=False) for a in _as_list(statement["Action"])) and any(
        _matches(r, resource) for r in _as_list(statement["Resource"]))


def allows(policy: dict[str, Any], action: str, resource: str) -> bool:
    """An Allow applies and no Deny does (an explicit Deny wins)."""
    allowed = False
    for statement in policy["Statement"]:
        assert statement["Effect"] in ("Allow", "Deny") and "NotAction" not in statement \
            and "NotResource" not in statement
        if "Condition" in statement:
            assert statement["Effect"] == "Allow"  # a conditional Deny would need the condition read
            continue
        if _applies(statement, action, resource):
            if statement["Effect"] == "Deny":
                return False
            allowed = True
    return allowed


def granted(policy: dict[str, Any]) -> set[tuple[str, str]]:
    """Every (action, resource pattern) pair the policy's Allow statements list."""
    return {(a, r) for s in policy["Statement"] if s["Effect"] == "Allow"
            for a in _as_list(s["Action"]) for r in _as_list(s["Resource"])}
