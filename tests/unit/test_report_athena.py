"""The Athena engine on moto: the calls it makes (the query in the workgroup with the Glue
database, the values as ExecutionParameters, never in the text), the state it polls, and the
results it reads, typed by their metadata. moto does not run SQL: its documented queue of canned
results (`/moto-api/static/athena/query-results`) stands for Athena's answer."""
from __future__ import annotations

import uuid

import boto3
import pytest
import requests
from moto import mock_aws

from chalicelib.reports.engines import AthenaEngine, QueryFailed
from chalicelib.reports.queries import Scope

SCOPE = Scope("ch_test", ("b1", "b2"), "2026-03-02", "2026-03-03")


def column(name: str, kind: str) -> dict:
    return {"Name": name, "Label": name, "Type": kind, "CatalogName": "hive", "SchemaName": "", "TableName": "",
            "Precision": 0, "Scale": 0, "Nullable": "UNKNOWN", "CaseSensitive": False}


def cells(*values) -> dict:
    return {"Data": [{} if v is None else {"VarCharValue": v} for v in values]}


@pytest.fixture
def athena():
    """A workgroup of its own (under the integration tests' moto in the same process, the state
    of an inner mock_aws outlives it)."""
    with mock_aws():
        client = boto3.client("athena", region_name="us-east-1")
        name = f"comanda-reports-{uuid.uuid4().hex[:8]}"
        client.create_work_group(Name=name, Configuration={
            "ResultConfiguration": {"OutputLocation": "s3://comanda-test-reports/athena/"}})
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="comanda-test-reports")
        yield client, name


def seed(result: dict) -> None:
    reply = requests.post("http://motoapi.amazonaws.com/moto-api/static/athena/query-results",
                          json={"results": [result]}, timeout=10)
    assert reply.status_code == 201


def test_the_engine_starts_the_query_in_the_workgroup_and_reads_typed_rows(athena):
    athena, workgroup = athena
    seed({"rows": [cells("tables", "sales", "avg_check_guest", "day"), cells("3", "26000", None, "2026-03-02")],
          "column_info": [column("tables", "bigint"), column("sales", "bigint"), column("avg_check_guest", "double"),
                          column("day", "varchar")]})
    progress: list[int] = []
    engine = AthenaEngine(athena, workgroup, "comanda_facts",
                          output_location="s3://comanda-test-reports/athena/", sleep=lambda _: None)

    table = engine.run("sales_summary", SCOPE, progress.append)

    assert table.columns == ["tables", "sales", "avg_check_guest", "day"]
    assert table.rows == [[3, 26000, None, "2026-03-02"]]
    assert progress and progress[-1] == 0  # moto scans nothing; Athena's DataScannedInBytes is passed on
    (execution_id,) = athena.list_query_executions(WorkGroup=workgroup)["QueryExecutionIds"]
    execution = athena.get_query_execution(QueryExecutionId=execution_id)["QueryExecution"]
    assert execution["QueryExecutionContext"]["Database"] == "comanda_facts"
    assert execution["WorkGroup"] == workgroup
    assert execution["ExecutionParameters"] == ["'ch_test'", "'b1'", "'b2'", "'2026-03-02'", "'2026-03-03'"] * 2
    assert "ch_test" not in execution["Query"] and "FROM sessions" in execution["Query"]


def test_a_failed_query_is_an_error_naming_the_text(athena):
    athena, workgroup = athena
    engine = AthenaEngine(athena, workgroup, "comanda_facts", sleep=lambda _: None)
    real_get = athena.get_query_execution

    def failed(**kwargs):
        answer = real_get(**kwargs)
        answer["QueryExecution"]["Status"].update(State="FAILED", StateChangeReason="Bytes scanned limit exceeded")
        return answer

    athena.get_query_execution = failed  # moto's executions always succeed; Athena's may not
    with pytest.raises(QueryFailed, match="heatmap: Bytes scanned limit exceeded"):
        engine.run("heatmap", SCOPE)
