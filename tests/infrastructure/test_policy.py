"""Least privilege: the functions' policy allows every request the app made during the stage
journey, and nothing the app does not do, only on the stage's own resources."""
from __future__ import annotations

import json

import pytest

from chalicelib.store.models import ALL_MODELS, STREAM_MODELS
from infra.policy import build_policy, narrowed, policy_path, render
from infra.stages import load_stage
from infra.tables import table_specs
from infra.template import LambdaFunction, is_facts_consumer
from tests.infrastructure.conftest import resources_of_type
from tests.infrastructure.iam import allows, granted, resolve
from tests.infrastructure.stage_journey import WEBSOCKET_API_ID

# The buckets' names are CloudFormation's (`<stack>-sitebucket-<random>`).
REFS = {"WebsocketAPI": WEBSOCKET_API_ID, "SiteBucket": "comanda-dev-sitebucket-1a2b3c4d5e6f",
        "FactsBucket": "comanda-dev-factsbucket-1a2b3c4d5e6f", "ReportsBucket": "comanda-dev-reportsbucket-1a2b3c4d5e6f"}
# Needed by the stream function's event source mapping and its on-failure destination,
# which Lambda's service uses with the function's role (not calls the app makes itself).
EVENT_SOURCE_ACTIONS = {"dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                        "dynamodb:ListStreams", "sqs:SendMessage"}
LOG_ACTIONS = {"logs:CreateLogStream", "logs:PutLogEvents"}


def _policy(template, role_id: str = "ApiHandlerRole", refs: dict | None = None, whole: bool = False) -> dict:
    """The role's stage policy, or (`whole`) all its policies together: the REST role adds starting
    report runs, whose every action and resource test_reports_data_path.py asserts."""
    entries = [p for p in template["Resources"][role_id]["Properties"]["Policies"]
               if whole or p["PolicyName"] == f"{role_id}Policy"]
    statements = [s for entry in entries for s in entry["PolicyDocument"]["Statement"]]
    return resolve({"Version": "2012-10-17", "Statement": statements}, {**REFS, **(refs or {})})


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_policy_files_are_what_the_code_needs(stage):
    assert policy_path(stage).read_text(encoding="utf-8") == render(build_policy(load_stage(stage))), \
        "stale: run `python -m infra.policy`"


def test_every_function_runs_with_the_stage_policy_narrowed_to_its_account_and_api(templates):
    for stage, template in templates.items():
        expected = narrowed(json.loads(policy_path(stage).read_text(encoding="utf-8")))
        functions = resources_of_type(template, "AWS::Serverless::Function")
        assert functions
        for logical_id, function in functions.items():
            role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
            policies = template["Resources"][role_id]["Properties"]["Policies"]
            assert "ManagedPolicyArns" not in template["Resources"][role_id]["Properties"]
            if logical_id == "Reports" or is_facts_consumer(LambdaFunction(logical_id, role_id, function["Properties"][
                    "FunctionName"].removeprefix(f"comanda-{stage}-"))):
                continue  # their own policies, action by action: test_reports_data_path.py
            assert policies[0]["PolicyDocument"] == expected
            # the REST function alone adds starting report runs (test_reports_data_path.py)
            assert [p["PolicyName"] for p in policies[1:]] == (
                [f"{role_id}ReportRuns"] if logical_id == "APIHandler" else [])


def test_the_policy_allows_every_request_the_app_made(template, journey):
    policy = _policy(template, refs=journey["refs"], whole=True)  # the buckets moto's CloudFormation named
    refused = [need for need in journey["needs"] if not allows(policy, *need)]
    assert not refused


def test_the_policy_grants_no_dynamodb_action_the_app_does_not_perform(template, journey):
    performed = {action for action, _ in journey["needs"] if action.startswith("dynamodb:")}
    granted_actions = {action for action, _ in granted(_policy(template))
                       if action.startswith("dynamodb:")} - EVENT_SOURCE_ACTIONS
    assert granted_actions == performed


def test_the_policy_grants_only_these_services_and_actions(template, journey):
    performed = {action for action, _ in journey["needs"]}
    everything = {action for action, _ in granted(_policy(template, whole=True))}
    # Report runs (the REST role's addition) are performed once app.py has the reports function;
    # ListBucket is never a request of the app's: it makes a missing run or cache key a 404.
    reports = {"s3:ListBucket"} | (set() if "reports" in journey["by_function"]
                                   else {"lambda:InvokeFunction", "s3:GetObject"})
    assert everything == performed | EVENT_SOURCE_ACTIONS | LOG_ACTIONS | reports
    assert not [a for a in everything if "*" in a]


def test_table_permissions_name_the_stage_tables_and_indexes_one_by_one(template):
    account = "arn:aws:dynamodb:us-east-1:123456789012"
    tables = {f"{account}:table/comanda-dev-{spec.short_name}" for spec in table_specs()}
    indexes = {f"{account}:table/comanda-dev-{spec.short_name}/index/{index}"
               for spec in table_specs() for index in spec.index_names}
    streams = {f"{account}:table/comanda-dev-{spec.short_name}/stream/*"
               for spec in table_specs() if spec.model in STREAM_MODELS}
    resources = {resource for action, resource in granted(_policy(template)) if action.startswith("dynamodb:")}
    assert resources == tables | indexes | streams
    assert len(tables) == len(ALL_MODELS)


def test_the_other_permissions_name_one_stage_resource_each(template):
    by_action = {}
    for action, resource in granted(_policy(template)):
        by_action.setdefault(action, set()).add(resource)
    assert by_action["s3:PutObject"] == {f"arn:aws:s3:::{REFS['SiteBucket']}/media/menu/*"}
    assert by_action["ssm:GetParameter"] == {f"arn:aws:ssm:us-east-1:123456789012:parameter/comanda/dev/{name}"
                                             for name in ("jwt-secret", "origin-secret")}
    assert by_action["execute-api:ManageConnections"] == {
        f"arn:aws:execute-api:us-east-1:123456789012:{WEBSOCKET_API_ID}/ws/POST/@connections/*",
        f"arn:aws:execute-api:us-east-1:123456789012:{WEBSOCKET_API_ID}/ws/DELETE/@connections/*"}
    assert by_action["sqs:SendMessage"] == {"arn:aws:sqs:us-east-1:123456789012:comanda-dev-stream-failures"}
    assert by_action["logs:PutLogEvents"] == {
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/comanda-dev-*:*"}
    assert by_action["sns:Publish"] == {"*"}  # a direct SMS has no ARN: see the Deny below


def test_sns_publishing_is_limited_to_direct_text_messages(template):
    policy = _policy(template)
    assert allows(policy, "sns:Publish", "*")  # a text to a phone number
    assert not allows(policy, "sns:Publish", "arn:aws:sns:us-east-1:123456789012:any-topic")
    assert not allows(policy, "sns:Publish", "arn:aws:sns:us-east-1:210987654321:someone-elses-topic")
    assert not allows(policy, "sns:Publish",
                      "arn:aws:sns:us-east-1:123456789012:endpoint/GCM/app/0f1e2d3c")
    assert not allows(policy, "sns:CreateTopic", "*")


def test_the_stream_permissions_are_the_stream_functions_sources(template):
    functions = resources_of_type(template, "AWS::Serverless::Function")
    sources = {event["Properties"]["Stream"]["Fn::GetAtt"][0]
               for function in functions.values() for event in function["Properties"].get("Events", {}).values()
               if event["Type"] == "DynamoDB"}
    streamed_tables = {template["Resources"][s]["Properties"]["TableName"] for s in sources}
    granted_streams = {resource.split(":table/")[1].split("/stream/")[0]
                       for action, resource in granted(_policy(template)) if action == "dynamodb:GetRecords"}
    assert granted_streams == streamed_tables
    destinations = {event["Properties"]["DestinationConfig"]["OnFailure"]["Destination"]["Fn::GetAtt"][0]
                    for function in functions.values() for event in function["Properties"].get("Events", {}).values()}
    assert {template["Resources"][d]["Properties"]["QueueName"] for d in destinations} == {
        "comanda-dev-stream-failures"}


def test_tracing_adds_only_the_xray_writes_when_a_stage_turns_it_on():
    from dataclasses import replace

    stage = load_stage("dev")
    traced = build_policy(replace(stage, xray=True))["Statement"]
    assert traced[:-1] == build_policy(stage)["Statement"]
    assert traced[-1]["Action"] == ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]


def test_every_function_logs_to_a_log_group_the_template_creates_with_a_retention(template):
    groups = {g["Properties"]["LogGroupName"]: g["Properties"]
              for g in resources_of_type(template, "AWS::Logs::LogGroup").values()}
    for logical_id, function in resources_of_type(template, "AWS::Serverless::Function").items():
        name = function["Properties"]["FunctionName"]
        assert name.startswith("comanda-dev-")
        assert groups[f"/aws/lambda/{name}"]["RetentionInDays"] > 0
        assert f"{logical_id}LogGroup" in function["DependsOn"]
