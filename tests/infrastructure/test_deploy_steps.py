"""The deploy's steps that can run offline, against moto: the signing key, the artifacts,
and the pages uploaded to the bucket the template creates."""
from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from infra.deploy import (
    DEMO_CHAIN,
    check_waf_region,
    ensure_artifacts_bucket,
    ensure_origin_secret,
    ensure_signing_key,
    retire_old_origin_secrets,
    seed_demo_history,
    stack_parameters,
    upload_artifacts,
)
from infra.site import (
    NO_CACHE,
    REVALIDATE,
    RUNTIME_CONFIG_KEY,
    SITE,
    cache_control,
    content_type,
    plan,
    runtime_config,
    upload,
)
from infra.stages import load_stage
from tests.infrastructure.conftest import resources_of_type
from tests.infrastructure.stage_journey import moto_parameters, moto_template

REGION = "us-east-1"


@pytest.fixture
def aws():
    with mock_aws():
        yield


def test_the_signing_key_is_created_once_and_never_replaced(aws):
    ssm = boto3.client("ssm", region_name=REGION)
    assert ensure_signing_key(ssm, "/comanda/dev/jwt-secret") is True
    first = ssm.get_parameter(Name="/comanda/dev/jwt-secret", WithDecryption=True)["Parameter"]
    assert ensure_signing_key(ssm, "/comanda/dev/jwt-secret") is False
    again = ssm.get_parameter(Name="/comanda/dev/jwt-secret", WithDecryption=True)["Parameter"]
    assert first["Type"] == "SecureString" and len(first["Value"]) >= 32 and again["Value"] == first["Value"]


def test_every_function_runs_the_uploaded_zip(aws, dev_package):
    s3 = boto3.client("s3", region_name=REGION)
    ensure_artifacts_bucket(s3, "comanda-dev-artifacts", REGION)
    ensure_artifacts_bucket(s3, "comanda-dev-artifacts", REGION)  # a second deploy finds it
    template = json.loads(dev_package.template.read_text())
    url = upload_artifacts(s3, "comanda-dev-artifacts", REGION, load_stage("dev"), template, dev_package.zip)
    key = url.split(".amazonaws.com/", 1)[1]
    uploaded = json.loads(s3.get_object(Bucket="comanda-dev-artifacts", Key=key)["Body"].read())
    code = {json.dumps(f["Properties"]["CodeUri"], sort_keys=True)
            for f in resources_of_type(uploaded, "AWS::Serverless::Function").values()}
    (only,) = code
    zip_key = json.loads(only)["Key"]
    assert s3.head_object(Bucket="comanda-dev-artifacts", Key=zip_key)["ContentLength"] == dev_package.zip_bytes


def test_the_public_url_parameter_has_no_trailing_slash():
    assert stack_parameters("https://d1.cloudfront.net/", "", "")[0] == {
        "ParameterKey": "PublicBaseUrl", "ParameterValue": "https://d1.cloudfront.net"}


@pytest.mark.parametrize("key, expected", [
    ("index.html", NO_CACHE), ("staff/index.html", NO_CACHE), (RUNTIME_CONFIG_KEY, NO_CACHE),
    ("js/lib/api.js", REVALIDATE), ("css/base.css", REVALIDATE), ("manifest.webmanifest", REVALIDATE),
    ("favicon.svg", "public, max-age=86400"),
])
def test_pages_are_revalidated_and_images_cached(key, expected):
    assert cache_control(key) == expected


def test_scripts_are_served_as_javascript_modules_need():
    assert content_type("js/lib/api.js").startswith("text/javascript")
    assert content_type("index.html").startswith("text/html") and content_type("favicon.svg") == "image/svg+xml"


def test_the_site_goes_to_the_templates_bucket_and_old_pages_leave_but_photos_stay(aws, template):
    # Given the stage's bucket from the template, holding a menu photo and a page since removed
    cloudformation = boto3.client("cloudformation", region_name=REGION)
    cloudformation.create_stack(StackName="comanda-dev", TemplateBody=json.dumps(moto_template(template)),
                                Parameters=moto_parameters())
    s3 = boto3.client("s3", region_name=REGION)
    outputs = {o["OutputKey"]: o["OutputValue"] for o in cloudformation.describe_stacks(
        StackName="comanda-dev")["Stacks"][0].get("Outputs", [])}
    bucket = outputs.get("SiteBucketName") or cloudformation.describe_stack_resource(
        StackName="comanda-dev", LogicalResourceId="SiteBucket")["StackResourceDetail"]["PhysicalResourceId"]
    s3.put_object(Bucket=bucket, Key="media/menu/ceviche.jpg", Body=b"jpeg")
    s3.put_object(Bucket=bucket, Key="old-page.html", Body=b"<html>")
    # When the site is uploaded
    uploads = plan(SITE, runtime_config("dev", "https://d1.cloudfront.net", "abc123"))
    uploaded, removed = upload(s3, bucket, uploads)
    # Then every file is there with its type and cache header, and only the old page is gone
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]}
    assert removed == 1 and "old-page.html" not in keys and "media/menu/ceviche.jpg" in keys
    assert {"index.html", RUNTIME_CONFIG_KEY} <= keys and uploaded == len(uploads)
    index = s3.head_object(Bucket=bucket, Key="index.html")
    assert index["ContentType"].startswith("text/html") and index["CacheControl"] == NO_CACHE
    config = json.loads(s3.get_object(Bucket=bucket, Key=RUNTIME_CONFIG_KEY)["Body"].read())
    assert config["api"] == "/api" and config["ws"] == "/ws" and config["publicBaseUrl"] == "https://d1.cloudfront.net"


def test_the_origin_secret_is_created_once_and_rotated_without_a_gap(aws):
    ssm = boto3.client("ssm", region_name=REGION)
    name = "/comanda/dev/origin-secret"

    def accepted() -> list[str]:
        parameter = ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]
        assert parameter["Type"] == "SecureString"
        return parameter["Value"].split()

    # Given the first deploy: a secret is made, and the next deploy keeps it
    first, rotating = ensure_origin_secret(ssm, name)
    assert len(first) >= 32 and not rotating and accepted() == [first]
    assert ensure_origin_secret(ssm, name) == (first, False)
    # When a deploy rotates it: the new value first, the old one still accepted
    second, rotating = ensure_origin_secret(ssm, name, rotate=True)
    assert rotating and second != first and accepted() == [second, first]
    # A deploy that failed before retiring finishes the rotation next time
    assert ensure_origin_secret(ssm, name) == (second, True)
    # Then, once the stack (CloudFront) sends the new value, only it is accepted
    retire_old_origin_secrets(ssm, name)
    assert accepted() == [second]


def test_the_waf_is_refused_outside_us_east_1():
    check_waf_region(True, "us-east-1")
    check_waf_region(False, "eu-west-1")
    with pytest.raises(SystemExit, match="us-east-1"):
        check_waf_region(True, "eu-west-1")


def test_extra_stack_parameters_are_passed_on():
    parameters = stack_parameters("https://d1.cloudfront.net", "", "", {"OriginVerifySecret": "s" * 40,
                                                                         "APIHandlerReservedConcurrency": "50"})
    assert {"ParameterKey": "APIHandlerReservedConcurrency", "ParameterValue": "50"} in parameters
    assert {"ParameterKey": "OriginVerifySecret", "ParameterValue": "s" * 40} in parameters


def test_a_demo_deploy_has_weeks_of_past_service_in_the_facts_bucket_and_a_real_chain_none(aws, tmp_path):
    """Issue 19: the deployed demo's reports show something on a first visit, as `make run`'s do;
    another chain's lake is never given the demo's facts."""
    import re

    from chalicelib.domain.fact_kinds import KINDS

    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="comanda-dev-factsbucket-1a2b")
    written = seed_demo_history(s3, "comanda-dev-factsbucket-1a2b", DEMO_CHAIN, days=2)
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket="comanda-dev-factsbucket-1a2b")
            for o in page.get("Contents", [])]
    assert written == len(keys) > 0
    layout = re.compile(r"^facts/(%s)/chain=ch_[a-z0-9-]+/branch=[^/]*/date=\d{4}-\d{2}-\d{2}/[^/]+\.json$"
                        % "|".join(KINDS))
    assert all(layout.match(key) for key in keys), [k for k in keys if not layout.match(k)][:3]
    assert {key.split("/")[1] for key in keys} >= {"sessions", "order_lines"}
    seed_demo_history(s3, "comanda-dev-factsbucket-1a2b", DEMO_CHAIN, days=2)  # a second deploy
    assert [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket="comanda-dev-factsbucket-1a2b")
            for o in page.get("Contents", [])] == keys  # rewrites the same objects, adds none
    other = tmp_path / "chain.json"
    other.write_text(DEMO_CHAIN.read_text(encoding="utf-8"), encoding="utf-8")
    assert seed_demo_history(s3, "comanda-dev-factsbucket-1a2b", other, days=2) == 0
    assert seed_demo_history(s3, "comanda-dev-factsbucket-1a2b", DEMO_CHAIN, days=0) == 0
