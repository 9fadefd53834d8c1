"""The engines that run the SQL texts, behind one port (`QueryEngine`).

- `DuckDbEngine` (the local stack, tests, the bench): lists the facts' objects under the
  partitions the range needs (boto3; moto's S3 locally), copies them to a cache directory, and
  runs the text over `read_json` with hive partitioning, one view per kind named as the kind.
  Athena's names DuckDB lacks are macros here (`approx_percentile` -> `quantile_cont`).
- `AthenaEngine` (AWS): StartQueryExecution in the workgroup with the Glue database and the values
  as ExecutionParameters, GetQueryExecution polled for the state and the bytes scanned (the
  progress), GetQueryResults paged into rows typed by the result's metadata.

Neither imports duckdb or boto3 at module level (the REST function never loads this module at
a cold start, and duckdb is not in the Lambda zip: the deployed engine is Athena)."""
from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from ..domain.fact_kinds import KINDS
from ..observability import logger
from .queries import Scope, bind, kinds_read

Progress = Callable[[int], None]  # bytes scanned so far

# Athena's function names that DuckDB spells differently, as DuckDB macros (verified by
# tests/unit/test_report_sql.py, which runs every text on DuckDB).
DUCKDB_MACROS = (
    "CREATE MACRO approx_percentile(x, p) AS quantile_cont(x, p)",
)

# Glue/Athena type -> DuckDB type, for read_json's columns.
_DUCK_TYPES = {"string": "VARCHAR", "bigint": "BIGINT", "double": "DOUBLE", "boolean": "BOOLEAN", "int": "INTEGER"}


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    bytes_scanned: int = 0

    def as_dict(self) -> dict:
        return {"columns": self.columns, "rows": self.rows}


class QueryFailed(Exception):
    """The engine could not run the text (Athena's state FAILED/CANCELLED, a DuckDB error)."""


class QueryEngine(Protocol):
    def run(self, name: str, scope: Scope, on_progress: Progress | None = None) -> Table:
        """The rows the text `name` returns for `scope`."""


def _plain(value: Any) -> Any:
    """A JSON-friendly value (DuckDB's HUGEINT sums are ints already; decimals and dates are not)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


@dataclass
class DuckDbEngine:
    """`s3` a boto3 S3 client; the facts are under `{prefix}{kind}/chain=.../branch=.../date=.../`
    in `bucket`. Copies are kept in `cache_dir` (a temporary directory by default) and fetched
    again only when the object's size changed (a redelivered batch overwrites its object)."""

    s3: Any
    bucket: str
    prefix: str = "facts/"
    cache_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="comanda-facts-")))

    def run(self, name: str, scope: Scope, on_progress: Progress | None = None) -> Table:
        import duckdb

        sql, values = bind(name, scope)
        connection = duckdb.connect(database=":memory:")
        try:
            for macro in DUCKDB_MACROS:
                connection.execute(macro)
            scanned = 0
            for kind in kinds_read(name):
                files, size = self.fetch(kind, scope)
                scanned += size
                connection.execute(self._view(kind, files))
            if on_progress:
                on_progress(scanned)
            cursor = connection.execute(sql, values)
            columns = [d[0] for d in cursor.description]
            rows = [[_plain(v) for v in row] for row in cursor.fetchall()]
        except duckdb.Error as error:
            raise QueryFailed(f"{name}: {error}") from error
        finally:
            connection.close()
        return Table(columns, rows, scanned)

    def partition_prefixes(self, kind: str, scope: Scope) -> list[str]:
        return [f"{self.prefix}{kind}/chain={scope.chain_id}/branch={b}/" for b in scope.branch_ids]

    def objects(self, kind: str, scope: Scope) -> list[tuple[str, int]]:
        """(key, size) of every object of `kind` in the scope's partitions (the dates in range)."""
        found = []
        paginator = self.s3.get_paginator("list_objects_v2")
        for prefix in self.partition_prefixes(kind, scope):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
                for item in page.get("Contents", []):
                    rest = item["Key"][len(prefix):]
                    if not rest.startswith("date=") or "/" not in rest:
                        continue
                    day = rest[len("date="):rest.index("/")]
                    if scope.day_from <= day <= scope.day_to:
                        found.append((item["Key"], int(item["Size"])))
        return found

    def fetch(self, kind: str, scope: Scope) -> tuple[list[Path], int]:
        """Local copies of the scope's objects of `kind`, and their total size."""
        paths, total = [], 0
        for key, size in self.objects(kind, scope):
            local = self.cache_dir / key
            if not (local.is_file() and local.stat().st_size == size):
                local.parent.mkdir(parents=True, exist_ok=True)
                partial = local.with_name(local.name + f".{os.getpid()}.{threading.get_ident()}.part")
                self.s3.download_file(self.bucket, key, str(partial))
                partial.replace(local)
            paths.append(local)
            total += size
        return paths, total

    @staticmethod
    def _view(kind: str, files: list[Path]) -> str:
        """A view named as the kind over its files: the kind's columns (fact_kinds.py) and the
        partition columns from the paths, all strings. No files: an empty view of the same shape."""
        columns = KINDS[kind]
        if not files:
            typed = ", ".join(f"CAST(NULL AS {_DUCK_TYPES[t]}) AS {c}" for c, t in columns)
            return (f"CREATE VIEW {kind} AS SELECT {typed}, CAST(NULL AS VARCHAR) AS chain, "
                    f"CAST(NULL AS VARCHAR) AS branch, CAST(NULL AS VARCHAR) AS \"date\" WHERE false")
        # DuckDB cannot take parameters in a view: the paths are ours (the cache dir and the S3
        # keys the fact writer made), quoted as SQL strings.
        listed = ", ".join(_sql_string(str(f)) for f in files)
        spec = ", ".join(f"{_sql_string(c)}: {_sql_string(_DUCK_TYPES[t])}" for c, t in columns)
        return (f"CREATE VIEW {kind} AS SELECT * FROM read_json([{listed}], columns={{{spec}}}, "
                f"format='newline_delimited', hive_partitioning=true, "
                f"hive_types={{'chain': 'VARCHAR', 'branch': 'VARCHAR', 'date': 'VARCHAR'}})")


_ATHENA_TYPES: dict[str, Callable[[str], Any]] = {
    "bigint": int, "integer": int, "int": int, "smallint": int, "tinyint": int,
    "double": float, "float": float, "real": float, "decimal": float,
    "boolean": lambda v: v.lower() == "true",
}


@dataclass
class AthenaEngine:
    """`client` a boto3 Athena client. The workgroup carries the bytes-scanned cut-off and, on
    AWS, enforces its own result location (`output_location` is used where it does not)."""

    client: Any
    workgroup: str
    database: str
    output_location: str = ""
    poll_s: float = 0.5
    timeout_s: float = 600.0
    sleep: Callable[[float], None] = time.sleep

    def run(self, name: str, scope: Scope, on_progress: Progress | None = None) -> Table:
        sql, values = bind(name, scope)
        started = {
            "QueryString": sql,
            "QueryExecutionContext": {"Database": self.database},
            "WorkGroup": self.workgroup,
            # Athena's parameters are SQL literals; the values were validated (queries.Scope).
            "ExecutionParameters": [_sql_string(v) for v in values],
        }
        if self.output_location:
            started["ResultConfiguration"] = {"OutputLocation": self.output_location}
        execution_id = self.client.start_query_execution(**started)["QueryExecutionId"]
        scanned = self._wait(name, execution_id, on_progress)
        columns, rows = self._results(execution_id)
        return Table(columns, rows, scanned)

    def _wait(self, name: str, execution_id: str, on_progress: Progress | None) -> int:
        deadline = time.monotonic() + self.timeout_s
        while True:
            execution = self.client.get_query_execution(QueryExecutionId=execution_id)["QueryExecution"]
            state = execution["Status"]["State"]
            scanned = int(execution.get("Statistics", {}).get("DataScannedInBytes", 0) or 0)
            if on_progress:
                on_progress(scanned)
            if state == "SUCCEEDED":
                return scanned
            if state in ("FAILED", "CANCELLED"):
                reason = execution["Status"].get("StateChangeReason", state)
                logger.warning("athena query failed", extra={"query": name, "execution": execution_id, "reason": reason})
                raise QueryFailed(f"{name}: {reason}")
            if time.monotonic() > deadline:
                self.client.stop_query_execution(QueryExecutionId=execution_id)
                raise QueryFailed(f"{name}: took longer than {self.timeout_s:.0f} s")
            self.sleep(self.poll_s)

    def _results(self, execution_id: str) -> tuple[list[str], list[list[Any]]]:
        columns: list[str] = []
        types: list[str] = []
        rows: list[list[Any]] = []
        token: str | None = None
        first_page = True
        while True:
            page = self.client.get_query_results(QueryExecutionId=execution_id, MaxResults=1000,
                                                 **({"NextToken": token} if token else {}))
            result = page["ResultSet"]
            if first_page:
                info = result.get("ResultSetMetadata", {}).get("ColumnInfo", [])
                columns = [c["Name"] for c in info]
                types = [c.get("Type", "varchar").lower() for c in info]
            data = result.get("Rows", [])
            if first_page and data:
                data = data[1:]  # a SELECT's first row holds the column names
            for row in data:
                cells = row.get("Data", [])
                rows.append([self._typed(cells[i].get("VarCharValue") if i < len(cells) else None, t)
                             for i, t in enumerate(types)])
            first_page = False
            token = page.get("NextToken")
            if not token:
                return columns, rows

    @staticmethod
    def _typed(value: str | None, athena_type: str) -> Any:
        if value is None:
            return None
        convert = _ATHENA_TYPES.get(athena_type.split("(")[0])
        return convert(value) if convert else value
