"""The template's tables are the models' tables: a table PynamoDB would create and the one
CloudFormation creates from the template describe the same, in moto, for every model."""
from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from moto import mock_aws

from chalicelib.config import settings
from chalicelib.store.models import ALL_MODELS, STREAM_MODELS
from infra.stages import load_stage
from tests.infrastructure.conftest import resources_of_type
from tests.infrastructure.stage_journey import moto_parameters, moto_template

REGION = "us-east-1"


def _short(model) -> str:
    return model.Meta.table_name[len(settings.table_prefix):]


def _described(ddb, table: str) -> dict[str, Any]:
    """What makes a table the table it is, in a comparable shape."""
    found = ddb.describe_table(TableName=table)["Table"]
    keys = lambda schema: sorted((k["AttributeName"], k["KeyType"]) for k in schema)  # noqa: E731
    ttl = ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"]
    return {
        "keys": keys(found["KeySchema"]),
        "attributes": sorted((a["AttributeName"], a["AttributeType"]) for a in found["AttributeDefinitions"]),
        "indexes": sorted((i["IndexName"], keys(i["KeySchema"]), json.dumps(i["Projection"], sort_keys=True))
                          for i in found.get("GlobalSecondaryIndexes", [])),
        "local_indexes": found.get("LocalSecondaryIndexes", []),
        "stream": found.get("StreamSpecification", {}).get("StreamViewType") if found.get(
            "StreamSpecification", {}).get("StreamEnabled") else None,
        "billing": found.get("BillingModeSummary", {}).get("BillingMode"),
        "ttl": ttl.get("AttributeName") if ttl.get("TimeToLiveStatus") == "ENABLED" else None,
    }


@pytest.fixture(scope="module")
def both_ways(template):
    """Every table twice in one moto: as PynamoDB creates it, and from the packaged template
    (moto's CloudFormation ignores TTL, so the template's TTL is applied as CFN would)."""
    stage = load_stage("dev")
    with mock_aws():
        ddb = boto3.client("dynamodb", region_name=REGION)
        for model in ALL_MODELS:
            model._connection = None
            model.create_table(wait=True)
            model.update_ttl(ignore_update_ttl_errors=False)
        boto3.client("cloudformation", region_name=REGION).create_stack(
            StackName="comanda-dev", TemplateBody=json.dumps(moto_template(template)),
            Parameters=moto_parameters())
        for table in resources_of_type(template, "AWS::DynamoDB::Table").values():
            ttl = table["Properties"].get("TimeToLiveSpecification")
            if ttl:
                ddb.update_time_to_live(TableName=table["Properties"]["TableName"], TimeToLiveSpecification=ttl)
        yield {
            _short(model): (_described(ddb, model.Meta.table_name), _described(ddb, stage.table_name(_short(model))))
            for model in ALL_MODELS
        }
        for model in ALL_MODELS:
            model._connection = None


def test_the_template_has_exactly_the_models_tables(template):
    names = {t["Properties"]["TableName"] for t in resources_of_type(template, "AWS::DynamoDB::Table").values()}
    assert names == {f"comanda-dev-{_short(model)}" for model in ALL_MODELS}


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m.__name__)
def test_each_template_table_matches_its_model(both_ways, model):
    from_models, from_template = both_ways[_short(model)]
    assert from_template == from_models


def test_the_tables_whose_changes_reach_screens_stream_new_and_old_images(both_ways):
    streaming = {short for short, (_, from_template) in both_ways.items() if from_template["stream"]}
    assert streaming == {_short(model) for model in STREAM_MODELS}
    assert {from_template["stream"] for short, (_, from_template) in both_ways.items() if short in streaming} == {
        "NEW_AND_OLD_IMAGES"}


def test_every_table_is_on_demand_with_point_in_time_recovery_and_encryption(templates):
    for template in templates.values():
        for table in resources_of_type(template, "AWS::DynamoDB::Table").values():
            properties = table["Properties"]
            assert properties["BillingMode"] == "PAY_PER_REQUEST"
            assert properties["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
            assert properties["SSESpecification"] == {"SSEEnabled": True}
            assert "ProvisionedThroughput" not in properties


def test_production_tables_survive_a_deleted_stack_and_a_slip_of_the_console(templates):
    for table in resources_of_type(templates["prod"], "AWS::DynamoDB::Table").values():
        assert table["DeletionPolicy"] == table["UpdateReplacePolicy"] == "Retain"
        assert table["Properties"]["DeletionProtectionEnabled"] is True
        assert table["Properties"]["TableName"].startswith("comanda-prod-")
