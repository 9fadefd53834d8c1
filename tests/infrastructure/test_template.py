"""The packaged template: cfn-lint clean, one origin as API.md says, private bucket, the
stream function wired to every stream with partial failures, and the app's settings."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from chalicelib.realtime.fact_filters import FACT_FILTERS
from chalicelib.store.models import STREAM_MODELS
from infra.lint import sam_transform
from infra.site import site_inline_script_sources
from infra.stages import WEBSOCKET_STAGE
from infra.tables import stream_specs
from infra.template import ALL_VIEWER_EXCEPT_HOST_HEADER, CACHING_DISABLED, MENU_MAX_TTL_S
from tests.infrastructure.conftest import resources_of_type


def test_cfn_lint_passes_on_each_packaged_template_and_on_what_the_sam_transform_makes_of_it(packages, tmp_path):
    """Both stages' SAM templates, and the plain CloudFormation SAM turns each into (offline, as
    CloudFormation's transform would, with the zip in an artifacts bucket as the deploy does
    it): the stream mappings carry our settings, and one cfn-lint run finds nothing in any of
    the four (one run, not four: the linter's start-up is most of its time)."""
    linted = []
    for stage in ("dev", "prod"):
        template = json.loads(packages[stage].template.read_text())
        transformed = sam_transform(template)
        mappings = resources_of_type(transformed, "AWS::Lambda::EventSourceMapping")
        # the pushes' function on every stream, the facts' one where a record can hold a fact
        assert len(mappings) == len(STREAM_MODELS) + len(FACT_FILTERS), stage
        filtered = [m for m in mappings.values() if "FilterCriteria" in m["Properties"]]
        assert len(filtered) == len(FACT_FILTERS), stage  # the transform keeps the facts' event filters
        for mapping in mappings.values():
            assert mapping["Properties"]["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
            assert mapping["Properties"]["DestinationConfig"]["OnFailure"]["Destination"] == {
                "Fn::GetAtt": ["StreamFailuresQueue", "Arn"]}
        path = tmp_path / f"{stage}-transformed.json"
        path.write_text(json.dumps(transformed))
        linted += [str(packages[stage].template), str(path)]
    lint = [sys.executable, "-c", "from cfnlint.runner import main; main()"]
    done = subprocess.run([*lint, *linted], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_placeholder_is_left_in_the_template(template):
    text = json.dumps(template)
    assert "PLACEHOLDER" not in text and "000000000000" not in text


def _distribution(template) -> dict:
    (distribution,) = resources_of_type(template, "AWS::CloudFront::Distribution").values()
    return distribution["Properties"]["DistributionConfig"]


def _behaviour(config: dict, pattern: str) -> dict:
    return next(b for b in config["CacheBehaviors"] if b["PathPattern"] == pattern)


def _origin(config: dict, behaviour: dict) -> dict:
    return next(o for o in config["Origins"] if o["Id"] == behaviour["TargetOriginId"])


def test_pages_come_from_the_private_bucket_with_the_page_url_function(template):
    config = _distribution(template)
    default = config["DefaultCacheBehavior"]
    origin = _origin(config, default)
    assert origin["DomainName"] == {"Fn::GetAtt": ["SiteBucket", "RegionalDomainName"]}
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["SiteOriginAccessControl", "Id"]}
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"
    (association,) = default["FunctionAssociations"]
    assert association == {"EventType": "viewer-request",
                           "FunctionARN": {"Fn::GetAtt": ["PageUrlFunction", "FunctionARN"]}}
    function = template["Resources"]["PageUrlFunction"]["Properties"]
    assert function["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    assert "function handler" in function["FunctionCode"]


def test_the_api_is_forwarded_whole_and_never_cached(template):
    config = _distribution(template)
    api = _behaviour(config, "/api/*")
    assert _origin(config, api)["DomainName"] == {
        "Fn::Sub": "${RestAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    assert api["CachePolicyId"] == CACHING_DISABLED
    assert api["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER  # Authorization, query, body
    assert set(api["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"}
    assert template["Resources"]["RestAPI"]["Properties"]["StageName"] == "api"  # /api/x reaches route /x


def test_only_the_public_menu_is_cached_and_briefly(template):
    config = _distribution(template)
    menu = _behaviour(config, "/api/branches/*/menu")
    assert config["CacheBehaviors"].index(menu) < config["CacheBehaviors"].index(_behaviour(config, "/api/*"))
    policy = template["Resources"][menu["CachePolicyId"]["Ref"]]["Properties"]["CachePolicyConfig"]
    assert policy["MaxTTL"] <= MENU_MAX_TTL_S and policy["MinTTL"] == 0
    key = policy["ParametersInCacheKeyAndForwardedToOrigin"]
    assert key["HeadersConfig"] == {"HeaderBehavior": "none"} and key["CookiesConfig"] == {"CookieBehavior": "none"}
    assert menu["AllowedMethods"] == ["GET", "HEAD", "OPTIONS"]


def test_ws_reaches_the_websocket_apis_stage_of_the_same_name(template):
    config = _distribution(template)
    ws = _behaviour(config, "/ws")
    assert _origin(config, ws)["DomainName"] == {
        "Fn::Sub": "${WebsocketAPI}.execute-api.${AWS::Region}.${AWS::URLSuffix}"}
    assert ws["CachePolicyId"] == CACHING_DISABLED and ws["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST_HEADER
    assert template["Resources"]["WebsocketAPIStage"]["Properties"]["StageName"] == WEBSOCKET_STAGE == "ws"


def test_every_response_carries_the_security_headers(template):
    config = _distribution(template)
    behaviours = [config["DefaultCacheBehavior"], _behaviour(config, "/api/*"),
                  _behaviour(config, "/api/branches/*/menu")]
    assert {json.dumps(b["ResponseHeadersPolicyId"]) for b in behaviours} == {
        json.dumps({"Ref": "SecurityHeadersPolicy"})}
    headers = template["Resources"]["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"][
        "SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"][0]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if " " in d.strip())
    # scripts from the site's origin, and the diner page's one inline script by its hash
    inline = site_inline_script_sources()
    assert len(inline) == 1 and directives["script-src"] == f"'self' {inline[0]}" and "unsafe" not in csp
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["ContentTypeOptions"] == {"Override": True}
    assert headers["FrameOptions"]["FrameOption"] == "DENY"


def test_the_bucket_is_private_and_read_only_by_this_distribution(template):
    bucket = template["Resources"]["SiteBucket"]["Properties"]
    assert all(bucket["PublicAccessBlockConfiguration"].values()) and len(bucket["PublicAccessBlockConfiguration"]) == 4
    assert bucket["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
    statements = template["Resources"]["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    (allow,) = [s for s in statements if s["Effect"] == "Allow"]
    assert allow["Principal"] == {"Service": "cloudfront.amazonaws.com"} and allow["Action"] == "s3:GetObject"
    assert "${Distribution}" in allow["Condition"]["StringEquals"]["AWS:SourceArn"]["Fn::Sub"]
    assert [s["Sid"] for s in statements if s["Effect"] == "Deny"] == ["TlsOnly"]


def test_two_stream_functions_consume_every_stream_and_report_partial_failures(template):
    """The pushes' function (a push is stale after minutes) on every stream, and the reports'
    facts' (a fact is never stale: it retries as long as the stream keeps the record) on every
    stream whose records can hold a fact (issue 17: chalicelib/realtime/fact_filters.py)."""
    streaming = {name: f for name, f in resources_of_type(template, "AWS::Serverless::Function").items()
                 if any(e["Type"] == "DynamoDB" for e in f["Properties"].get("Events", {}).values())}
    assert sorted(streaming) == ["StreamChanges", "StreamFacts"]
    for name, function in streaming.items():
        events = [e["Properties"] for e in function["Properties"]["Events"].values()]
        specs = [s for s in stream_specs() if name == "StreamChanges" or s.model in FACT_FILTERS]
        assert sorted(e["Stream"]["Fn::GetAtt"][0] for e in events) == sorted(s.logical_id for s in specs)
        assert len(events) == (len(STREAM_MODELS) if name == "StreamChanges" else len(FACT_FILTERS))
        for event in events:
            assert event["Stream"]["Fn::GetAtt"][1] == "StreamArn"
            assert event["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
            assert event["BisectBatchOnFunctionError"] is True
            if name == "StreamChanges":
                assert 0 < event["MaximumRetryAttempts"] <= 10 and 60 <= event["MaximumRecordAgeInSeconds"] <= 3600
            else:
                assert 10 <= event["MaximumRetryAttempts"] <= 100 and event["MaximumRecordAgeInSeconds"] == 86_400
            assert event["DestinationConfig"]["OnFailure"]["Destination"] == {
                "Fn::GetAtt": ["StreamFailuresQueue", "Arn"]}
    assert "StreamFailuresAlarm" in template["Resources"]


def test_the_functions_know_their_websocket_api_and_public_url(template):
    for function in resources_of_type(template, "AWS::Serverless::Function").values():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["COMANDA_WS_API_ID"] == {"Ref": "WebsocketAPI"}
        assert variables["COMANDA_WS_STAGE"] == WEBSOCKET_STAGE
        assert variables["COMANDA_PUBLIC_BASE_URL"] == {"Ref": "PublicBaseUrl"}
        assert variables["COMANDA_STAGE"] == "dev" and variables["COMANDA_TABLE_PREFIX"] == "comanda-dev-"
        assert variables["COMANDA_JWT_SECRET_PARAMETER"] == "/comanda/dev/jwt-secret"
        assert "COMANDA_JWT_SECRET" not in variables
        assert function["Properties"]["Runtime"] == "python3.12"  # AL2023; python3.11 runs on Amazon Linux 2
        assert function["Properties"]["Architectures"] == ["arm64"]


def test_the_site_url_is_an_output(template):
    assert "SiteUrl" in template["Outputs"] and "DistributionId" in template["Outputs"]


def test_api_gateways_own_answers_are_in_the_api_error_shape(template):
    responses = template["Resources"]["RestAPI"]["Properties"]["GatewayResponses"]
    missing_route = responses["MISSING_AUTHENTICATION_TOKEN"]
    assert missing_route["StatusCode"] == 404
    assert json.loads(missing_route["ResponseTemplates"]["application/json"])["error"]["code"] == "NOT_FOUND"
    for kind in ("DEFAULT_4XX", "DEFAULT_5XX"):
        body = responses[kind]["ResponseTemplates"]["application/json"]
        filled = body.replace("$context.error.responseType", "THROTTLED").replace(
            "$context.error.messageString", json.dumps("Too Many Requests"))
        assert json.loads(filled) == {"error": {"code": "THROTTLED", "message": "Too Many Requests"}}
        assert responses[kind]["ResponseParameters"]["Headers"]["Content-Type"] == "'application/json'"


def test_the_api_and_the_socket_receive_the_viewer_s_address_the_per_client_limits_count(template):
    from chalicelib.api.parsing import VIEWER_ADDRESS
    from infra.template import FORWARDED_CLOUDFRONT_HEADERS

    config = _distribution(template)
    for path in ("/api/*", "/ws"):
        policy = _behaviour(config, path)["OriginRequestPolicyId"]
        assert VIEWER_ADDRESS in FORWARDED_CLOUDFRONT_HEADERS.get(policy, ()), path


def test_the_rest_api_sends_binary_answers_whatever_the_first_accept_type(template):
    """API Gateway decodes a base64 answer only when the request's FIRST Accept type matches a
    binary media type: a browser's (text/html first) or a print shop's `*/*` got the QR PNG as
    base64 text. `*/*` in the list makes every Accept match; the rest of the paths stays whole."""
    definition = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    binary = definition["x-amazon-apigateway-binary-media-types"]
    assert "*/*" in binary and "image/png" in binary
    assert "/staff/branches/{branch_id}/tables/{table_code}/qr.png" in definition["paths"]
