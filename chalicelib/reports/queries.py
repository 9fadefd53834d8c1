"""The SQL texts (sql/*.sql, one per table of a report) and their parameters, bound safely.

A text reads each fact kind as `{latest:kind}` (LATEST below: the scope's partitions, the highest
version per fact_id), written out when the text is loaded.

A text names its parameters `:chain`, `:branches`, `:from` and `:to`. `bind` turns them into
positional `?` markers (one per branch for `:branches`) and the list of values in the same order:
DuckDB takes them as prepared-statement parameters, Athena as ExecutionParameters. No value is
ever pasted into the SQL; the values were validated before they got here (services/reports.py)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..domain.fact_kinds import KINDS

SQL_DIR = Path(__file__).resolve().parent / "sql"
_MARKER = re.compile(r":(chain|branches|from|to)\b")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9_.\-]*$")  # chain and branch ids as the store makes them ("" is a member's no-branch)


@dataclass(frozen=True)
class Scope:
    """What a query reads: one chain, some of its branches, an inclusive range of business days."""

    chain_id: str
    branch_ids: tuple[str, ...]
    day_from: str
    day_to: str

    def __post_init__(self) -> None:
        if not self.chain_id or not _ID.match(self.chain_id):
            raise ValueError(f"not a chain id: {self.chain_id!r}")
        if not self.branch_ids or not all(_ID.match(b) for b in self.branch_ids):
            raise ValueError(f"not branch ids: {self.branch_ids!r}")
        if not (_DAY.match(self.day_from) and _DAY.match(self.day_to)) or self.day_from > self.day_to:
            raise ValueError(f"not a range of days: {self.day_from!r}..{self.day_to!r}")


# Every text reads a kind through this sub-select, written `{latest:kind}` in the file: the
# partitions of the scope (by equality on chain and branch: Athena's injected projection needs it),
# and per fact_id only the row of the highest version (exactly once, docs/reports.md).
_LATEST = re.compile(r"\{latest:(\w+)\}")
LATEST = """(
    SELECT * FROM (
        SELECT *, row_number() OVER (PARTITION BY fact_id ORDER BY version DESC NULLS LAST) AS fact_rank
        FROM {kind}
        WHERE chain = :chain AND branch IN (:branches) AND "date" BETWEEN :from AND :to
    ) latest WHERE fact_rank = 1
)"""


def _latest(match: re.Match[str]) -> str:
    if match.group(1) not in KINDS:
        raise ValueError(f"no fact kind {match.group(1)!r}")
    return LATEST.format(kind=match.group(1))


# A fragment several texts share (the floor's waits, the kitchen's times), written `{part:name}`:
# sql/parts/{name}.sql, its leading comment lines dropped.
_PART = re.compile(r"\{part:(\w+)\}")


def _part(match: re.Match[str]) -> str:
    path = SQL_DIR / "parts" / f"{match.group(1)}.sql"
    if not path.is_file():
        raise ValueError(f"no SQL part named {match.group(1)!r}")
    lines = path.read_text(encoding="utf-8").rstrip("\n").splitlines()
    return "\n".join(line for line in lines if not line.startswith("--"))


@functools.cache
def text(name: str) -> str:
    """The SQL text `sql/{name}.sql`, its `{part:...}` fragments and `{latest:kind}` sub-selects
    written out (ValueError: no such text)."""
    if not re.fullmatch(r"[a-z_]+", name) or not (SQL_DIR / f"{name}.sql").is_file():
        raise ValueError(f"no SQL text named {name!r}")
    return _LATEST.sub(_latest, _PART.sub(_part, (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")))


def names() -> list[str]:
    return sorted(p.stem for p in SQL_DIR.glob("*.sql"))


@functools.cache
def kinds_read(name: str) -> tuple[str, ...]:
    """The fact kinds (tables) a text reads."""
    sql = text(name)
    return tuple(k for k in KINDS if re.search(rf"\bFROM\s+{k}\b", sql))


def bind(name: str, scope: Scope) -> tuple[str, list[str]]:
    """The text with `?` markers, and the values in their order."""
    values: list[str] = []

    def marker(match: re.Match[str]) -> str:
        key = match.group(1)
        if key == "branches":
            values.extend(scope.branch_ids)
            return ", ".join("?" for _ in scope.branch_ids)
        values.append({"chain": scope.chain_id, "from": scope.day_from, "to": scope.day_to}[key])
        return "?"

    return _MARKER.sub(marker, text(name)), values
