"""The template's tables, bucket and queue deploy into moto's CloudFormation, and the app's
store works on them: in this process (the models renamed to this run's table prefix) and,
as the deployed functions are configured, in the stage journey's process."""
from __future__ import annotations

import copy
import json

import boto3
import pytest
from moto import mock_aws

from chalicelib import bootstrap
from chalicelib.config import settings
from chalicelib.seed import seed_chain
from chalicelib.store.models import ALL_MODELS
from tests.conftest import demo_chain
from tests.infrastructure.conftest import resources_of_type
from tests.infrastructure.stage_journey import moto_parameters, moto_template

REGION = "us-east-1"


def _for_this_process(template: dict) -> dict:
    """The dev template's resources named as this test process's settings name them."""
    renamed = copy.deepcopy(moto_template(template))
    for resource in renamed["Resources"].values():
        properties = resource["Properties"]
        if resource["Type"] == "AWS::DynamoDB::Table":
            properties["TableName"] = properties["TableName"].replace("comanda-dev-", settings.table_prefix, 1)
        elif resource is renamed["Resources"].get("SiteBucket"):  # CloudFormation names it on AWS; here, this run's
            properties["BucketName"] = settings.bucket
    return renamed


@pytest.fixture
def stack(template):
    with mock_aws():
        for model in ALL_MODELS:
            model._connection = None
        bootstrap.reset()
        cloudformation = boto3.client("cloudformation", region_name=REGION)
        cloudformation.create_stack(StackName="comanda-test", TemplateBody=json.dumps(_for_this_process(template)),
                                    Parameters=moto_parameters())
        yield cloudformation.describe_stacks(StackName="comanda-test")["Stacks"][0]
        bootstrap.reset()
        for model in ALL_MODELS:
            model._connection = None


def test_the_templates_tables_bucket_and_queue_are_created(stack, template):
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    tables = boto3.client("dynamodb", region_name=REGION).list_tables()["TableNames"]
    assert sorted(tables) == sorted(model.Meta.table_name for model in ALL_MODELS)
    assert settings.bucket in [b["Name"] for b in boto3.client("s3", region_name=REGION).list_buckets()["Buckets"]]
    queue = next(iter(resources_of_type(template, "AWS::SQS::Queue").values()))["Properties"]["QueueName"]
    assert boto3.client("sqs", region_name=REGION).get_queue_url(QueueName=queue)["QueueUrl"].endswith(queue)


def test_the_demo_chain_is_written_to_and_read_from_the_templates_tables(stack):
    # Given the demo chain seeded through the repositories
    report = seed_chain(demo_chain())
    repos = bootstrap.repositories()
    # When the app reads what a diner and the staff read
    branch = repos.venues.branch_by_slug("downtown-lima")
    categories, items, branch_settings = repos.menu.chain_menu(branch.chain_id)
    tables = repos.venues.tables_of_branch(branch.id)
    # Then it is all there, through the keys and indexes the template created
    assert report.created > 0
    assert branch.slug == "downtown-lima"
    assert [b.slug for b in repos.venues.branches_of_chain(branch.chain_id)] == ["downtown-lima", "miraflores"]
    assert categories and items and branch_settings
    assert len(tables) == 40
    assert repos.staff.by_email("owner@demo.comanda") is not None


def test_an_evening_of_service_runs_on_the_packaged_stage(journey):
    """The stage journey (tests/infrastructure/stage_journey.py) ran every kind of request."""
    assert {"dynamodb:TransactWriteItems", "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem", "dynamodb:Query",
            "ssm:GetParameter", "apigatewaymanagementapi:PostToConnection", "s3:PutObject"} <= set(journey["operations"])
