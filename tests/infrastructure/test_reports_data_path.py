"""The reports' data path in the template (issue 19, docs/reports.md, infra/reports.py): the facts
and reports buckets, the Glue tables the fact kinds describe, the Athena workgroup with its
cut-off, what each function is told, and each function's least privilege, action by action."""
from __future__ import annotations

import re

import pytest
from chalice import Chalice

from chalicelib.domain.fact_kinds import KINDS, PARTITION_KEYS, object_prefix
from infra.reports import reports_function_policy
from infra.stages import load_stage
from infra.tables import table_specs
from infra.template import LambdaFunction, build_merge_template, role_policies
from tests.infrastructure.conftest import resources_of_type
from tests.infrastructure.iam import allows, granted, resolve

ACCOUNT_REGION = "us-east-1:123456789012"
REFS = {"FactsBucket": "comanda-dev-factsbucket-1a2b", "ReportsBucket": "comanda-dev-reportsbucket-3c4d",
        "SiteBucket": "comanda-dev-sitebucket-5e6f", "WebsocketAPI": "wsapi0001"}
FACTS = f"arn:aws:s3:::{REFS['FactsBucket']}"
REPORTS = f"arn:aws:s3:::{REFS['ReportsBucket']}"
TABLE = f"arn:aws:dynamodb:{ACCOUNT_REGION}:table/comanda-dev-"


# -- buckets --------------------------------------------------------------------------------------
@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_the_facts_and_reports_buckets_are_private_encrypted_tls_only_and_named_by_cloudformation(templates, stage):
    resources = templates[stage]["Resources"]
    for bucket in ("FactsBucket", "ReportsBucket"):
        properties = resources[bucket]["Properties"]
        assert "BucketName" not in properties  # S3 names are global: two stages or accounts side by side
        assert properties["PublicAccessBlockConfiguration"] == dict.fromkeys(
            ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"), True)
        assert properties["OwnershipControls"] == {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        assert properties["BucketEncryption"]["ServerSideEncryptionConfiguration"] == [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        assert properties["LoggingConfiguration"]["DestinationBucketName"] == {"Ref": "LogsBucket"}
        (statement,) = resources[f"{bucket}Policy"]["Properties"]["PolicyDocument"]["Statement"]
        assert statement["Effect"] == "Deny" and statement["Action"] == "s3:*" and statement["Principal"] == "*"
        assert statement["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        assert statement["Resource"] == [{"Fn::Sub": "${%s.Arn}" % bucket}, {"Fn::Sub": "${%s.Arn}/*" % bucket}]
    # the facts are the reports' only history: a production stack keeps them
    assert resources["FactsBucket"]["DeletionPolicy"] == ("Retain" if stage == "prod" else "Delete")
    # the logs bucket takes the server access logs of the three buckets
    logs = resources["LogsBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert logs["Condition"]["ArnLike"]["aws:SourceArn"] == [
        {"Fn::Sub": "arn:${AWS::Partition}:s3:::${%s}" % b} for b in ("SiteBucket", "FactsBucket", "ReportsBucket")]


def test_facts_are_kept_and_versioned_while_what_the_reports_make_expires(template):
    facts = template["Resources"]["FactsBucket"]["Properties"]
    assert facts["VersioningConfiguration"] == {"Status": "Enabled"}
    (rule,) = facts["LifecycleConfiguration"]["Rules"]
    assert "ExpirationInDays" not in rule and "Prefix" not in rule  # current facts never expire
    assert rule["NoncurrentVersionExpiration"] == {"NoncurrentDays": 30}  # an overwritten batch's old copy
    reports = template["Resources"]["ReportsBucket"]
    assert "VersioningConfiguration" not in reports["Properties"]
    assert [s["id"] for s in reports["Metadata"]["checkov"]["skip"]] == ["CKV_AWS_21"]  # unversioned, and why
    expiry = {r.get("Prefix"): r.get("ExpirationInDays") for r in reports["Properties"]["LifecycleConfiguration"]["Rules"]
              if r["Status"] == "Enabled"}
    assert expiry == {"athena/": 7, "runs/": 7, "cache/": 90, None: None}
    (abort,) = [r for r in reports["Properties"]["LifecycleConfiguration"]["Rules"] if "Prefix" not in r]
    assert abort["AbortIncompleteMultipartUpload"] == {"DaysAfterInitiation": 1}
    assert {"FactsBucketName", "ReportsBucketName", "ReportsWorkGroup", "ReportsGlueDatabase"} <= set(template["Outputs"])


# -- Glue -----------------------------------------------------------------------------------------
def _glue_tables(template) -> dict[str, dict]:
    tables = resources_of_type(template, "AWS::Glue::Table").values()
    return {t["Properties"]["TableInput"]["Name"]: t["Properties"] for t in tables}


@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_one_glue_table_per_fact_kind_with_the_columns_the_fact_writer_writes(templates, stage):
    template = templates[stage]
    (database,) = resources_of_type(template, "AWS::Glue::Database").values()
    assert database["Properties"]["DatabaseInput"]["Name"] == f"comanda_{stage}"
    tables = _glue_tables(template)
    assert sorted(tables) == sorted(KINDS)
    for kind, table in tables.items():
        assert table["DatabaseName"] == {"Ref": "ReportsGlueDatabase"}
        described = table["TableInput"]
        columns = [(c["Name"], c["Type"]) for c in described["StorageDescriptor"]["Columns"]]
        assert columns == list(KINDS[kind])  # names, order and types: chalicelib/domain/fact_kinds.py
        assert [(c["Name"], c["Type"]) for c in described["PartitionKeys"]] == list(PARTITION_KEYS)
        assert {name for name, _ in columns} & {name for name, _ in PARTITION_KEYS} == set()
        storage = described["StorageDescriptor"]
        assert storage["SerdeInfo"]["SerializationLibrary"] == "org.openx.data.jsonserde.JsonSerDe"
        assert storage["InputFormat"] == "org.apache.hadoop.mapred.TextInputFormat"
        assert storage["Location"] == {"Fn::Sub": f"s3://${{FactsBucket}}/facts/{kind}/"}
        assert described["TableType"] == "EXTERNAL_TABLE"


def test_partitions_are_projected_so_no_crawler_or_repair_is_ever_needed(template):
    for kind, table in _glue_tables(template).items():
        parameters = table["TableInput"]["Parameters"]
        assert parameters["projection.enabled"] == "true"
        assert parameters["projection.chain.type"] == parameters["projection.branch.type"] == "injected"
        assert parameters["projection.date.type"] == "date"
        assert parameters["projection.date.format"] == "yyyy-MM-dd"
        first, last = parameters["projection.date.range"].split(",")
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first) and last == "NOW+1DAYS"  # a branch east of UTC
        # the projected location is where the fact writer puts a partition's objects
        template_text = parameters["storage.location.template"]["Fn::Sub"]
        projected = (template_text.replace("${FactsBucket}", "facts-bucket").replace("${!chain}", "c1")
                     .replace("${!branch}", "b1").replace("${!date}", "2026-03-04"))
        assert projected == "s3://facts-bucket/" + object_prefix(kind, "c1", "b1", "2026-03-04")
    assert not resources_of_type(template, "AWS::Glue::Crawler")


# -- Athena ---------------------------------------------------------------------------------------
def test_the_workgroup_enforces_its_results_location_encryption_and_a_scan_cut_off(template):
    (workgroup,) = resources_of_type(template, "AWS::Athena::WorkGroup").values()
    properties = workgroup["Properties"]
    assert properties["Name"] == "comanda-dev-reports"
    configuration = properties["WorkGroupConfiguration"]
    assert configuration["EnforceWorkGroupConfiguration"] is True
    assert configuration["BytesScannedCutoffPerQuery"] == {"Ref": "ReportsBytesScannedCutoff"}
    cutoff = template["Parameters"]["ReportsBytesScannedCutoff"]
    assert cutoff["Type"] == "Number" and cutoff["Default"] == 10 * 1024 ** 3  # ~5 US cents per query at most
    assert cutoff["MinValue"] == 10 * 1024 ** 2  # Athena refuses less
    assert configuration["ResultConfiguration"] == {
        "OutputLocation": {"Fn::Sub": "s3://${ReportsBucket}/athena/"},
        "EncryptionConfiguration": {"EncryptionOption": "SSE_S3"}}
    assert configuration["EngineVersion"] == {"SelectedEngineVersion": "Athena engine version 3"}


# -- what the functions are told ----------------------------------------------------------------------
@pytest.mark.parametrize("stage", ["dev", "prod"])
def test_every_function_knows_the_data_paths_names(templates, stage):
    for function in resources_of_type(templates[stage], "AWS::Serverless::Function").values():
        variables = function["Properties"]["Environment"]["Variables"]
        assert variables["COMANDA_FACTS_BUCKET"] == {"Ref": "FactsBucket"}
        assert variables["COMANDA_REPORTS_BUCKET"] == {"Ref": "ReportsBucket"}
        assert variables["COMANDA_REPORTS_ENGINE"] == "athena"
        assert variables["COMANDA_ATHENA_WORKGROUP"] == f"comanda-{stage}-reports"
        assert variables["COMANDA_GLUE_DATABASE"] == f"comanda_{stage}"
        assert variables["COMANDA_REPORTS_FUNCTION"] == f"comanda-{stage}-reports"


# -- least privilege, function by function ------------------------------------------------------------
def _document(template, role_id: str, name: str | None = None) -> dict:
    policies = {p["PolicyName"]: p["PolicyDocument"] for p in template["Resources"][role_id]["Properties"]["Policies"]}
    return resolve(policies[name or f"{role_id}Policy"], REFS)


def _pairs(*pairs: tuple[tuple[str, ...], tuple[str, ...]]) -> set[tuple[str, str]]:
    return {(action, resource) for actions, resources in pairs for action in actions for resource in resources}


def test_the_rest_function_may_start_a_report_run_and_read_runs_and_cached_answers_only(template):
    added = _document(template, "ApiHandlerRole", "ApiHandlerRoleReportRuns")
    assert granted(added) == _pairs(
        (("lambda:InvokeFunction",), (f"arn:aws:lambda:{ACCOUNT_REGION}:function:comanda-dev-reports",)),
        (("s3:GetObject", "s3:PutObject"), (f"{REPORTS}/runs/*", f"{REPORTS}/cache/*")),
        (("s3:ListBucket",), (REPORTS,)),  # a missing run or cache key then answers 404, not 403
    )
    assert not allows(added, "s3:GetObject", f"{REPORTS}/athena/x.csv")
    assert not allows(added, "s3:GetObject", f"{FACTS}/facts/sessions/x.json")
    assert not allows(added, "lambda:InvokeFunction", f"arn:aws:lambda:{ACCOUNT_REGION}:function:comanda-dev-api")


def _indexes(*tables: str) -> tuple[str, ...]:
    """The tables' indexes, as the models declare them (the chain indexes the reads use)."""
    return tuple(f"{TABLE}{spec.short_name}/index/{index}"
                 for spec in table_specs() if spec.short_name in tables for index in spec.index_names)


REPORTS_GRANTS = _pairs(
    (("athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"),
     (f"arn:aws:athena:{ACCOUNT_REGION}:workgroup/comanda-dev-reports",)),
    (("glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartitions"),
     (f"arn:aws:glue:{ACCOUNT_REGION}:catalog", f"arn:aws:glue:{ACCOUNT_REGION}:database/comanda_dev",
      f"arn:aws:glue:{ACCOUNT_REGION}:table/comanda_dev/*")),
    (("s3:GetBucketLocation",), (FACTS, REPORTS)),
    (("s3:ListBucket",), (FACTS, REPORTS)),
    (("s3:ListBucketMultipartUploads",), (REPORTS,)),
    (("s3:GetObject",), (f"{FACTS}/facts/*",)),
    (("s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"),
     (f"{REPORTS}/athena/*",)),
    (("s3:GetObject", "s3:PutObject"), (f"{REPORTS}/runs/*", f"{REPORTS}/cache/*")),
    (("dynamodb:GetItem", "dynamodb:Query"), (f"{TABLE}chains", f"{TABLE}branches", f"{TABLE}customers",
                                              f"{TABLE}staff", f"{TABLE}menu")),
    (("dynamodb:Query",), _indexes("chains", "branches", "customers", "staff", "menu")),
    (("logs:CreateLogStream", "logs:PutLogEvents"),
     (f"arn:aws:logs:{ACCOUNT_REGION}:log-group:/aws/lambda/comanda-dev-reports:*",)),
)


def _reports_document(policy: dict) -> dict:
    from infra.policy import narrowed

    return resolve(narrowed(policy), REFS)


def test_the_reports_function_may_query_its_workgroup_and_read_the_facts_and_nothing_else():
    policy = _reports_document(reports_function_policy(load_stage("dev")))
    assert granted(policy) == REPORTS_GRANTS
    # the facts are listed only under facts/; everything else is named
    (listing,) = [s for s in policy["Statement"] if s["Resource"] == FACTS and s["Action"] == ["s3:ListBucket"]]
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["facts/*"]}}
    for action, resource in [("s3:PutObject", f"{FACTS}/facts/sessions/x.json"), ("dynamodb:PutItem", f"{TABLE}customers"),
                             ("dynamodb:GetItem", f"{TABLE}orders"), ("ssm:GetParameter", "*"),
                             ("athena:StartQueryExecution", f"arn:aws:athena:{ACCOUNT_REGION}:workgroup/primary")]:
        assert not allows(policy, action, resource), (action, resource)


def test_the_facts_consumer_may_read_the_streams_and_put_facts_and_nothing_else(template):
    stage = load_stage("dev")
    function = LambdaFunction("StreamFacts", "StreamFactsRole", "stream-facts")
    (entry,) = role_policies(stage, function, {"Statement": []})["Properties"]["Policies"]
    policy = resolve(entry["PolicyDocument"], REFS)
    from chalice.utils import to_cfn_resource_name

    facts = template["Resources"][to_cfn_resource_name("stream_facts")]
    streamed = {template["Resources"][e["Properties"]["Stream"]["Fn::GetAtt"][0]]["Properties"]["TableName"]
                for e in facts["Properties"].get("Events", {}).values() if e["Type"] == "DynamoDB"}
    assert "comanda-dev-sections" not in streamed  # no fact in it: no mapping, no right to read it
    assert granted(policy) == _pairs(
        (("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"),
         tuple(f"arn:aws:dynamodb:{ACCOUNT_REGION}:table/{name}/stream/*" for name in streamed)),
        (("sqs:SendMessage",), (f"arn:aws:sqs:{ACCOUNT_REGION}:comanda-dev-stream-failures",)),
        (("s3:PutObject",), (f"{FACTS}/facts/*",)),
        (("dynamodb:GetItem", "dynamodb:Query"),
         (f"{TABLE}chains", f"{TABLE}branches", f"{TABLE}customers", f"{TABLE}menu")),
        (("dynamodb:Query",), _indexes("chains", "branches", "customers", "menu")),
        (("logs:CreateLogStream", "logs:PutLogEvents"),
         (f"arn:aws:logs:{ACCOUNT_REGION}:log-group:/aws/lambda/comanda-dev-stream-facts:*",)),
    )
    assert not allows(policy, "s3:GetObject", f"{FACTS}/facts/sessions/x.json")
    assert not allows(policy, "s3:PutObject", f"{REPORTS}/cache/x.json")
    assert not allows(policy, "dynamodb:PutItem", f"{TABLE}customers")


def _app_with_a_reports_function() -> Chalice:
    """The app's shape once the reports function is in app.py (queries19): a route, the stream
    consumer, and `@app.lambda_function(name="reports")`."""
    from app import SESSIONS_STREAM_ARN

    app = Chalice(app_name="comanda")

    @app.route("/")
    def index():  # pragma: no cover - never called
        return {}

    @app.on_dynamodb_record(stream_arn=SESSIONS_STREAM_ARN, batch_size=100)
    def stream_changes(event):  # pragma: no cover
        return None

    @app.lambda_function(name="reports")
    def reports(event, context):  # pragma: no cover
        return None

    return app


def test_the_reports_function_is_attached_by_its_name_with_its_timeout_policy_and_no_retry():
    merge = build_merge_template(load_stage("dev"), _app_with_a_reports_function())
    function = merge["Resources"]["Reports"]
    properties = function["Properties"]
    assert properties["FunctionName"] == "comanda-dev-reports"  # as the REST function invokes it
    assert properties["Timeout"] == 300
    assert properties["EventInvokeConfig"] == {"MaximumRetryAttempts": 0, "MaximumEventAgeInSeconds": 300}
    assert properties["Environment"]["Variables"]["COMANDA_REPORTS_ENGINE"] == "athena"
    assert merge["Resources"]["ReportsLogGroup"]["Properties"]["LogGroupName"] == "/aws/lambda/comanda-dev-reports"
    (entry,) = merge["Resources"]["ReportsRole"]["Properties"]["Policies"]
    assert granted(resolve(entry["PolicyDocument"], REFS)) == REPORTS_GRANTS
    skips = {s["id"]: s["comment"] for s in function["Metadata"]["checkov"]["skip"]}
    assert "asynchronously" in skips["CKV_AWS_116"]
    # the REST function keeps the stage policy and adds starting runs; the stream consumer is unchanged
    assert [p["PolicyName"] for p in merge["Resources"]["ApiHandlerRole"]["Properties"]["Policies"]] == [
        "ApiHandlerRolePolicy", "ApiHandlerRoleReportRuns"]
    assert [p["PolicyName"] for p in merge["Resources"]["StreamChangesRole"]["Properties"]["Policies"]] == [
        "StreamChangesRolePolicy"]
    assert "ReportsReservedConcurrency" in merge["Parameters"]


def test_the_packaged_reports_function_has_its_own_policy(template):
    if "Reports" not in template["Resources"]:
        pytest.skip("app.py has no @app.lambda_function(name='reports') yet (issue 19, queries19)")
    (entry,) = template["Resources"]["ReportsRole"]["Properties"]["Policies"]
    assert granted(resolve(entry["PolicyDocument"], REFS)) == REPORTS_GRANTS
    assert template["Resources"]["Reports"]["Properties"]["Timeout"] == 300
    assert template["Resources"]["Reports"]["Properties"]["EventInvokeConfig"]["MaximumRetryAttempts"] == 0


@pytest.mark.parametrize("name", ["stream_facts", "reports"])
def test_a_function_with_its_own_policy_may_make_every_request_it_made_in_the_journey(template, journey, name):
    """The stage journey hands the evening's stream batch to the facts consumer too, and runs two
    reports in the reports function (stage_journey.report_runs); each one's own policy allows every
    request it made."""
    from chalice.utils import to_cfn_resource_name

    if name not in journey["by_function"]:
        pytest.skip(f"app.py has no {name} function yet (issue 19)")
    needs = journey["by_function"][name]
    function = template["Resources"][to_cfn_resource_name(name)]
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    (entry,) = template["Resources"][role_id]["Properties"]["Policies"]
    policy = resolve(entry["PolicyDocument"], {**REFS, **journey["refs"]})
    assert needs
    refused = [need for need in needs if not allows(policy, *need)]
    assert not refused
    if name == "stream_facts":
        assert {action for action, _ in needs if action.startswith("s3:")} == {"s3:PutObject"}
    else:
        assert {action for action, _ in needs if action.startswith("athena:")} >= {
            "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"}


def test_the_facts_consumer_gathers_a_minute_of_records_per_invocation(template):
    """No screen waits for a fact: its stream mappings batch up to a minute (or 1,000 records), so a
    busy branch costs one invocation and one object per kind a minute; the pushes' stay immediate."""
    from chalice.utils import to_cfn_resource_name

    facts = template["Resources"][to_cfn_resource_name("stream_facts")]["Properties"]["Events"]
    pushes = template["Resources"][to_cfn_resource_name("stream_changes")]["Properties"]["Events"]
    assert facts and {(e["Properties"]["MaximumBatchingWindowInSeconds"], e["Properties"]["BatchSize"])
                      for e in facts.values()} == {(60, 1000)}
    assert {e["Properties"]["MaximumBatchingWindowInSeconds"] for e in pushes.values()} == {0}


def test_the_facts_consumer_is_invoked_only_for_records_that_can_hold_a_fact(template):
    """Issue 17 (cost): each of its mappings carries its table's event filters
    (chalicelib/realtime/fact_filters.py), a table whose records never hold a fact has no mapping,
    and the pushes' function, which every change concerns, has no filter at all."""
    import json

    from chalice.utils import to_cfn_resource_name

    from chalicelib.realtime.fact_filters import FACT_FILTERS
    from infra.tables import stream_specs

    resources = template["Resources"]
    facts = resources[to_cfn_resource_name("stream_facts")]["Properties"]["Events"]
    pushes = resources[to_cfn_resource_name("stream_changes")]["Properties"]["Events"]
    filtered = {event["Properties"]["Stream"]["Fn::GetAtt"][0]:
                [json.loads(f["Pattern"]) for f in event["Properties"]["FilterCriteria"]["Filters"]]
                for event in facts.values()}
    assert filtered == {spec.logical_id: list(FACT_FILTERS[spec.model])
                        for spec in stream_specs() if spec.model in FACT_FILTERS}
    assert len(pushes) == len(facts) + 1  # the sections' stream: pushes only
    assert all("FilterCriteria" not in e["Properties"] for e in pushes.values())
