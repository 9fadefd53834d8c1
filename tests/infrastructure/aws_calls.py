"""Every AWS request the app makes, as the IAM (action, resource) pairs it needs.

Hooked into botocore's BUILTIN_HANDLERS, so every session (PynamoDB's, boto3's, Powertools')
reports to it; `before-parameter-build` sees the API parameters (pre-signed URLs included),
`before-call` the endpoint (for @connections, whose API id and stage are in the URL).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account

_TRANSACT_ACTIONS = {"Put": "PutItem", "Update": "UpdateItem", "Delete": "DeleteItem",
                     "ConditionCheck": "ConditionCheckItem", "Get": "GetItem"}


def table_arn(table: str) -> str:
    return f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/{table}"


def dynamodb_needs(operation: str, params: dict[str, Any]) -> list[tuple[str, str]]:
    """What IAM checks for one DynamoDB request (transactions: each item's own action)."""
    if operation in ("TransactWriteItems", "TransactGetItems"):
        needs = []
        for item in params.get("TransactItems", []):
            ((kind, body),) = item.items()
            needs.append((f"dynamodb:{_TRANSACT_ACTIONS[kind]}", table_arn(body["TableName"])))
        return needs
    if operation in ("BatchWriteItem", "BatchGetItem"):
        return [(f"dynamodb:{operation}", table_arn(table)) for table in params.get("RequestItems", {})]
    arn = table_arn(params["TableName"])
    if params.get("IndexName"):
        arn += f"/index/{params['IndexName']}"
    return [(f"dynamodb:{operation}", arn)]


@dataclass
class AwsCalls:
    recording: bool = False
    needs: list[tuple[str, str]] = field(default_factory=list)
    operations: list[str] = field(default_factory=list)  # "service:Operation", as sent
    # A function with a policy of its own (the facts consumer): its needs are kept apart, by its
    # chalice name, while `function` names it; None: the functions that share the stage policy.
    function: str | None = None
    by_function: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    workgroup: str = "primary"  # the Athena workgroup of the last query started

    def _need(self, action: str, resource: str) -> None:
        target = self.needs if self.function is None else self.by_function.setdefault(self.function, [])
        target.append((action, resource))

    def on_params(self, params: dict[str, Any], model: Any = None, **_: Any) -> None:
        if not self.recording or model is None:
            return
        service, operation = model.service_model.service_name, model.name
        if service == "apigatewaymanagementapi":
            return  # recorded in on_call, where the endpoint (API id and stage) is known
        self.operations.append(f"{service}:{operation}")
        if service == "dynamodb":
            for need in dynamodb_needs(operation, params):
                self._need(*need)
        elif service == "s3":
            key = f"/{params['Key']}" if "Key" in params else ""
            self._need(f"s3:{operation}", f"arn:aws:s3:::{params['Bucket']}{key}")
        elif service == "sesv2":  # IAM names SES v2's SendEmail `ses:SendEmail`, on the sender's identity
            self._need(f"ses:{operation}", f"arn:aws:ses:{REGION}:{ACCOUNT}:identity/{params['FromEmailAddress']}")
        elif service == "lambda" and operation == "Invoke":  # a report run (the REST function starts it)
            name = params["FunctionName"].rsplit(":", 1)[-1]
            self._need("lambda:InvokeFunction", f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}")
        elif service == "athena":  # the reports function's queries, authorised on their workgroup
            self.workgroup = params.get("WorkGroup", self.workgroup)  # a query's later calls name only its id
            self._need(f"athena:{operation}", f"arn:aws:athena:{REGION}:{ACCOUNT}:workgroup/{self.workgroup}")
        elif service == "ssm":
            name = params["Name"].lstrip("/")
            self._need(f"ssm:{operation}", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/{name}")
        else:
            self._need(f"{service}:{operation}", "*")

    def on_call(self, params: dict[str, Any], model: Any = None, **_: Any) -> None:
        if not self.recording or model is None or model.service_model.service_name != "apigatewaymanagementapi":
            return
        self.operations.append(f"apigatewaymanagementapi:{model.name}")
        url = urlparse(params["url"])
        api_id = url.hostname.split(".", 1)[0]
        stage, path = url.path.lstrip("/").split("/", 1)
        resource = f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/{stage}/{params['method']}/{path}"
        self._need("execute-api:ManageConnections", resource)

    def install(self) -> None:
        """Before any botocore session exists: sessions copy BUILTIN_HANDLERS when created."""
        import botocore.handlers

        botocore.handlers.BUILTIN_HANDLERS.append(("before-parameter-build", self.on_params))
        botocore.handlers.BUILTIN_HANDLERS.append(("before-call", self.on_call))

    def dump(self) -> str:
        return json.dumps({"needs": sorted(set(self.needs)), "operations": sorted(set(self.operations)),
                           "by_function": {name: sorted(set(needs)) for name, needs in self.by_function.items()}},
                          indent=1)
