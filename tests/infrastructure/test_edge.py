"""Finding 11 in the packaged template: only CloudFront reaches the APIs (the origin secret
on both API origins), access logs of both stages and of CloudFront land in a bucket that
forgets them, an optional WAF, reserved concurrency per function, and checkov clean."""
from __future__ import annotations

import json
import subprocess

import pytest

from infra.lint import sam_transform
from infra.stages import ROOT
from tests.infrastructure.conftest import resources_of_type

CHECKOV = ROOT / ".venv-checkov" / "bin" / "checkov"


def _distribution(template) -> dict:
    (distribution,) = resources_of_type(template, "AWS::CloudFront::Distribution").values()
    return distribution["Properties"]["DistributionConfig"]


def _origins(template) -> dict[str, dict]:
    return {origin["Id"]: origin for origin in _distribution(template)["Origins"]}


# -- only through CloudFront ---------------------------------------------------------------
def test_cloudfront_sends_the_origin_secret_to_both_apis_and_to_nothing_else(template):
    origins = _origins(template)
    for api in ("rest-api", "websocket-api"):
        assert origins[api]["OriginCustomHeaders"] == [
            {"HeaderName": "X-Origin-Verify", "HeaderValue": {"Ref": "OriginVerifySecret"}}], api
    assert "OriginCustomHeaders" not in origins["site"]  # the bucket never sees the secret


def test_the_origin_secret_is_a_noecho_parameter_with_no_default(template):
    parameter = template["Parameters"]["OriginVerifySecret"]
    assert parameter["NoEcho"] is True
    assert "Default" not in parameter
    assert parameter["MinLength"] >= 32


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_functions_read_the_stages_origin_secret_from_ssm_and_may(templates, stage):
    template = templates[stage]
    name = f"/comanda/{stage}/origin-secret"
    for function in resources_of_type(template, "AWS::Serverless::Function").values():
        assert function["Properties"]["Environment"]["Variables"]["COMANDA_ORIGIN_SECRET_PARAMETER"] == name
        assert "COMANDA_ORIGIN_SECRET" not in function["Properties"]["Environment"]["Variables"]
    policy = json.loads((ROOT / ".chalice" / f"policy-{stage}.json").read_text())
    reads = [s for s in policy["Statement"] if s["Action"] == ["ssm:GetParameter"]]
    assert any(f"parameter{name}" in resource for s in reads for resource in s["Resource"])


# -- access logs ----------------------------------------------------------------------------------
def test_both_api_stages_write_access_logs_that_reach_the_logs_bucket(template):
    rest = template["Resources"]["RestAPI"]["Properties"]["AccessLogSetting"]
    websocket = template["Resources"]["WebsocketAPIStage"]["Properties"]["AccessLogSettings"]
    groups = {rest["DestinationArn"]["Fn::GetAtt"][0], websocket["DestinationArn"]["Fn::GetAtt"][0]}
    assert groups == {"RestApiAccessLogGroup", "WebsocketApiAccessLogGroup"}
    assert "$context.requestId" in rest["Format"] and "$context.connectionId" in websocket["Format"]
    for group in groups:
        assert template["Resources"][group]["Properties"]["RetentionInDays"] > 0
    # Each group is subscribed to the delivery stream, which writes into the logs bucket
    subscribed = {f["Properties"]["LogGroupName"]["Ref"]: f["Properties"]["DestinationArn"]
                  for f in resources_of_type(template, "AWS::Logs::SubscriptionFilter").values()}
    assert subscribed == {group: {"Fn::GetAtt": ["AccessLogsDeliveryStream", "Arn"]} for group in groups}
    stream = template["Resources"]["AccessLogsDeliveryStream"]["Properties"]["ExtendedS3DestinationConfiguration"]
    assert stream["BucketARN"] == {"Fn::GetAtt": ["LogsBucket", "Arn"]}
    # API Gateway may write to CloudWatch Logs: the account's logging role, before the stages
    assert template["Resources"]["ApiGatewayAccount"]["Properties"]["CloudWatchRoleArn"] == {
        "Fn::GetAtt": ["ApiGatewayLoggingRole", "Arn"]}
    assert "ApiGatewayAccount" in template["Resources"]["WebsocketAPIStage"]["DependsOn"]


def test_the_sam_transform_puts_the_access_log_setting_on_the_rest_stage(template):
    transformed = sam_transform(template)
    (stage,) = resources_of_type(transformed, "AWS::ApiGateway::Stage").values()
    assert stage["Properties"]["AccessLogSetting"]["DestinationArn"] == {
        "Fn::GetAtt": ["RestApiAccessLogGroup", "Arn"]}


def test_cloudfront_logs_to_the_logs_bucket_which_takes_acls_and_forgets(template):
    logging = _distribution(template)["Logging"]
    assert logging["Bucket"] == {"Fn::GetAtt": ["LogsBucket", "DomainName"]}
    bucket = template["Resources"]["LogsBucket"]["Properties"]
    assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}
    (rule,) = bucket["LifecycleConfiguration"]["Rules"]
    assert rule["Status"] == "Enabled" and 0 < rule["ExpirationInDays"] <= 365
    assert template["Resources"]["SiteBucket"]["Properties"]["LoggingConfiguration"]["DestinationBucketName"] == {
        "Ref": "LogsBucket"}


# -- WAF ---------------------------------------------------------------------------------------------
def test_the_waf_is_a_parameter_off_by_default_and_only_in_us_east_1(template):
    parameter = template["Parameters"]["EnableWaf"]
    assert parameter["Default"] == "false" and parameter["AllowedValues"] == ["false", "true"]
    assert template["Conditions"]["WafEnabled"] == {"Fn::Equals": [{"Ref": "EnableWaf"}, "true"]}
    acl = template["Resources"]["WebAcl"]
    assert acl["Condition"] == "WafEnabled"
    assert acl["Properties"]["Scope"] == "CLOUDFRONT"
    assert _distribution(template)["WebACLId"] == {
        "Fn::If": ["WafEnabled", {"Fn::GetAtt": ["WebAcl", "Arn"]}, {"Ref": "AWS::NoValue"}]}
    (rule,) = template["Rules"].values()
    assert rule["Assertions"][0]["Assert"] == {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}


def test_the_waf_limits_each_client_address_and_answers_in_the_error_shape(template):
    properties = template["Resources"]["WebAcl"]["Properties"]
    rate = next(r for r in properties["Rules"] if "RateBasedStatement" in r["Statement"])
    assert rate["Statement"]["RateBasedStatement"] == {"Limit": {"Ref": "WafRateLimit"}, "AggregateKeyType": "IP"}
    response = rate["Action"]["Block"]["CustomResponse"]
    assert response["ResponseCode"] == 429
    body = json.loads(properties["CustomResponseBodies"][response["CustomResponseBodyKey"]]["Content"])
    assert body["error"]["code"] == "TOO_MANY_REQUESTS" and body["error"]["message"]


# -- reserved concurrency --------------------------------------------------------------------------
def test_every_function_has_its_own_reserved_concurrency_parameter(template):
    functions = resources_of_type(template, "AWS::Serverless::Function")
    assert len(functions) >= 5
    for logical_id, function in functions.items():
        parameter = f"{logical_id}ReservedConcurrency"
        assert function["Properties"]["ReservedConcurrentExecutions"] == {"Fn::If": [
            f"{logical_id}HasReservedConcurrency", {"Ref": parameter}, {"Ref": "AWS::NoValue"}]}
        assert template["Parameters"][parameter]["Default"] == ""  # none reserved unless the deployer says
        assert template["Conditions"][f"{logical_id}HasReservedConcurrency"] == {
            "Fn::Not": [{"Fn::Equals": [{"Ref": parameter}, ""]}]}


# -- checkov ---------------------------------------------------------------------------------------
def test_checkov_finds_nothing_in_the_packaged_templates(packages):
    # `make test` installs checkov (requirements-checkov.txt) into .venv-checkov first
    assert CHECKOV.exists(), "no checkov: run `make checkov` (its own venv, requirements-checkov.txt)"
    files = [arg for stage in ("dev", "prod") for arg in ("--file", str(packages[stage].template))]
    done = subprocess.run(
        [str(CHECKOV), *files, "--framework", "cloudformation", "--skip-download", "--quiet", "--compact",
         "--output", "json"],
        capture_output=True, text=True, timeout=900)
    report = json.loads(done.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [f"{c['check_id']} {c['resource']}: {c['check_name']}"
              for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    assert not failed, "\n".join(failed)
    assert done.returncode == 0, done.stderr[-3000:]
    assert all(r["summary"]["passed"] > 100 for r in reports)  # it did read both templates' resources


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_check_skipped_in_the_template_says_why(templates, stage):
    skips = [(logical_id, skip) for logical_id, resource in templates[stage]["Resources"].items()
             for skip in resource.get("Metadata", {}).get("checkov", {}).get("skip", [])]
    assert skips
    for logical_id, skip in skips:
        assert skip["id"].startswith("CKV_AWS_") and len(skip["comment"]) > 30, (logical_id, skip)
