"""Modules imported on first use, so that a cold start imports only what registering the
routes needs (docs/decisions.md, "Lazy imports").

    diners = lazy_import("chalicelib.services.diners")   # at module level: nothing imported yet
    diners.describe_table(...)                            # first use imports it (once; then a dict lookup)

Use it in `app.py`, `chalicelib/api/*` and `bootstrap.py` for anything that reaches pydantic,
PynamoDB/botocore, PyJWT, qrcode or Powertools utilities. Domain modules, `config` and
`routing`/`errors`/`parsing` are light and are imported normally. `tests/unit/test_cold_import.py`
lists what `import app` may load.
"""
from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for a module (by absolute name) and imports it on the first attribute read."""

    __slots__ = ("_name",)

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.module(), attribute)

    def module(self) -> ModuleType:
        return importlib.import_module(self._name)

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_import(name: str) -> Any:
    """`name` is absolute (`"chalicelib.services.menus"`); typed Any so calls read as usual."""
    return LazyModule(name)
