"""The edge of a deployed stage: only CloudFront reaches the APIs, who asked what is logged,
an optional WAF, and a ceiling per function. Parts of the merge template (infra/template.py).

- Origin secret: CloudFront adds `X-Origin-Verify: <OriginVerifySecret>` to every request to
  the REST and WebSocket origins; the app refuses requests without it
  (chalicelib/origin_guard.py). The value lives in an SSM SecureString that infra/deploy.py
  creates and rotates (CloudFormation cannot create SecureStrings) and passes in as a NoEcho
  parameter; the functions read the same parameter through Powertools Parameters.
- Access logs: API Gateway writes access logs to CloudWatch Logs (or Firehose, REST only),
  never to S3: both stages log JSON lines to a log group each (kept 14 / 90 days, queryable
  with Logs Insights), and a subscription filter on each sends them through one Firehose
  delivery stream into the logs bucket (`api-access/`). CloudFront's standard logs go to the
  same bucket (`cloudfront/`), which therefore has ACLs enabled (BucketOwnerPreferred), as
  CloudFront's log delivery needs. A lifecycle rule expires every log (30 days dev, 365 prod).
  REST and WebSocket access logging need the account's API Gateway CloudWatch role: an
  account-wide, per-region setting that the template sets (`ApiGatewayAccount`).
- WAF: `EnableWaf=true` adds a web ACL (scope CLOUDFRONT, so the stack must be in us-east-1:
  a Rules assertion refuses it elsewhere) with a rate-based rule per client address that
  answers 429 in API.md's error shape, and AWS's known-bad-inputs rules. Off by default
  (a web ACL costs about 5 USD a month plus requests).
- Reserved concurrency: a parameter per function, empty (no reservation) by default: a new
  account starts with a concurrency quota of 10 and must keep 10 unreserved.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from .stages import Stage

ORIGIN_HEADER = "X-Origin-Verify"
ORIGIN_SECRET_PARAMETER = "OriginVerifySecret"
ORIGIN_SECRET_MIN_LENGTH = 32

WAF_PARAMETER = "EnableWaf"
WAF_CONDITION = "WafEnabled"
WAF_RATE_PARAMETER = "WafRateLimit"
WAF_RATE_DEFAULT = 1000  # requests per client address in 5 minutes: a busy table's phones stay far below

REST_ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "time": "$context.requestTime",
    "method": "$context.httpMethod", "path": "$context.path", "resource": "$context.resourcePath",
    "status": "$context.status", "bytes": "$context.responseLength", "latencyMs": "$context.responseLatency",
    "integrationMs": "$context.integration.latency", "userAgent": "$context.identity.userAgent",
    "error": "$context.error.responseType",
}
WEBSOCKET_ACCESS_LOG_FORMAT = {
    "requestId": "$context.requestId", "ip": "$context.identity.sourceIp", "time": "$context.requestTime",
    "route": "$context.routeKey", "eventType": "$context.eventType", "connectionId": "$context.connectionId",
    "status": "$context.status", "integrationStatus": "$context.integrationStatus",
    "latencyMs": "$context.integrationLatency", "userAgent": "$context.identity.userAgent",
    "error": "$context.error.messageString",
}


def _sub(text: str) -> dict[str, str]:
    return {"Fn::Sub": text}


def log_retention_days(stage: Stage) -> int:
    return 90 if stage.is_production else 14


def access_log_expiry_days(stage: Stage) -> int:
    return 365 if stage.is_production else 30


# -- checkov -----------------------------------------------------------------------------
def skip_checks(resource: dict[str, Any], *checks: tuple[str, str]) -> dict[str, Any]:
    """Adds checkov skips to a resource (`Metadata: checkov: skip`), each with its reason."""
    metadata = resource.setdefault("Metadata", {})
    skips = metadata.setdefault("checkov", {}).setdefault("skip", [])
    skips.extend({"id": check, "comment": reason} for check, reason in checks)
    return resource


ROLE_SKIPS = (
    ("CKV_AWS_111", "sns:Publish on '*' is the loyalty code's direct SMS: a text to a phone number has no ARN "
                    "for IAM to name; a Deny on every SNS ARN (topics, platform endpoints) leaves the grant to "
                    "direct SMS alone. Every other write names its resource (infra/policy.py)."),
)

FUNCTION_SKIPS = (
    ("CKV_AWS_116", "Invoked synchronously (API Gateway) or by stream event source mappings, whose failed "
                    "batches go to the stream-failures queue: a DLQ serves only asynchronous invocations."),
    ("CKV_AWS_117", "Reaches only AWS APIs (DynamoDB, SSM, S3, API Gateway, Athena, Lambda) with IAM: a VPC would add NAT "
                    "or endpoint costs and nothing to protect."),
    ("CKV_AWS_173", "The environment holds names and URLs only; secrets are SSM SecureStrings read at run time."),
)
TABLE_SKIPS = (
    ("CKV_AWS_119", "Encrypted at rest with the AWS owned key (SSESpecification); a customer managed key "
                    "adds cost per request and key administration for no reader it would exclude."),
)
LOG_GROUP_SKIPS = (
    ("CKV_AWS_158", "CloudWatch Logs encrypts at rest by default; the logs hold no secrets or tokens."),
)


# -- origin secret -------------------------------------------------------------------------
def origin_secret_parameter() -> dict[str, Any]:
    return {ORIGIN_SECRET_PARAMETER: {
        "Type": "String", "NoEcho": True, "MinLength": ORIGIN_SECRET_MIN_LENGTH,
        "Description": ("the origin secret CloudFront sends to both APIs (X-Origin-Verify); infra/deploy.py "
                        "fills it from the stage's SSM SecureString"),
    }}


def origin_custom_headers() -> list[dict[str, Any]]:
    return [{"HeaderName": ORIGIN_HEADER, "HeaderValue": {"Ref": ORIGIN_SECRET_PARAMETER}}]


# -- access logs -----------------------------------------------------------------------------
def private_bucket(stage: Stage, ownership: str, **properties: Any) -> dict[str, Any]:
    """An S3 bucket no one reaches in public, encrypted at rest, kept with a production stage:
    the site's and the logs' (each adds its own `properties`)."""
    policy = "Retain" if stage.is_production else "Delete"
    return {
        "Type": "AWS::S3::Bucket",
        "DeletionPolicy": policy,
        "UpdateReplacePolicy": policy,
        "Properties": {
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "BlockPublicPolicy": True,
                "IgnorePublicAcls": True, "RestrictPublicBuckets": True,
            },
            "OwnershipControls": {"Rules": [{"ObjectOwnership": ownership}]},
            "BucketEncryption": {"ServerSideEncryptionConfiguration": [
                {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]},
            **properties,
        },
    }


def logs_bucket(stage: Stage) -> dict[str, Any]:
    # CloudFront standard logs are delivered through a bucket ACL grant (awslogsdelivery).
    bucket = private_bucket(
        stage, "BucketOwnerPreferred",
        LifecycleConfiguration={"Rules": [{
            "Id": "ExpireLogs", "Status": "Enabled",
            "ExpirationInDays": access_log_expiry_days(stage),
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
        }]},
    )
    skip_checks(bucket,
                ("CKV_AWS_18", "This is the access-log bucket: logging its own accesses into itself would loop."),
                ("CKV_AWS_21", "Logs are written once and expire by the lifecycle rule; versions would outlive it."))
    return {
        "LogsBucket": bucket,
        "LogsBucketPolicy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": {"Ref": "LogsBucket"},
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {
                        "Sid": "SiteBucketServerAccessLogs",
                        "Effect": "Allow",
                        "Principal": {"Service": "logging.s3.amazonaws.com"},
                        "Action": "s3:PutObject",
                        "Resource": _sub("${LogsBucket.Arn}/s3/*"),  # s3/, s3/facts/, s3/reports/
                        "Condition": {
                            # the site's, the facts' and the reports' buckets (infra/reports.py)
                            "ArnLike": {"aws:SourceArn": [_sub("arn:${AWS::Partition}:s3:::%s" % bucket) for bucket in (
                                stage.bucket, "${FactsBucket}", "${ReportsBucket}")]},
                            "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                        },
                    },
                    {
                        "Sid": "TlsOnly",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [_sub("${LogsBucket.Arn}"), _sub("${LogsBucket.Arn}/*")],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                ]},
            },
        },
    }


def site_bucket_logging() -> dict[str, Any]:
    return {"DestinationBucketName": {"Ref": "LogsBucket"}, "LogFilePrefix": "s3/"}


def cloudfront_logging() -> dict[str, Any]:
    return {"Bucket": {"Fn::GetAtt": ["LogsBucket", "DomainName"]}, "Prefix": "cloudfront/",
            "IncludeCookies": False}


def rest_access_log_setting() -> dict[str, Any]:
    return {"DestinationArn": {"Fn::GetAtt": ["RestApiAccessLogGroup", "Arn"]},
            "Format": json.dumps(REST_ACCESS_LOG_FORMAT, separators=(",", ":"))}


def websocket_access_log_settings() -> dict[str, Any]:
    return {"DestinationArn": {"Fn::GetAtt": ["WebsocketApiAccessLogGroup", "Arn"]},
            "Format": json.dumps(WEBSOCKET_ACCESS_LOG_FORMAT, separators=(",", ":"))}


def _assume(service: str, condition: dict[str, Any] | None = None) -> dict[str, Any]:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}


def access_logs(stage: Stage) -> dict[str, Any]:
    """The two stages' access-log groups, the account's API Gateway logging role, and the
    path from those groups into the logs bucket (subscription filters -> Firehose -> S3)."""
    retention = log_retention_days(stage)
    resources: dict[str, Any] = {}
    for logical_id, kind in (("RestApiAccessLogGroup", "rest"), ("WebsocketApiAccessLogGroup", "websocket")):
        resources[logical_id] = skip_checks({
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"LogGroupName": f"/aws/apigateway/{stage.stack_name}-{kind}-access",
                           "RetentionInDays": retention},
        }, *LOG_GROUP_SKIPS)
        resources[f"{logical_id}ToS3"] = {
            "Type": "AWS::Logs::SubscriptionFilter",
            "Properties": {
                "LogGroupName": {"Ref": logical_id},
                "FilterPattern": "",
                "DestinationArn": {"Fn::GetAtt": ["AccessLogsDeliveryStream", "Arn"]},
                "RoleArn": {"Fn::GetAtt": ["AccessLogsSubscriptionRole", "Arn"]},
            },
        }
    resources["ApiGatewayLoggingRole"] = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": _assume("apigateway.amazonaws.com"),
            "ManagedPolicyArns": [
                _sub("arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs")],
        },
    }
    resources["ApiGatewayAccount"] = {
        "Type": "AWS::ApiGateway::Account",
        "DeletionPolicy": "Retain",  # the account's setting outlives the stack (other APIs may log through it)
        "UpdateReplacePolicy": "Retain",
        "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": ["ApiGatewayLoggingRole", "Arn"]}},
    }
    resources["AccessLogsDeliveryRole"] = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": _assume(
                "firehose.amazonaws.com", {"StringEquals": {"sts:ExternalId": {"Ref": "AWS::AccountId"}}}),
            "Policies": [{"PolicyName": "WriteAccessLogs", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                {"Effect": "Allow",
                 "Action": ["s3:AbortMultipartUpload", "s3:GetBucketLocation", "s3:ListBucket",
                            "s3:ListBucketMultipartUploads", "s3:PutObject"],
                 "Resource": [_sub("${LogsBucket.Arn}"), _sub("${LogsBucket.Arn}/api-access/*"),
                              _sub("${LogsBucket.Arn}/api-access-errors/*")]},
            ]}}],
        },
    }
    resources["AccessLogsDeliveryStream"] = {
        "Type": "AWS::KinesisFirehose::DeliveryStream",
        "Properties": {
            "DeliveryStreamType": "DirectPut",
            "DeliveryStreamEncryptionConfigurationInput": {"KeyType": "AWS_OWNED_CMK"},
            "ExtendedS3DestinationConfiguration": {
                "BucketARN": {"Fn::GetAtt": ["LogsBucket", "Arn"]},
                "RoleARN": {"Fn::GetAtt": ["AccessLogsDeliveryRole", "Arn"]},
                # Records from CloudWatch Logs arrive gzipped already: the objects are .gz as they are.
                "Prefix": "api-access/!{timestamp:yyyy/MM/dd}/",
                "ErrorOutputPrefix": "api-access-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
                "BufferingHints": {"IntervalInSeconds": 300, "SizeInMBs": 5},
                "CompressionFormat": "UNCOMPRESSED",
            },
        },
    }
    resources["AccessLogsSubscriptionRole"] = {
        "Type": "AWS::IAM::Role",
        "Properties": {
            "AssumeRolePolicyDocument": _assume("logs.amazonaws.com", {"ArnLike": {"aws:SourceArn": _sub(
                "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:/aws/apigateway/"
                f"{stage.stack_name}-*")}}),
            "Policies": [{"PolicyName": "SendToDeliveryStream", "PolicyDocument": {"Version": "2012-10-17",
                                                                                   "Statement": [
                {"Effect": "Allow", "Action": ["firehose:PutRecord", "firehose:PutRecordBatch"],
                 "Resource": {"Fn::GetAtt": ["AccessLogsDeliveryStream", "Arn"]}},
            ]}}],
        },
    }
    return resources


# -- WAF -----------------------------------------------------------------------------------------
def waf_parameters() -> dict[str, Any]:
    return {
        WAF_PARAMETER: {"Type": "String", "Default": "false", "AllowedValues": ["false", "true"],
                        "Description": "true: a WAF web ACL (rate limit per client address) in front of CloudFront; "
                                       "needs the stack in us-east-1"},
        WAF_RATE_PARAMETER: {"Type": "Number", "Default": WAF_RATE_DEFAULT, "MinValue": 10, "MaxValue": 2000000000,
                             "Description": "requests one client address may make in 5 minutes before the WAF "
                                            "answers 429"},
    }


def waf_rules_section() -> dict[str, Any]:
    """CloudFormation Rules: a CLOUDFRONT-scope web ACL exists only in us-east-1."""
    return {"WafNeedsUsEast1": {
        "RuleCondition": {"Fn::Equals": [{"Ref": WAF_PARAMETER}, "true"]},
        "Assertions": [{"Assert": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
                        "AssertDescription": "EnableWaf=true needs the stack in us-east-1: CloudFront's web ACLs "
                                             "live there (see infra/README.md)."}],
    }}


def _visibility(name: str) -> dict[str, Any]:
    return {"SampledRequestsEnabled": True, "CloudWatchMetricsEnabled": True, "MetricName": name}


def web_acl(stage: Stage) -> dict[str, Any]:
    too_many = json.dumps({"error": {"code": "TOO_MANY_REQUESTS",
                                     "message": "Too many requests from this address. Try again in a few minutes."}})
    return {"WebAcl": {
        "Type": "AWS::WAFv2::WebACL",
        "Condition": WAF_CONDITION,
        "Properties": {
            "Name": f"{stage.stack_name}-edge",
            "Scope": "CLOUDFRONT",
            "Description": "Comanda: a rate limit per client address, and the AWS known bad inputs rules",
            "DefaultAction": {"Allow": {}},
            "VisibilityConfig": _visibility(f"{stage.stack_name}-edge"),
            "CustomResponseBodies": {"TooManyRequests": {"ContentType": "APPLICATION_JSON", "Content": too_many}},
            "Rules": [
                {
                    "Name": "RatePerClientAddress",
                    "Priority": 0,
                    "Statement": {"RateBasedStatement": {"Limit": {"Ref": WAF_RATE_PARAMETER},
                                                         "AggregateKeyType": "IP"}},
                    "Action": {"Block": {"CustomResponse": {
                        "ResponseCode": 429, "CustomResponseBodyKey": "TooManyRequests",
                        "ResponseHeaders": [{"Name": "Retry-After", "Value": "300"}]}}},
                    "VisibilityConfig": _visibility("RatePerClientAddress"),
                },
                {
                    "Name": "KnownBadInputs",
                    "Priority": 1,
                    "Statement": {"ManagedRuleGroupStatement": {"VendorName": "AWS",
                                                                "Name": "AWSManagedRulesKnownBadInputsRuleSet"}},
                    "OverrideAction": {"None": {}},
                    "VisibilityConfig": _visibility("KnownBadInputs"),
                },
            ],
        },
    }}


def distribution_web_acl() -> dict[str, Any]:
    return {"Fn::If": [WAF_CONDITION, {"Fn::GetAtt": ["WebAcl", "Arn"]}, {"Ref": "AWS::NoValue"}]}


# -- reserved concurrency ---------------------------------------------------------------------------
def concurrency_parameter(logical_id: str) -> str:
    return f"{logical_id}ReservedConcurrency"


def concurrency_condition(logical_id: str) -> str:
    return f"{logical_id}HasReservedConcurrency"


def concurrency_parameters(logical_ids: Iterable[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(Parameters, Conditions): one reserved-concurrency parameter per function, empty by default."""
    parameters: dict[str, Any] = {}
    conditions: dict[str, Any] = {}
    for logical_id in logical_ids:
        name = concurrency_parameter(logical_id)
        parameters[name] = {"Type": "String", "Default": "", "AllowedPattern": r"^$|^[0-9]{1,5}$",
                            "Description": f"reserved concurrency of {logical_id}; empty: none reserved "
                                           "(0 stops the function)"}
        conditions[concurrency_condition(logical_id)] = {"Fn::Not": [{"Fn::Equals": [{"Ref": name}, ""]}]}
    return parameters, conditions


def reserved_concurrency(logical_id: str) -> dict[str, Any]:
    return {"Fn::If": [concurrency_condition(logical_id), {"Ref": concurrency_parameter(logical_id)},
                       {"Ref": "AWS::NoValue"}]}
