"""The Lambda functions' IAM policy for a stage, least privilege, as .chalice/policy-<stage>.json.

What the app does, and so all it may do:
- DynamoDB items through PynamoDB and Powertools' idempotency layer: GetItem, BatchGetItem (the
  items a keys-only index lists), PutItem, UpdateItem, DeleteItem, BatchWriteItem and Query on
  the stage's tables; Query on their indexes. A TransactWriteItems request is authorised per item as PutItem / UpdateItem /
  DeleteItem (a condition on another item is an UpdateItem of it: the app sends no
  ConditionCheck, so it is not granted), so it needs no action of its own. No Scan, no DescribeTable, no table admin.
- the stream function: read the streams of the tables in STREAM_MODELS (the event source
  mapping polls with the function's role) and send a failed batch's description to the
  stream-failures queue (the on-failure destination).
- S3: PutObject under media/menu/ only (the pre-signed photo upload the API hands out).
- SSM: GetParameter on the JWT signing key's and the origin secret's SecureStrings (the
  aws/ssm key decrypts them for any principal allowed to read the parameter).
- execute-api:ManageConnections: POST to @connections of the WebSocket API's stage (pushes),
  and DELETE (closing a token's oldest socket past the limit of live sockets per token).
- SNS: Publish, for the loyalty sign-up's one-time code sent as a direct SMS. A text to a
  phone number has no ARN (IAM sees `*`), so the Allow cannot name a resource; a Deny on every
  SNS ARN (topics, platform endpoints) leaves the grant to direct SMS alone.
- SES: SendEmail, for staff invitations and password-reset links (chalicelib/mail.py), from
  the stage's verified identities (the sender is the template's MailFrom parameter).
- CloudWatch Logs: write to the functions' own log groups (the template creates them, with
  a retention, so the functions need no CreateLogGroup). Metrics go out as EMF log lines.

The file uses `*` for region, account and the WebSocket API id (unknown until deployed);
`narrowed()` turns those into `Fn::Sub` references when the policy goes into the template.
`python -m infra.policy --write` regenerates the files; a test fails if they are stale.
"""
from __future__ import annotations

import argparse
import copy
import json
import re
from pathlib import Path
from typing import Any

from .stages import DEPLOYED_STAGES, ROOT, WEBSOCKET_STAGE, Stage, load_stage
from .tables import stream_specs, table_specs

TABLE_ITEM_ACTIONS = (
    "dynamodb:BatchGetItem",  # the items a keys-only index lists (store/dynamodb.py query_then_get)
    "dynamodb:BatchWriteItem",
    "dynamodb:ConditionCheckItem",  # a request to join is stored only while its session is open
    "dynamodb:DeleteItem",
    "dynamodb:GetItem",
    "dynamodb:PutItem",
    "dynamodb:Query",
    "dynamodb:UpdateItem",
)
INDEX_ACTIONS = ("dynamodb:Query",)
STREAM_ACTIONS = ("dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams")
MEDIA_UPLOAD_PREFIX = "media/menu/"
XRAY_ACTIONS = ("xray:PutTelemetryRecords", "xray:PutTraceSegments")


def table_arn(stage: Stage, short_name: str) -> str:
    return f"arn:aws:dynamodb:*:*:table/{stage.table_name(short_name)}"


def build_policy(stage: Stage) -> dict[str, Any]:
    tables = table_specs()
    statements: list[dict[str, Any]] = [
        {
            "Sid": "TableItems",
            "Effect": "Allow",
            "Action": list(TABLE_ITEM_ACTIONS),
            "Resource": [table_arn(stage, spec.short_name) for spec in tables],
        },
        {
            "Sid": "IndexQueries",
            "Effect": "Allow",
            "Action": list(INDEX_ACTIONS),
            "Resource": [f"{table_arn(stage, spec.short_name)}/index/{index}"
                         for spec in tables for index in spec.index_names],
        },
        {
            "Sid": "ChangeStreams",
            "Effect": "Allow",
            "Action": list(STREAM_ACTIONS),
            "Resource": [f"{table_arn(stage, spec.short_name)}/stream/*" for spec in stream_specs()],
        },
        {
            "Sid": "StreamFailures",
            "Effect": "Allow",
            "Action": ["sqs:SendMessage"],
            "Resource": f"arn:aws:sqs:*:*:{stage.stream_failures_queue}",
        },
        {
            "Sid": "MenuPhotoUploads",
            "Effect": "Allow",
            "Action": ["s3:PutObject"],
            "Resource": f"arn:aws:s3:::{stage.bucket}/{MEDIA_UPLOAD_PREFIX}*",
        },
        {
            "Sid": "SecretParameters",
            "Effect": "Allow",
            "Action": ["ssm:GetParameter"],
            "Resource": [f"arn:aws:ssm:*:*:parameter/{name.lstrip('/')}"
                         for name in (stage.jwt_secret_parameter, stage.origin_secret_parameter)],
        },
        {
            "Sid": "WebSocketPushes",
            "Effect": "Allow",
            "Action": ["execute-api:ManageConnections"],
            "Resource": [f"arn:aws:execute-api:*:*:*/{WEBSOCKET_STAGE}/POST/@connections/*",
                         f"arn:aws:execute-api:*:*:*/{WEBSOCKET_STAGE}/DELETE/@connections/*"],
        },
        {
            "Sid": "TextMessages",
            "Effect": "Allow",
            "Action": ["sns:Publish"],
            "Resource": "*",
        },
        {
            "Sid": "TextMessagesOnly",
            "Effect": "Deny",
            "Action": ["sns:Publish"],
            "Resource": "arn:aws:sns:*:*:*",
        },
        {
            "Sid": "StaffEmail",
            "Effect": "Allow",
            "Action": ["ses:SendEmail"],
            "Resource": "arn:aws:ses:*:*:identity/*",
        },
        {
            "Sid": "Logs",
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": f"arn:aws:logs:*:*:log-group:{stage.log_group_prefix}*:*",
        },
    ]
    if stage.xray:
        statements.append({"Sid": "Tracing", "Effect": "Allow", "Action": list(XRAY_ACTIONS), "Resource": "*"})
    return {"Version": "2012-10-17", "Statement": statements}


_REGION_ACCOUNT = re.compile(r"^arn:aws:(dynamodb|sqs|ssm|logs|execute-api|ses|athena|glue|lambda):\*:\*:")


def _narrow_arn(arn: str) -> Any:
    if arn == "*":
        return arn
    match = _REGION_ACCOUNT.match(arn)
    if not match:
        return arn if not arn.startswith("arn:aws:") else {"Fn::Sub": "arn:${AWS::Partition}:" + arn[len("arn:aws:"):]}
    rest = arn[match.end():]
    if match.group(1) == "execute-api" and rest.startswith("*/"):
        rest = "${WebsocketAPI}" + rest[1:]
    return {"Fn::Sub": f"arn:${{AWS::Partition}}:{match.group(1)}:${{AWS::Region}}:${{AWS::AccountId}}:{rest}"}


def narrowed(policy: dict[str, Any]) -> dict[str, Any]:
    """The policy with region, account and WebSocket API id filled in by CloudFormation."""
    out = copy.deepcopy(policy)
    for statement in out["Statement"]:
        resources = statement["Resource"]
        statement["Resource"] = ([_narrow_arn(r) for r in resources] if isinstance(resources, list)
                                 else _narrow_arn(resources))
    return out


def policy_path(stage_name: str) -> Path:
    return ROOT / ".chalice" / f"policy-{stage_name}.json"


def render(policy: dict[str, Any]) -> str:
    return json.dumps(policy, indent=2) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write (or check) .chalice/policy-<stage>.json")
    parser.add_argument("--stage", action="append", choices=DEPLOYED_STAGES)
    parser.add_argument("--check", action="store_true", help="fail if a file differs from what the code needs")
    args = parser.parse_args(argv)
    stale = []
    for name in args.stage or DEPLOYED_STAGES:
        text = render(build_policy(load_stage(name)))
        path = policy_path(name)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        raise SystemExit(f"stale: {', '.join(stale)} (run: python -m infra.policy)")


if __name__ == "__main__":
    main()
