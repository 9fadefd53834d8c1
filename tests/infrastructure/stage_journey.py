"""A restaurant evening on a packaged stage, in moto, recording what the app asks of AWS.

    python -m tests.infrastructure.stage_journey <sam.json> <calls.json>

Runs in its own process because the app reads its settings once, at import: here they are
the deployed functions' environment, taken from the packaged template (table prefix, bucket,
the SSM name of the signing key, the WebSocket API id and stage). The tables, bucket and
queue come from that template through moto's CloudFormation; the signing key and the origin
secret are put in SSM as the deploy script does (and every request carries that secret, as
CloudFront sends it); the demo chain is seeded (by the deployer, so not recorded).
Then diners, staff, the kitchen, the WebSocket handlers and the stream function do what they
do in a service, and every request they make to AWS is written out as the IAM action and
resource it needs (tests/infrastructure/aws_calls.py).
"""
from __future__ import annotations

import io
import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

from tests.infrastructure.aws_calls import ACCOUNT, REGION, AwsCalls

WEBSOCKET_API_ID = "wsapi0001"
ORIGIN_SECRET = "the-origin-secret-cloudfront-sends-to-both-apis"  # what the deploy puts in SSM
PUBLIC_BASE_URL = "https://comanda.example"
MAIL_FROM = "no-reply@comanda.example"  # the template's MailFrom: an identity verified in SES
MOTO_RESOURCE_TYPES = ("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue")
ROOT = Path(__file__).resolve().parents[2]
FACTS_CONSUMERS = ("stream_facts",)  # app.py's facts consumer (infra/template.py FACTS_FUNCTION)


def function_environment(template: dict[str, Any], logical_id: str = "APIHandler") -> dict[str, str]:
    refs = {"WebsocketAPI": WEBSOCKET_API_ID, "PublicBaseUrl": PUBLIC_BASE_URL, "AllowedOrigins": "", "MailFrom": MAIL_FROM,
            "SiteBucket": "", "FactsBucket": "", "ReportsBucket": ""}  # CloudFormation's names: known once the stack exists
    variables = template["Resources"][logical_id]["Properties"]["Environment"]["Variables"]
    return {k: refs[v["Ref"]] if isinstance(v, dict) else str(v) for k, v in variables.items()}


def moto_parameters() -> list[dict[str, str]]:
    """The parameters a stack of the template needs (the deploy fills them from SSM)."""
    return [{"ParameterKey": "OriginVerifySecret", "ParameterValue": ORIGIN_SECRET}]


def moto_template(template: dict[str, Any]) -> dict[str, Any]:
    """The template's resources that moto's CloudFormation can create."""
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": template.get("Parameters", {}),
        "Conditions": template.get("Conditions", {}),
        "Resources": {k: v for k, v in template["Resources"].items() if v.get("Type") in MOTO_RESOURCE_TYPES},
    }


class Story:
    """The app through chalice's test client and its Lambda handlers, with small helpers."""

    def __init__(self, client: Any, app_module: Any, passwords: dict[str, str]) -> None:
        self.client = client
        self.app = app_module
        self.passwords = passwords

    def call(self, method: str, path: str, body: Any = None, token: str | None = None,
             headers: dict[str, str] | None = None, expect: int | tuple[int, ...] = (200, 201)) -> Any:
        sent = {"Content-Type": "application/json", "X-Origin-Verify": ORIGIN_SECRET, **(headers or {})}
        if token:
            sent["Authorization"] = f"Bearer {token}"
        payload = json.dumps(body).encode() if body is not None else b""
        response = getattr(self.client.http, method.lower())(path, headers=sent, body=payload)
        expected = (expect,) if isinstance(expect, int) else expect
        if response.status_code not in expected:
            raise AssertionError(f"{method} {path}: {response.status_code} {response.body[:300]!r}")
        try:
            return json.loads(response.body) if response.body else None
        except ValueError:
            return response.body

    def login(self, email: str) -> str:
        return self.call("POST", "/staff/login", {"email": email, "password": self.passwords[email]})["token"]

    def ws_event(self, route: str, connection_id: str, token: str = "", body: str | None = None) -> dict:
        kinds = {"$connect": "CONNECT", "$default": "MESSAGE", "$disconnect": "DISCONNECT"}
        event: dict[str, Any] = {
            "requestContext": {"routeKey": route, "eventType": kinds[route], "connectionId": connection_id,
                               "apiId": WEBSOCKET_API_ID, "stage": os.environ["COMANDA_WS_STAGE"],
                               "domainName": f"{WEBSOCKET_API_ID}.execute-api.{REGION}.amazonaws.com"},
            "headers": {"Origin": PUBLIC_BASE_URL, "X-Origin-Verify": ORIGIN_SECRET}, "isBase64Encoded": False,
        }
        if token:
            event["queryStringParameters"] = {"token": token}
        if body is not None:
            event["body"] = body
        return event

    def connect(self, connection_id: str, token: str) -> None:
        answer = self.app.ws_connect(self.ws_event("$connect", connection_id, token), None)
        assert answer["statusCode"] == 200, answer


class Streams:
    """Reads the stage's table streams from "now" on, shaped as Lambda delivers them."""

    def __init__(self, table_names: list[str]) -> None:
        import boto3

        self._streams = boto3.client("dynamodbstreams", region_name=REGION)
        ddb = boto3.client("dynamodb", region_name=REGION)
        self._iterators: dict[str, str] = {}
        for table in table_names:
            arn = ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]
            shard = self._streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
            self._iterators[arn] = self._streams.get_shard_iterator(
                StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST")["ShardIterator"]

    def drain(self) -> dict[str, Any]:
        records = []
        for arn, iterator in self._iterators.items():
            answer = self._streams.get_records(ShardIterator=iterator)
            self._iterators[arn] = answer["NextShardIterator"]
            for record in answer["Records"]:
                change = dict(record["dynamodb"])
                if hasattr(change.get("ApproximateCreationDateTime"), "timestamp"):
                    change["ApproximateCreationDateTime"] = change["ApproximateCreationDateTime"].timestamp()
                records.append({**record, "dynamodb": change, "eventSourceARN": arn, "eventSource": "aws:dynamodb"})
        return {"Records": records}


def last_text_message_code(phone: str) -> str:
    """The code in the last SMS moto's SNS took for `phone` (its backend, read as moto documents for tests)."""
    import re

    from moto.sns import sns_backends

    texts = [text for to, text in sns_backends[ACCOUNT][REGION].sms_messages.values() if to == phone]
    return re.search(r"\b(\d{6})\b", texts[-1]).group(1)


def last_emailed_link(to: str) -> str:
    import re

    from moto.ses import ses_backends

    sent = [m for m in ses_backends[ACCOUNT][REGION].sent_messages if to in m.destinations.get("ToAddresses", [])]
    return re.search(r"/staff/welcome#([A-Za-z0-9_.-]+)", sent[-1].body).group(1)


def evening(story: Story, streams: Streams, calls: AwsCalls) -> None:
    branch = "br_downtown-lima"
    menu_base = f"/staff/branches/{branch}/menu"
    # A diner scans T12's code, reads the menu and registers (retried with the same key)
    story.call("GET", "/branches/downtown-lima/tables/T12")
    story.call("GET", "/branches/downtown-lima/menu")
    key = {"Idempotency-Key": "register-ana-1"}
    ana = story.call("POST", "/branches/downtown-lima/tables/T12/sessions", {"mode": "quick", "name": "Ana"},
                     headers=key, expect=201)
    story.call("POST", "/branches/downtown-lima/tables/T12/sessions", {"mode": "quick", "name": "Ana"},
               headers=key, expect=201)
    luis = story.call("POST", "/branches/downtown-lima/tables/T5/sessions",
                      {"mode": "loyalty", "name": "Luis", "phone": "+51987654321"}, expect=201)
    # Luis is a guest until he enters the code texted to his phone (one wrong try first)
    code = last_text_message_code("+51987654321")
    story.call("POST", "/me/phone-verification/confirm", {"code": f"{(int(code) + 1) % 10 ** 6:06d}"},
               token=luis["token"], expect=422)
    luis["token"] = story.call("POST", "/me/phone-verification/confirm", {"code": code}, token=luis["token"])["token"]
    # Staff sign in (one mistyped password first) and seat both tables
    story.call("POST", "/staff/login", {"email": "manager@downtown.demo.comanda", "password": "wrong"}, expect=401)
    manager = story.login("manager@downtown.demo.comanda")
    kitchen = story.login("kitchen@downtown.demo.comanda")
    owner = story.login("owner@demo.comanda")
    for registered in (ana, luis):
        story.call("POST", f"/staff/sessions/{registered['session']['id']}/approve", token=manager)
    # A second phone at T12 asks to join; staff see it, Ana lets her in, her phone reads its answer
    marta = story.call("POST", "/branches/downtown-lima/tables/T12/sessions", {"mode": "quick", "name": "Marta"},
                       expect=202)
    asked = marta["joinRequest"]["id"]
    story.call("GET", f"/staff/branches/{branch}/join-requests", token=manager)
    story.call("POST", f"/session/join-requests/{asked}/allow", token=ana["token"])
    story.call("GET", f"/join-requests/{asked}", token=marta["requestToken"])
    # Screens connect; a diner's socket pings
    story.connect("ana-phone", ana["token"])
    story.connect("pos", manager)
    story.connect("kitchen-display", kitchen)
    story.app.ws_message(story.ws_event("$default", "ana-phone", body='{"action": "ping"}'), None)
    # Ana orders (retried), tries an item the branch has 86'd, calls the waiter, asks for the bill
    order_key = {"Idempotency-Key": "order-ana-1"}
    order_body = {"items": [{"menuItemId": "ceviche-clasico", "quantity": 2, "notes": "No onions"}]}
    order = story.call("POST", "/session/orders", order_body, token=ana["token"], headers=order_key, expect=201)
    story.call("POST", "/session/orders", order_body, token=ana["token"], headers=order_key, expect=201)
    story.call("POST", "/session/orders", {"items": [{"menuItemId": "tacu-tacu", "quantity": 1}]},
               token=ana["token"], headers={"Idempotency-Key": "order-ana-2"}, expect=422)
    story.call("GET", "/session", token=ana["token"])
    story.call("GET", "/session/orders", token=ana["token"])
    story.call("POST", "/session/waiter-calls", token=ana["token"], expect=(200, 201))
    story.call("POST", "/session/bill-requests", token=ana["token"], expect=(200, 201))
    story.call("GET", "/me", token=luis["token"])
    story.call("PATCH", "/me", {"email": "luis@example.com"}, token=luis["token"])
    # The floor: tables page, sessions, the board, the kitchen's bump, requests, the bill
    story.call("GET", "/staff/branches", token=manager)
    story.call("GET", f"/staff/branches/{branch}/tables", token=manager)
    story.call("GET", f"/staff/branches/{branch}/sessions?status=active", token=manager)
    story.call("GET", f"/staff/branches/{branch}/orders", token=kitchen)
    story.call("POST", f"/staff/orders/{order['id']}/status", {"status": "accepted"}, token=manager)
    story.call("POST", f"/staff/orders/{order['id']}/items/{order['items'][0]['id']}/status",
               {"status": "preparing"}, token=kitchen)
    for request in story.call("GET", f"/staff/branches/{branch}/requests", token=manager)["requests"]:
        story.call("POST", f"/staff/requests/{request['id']}/ack", token=manager)
    story.call("GET", f"/staff/sessions/{ana['session']['id']}/bill", token=manager)
    # The owner edits the menu: a category, an item with a photo, the 86, then removes both
    category = story.call("POST", f"{menu_base}/categories", {"name": "Specials"}, token=owner,
                          headers={"Idempotency-Key": "category-1"}, expect=201)
    item = story.call("POST", f"{menu_base}/items", {"categoryId": category["id"], "name": "Emoliente",
                                                     "price": 900}, token=owner, expect=201)
    upload = story.call("POST", f"{menu_base}/items/{item['id']}/image-upload", {"contentType": "image/jpeg"},
                        token=owner, expect=(200, 201))
    story.call("PATCH", f"{menu_base}/items/{item['id']}", {"imageKey": upload["imageKey"]}, token=owner)
    story.call("POST", f"{menu_base}/items/lomo-saltado/availability", {"available": False}, token=kitchen)
    story.call("DELETE", f"{menu_base}/items/{item['id']}", token=owner, expect=(200, 204))
    story.call("DELETE", f"{menu_base}/categories/{category['id']}", token=owner, expect=(200, 204))
    story.call("POST", f"/staff/sessions/{ana['session']['id']}/close", token=manager)
    # The manager invites a waiter (an email through SES), who sets a password; later they are let go
    invited = story.call("POST", "/staff/accounts", {"email": "rosa@example.com", "name": "Rosa", "role": "waiter",
                                                      "branchIds": [branch]}, token=manager, expect=201)
    story.call("POST", "/staff/links/password", {"token": last_emailed_link("rosa@example.com"),
                                                  "password": "pan con chicharron 7"})
    story.call("PATCH", f"/staff/accounts/{invited['account']['id']}", {"active": False}, token=manager)
    # The stream function pushes every change to the connected screens (a Lambda of its own)
    calls.recording = False
    batch = streams.drain()
    calls.recording = True
    assert batch["Records"], "the evening's changes reached no stream"
    answer = story.app.stream_changes(batch, None)
    assert answer == {"batchItemFailures": []}, answer
    # The facts consumer (issue 19), a Lambda with a policy of its own, reads the same batch
    for name in FACTS_CONSUMERS:
        if hasattr(story.app, name):
            calls.function = name
            answer = getattr(story.app, name)(batch, None)
            calls.function = None
            assert answer == {"batchItemFailures": []}, answer
    # Ana's phone goes away
    story.app.ws_disconnect(story.ws_event("$disconnect", "ana-phone"), None)
    report_runs(story, calls, owner)


def report_runs(story: Story, calls: AwsCalls, owner: str) -> None:
    """The owner runs a sales report and the member list over last week (issue 19): the REST
    function stores the run and invokes the reports function asynchronously, which runs the
    queries in the stage's Athena workgroup (its requests recorded apart: its own policy); the
    owner reads the finished run, then asks again and gets the cached answer."""
    if not hasattr(story.app, "reports"):
        return  # app.py has no reports function yet
    import datetime

    import boto3

    calls.recording = False  # what CloudFormation makes on AWS (moto's has no Athena or Lambda resources)
    boto3.client("athena", region_name=REGION).create_work_group(
        Name=os.environ["COMANDA_ATHENA_WORKGROUP"], Configuration={"ResultConfiguration": {
            "OutputLocation": f"s3://{os.environ['COMANDA_REPORTS_BUCKET']}/athena/"}})
    role = boto3.client("iam", region_name=REGION).create_role(
        RoleName="reports-role", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": []}))
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("app.py", "def reports(event, context):\n    return None\n")
    boto3.client("lambda", region_name=REGION).create_function(
        FunctionName=os.environ["COMANDA_REPORTS_FUNCTION"], Runtime="python3.12", Role=role["Role"]["Arn"],
        Handler="app.reports", Code={"ZipFile": code.getvalue()})
    calls.recording = True
    # A week that has ended in every time zone (UTC-12 to UTC+14), whatever the hour: only a finished
    # range's answer is cached, and "yesterday" by this machine's UTC clock is still today in Lima
    # until 05:00 UTC (CI ran into it at 00:50 UTC).
    last = datetime.datetime.now(datetime.UTC).date() - datetime.timedelta(days=2)
    week = {"from": (last - datetime.timedelta(days=6)).isoformat(), "to": last.isoformat()}
    for report in ("sales", "members"):
        started = story.call("POST", "/staff/reports/runs", {"report": report, **week}, token=owner, expect=202)
        calls.function = "reports"  # what the asynchronous invoke runs, in the reports function
        story.app.reports({"runId": started["runId"]}, None)
        calls.function = None
        finished = story.call("GET", f"/staff/reports/runs/{started['runId']}", token=owner)
        assert finished["state"] == "done", finished
    again = story.call("POST", "/staff/reports/runs", {"report": "sales", **week}, token=owner, expect=200)
    assert again["state"] == "done", again


def main(template_path: str, out_path: str) -> None:
    template = json.loads(Path(template_path).read_text(encoding="utf-8"))
    for name in ("AWS_ENDPOINT_URL", "COMANDA_JWT_SECRET", "AWS_PROFILE", "COMANDA_WS_MANAGEMENT_ENDPOINT",
                 "COMANDA_ORIGIN_SECRET"):
        os.environ.pop(name, None)
    os.environ.update({
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing",
        "AWS_DEFAULT_REGION": REGION, "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled", "MOTO_ACCOUNT_ID": ACCOUNT,
        **function_environment(template),
        "POWERTOOLS_LOG_LEVEL": "ERROR",
    })
    calls = AwsCalls()
    calls.install()
    sys.path.insert(0, str(ROOT))

    import boto3
    from chalice.test import Client
    from moto import mock_aws

    with mock_aws():
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(StackName="comanda-journey", TemplateBody=json.dumps(moto_template(template)),
                                    Parameters=moto_parameters())
        os.environ["COMANDA_BUCKET"] = cloudformation.describe_stack_resource(
            StackName="comanda-journey", LogicalResourceId="SiteBucket")["StackResourceDetail"]["PhysicalResourceId"]
        for variable, bucket in (("COMANDA_FACTS_BUCKET", "FactsBucket"), ("COMANDA_REPORTS_BUCKET", "ReportsBucket")):
            os.environ[variable] = cloudformation.describe_stack_resource(
                StackName="comanda-journey", LogicalResourceId=bucket)["StackResourceDetail"]["PhysicalResourceId"]
        boto3.client("ssm", region_name=REGION).put_parameter(
            Name=os.environ["COMANDA_JWT_SECRET_PARAMETER"], Type="SecureString",
            Value="a-signing-key-that-is-long-enough-for-hs256-tokens")
        boto3.client("ssm", region_name=REGION).put_parameter(
            Name=os.environ["COMANDA_ORIGIN_SECRET_PARAMETER"], Type="SecureString", Value=ORIGIN_SECRET)
        boto3.client("sesv2", region_name=REGION).create_email_identity(EmailIdentity=MAIL_FROM)

        import app as app_module
        from chalicelib.seed import seed_chain
        from chalicelib.store.models import STREAM_MODELS

        report = seed_chain(json.loads((ROOT / "demo" / "chain.json").read_text(encoding="utf-8")))
        streams = Streams([model.Meta.table_name for model in STREAM_MODELS])
        with Client(app_module.app) as client:
            calls.recording = True
            evening(Story(client, app_module, dict(report.passwords)), streams, calls)
            calls.recording = False
    recorded = {**json.loads(calls.dump()), "refs": {"SiteBucket": os.environ["COMANDA_BUCKET"],
                                                      "FactsBucket": os.environ["COMANDA_FACTS_BUCKET"],
                                                      "ReportsBucket": os.environ["COMANDA_REPORTS_BUCKET"]}}
    Path(out_path).write_text(json.dumps(recorded), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
