"""The reports' data path on AWS (issue 19, docs/reports.md): parts of the merge template.

- **FactsBucket**: the chain's facts as newline-delimited JSON under `facts/{kind}/chain=…/
  branch=…/date=…/`, written by the stream's facts consumer. Kept: no expiry (the facts are the
  only history the reports have; the tables forget closed sessions). Versioned, so an
  overwritten or deleted object can be brought back; a redelivered batch overwrites its own
  object with the same bytes, so noncurrent versions expire after NONCURRENT_FACTS_DAYS.
- **ReportsBucket**: what the reports make, all of it derived: Athena's query results under
  `athena/` and the runs' states under `runs/` (ATHENA_RESULTS_DAYS), a finished range's answers
  under `cache/` (CACHE_DAYS). Unversioned: every object can be made again from the facts, and a
  run's state is rewritten at each step (versions would only pile up).
- Both: private (public access blocked, bucket owner enforced), SSE-S3, TLS only, their server
  access logs into the logs bucket (`s3/facts/`, `s3/reports/`), named by CloudFormation (S3
  names are global: two stages or accounts side by side), kept with a production stage.
- **Glue**: a database per stage (glue_database) and a table per fact kind, columns and types
  from chalicelib/domain/fact_kinds.py (the description the fact writer uses too), JSON SerDe,
  partitions `chain`, `branch`, `date` by **partition projection** (chain and branch injected,
  date a yyyy-MM-dd range), so no crawler and no MSCK REPAIR: a new branch or day is queryable
  the moment its first object lands. Injected partitions need every query to name its chain and
  branches with equality (`chain = ? AND branch IN (…)`), which the reports' scope does anyway.
- **Athena workgroup** per stage (athena_workgroup): its configuration enforced (a client cannot
  send results elsewhere or unencrypted), results in the reports bucket's `athena/` with SSE-S3,
  a bytes-scanned cut-off per query (parameter ReportsBytesScannedCutoff, 10 GiB by default),
  engine version 3, CloudWatch metrics.
- **Policies**, each naming its resources: the reports function's own (Athena in its workgroup,
  Glue reads of its database, the facts it reads, the reports bucket's prefixes, reads of the
  customers, chains and branches tables), the REST function's addition (invoke the reports
  function, read and write runs/ and cache/), and the facts consumer's own (read the streams,
  put facts, read branches and chains, customers (membership) and the menu (item names)).
"""
from __future__ import annotations

from typing import Any

from chalicelib.domain.fact_kinds import KINDS, PARTITION_KEYS
from chalicelib.realtime.fact_filters import fact_filter_criteria
from chalicelib.services.reports import REPORT_FUNCTION_TIMEOUT_S

from .stages import Stage
from .tables import stream_specs, table_specs

# --- names ---------------------------------------------------------------------------------------
REPORTS_FUNCTION = "reports"  # chalice: @app.lambda_function(name="reports") -> "{app}-{stage}-reports"
REPORTS_TIMEOUT_S = REPORT_FUNCTION_TIMEOUT_S  # the run's state says failed a minute after this (services/reports.py)
FACTS_BUCKET_REF = "${FactsBucket}"  # Fn::Sub resolves the CloudFormation-made names
REPORTS_BUCKET_REF = "${ReportsBucket}"
FACTS_PREFIX = "facts/"
ATHENA_PREFIX = "athena/"
RUNS_PREFIX = "runs/"
CACHE_PREFIX = "cache/"

ATHENA_RESULTS_DAYS = 7  # athena/ and runs/: a run is read while the page waits for it
CACHE_DAYS = 90  # cache/: a finished range's answers
NONCURRENT_FACTS_DAYS = 30
# Per query, a stack parameter (docs/decisions.md): Athena bills ~5 USD per TB scanned, so 10 GiB is
# ~5 US cents at most. NDJSON is read whole (no column pruning): a year of order lines of a busy
# 20-branch chain is ~5 GB, which the year-long reports must be allowed to read.
CUTOFF_PARAMETER = "ReportsBytesScannedCutoff"
BYTES_SCANNED_CUTOFF = 10 * 1024 ** 3
MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 2  # Athena's own minimum
ATHENA_ENGINE = "Athena engine version 3"
FACTS_SINCE = "2024-01-01"  # the date projection's first day (the oldest facts a chain may import)

JSON_SERDE = "org.openx.data.jsonserde.JsonSerDe"
TEXT_INPUT = "org.apache.hadoop.mapred.TextInputFormat"
TEXT_OUTPUT = "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat"

# What the report function reads from DynamoDB: the member list (customers), the chain's and
# branches' names, currency and time zone (the venues repository's chains and branches tables),
# and the names beside the ids the facts keep: the chain's staff and its menu's categories.
REPORTS_READ_TABLES = ("chains", "branches", "customers", "staff", "menu")
# What the facts consumer reads: a branch's chain and time zone (the chain's as the fallback), the
# chain's branches, whether a guest is a loyalty member, an item's name (chalicelib/realtime/facts_stream.py).
FACTS_READ_TABLES = ("chains", "branches", "customers", "menu")
TABLE_READ_ACTIONS = ("dynamodb:GetItem", "dynamodb:Query")

ATHENA_ACTIONS = ("athena:GetQueryExecution", "athena:GetQueryResults", "athena:StartQueryExecution",
                  "athena:StopQueryExecution")
GLUE_ACTIONS = ("glue:GetDatabase", "glue:GetPartitions", "glue:GetTable", "glue:GetTables")


def glue_database(stage: Stage) -> str:
    """`comanda_dev`: Glue and Athena names take underscores, not hyphens."""
    return f"{stage.app_name}_{stage.name}".replace("-", "_")


def athena_workgroup(stage: Stage) -> str:
    return f"{stage.stack_name}-reports"


def reports_function_name(stage: Stage) -> str:
    return stage.function_name(REPORTS_FUNCTION)


def environment(stage: Stage) -> dict[str, Any]:
    """What every function is told about the data path (names only; chalicelib/config.py)."""
    return {
        "COMANDA_FACTS_BUCKET": {"Ref": "FactsBucket"},
        "COMANDA_REPORTS_BUCKET": {"Ref": "ReportsBucket"},
        "COMANDA_REPORTS_FUNCTION": reports_function_name(stage),
        "COMANDA_REPORTS_ENGINE": "athena",
        "COMANDA_ATHENA_WORKGROUP": athena_workgroup(stage),
        "COMANDA_GLUE_DATABASE": glue_database(stage),
    }


def _sub(text: str) -> dict[str, str]:
    return {"Fn::Sub": text}


# --- buckets ---------------------------------------------------------------------------------------
def _tls_only(bucket: str) -> dict[str, Any]:
    return {
        "Type": "AWS::S3::BucketPolicy",
        "Properties": {
            "Bucket": {"Ref": bucket},
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Sid": "TlsOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [_sub("${%s.Arn}" % bucket), _sub("${%s.Arn}/*" % bucket)],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }]},
        },
    }


def bucket_resources(stage: Stage) -> dict[str, Any]:
    from . import edge

    facts = edge.private_bucket(
        stage, "BucketOwnerEnforced",
        VersioningConfiguration={"Status": "Enabled"},
        LoggingConfiguration={"DestinationBucketName": {"Ref": "LogsBucket"}, "LogFilePrefix": "s3/facts/"},
        LifecycleConfiguration={"Rules": [{
            # No expiry of current objects: the facts are kept (the reports' only history).
            "Id": "ForgetOverwrittenFacts", "Status": "Enabled",
            "NoncurrentVersionExpiration": {"NoncurrentDays": NONCURRENT_FACTS_DAYS},
            "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1},
        }]},
    )
    reports = edge.private_bucket(
        stage, "BucketOwnerEnforced",
        LoggingConfiguration={"DestinationBucketName": {"Ref": "LogsBucket"}, "LogFilePrefix": "s3/reports/"},
        LifecycleConfiguration={"Rules": [
            {"Id": "ExpireAthenaResults", "Status": "Enabled", "Prefix": ATHENA_PREFIX,
             "ExpirationInDays": ATHENA_RESULTS_DAYS},
            {"Id": "ExpireRuns", "Status": "Enabled", "Prefix": RUNS_PREFIX, "ExpirationInDays": ATHENA_RESULTS_DAYS},
            {"Id": "ExpireCache", "Status": "Enabled", "Prefix": CACHE_PREFIX, "ExpirationInDays": CACHE_DAYS},
            {"Id": "AbortUploads", "Status": "Enabled", "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 1}},
        ]},
    )
    edge.skip_checks(reports, ("CKV_AWS_21", "Everything in it is derived from the facts and expires (Athena results "
                                             "and run states after 7 days, cached answers after 90); a run's state is "
                                             "rewritten at each step, so versions would only pile up."))
    return {
        "FactsBucket": facts,
        "FactsBucketPolicy": _tls_only("FactsBucket"),
        "ReportsBucket": reports,
        "ReportsBucketPolicy": _tls_only("ReportsBucket"),
    }


# --- Glue --------------------------------------------------------------------------------------------
def _camel(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.split("_"))


def glue_table_logical_id(kind: str) -> str:
    return f"Facts{_camel(kind)}GlueTable"


def glue_table_input(kind: str) -> dict[str, Any]:
    """The Glue table of one fact kind: its columns as fact_kinds.py describes them."""
    location = f"s3://{FACTS_BUCKET_REF}/{FACTS_PREFIX}{kind}/"
    partitions = "/".join(f"{name}=${{!{name}}}" for name, _ in PARTITION_KEYS)  # ${!x}: a literal ${x}
    return {
        "Name": kind,
        "Description": f"Comanda facts: {kind} (docs/reports.md)",
        "TableType": "EXTERNAL_TABLE",
        "Parameters": {
            "EXTERNAL": "TRUE",
            "classification": "json",
            "projection.enabled": "true",
            "projection.chain.type": "injected",
            "projection.branch.type": "injected",
            "projection.date.type": "date",
            "projection.date.format": "yyyy-MM-dd",
            # business days are local: a branch east of UTC is already in tomorrow
            "projection.date.range": f"{FACTS_SINCE},NOW+1DAYS",
            "projection.date.interval": "1",
            "projection.date.interval.unit": "DAYS",
            "storage.location.template": _sub(f"{location}{partitions}/"),
        },
        "PartitionKeys": [{"Name": name, "Type": kind_type} for name, kind_type in PARTITION_KEYS],
        "StorageDescriptor": {
            "Columns": [{"Name": name, "Type": column_type} for name, column_type in KINDS[kind]],
            "Location": _sub(location),
            "InputFormat": TEXT_INPUT,
            "OutputFormat": TEXT_OUTPUT,
            "Compressed": False,
            "SerdeInfo": {"SerializationLibrary": JSON_SERDE, "Parameters": {"serialization.format": "1"}},
        },
    }


def glue_resources(stage: Stage) -> dict[str, Any]:
    resources: dict[str, Any] = {"ReportsGlueDatabase": {
        "Type": "AWS::Glue::Database",
        "Properties": {"CatalogId": {"Ref": "AWS::AccountId"}, "DatabaseInput": {
            "Name": glue_database(stage), "Description": f"Comanda {stage.name}: the chain's facts (docs/reports.md)"}},
    }}
    for kind in KINDS:
        resources[glue_table_logical_id(kind)] = {
            "Type": "AWS::Glue::Table",
            "Properties": {"CatalogId": {"Ref": "AWS::AccountId"}, "DatabaseName": {"Ref": "ReportsGlueDatabase"},
                           "TableInput": glue_table_input(kind)},
        }
    return resources


# --- Athena -------------------------------------------------------------------------------------------
def workgroup_resources(stage: Stage) -> dict[str, Any]:
    return {"ReportsWorkGroup": {
        "Type": "AWS::Athena::WorkGroup",
        "Properties": {
            "Name": athena_workgroup(stage),
            "Description": f"Comanda {stage.name}: the reports' queries",
            "State": "ENABLED",
            "RecursiveDeleteOption": True,  # its query history goes with the stack
            "WorkGroupConfiguration": {
                "EnforceWorkGroupConfiguration": True,
                "PublishCloudWatchMetricsEnabled": True,
                "BytesScannedCutoffPerQuery": {"Ref": CUTOFF_PARAMETER},
                "EngineVersion": {"SelectedEngineVersion": ATHENA_ENGINE},
                "ResultConfiguration": {
                    "OutputLocation": _sub(f"s3://{REPORTS_BUCKET_REF}/{ATHENA_PREFIX}"),
                    "EncryptionConfiguration": {"EncryptionOption": "SSE_S3"},
                },
            },
        },
    }}


def parameters() -> dict[str, Any]:
    return {CUTOFF_PARAMETER: {
        "Type": "Number", "Default": BYTES_SCANNED_CUTOFF, "MinValue": MIN_BYTES_SCANNED_CUTOFF,
        "Description": "bytes one report query may scan before Athena cancels it (and stops billing): "
                       "10 GiB by default, ~5 US cents at Athena's price per TB"}}


def resources(stage: Stage) -> dict[str, Any]:
    return {**bucket_resources(stage), **glue_resources(stage), **workgroup_resources(stage)}


# --- policies (written as .chalice/policy-<stage>.json is: `*` region and account, narrowed later) ----------
def _table_arn(stage: Stage, short_name: str) -> str:
    return f"arn:aws:dynamodb:*:*:table/{stage.table_name(short_name)}"


def _table_reads(stage: Stage, short_names: tuple[str, ...], sid: str) -> list[dict[str, Any]]:
    specs = [spec for spec in table_specs() if spec.short_name in short_names]
    missing = set(short_names) - {spec.short_name for spec in specs}
    if missing:
        raise ValueError(f"no such tables: {sorted(missing)}")
    statements = [{"Sid": sid, "Effect": "Allow", "Action": list(TABLE_READ_ACTIONS),
                   "Resource": [_table_arn(stage, spec.short_name) for spec in specs]}]
    indexes = [f"{_table_arn(stage, spec.short_name)}/index/{index}" for spec in specs for index in spec.index_names]
    if indexes:
        statements.append({"Sid": f"{sid}Indexes", "Effect": "Allow", "Action": ["dynamodb:Query"],
                           "Resource": indexes})
    return statements


def _own_logs(stage: Stage, short_name: str) -> dict[str, Any]:
    return {"Sid": "Logs", "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"arn:aws:logs:*:*:log-group:/aws/lambda/{stage.function_name(short_name)}:*"}


def _tracing(stage: Stage) -> list[dict[str, Any]]:
    from .policy import XRAY_ACTIONS

    return [{"Sid": "Tracing", "Effect": "Allow", "Action": list(XRAY_ACTIONS), "Resource": "*"}] if stage.xray else []


def reports_function_policy(stage: Stage) -> dict[str, Any]:
    """The reports function's whole policy: it runs queries, nothing else."""
    database, workgroup = glue_database(stage), athena_workgroup(stage)
    facts, reports = f"arn:aws:s3:::{FACTS_BUCKET_REF}", f"arn:aws:s3:::{REPORTS_BUCKET_REF}"
    statements: list[dict[str, Any]] = [
        {"Sid": "AthenaQueries", "Effect": "Allow", "Action": list(ATHENA_ACTIONS),
         "Resource": f"arn:aws:athena:*:*:workgroup/{workgroup}"},
        # Glue authorises a table read on the catalog, the database and the table together
        {"Sid": "GlueCatalog", "Effect": "Allow", "Action": list(GLUE_ACTIONS),
         "Resource": ["arn:aws:glue:*:*:catalog", f"arn:aws:glue:*:*:database/{database}",
                      f"arn:aws:glue:*:*:table/{database}/*"]},
        # Athena reads the facts, and writes its results, with the caller's permissions
        {"Sid": "BucketLocations", "Effect": "Allow", "Action": ["s3:GetBucketLocation"],
         "Resource": [facts, reports]},
        {"Sid": "ListFacts", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": facts,
         "Condition": {"StringLike": {"s3:prefix": [f"{FACTS_PREFIX}*"]}}},
        {"Sid": "ReadFacts", "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"{facts}/{FACTS_PREFIX}*"},
        # Athena's results location: what Athena documents for it (it may write them in parts).
        # ListBucket unconditional: without it a missing runs/ or cache/ key answers 403, not 404
        {"Sid": "ListReports", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:ListBucketMultipartUploads"],
         "Resource": reports},
        {"Sid": "AthenaResults", "Effect": "Allow",
         "Action": ["s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
         "Resource": f"{reports}/{ATHENA_PREFIX}*"},
        {"Sid": "RunsAndCache", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": [f"{reports}/{RUNS_PREFIX}*", f"{reports}/{CACHE_PREFIX}*"]},
        *_table_reads(stage, REPORTS_READ_TABLES, "ChainReads"),
        _own_logs(stage, REPORTS_FUNCTION),
        *_tracing(stage),
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def rest_reports_statements(stage: Stage) -> list[dict[str, Any]]:
    """What the REST function adds to the stage policy: start a run (the reports function,
    asynchronously) and read its state and the cached answers."""
    reports = f"arn:aws:s3:::{REPORTS_BUCKET_REF}"
    return [
        {"Sid": "StartReportRuns", "Effect": "Allow", "Action": ["lambda:InvokeFunction"],
         "Resource": f"arn:aws:lambda:*:*:function:{reports_function_name(stage)}"},
        {"Sid": "ReportRunsAndCache", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
         "Resource": [f"{reports}/{RUNS_PREFIX}*", f"{reports}/{CACHE_PREFIX}*"]},
        {"Sid": "ListReports", "Effect": "Allow", "Action": ["s3:ListBucket"], "Resource": reports},
    ]


def facts_writer_policy(stage: Stage, short_name: str) -> dict[str, Any]:
    """The facts consumer's whole policy (`short_name`: its function's, e.g. "stream-facts"): the
    streams it is mapped to, the failures queue, PutObject of facts, reads of FACTS_READ_TABLES."""
    statements: list[dict[str, Any]] = [
        {"Sid": "ChangeStreams", "Effect": "Allow",
         "Action": ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator",
                    "dynamodb:ListStreams"],
         "Resource": [f"{_table_arn(stage, spec.short_name)}/stream/*" for spec in stream_specs()
                      if fact_filter_criteria(spec.model)]},  # the streams it is mapped to (infra/template.py)
        {"Sid": "StreamFailures", "Effect": "Allow", "Action": ["sqs:SendMessage"],
         "Resource": f"arn:aws:sqs:*:*:{stage.stream_failures_queue}"},
        {"Sid": "WriteFacts", "Effect": "Allow", "Action": ["s3:PutObject"],
         "Resource": f"arn:aws:s3:::{FACTS_BUCKET_REF}/{FACTS_PREFIX}*"},
        *_table_reads(stage, FACTS_READ_TABLES, "BranchReads"),
        _own_logs(stage, short_name),
        *_tracing(stage),
    ]
    return {"Version": "2012-10-17", "Statement": statements}
