"""The merge template: what `chalice package` does not make, deep-merged into its SAM output.

`python -m infra.template --stage dev --out build/dev/merge.json` writes it. It holds:
- the DynamoDB tables, from the PynamoDB models (infra/tables.py);
- the stream event sources of the stream functions (the pushes, and the reports' facts): each
  consumes every table of STREAM_MODELS, with ReportBatchItemFailures, bisect on error, bounded
  retries and record age, and an SQS on-failure destination (plus an alarm on it) so no change
  is dropped silently;
- the bucket for pages and photos (private, CloudFront origin access control only; CORS for
  the pre-signed photo PUT), and the CloudFront distribution that is the one origin of
  API.md: pages (with the page-URL CloudFront Function), /api/* to the REST API (not
  cached, but for the public menu), /ws to the WebSocket API, security headers;
- per function: a stable name, its log group with a retention, memory and timeout, the
  environment the app reads on AWS (WebSocket API id and stage, public URL), and the
  policy of .chalice/policy-<stage>.json narrowed to this region, account and API;
- the reports' data path (infra/reports.py): the facts and reports buckets, the Glue tables of the
  fact kinds with partition projection, the Athena workgroup with its scan cut-off, and the own
  policies of the reports function and the facts consumer (the REST function adds report runs);
- the REST API as a regional endpoint (CloudFront is its edge), the WebSocket stage `ws`;
- the edge (infra/edge.py): the origin secret CloudFront sends to both APIs, access logs of
  both stages and of CloudFront into the logs bucket, an optional WAF web ACL, reserved
  concurrency per function as parameters, and checkov's remaining findings skipped with reasons.

The JWT signing key is an SSM SecureString, which CloudFormation cannot create: the deploy
script creates it once (infra/deploy.py).
"""
from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chalicelib.realtime.fact_filters import fact_filter_criteria

from . import edge, reports
from .policy import build_policy, narrowed
from .runtime import LAMBDA_ARCHITECTURE, LAMBDA_RUNTIME
from .security_headers import CUSTOM_HEADERS_CONFIG, SECURITY_HEADERS_CONFIG, content_security_policy
from .site import site_inline_script_sources
from .stages import DEPLOYED_STAGES, ROOT, WEBSOCKET_STAGE, Stage, load_stage
from .tables import stream_specs, table_resources

PAGE_URL_FUNCTION = Path(__file__).resolve().parent / "cloudfront" / "page_url.js"

# AWS managed CloudFront policies (ids are fixed by AWS).
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
ALL_VIEWER_EXCEPT_HOST_HEADER = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
# What the origin request policy of /api/* and /ws must forward besides the viewer's own
# headers: the viewer's address (`ip:port`), which the app's per-client limits count
# (chalicelib/api/parsing.py `client_ip`; API Gateway's sourceIp is CloudFront's edge).
# AllViewerExceptHostHeader forwards every viewer header but Host plus all of CloudFront's
# viewer headers, this one included; a custom policy cannot do both (allViewerAndWhitelist-
# CloudFront would forward the viewer's Host, which API Gateway refuses), so the managed one stays.
FORWARDED_CLOUDFRONT_HEADERS = {ALL_VIEWER_EXCEPT_HOST_HEADER: ("CloudFront-Viewer-Address",)}

# The stream function's event source mapping.
STREAM_BATCH_SIZE = 100
STREAM_MAX_RETRIES = 5
STREAM_MAX_RECORD_AGE_S = 900  # a push older than 15 minutes is no longer news
# The facts' function (app.py `stream_facts`): a fact is never too old to count, so it retries
# for as long as the stream keeps the record (24 hours), and more often (S3 being unavailable a while).
FACTS_FUNCTION = "stream_facts"
FACTS_MAX_RETRIES = 20
FACTS_MAX_RECORD_AGE_S = 86_400

MENU_PATH = "/api/branches/*/menu"
MENU_MAX_TTL_S = 3600  # chalicelib/api/public.py MENU_VERSIONED_MAX_AGE_S: a versioned menu URL, kept to its next time boundary

@dataclass(frozen=True)
class LambdaFunction:
    logical_id: str  # chalice's resource name in the SAM template
    role_id: str  # chalice's role for it (a policy file per stage: one role per function)
    short_name: str  # our name: the function is "{app}-{stage}-{short_name}"


def lambda_functions(app: Any) -> list[LambdaFunction]:
    """The Lambda functions `chalice package` makes for the app, named as chalice names them."""
    from chalice.utils import to_cfn_resource_name

    def named(snake: str, short: str, logical_id: str | None = None) -> LambdaFunction:
        return LambdaFunction(logical_id or to_cfn_resource_name(snake), to_cfn_resource_name(f"{snake}_role"), short)

    functions = [named("api_handler", "api", "APIHandler")] if app.routes else []
    websocket = {"$connect": "connect", "$default": "message", "$disconnect": "disconnect"}
    functions += [named(f"websocket_{websocket[route]}", f"ws-{websocket[route]}") for route in app.websocket_handlers]
    functions += [named(source.name, source.name.replace("_", "-")) for source in app.event_sources]
    functions += [named(function.name, function.name.replace("_", "-")) for function in app.pure_lambda_functions]
    return functions


def stream_sources(app: Any) -> list[Any]:
    """The DynamoDB event sources whose ARN is the placeholder: each consumes every stream."""
    return [s for s in app.event_sources
            if getattr(s, "stream_arn", "").endswith("/stream/PLACEHOLDER")]


def load_app() -> Any:
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import app as app_module

    return app_module.app


def _sub(text: str) -> dict[str, str]:
    return {"Fn::Sub": text}


def _function_overrides(stage: Stage, app: Any) -> dict[str, Any]:
    from chalice.utils import to_cfn_resource_name

    resources: dict[str, Any] = {}
    policy = narrowed(build_policy(stage))
    retention = edge.log_retention_days(stage)
    environment = {
        "COMANDA_WS_API_ID": {"Ref": "WebsocketAPI"},
        "COMANDA_WS_STAGE": WEBSOCKET_STAGE,
        "COMANDA_PUBLIC_BASE_URL": {"Ref": "PublicBaseUrl"},
        "COMANDA_ALLOWED_ORIGINS": {"Ref": "AllowedOrigins"},  # empty: the public URL alone
        "COMANDA_MEDIA_BASE_URL": "/media",
        "COMANDA_MAIL_FROM": {"Ref": "MailFrom"},  # staff invitations and resets (a verified SES identity)
        "COMANDA_BUCKET": {"Ref": "SiteBucket"},  # named by CloudFormation: S3 names are global
        "POWERTOOLS_METRICS_NAMESPACE": "Comanda",
        **reports.environment(stage),  # the reports' data path (infra/reports.py)
    }
    streams = {to_cfn_resource_name(s.name): s for s in stream_sources(app)}
    for function in lambda_functions(app):
        logical_id, short = function.logical_id, function.short_name
        log_group = f"{logical_id}LogGroup"
        resources[log_group] = edge.skip_checks({
            "Type": "AWS::Logs::LogGroup",
            "DeletionPolicy": "Delete",
            "UpdateReplacePolicy": "Delete",
            "Properties": {"LogGroupName": f"/aws/lambda/{stage.function_name(short)}", "RetentionInDays": retention},
        }, *edge.LOG_GROUP_SKIPS)
        properties: dict[str, Any] = {
            "FunctionName": stage.function_name(short),
            "Runtime": LAMBDA_RUNTIME,  # pinned, whatever Python built the package (infra/runtime.py)
            "Architectures": [LAMBDA_ARCHITECTURE],
            "MemorySize": 512,
            "Timeout": _timeout(logical_id, short, streams),
            "Environment": {"Variables": dict(environment)},
            "ReservedConcurrentExecutions": edge.reserved_concurrency(logical_id),
        }
        if stage.xray:
            properties["Tracing"] = "Active"
            properties["Environment"]["Variables"]["COMANDA_TRACING"] = "true"  # the app imports Tracer only then
        if logical_id in streams:
            properties["Events"] = _stream_events(logical_id, streams[logical_id])
        skips = edge.FUNCTION_SKIPS
        if short == reports.REPORTS_FUNCTION:
            # invoked asynchronously by the REST function: a failed run is not retried (it would pay
            # for its scans twice); the page shows it failed and the owner asks again
            properties["EventInvokeConfig"] = {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 300}
            skips = (REPORTS_DLQ_SKIP, *(s for s in skips if s[0] != REPORTS_DLQ_SKIP[0]))
        resources[logical_id] = edge.skip_checks({"DependsOn": [log_group], "Properties": properties}, *skips)
        resources[function.role_id] = role_policies(stage, function, policy)
    return resources


REPORTS_DLQ_SKIP = ("CKV_AWS_116", "Invoked asynchronously with no retry (EventInvokeConfig): a failed report run "
                                   "is recorded in its state under runs/ and asked for again from the page; a DLQ "
                                   "would hold requests nobody replays.")


def _timeout(logical_id: str, short_name: str, streams: dict[str, Any]) -> int:
    if short_name == reports.REPORTS_FUNCTION:
        return reports.REPORTS_TIMEOUT_S
    return 60 if logical_id in streams else (20 if logical_id == "APIHandler" else 10)


def is_facts_consumer(function: LambdaFunction) -> bool:
    """The stream's facts writer (issue 19, app.py `stream_facts`), apart from the stream function
    that pushes changes to screens."""
    return function.short_name == FACTS_FUNCTION.replace("_", "-")


def role_policies(stage: Stage, function: LambdaFunction, stage_policy: dict[str, Any]) -> dict[str, Any]:
    """A function's role, by its logical name: the reports function and the facts consumer have
    their own policies (infra/reports.py); the REST function adds starting report runs to the
    stage policy; every other function has the stage policy (.chalice/policy-<stage>.json)."""
    name = f"{function.role_id}Policy"
    if function.short_name == reports.REPORTS_FUNCTION:
        return {"Properties": {"Policies": [
            {"PolicyName": name, "PolicyDocument": narrowed(reports.reports_function_policy(stage))}]}}
    if is_facts_consumer(function):
        return {"Properties": {"Policies": [
            {"PolicyName": name, "PolicyDocument": narrowed(reports.facts_writer_policy(stage, function.short_name))}]}}
    policies = [{"PolicyName": name, "PolicyDocument": stage_policy}]
    if function.logical_id == "APIHandler":
        policies.append({"PolicyName": f"{function.role_id}ReportRuns", "PolicyDocument": narrowed(
            {"Version": "2012-10-17", "Statement": reports.rest_reports_statements(stage)})})
    return edge.skip_checks({"Properties": {"Policies": policies}}, *edge.ROLE_SKIPS)


def _stream_events(logical_id: str, source: Any) -> dict[str, Any]:
    """One event per stream table. The first keeps chalice's key, so it replaces the
    placeholder ARN rather than adding a second mapping next to it."""
    events: dict[str, Any] = {}
    facts = getattr(source, "name", "") == FACTS_FUNCTION
    # the facts consumer: only the streams whose records can hold a fact, through their event
    # filters (chalicelib/realtime/fact_filters.py: the other records never invoke it)
    specs = [s for s in stream_specs() if fact_filter_criteria(s.model)] if facts else stream_specs()
    for position, spec in enumerate(specs):
        key = f"{logical_id}DynamodbEventSource" if position == 0 else f"{logical_id}{spec.logical_id}Stream"
        events[key] = {"Type": "DynamoDB", "Properties": {
            "Stream": {"Fn::GetAtt": [spec.logical_id, "StreamArn"]},
            "StartingPosition": getattr(source, "starting_position", "LATEST"),
            "BatchSize": source.batch_size or STREAM_BATCH_SIZE,
            "MaximumBatchingWindowInSeconds": getattr(source, "maximum_batching_window_in_seconds", 0) or 0,
            "FunctionResponseTypes": ["ReportBatchItemFailures"],
            "BisectBatchOnFunctionError": True,
            "MaximumRetryAttempts": FACTS_MAX_RETRIES if facts else STREAM_MAX_RETRIES,
            "MaximumRecordAgeInSeconds": FACTS_MAX_RECORD_AGE_S if facts else STREAM_MAX_RECORD_AGE_S,
            "DestinationConfig": {"OnFailure": {"Destination": {"Fn::GetAtt": ["StreamFailuresQueue", "Arn"]}}},
        }}
        if facts:
            events[key]["Properties"]["FilterCriteria"] = fact_filter_criteria(spec.model)
    return events


def _site_bucket(stage: Stage) -> dict[str, Any]:
    return {
        "SiteBucket": edge.private_bucket(
            stage, "BucketOwnerEnforced",
            VersioningConfiguration={"Status": "Enabled"},
            LoggingConfiguration=edge.site_bucket_logging(),
            LifecycleConfiguration={"Rules": [{
                "Id": "ForgetOldVersions", "Status": "Enabled",
                "NoncurrentVersionExpiration": {"NoncurrentDays": 30},
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
            }]},
            # Staff upload menu photos from the browser with a pre-signed PUT.
            CorsConfiguration={"CorsRules": [{
                "AllowedMethods": ["PUT"],
                "AllowedOrigins": {"Fn::If": ["HasAllowedOrigins", {"Fn::Split": [",", {"Ref": "AllowedOrigins"}]},
                                              [{"Fn::If": ["HasPublicBaseUrl", {"Ref": "PublicBaseUrl"}, "*"]}]]},
                "AllowedHeaders": ["content-type"],
                "MaxAge": 3000,
            }]},
        ),
        "SiteBucketPolicy": {
            "Type": "AWS::S3::BucketPolicy",
            "Properties": {
                "Bucket": {"Ref": "SiteBucket"},
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                    {
                        "Sid": "CloudFrontReadsThroughOriginAccessControl",
                        "Effect": "Allow",
                        "Principal": {"Service": "cloudfront.amazonaws.com"},
                        "Action": "s3:GetObject",
                        "Resource": _sub("${SiteBucket.Arn}/*"),
                        "Condition": {"StringEquals": {"AWS:SourceArn": _sub(
                            "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:distribution/${Distribution}")}},
                    },
                    {
                        "Sid": "TlsOnly",
                        "Effect": "Deny",
                        "Principal": "*",
                        "Action": "s3:*",
                        "Resource": [_sub("${SiteBucket.Arn}"), _sub("${SiteBucket.Arn}/*")],
                        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
                    },
                ]},
            },
        },
    }


def _stream_failures(stage: Stage) -> dict[str, Any]:
    return {
        "StreamFailuresQueue": {
            "Type": "AWS::SQS::Queue",
            "Properties": {
                "QueueName": stage.stream_failures_queue,
                "MessageRetentionPeriod": 14 * 24 * 3600,
                "SqsManagedSseEnabled": True,
            },
        },
        "StreamFailuresAlarm": {
            "Type": "AWS::CloudWatch::Alarm",
            "Properties": {
                "AlarmDescription": "Stream batches that exhausted their retries: pushes were not sent.",
                "Namespace": "AWS/SQS",
                "MetricName": "ApproximateNumberOfMessagesVisible",
                "Dimensions": [{"Name": "QueueName", "Value": {"Fn::GetAtt": ["StreamFailuresQueue", "QueueName"]}}],
                "Statistic": "Maximum",
                "Period": 300,
                "EvaluationPeriods": 1,
                "Threshold": 0,
                "ComparisonOperator": "GreaterThanThreshold",
                "TreatMissingData": "notBreaching",
            },
        },
    }


def _api_origin(origin_id: str, api: str) -> dict[str, Any]:
    """An API origin: the API answers only requests with CloudFront's origin secret header."""
    return {
        "Id": origin_id,
        "DomainName": _sub("${%s}.execute-api.${AWS::Region}.${AWS::URLSuffix}" % api),
        "CustomOriginConfig": {"OriginProtocolPolicy": "https-only", "OriginSSLProtocols": ["TLSv1.2"]},
        "OriginCustomHeaders": edge.origin_custom_headers(),
    }


def _distribution(stage: Stage) -> dict[str, Any]:
    name = stage.stack_name
    connect = ("'self' ${WssOrigin} https://${SiteBucket.DomainName} https://${SiteBucket.RegionalDomainName}")
    return {
        "SiteOriginAccessControl": {
            "Type": "AWS::CloudFront::OriginAccessControl",
            "Properties": {"OriginAccessControlConfig": {
                "Name": f"{name}-site", "OriginAccessControlOriginType": "s3",
                "SigningBehavior": "always", "SigningProtocol": "sigv4",
            }},
        },
        "PageUrlFunction": {
            "Type": "AWS::CloudFront::Function",
            "Properties": {
                "Name": f"{name}-page-url",
                "AutoPublish": True,
                "FunctionConfig": {"Comment": "Page URLs of the single-page apps get their index.html",
                                   "Runtime": "cloudfront-js-2.0"},
                "FunctionCode": PAGE_URL_FUNCTION.read_text(encoding="utf-8"),
            },
        },
        "SiteCachePolicy": {
            "Type": "AWS::CloudFront::CachePolicy",
            "Properties": {"CachePolicyConfig": {
                "Name": f"{name}-site", "Comment": "Pages and photos: the object's Cache-Control decides",
                "MinTTL": 0, "DefaultTTL": 86400, "MaxTTL": 31536000,
                "ParametersInCacheKeyAndForwardedToOrigin": {
                    "EnableAcceptEncodingGzip": True, "EnableAcceptEncodingBrotli": True,
                    "CookiesConfig": {"CookieBehavior": "none"}, "HeadersConfig": {"HeaderBehavior": "none"},
                    "QueryStringsConfig": {"QueryStringBehavior": "none"},
                },
            }},
        },
        "MenuCachePolicy": {
            "Type": "AWS::CloudFront::CachePolicy",
            "Properties": {"CachePolicyConfig": {
                "Name": f"{name}-public-menu", "Comment": "The public menu: short TTL, the API's Cache-Control decides",
                "MinTTL": 0, "DefaultTTL": 0, "MaxTTL": MENU_MAX_TTL_S,
                "ParametersInCacheKeyAndForwardedToOrigin": {
                    "EnableAcceptEncodingGzip": True, "EnableAcceptEncodingBrotli": True,
                    "CookiesConfig": {"CookieBehavior": "none"}, "HeadersConfig": {"HeaderBehavior": "none"},
                    "QueryStringsConfig": {"QueryStringBehavior": "all"},
                },
            }},
        },
        "SecurityHeadersPolicy": {
            "Type": "AWS::CloudFront::ResponseHeadersPolicy",
            "Properties": {"ResponseHeadersPolicyConfig": {
                "Name": f"{name}-security-headers",
                "SecurityHeadersConfig": {
                    "ContentSecurityPolicy": {"Override": True, "ContentSecurityPolicy": {"Fn::Sub": [
                        content_security_policy(scripts=site_inline_script_sources(), connect=connect),
                        {"WssOrigin": {"Fn::If": ["HasPublicBaseUrl", {"Fn::Join": ["", [
                            "wss://", {"Fn::Select": [2, {"Fn::Split": ["/", {"Ref": "PublicBaseUrl"}]}]}]]}, ""]}},
                    ]}},
                    **SECURITY_HEADERS_CONFIG,
                },
                "CustomHeadersConfig": CUSTOM_HEADERS_CONFIG,
            }},
        },
        "Distribution": edge.skip_checks({
            "Type": "AWS::CloudFront::Distribution",
            "Properties": {"DistributionConfig": {
                "Enabled": True,
                "Logging": edge.cloudfront_logging(),
                "WebACLId": edge.distribution_web_acl(),
                "Comment": f"Comanda {stage.name}: pages, /api and /ws on one origin",
                "HttpVersion": "http2and3",
                "IPV6Enabled": True,
                "PriceClass": "PriceClass_All",
                "DefaultRootObject": "index.html",
                "Aliases": {"Fn::If": ["HasDomain", [{"Ref": "DomainName"}], {"Ref": "AWS::NoValue"}]},
                "ViewerCertificate": {"Fn::If": [
                    "HasDomain",
                    {"AcmCertificateArn": {"Ref": "CertificateArn"}, "SslSupportMethod": "sni-only",
                     "MinimumProtocolVersion": "TLSv1.2_2021"},
                    {"CloudFrontDefaultCertificate": True},
                ]},
                "Origins": [
                    {"Id": "site", "DomainName": {"Fn::GetAtt": ["SiteBucket", "RegionalDomainName"]},
                     "S3OriginConfig": {"OriginAccessIdentity": ""},
                     "OriginAccessControlId": {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}},
                    _api_origin("rest-api", "RestAPI"),
                    _api_origin("websocket-api", "WebsocketAPI"),
                ],
                "DefaultCacheBehavior": {
                    "TargetOriginId": "site",
                    "ViewerProtocolPolicy": "redirect-to-https",
                    "AllowedMethods": ["GET", "HEAD"],
                    "CachedMethods": ["GET", "HEAD"],
                    "Compress": True,
                    "CachePolicyId": {"Ref": "SiteCachePolicy"},
                    "ResponseHeadersPolicyId": {"Ref": "SecurityHeadersPolicy"},
                    "FunctionAssociations": [{"EventType": "viewer-request",
                                              "FunctionARN": {"Fn::GetAtt": ["PageUrlFunction", "FunctionARN"]}}],
                },
                "CacheBehaviors": [
                    {
                        "PathPattern": MENU_PATH,
                        "TargetOriginId": "rest-api",
                        "ViewerProtocolPolicy": "https-only",
                        "AllowedMethods": ["GET", "HEAD", "OPTIONS"],
                        "CachedMethods": ["GET", "HEAD"],
                        "Compress": True,
                        "CachePolicyId": {"Ref": "MenuCachePolicy"},
                        "ResponseHeadersPolicyId": {"Ref": "SecurityHeadersPolicy"},
                    },
                    {
                        "PathPattern": "/api/*",
                        "TargetOriginId": "rest-api",
                        "ViewerProtocolPolicy": "https-only",
                        "AllowedMethods": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
                        "CachedMethods": ["GET", "HEAD"],
                        "Compress": True,
                        "CachePolicyId": CACHING_DISABLED,
                        "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST_HEADER,
                        "ResponseHeadersPolicyId": {"Ref": "SecurityHeadersPolicy"},
                    },
                    {
                        "PathPattern": "/ws",
                        "TargetOriginId": "websocket-api",
                        "ViewerProtocolPolicy": "https-only",
                        "AllowedMethods": ["GET", "HEAD"],
                        "CachedMethods": ["GET", "HEAD"],
                        "Compress": False,
                        "CachePolicyId": CACHING_DISABLED,
                        "OriginRequestPolicyId": ALL_VIEWER_EXCEPT_HOST_HEADER,
                    },
                ],
            }},
        }, *DISTRIBUTION_SKIPS),
    }


DISTRIBUTION_SKIPS = (
    ("CKV_AWS_68", "The web ACL is optional (parameter EnableWaf, off by default: it must live in us-east-1 "
                   "and costs a monthly fee); the API's own throttles and rate limits stay on either way."),
    ("CKV_AWS_174", "Without a custom domain the distribution uses the default *.cloudfront.net certificate, "
                    "whose minimum protocol CloudFront fixes; with DomainName it is TLSv1.2_2021."),
    ("CKV_AWS_310", "One origin per path, no failover group: a second region of the API does not exist."),
)


# API Gateway's own answers (a route that does not exist, throttling, a body over its limit,
# a timeout) in API.md's error shape too. A route that does not exist is a 404, as in the local
# stack, with a fixed message: API Gateway's own would echo the Authorization header.
def rest_binary_media_types(app: Any) -> list[str]:
    """The REST API's binaryMediaTypes: Chalice's (it base64-encodes a body of those types)
    and `*/*`. API Gateway decodes a base64 body only when the request's FIRST Accept type
    matches one of these; with `*/*` every Accept does (a browser's, `*/*`, `image/*`), so the
    QR PNG arrives as bytes. Chalice still encodes only its own types: JSON and text answers
    leave the Lambda as text (`isBase64Encoded` false) and pass through unchanged. Request
    bodies reach the Lambda base64-encoded; Chalice's `raw_body` decodes them."""
    return list(dict.fromkeys([*app.api.binary_types, "*/*"]))


_JSON_ERROR = {"Headers": {"Content-Type": "'application/json'", "Cache-Control": "'no-store'"}}
GATEWAY_RESPONSES = {
    "MISSING_AUTHENTICATION_TOKEN": {
        "StatusCode": 404, "ResponseParameters": _JSON_ERROR,
        "ResponseTemplates": {"application/json": '{"error": {"code": "NOT_FOUND", "message": "There is no such route."}}'},
    },
    **{kind: {"ResponseParameters": _JSON_ERROR, "ResponseTemplates": {"application/json": (
        '{"error": {"code": "$context.error.responseType", "message": $context.error.messageString}}')}}
       for kind in ("DEFAULT_4XX", "DEFAULT_5XX")},
}


def build_merge_template(stage: Stage, app: Any | None = None) -> dict[str, Any]:
    app = app if app is not None else load_app()
    sources = stream_sources(app)
    if not sources:
        raise SystemExit("expected a stream function with the placeholder ARN, found none")
    resources: dict[str, Any] = {}
    resources.update(table_resources(stage))
    resources.update(_stream_failures(stage))
    resources.update(_site_bucket(stage))
    resources.update(_distribution(stage))
    resources.update(_function_overrides(stage, app))
    resources.update(reports.resources(stage))
    resources.update(edge.logs_bucket(stage))
    resources.update(edge.access_logs(stage))
    resources.update(edge.web_acl(stage))
    for table in (r for r in resources.values() if r.get("Type") == "AWS::DynamoDB::Table"):
        edge.skip_checks(table, *edge.TABLE_SKIPS)
    edge.skip_checks(resources["StreamFailuresQueue"], (
        "CKV_AWS_27", "Encrypted at rest with SQS-managed keys (SqsManagedSseEnabled); checkov counts KMS keys only."))
    resources["RestAPI"] = edge.skip_checks({"DependsOn": ["ApiGatewayAccount"], "Properties": {
        "DefinitionBody": {"x-amazon-apigateway-binary-media-types": rest_binary_media_types(app)},
        "EndpointConfiguration": "REGIONAL",
        "GatewayResponses": GATEWAY_RESPONSES,
        "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*",
                            "ThrottlingBurstLimit": 500, "ThrottlingRateLimit": 200}],
        "AccessLogSetting": edge.rest_access_log_setting(),
    }}, ("CKV_AWS_73", "X-Ray is a stage setting (\"xray\": true in .chalice/config.json traces the functions)."),
        ("CKV_AWS_120", "CloudFront caches the one public, cacheable answer (the menu); the rest is per caller."))
    resources["WebsocketAPIStage"] = {"DependsOn": ["ApiGatewayAccount"], "Properties": {
        "StageName": WEBSOCKET_STAGE,
        "DefaultRouteSettings": {"ThrottlingBurstLimit": 500, "ThrottlingRateLimit": 200},
        "AccessLogSettings": edge.websocket_access_log_settings(),
    }}
    concurrency, concurrency_conditions = edge.concurrency_parameters(f.logical_id for f in lambda_functions(app))
    return {
        "Description": f"Comanda ({stage.name}): QR-code table ordering",
        "Parameters": {
            "PublicBaseUrl": {"Type": "String", "Default": "",
                              "Description": "https://<site host>, no trailing slash (QR codes, WebSocket origins)"},
            "DomainName": {"Type": "String", "Default": "", "Description": "optional custom domain of the site"},
            "MailFrom": {"Type": "String", "Default": "no-reply@comanda.invalid",
                         "Description": "the sender of staff invitations and password resets: an address or domain "
                                        "verified in SES (infra/README.md)"},
            "AllowedOrigins": {"Type": "String", "Default": "",
                               "AllowedPattern": r"^$|^https://[a-z0-9.:-]+(,https://[a-z0-9.:-]+)*$",
                               "Description": "comma list of the origins whose pages may open the live socket and "
                                              "upload photos (the public URL, the distribution's domain, custom "
                                              "domains); empty: PublicBaseUrl alone"},
            "CertificateArn": {"Type": "String", "Default": "",
                               "AllowedPattern": r"^$|^arn:aws[a-zA-Z-]*:acm:us-east-1:\d{12}:certificate/.+$",
                               "Description": "ACM certificate (us-east-1) for DomainName"},
            **edge.origin_secret_parameter(),
            **edge.waf_parameters(),
            **reports.parameters(),
            **concurrency,
        },
        "Rules": edge.waf_rules_section(),
        "Conditions": {
            "HasPublicBaseUrl": {"Fn::Not": [{"Fn::Equals": [{"Ref": "PublicBaseUrl"}, ""]}]},
            "HasAllowedOrigins": {"Fn::Not": [{"Fn::Equals": [{"Ref": "AllowedOrigins"}, ""]}]},
            "HasDomain": {"Fn::And": [{"Fn::Not": [{"Fn::Equals": [{"Ref": "DomainName"}, ""]}]},
                                      {"Fn::Not": [{"Fn::Equals": [{"Ref": "CertificateArn"}, ""]}]}]},
            edge.WAF_CONDITION: {"Fn::Equals": [{"Ref": edge.WAF_PARAMETER}, "true"]},
            **concurrency_conditions,
        },
        "Resources": resources,
        "Outputs": {
            "SiteUrl": {"Description": "the one origin: pages, /api, /ws", "Value": {"Fn::If": [
                "HasDomain", _sub("https://${DomainName}"), _sub("https://${Distribution.DomainName}")]}},
            "DistributionId": {"Value": {"Ref": "Distribution"}},
            "DistributionUrl": {"Description": "the distribution's own domain (an origin QR codes may name)",
                                "Value": _sub("https://${Distribution.DomainName}")},
            "SiteBucketName": {"Value": {"Ref": "SiteBucket"}},
            "StreamFailuresQueueUrl": {"Value": {"Ref": "StreamFailuresQueue"}},
            "LogsBucketName": {"Value": {"Ref": "LogsBucket"}},
            "FactsBucketName": {"Value": {"Ref": "FactsBucket"}},
            "ReportsBucketName": {"Value": {"Ref": "ReportsBucket"}},
            "ReportsWorkGroup": {"Value": {"Ref": "ReportsWorkGroup"}},
            "ReportsGlueDatabase": {"Value": {"Ref": "ReportsGlueDatabase"}},
            "WebsocketConnectEndpointURL": {"Value": _sub(
                "wss://${WebsocketAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}/%s" % WEBSOCKET_STAGE)},
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the merge template of a stage")
    parser.add_argument("--stage", required=True, choices=DEPLOYED_STAGES)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(build_merge_template(load_stage(args.stage)), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
