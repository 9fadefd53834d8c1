"""How a report run is started and kept: the asynchronous Lambda invoke (moto's Lambda without
Docker, which accepts the call as AWS would), the thread the local stack uses instead, and the
JSON objects in the reports bucket."""
from __future__ import annotations

import io
import threading
import uuid
import zipfile

import boto3
from moto import mock_aws

from chalicelib.reports.runs import JsonObjects, LambdaRunStarter, ThreadRunStarter


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("app.py", "def reports(event, context):\n    return event\n")
    return buffer.getvalue()


@mock_aws(config={"lambda": {"use_docker": False}})
def test_the_rest_function_invokes_the_report_function_asynchronously():
    unique = uuid.uuid4().hex[:8]  # an inner mock_aws under the integration tests' one keeps its state
    role = boto3.client("iam", region_name="us-east-1").create_role(
        RoleName=f"reports-{unique}", AssumeRolePolicyDocument="{}")["Role"]["Arn"]
    client = boto3.client("lambda", region_name="us-east-1")
    client.create_function(FunctionName=f"comanda-dev-reports-{unique}", Runtime="python3.12", Role=role,
                           Handler="app.reports", Code={"ZipFile": _zip()})

    LambdaRunStarter(client, f"comanda-dev-reports-{unique}").start("run_" + "0" * 24)  # accepted as AWS would: no error


def test_the_local_stack_runs_the_same_handler_in_a_thread():
    seen: list[dict] = []
    done = threading.Event()

    def handler(event: dict) -> None:
        seen.append(event)
        done.set()

    ThreadRunStarter(handler).start("run_1")

    assert done.wait(5) and seen == [{"runId": "run_1"}]


@mock_aws
def test_run_states_are_json_objects_in_the_reports_bucket():
    s3 = boto3.client("s3", region_name="us-east-1")
    bucket = f"reports-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(Bucket=bucket)
    documents = JsonObjects(s3, bucket)

    documents.put("runs/run_1.json", {"state": "running", "progress": {"step": 0}})

    assert documents.get("runs/run_1.json") == {"state": "running", "progress": {"step": 0}}
    assert documents.get("runs/run_2.json") is None
