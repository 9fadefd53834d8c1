"""The first real deploy in a fresh account: names that are the account's own, any stage
name, two chains side by side, a failed first deploy recovered by the next one, photo
uploads the deployed CSP allows, live sockets from every origin the chain uses. Offline:
moto's CloudFormation and S3, and the packaged template."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import boto3
import pytest
from moto import mock_aws

from chalicelib.bootstrap import upload_signing_client
from infra.deploy import allowed_origins, deploy_stack, recover_failed_first_deploy, stack_status
from infra.package import stage_project
from infra.stages import CHALICE_CONFIG, load_stage
from infra.template import build_merge_template
from tests.infrastructure.conftest import resources_of_type
from tests.infrastructure.stage_journey import moto_parameters, moto_template

REGION = "us-east-1"


@pytest.fixture
def aws(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        yield


def test_no_bucket_name_is_fixed_by_a_stage(templates):
    # S3 names are global across accounts: CloudFormation names the site bucket
    stages = json.loads(CHALICE_CONFIG.read_text(encoding="utf-8"))["stages"]
    assert all("COMANDA_BUCKET" not in stages[name].get("environment_variables", {}) for name in ("dev", "prod"))
    for template in templates.values():
        assert "BucketName" not in template["Resources"]["SiteBucket"]["Properties"]
        for function in resources_of_type(template, "AWS::Serverless::Function").values():
            assert function["Properties"]["Environment"]["Variables"]["COMANDA_BUCKET"] == {"Ref": "SiteBucket"}


def test_any_stage_name_gets_its_own_names_and_packages(tmp_path):
    stage = load_stage("acme-lima")
    assert (stage.table_prefix, stage.jwt_secret_parameter, stage.stack_name) == (
        "comanda-acme-lima-", "/comanda/acme-lima/jwt-secret", "comanda-acme-lima")
    stage_project(tmp_path, "acme-lima")
    config = json.loads((tmp_path / ".chalice" / "config.json").read_text(encoding="utf-8"))
    assert config["stages"]["acme-lima"]["environment_variables"]["COMANDA_TABLE_PREFIX"] == "comanda-acme-lima-"
    policy = json.loads((tmp_path / ".chalice" / "policy-acme-lima.json").read_text(encoding="utf-8"))
    assert any("comanda-acme-lima-" in json.dumps(s["Resource"]) for s in policy["Statement"])


@pytest.mark.parametrize("name", ["Prod", "local", "a" * 21, "acme_lima", "-dev", ""])
def test_a_stage_name_aws_would_refuse_is_refused_before_anything_runs(name):
    with pytest.raises(SystemExit):
        load_stage(name)


def test_two_chains_deploy_side_by_side_in_one_account(aws):
    cloudformation = boto3.client("cloudformation", region_name=REGION)
    for name in ("dev", "acme"):
        stage = load_stage(name)
        template = moto_template(build_merge_template(stage))
        cloudformation.create_stack(StackName=stage.stack_name, TemplateBody=json.dumps(template),
                                    Parameters=moto_parameters())
        assert stack_status(cloudformation, stage.stack_name) == "CREATE_COMPLETE"
    buckets = {cloudformation.describe_stack_resource(StackName=stack, LogicalResourceId="SiteBucket")[
        "StackResourceDetail"]["PhysicalResourceId"] for stack in ("comanda-dev", "comanda-acme")}
    assert len(buckets) == 2
    tables = boto3.client("dynamodb", region_name=REGION).list_tables()["TableNames"]
    assert any(t.startswith("comanda-dev-") for t in tables) and any(t.startswith("comanda-acme-") for t in tables)


def _reported_as(client, status_by_stack: dict[str, str]):
    """moto never leaves a stack in ROLLBACK_COMPLETE (its creates do not roll back): this
    reports the status AWS would for the named stacks, through botocore's public event hooks,
    and leaves every other answer (delete, create, waiters) to moto."""
    def rewrite(parsed, **_):
        for stack in parsed.get("Stacks", []):
            if stack["StackName"] in status_by_stack and stack["StackStatus"] == "CREATE_COMPLETE":
                stack["StackStatus"] = status_by_stack[stack["StackName"]]

    client.meta.events.register("after-call.cloudformation.DescribeStacks", rewrite)
    return lambda: client.meta.events.unregister("after-call.cloudformation.DescribeStacks", rewrite)


def _template_url(template: dict) -> str:
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="comanda-artifacts")
    s3.put_object(Bucket="comanda-artifacts", Key="t.json", Body=json.dumps(template).encode())
    return "https://comanda-artifacts.s3.amazonaws.com/t.json"


def test_a_failed_first_deploy_is_deleted_and_the_next_deploy_creates_the_stack(aws):
    # Given a first deploy that failed: the stack can only be deleted
    cloudformation = boto3.client("cloudformation", region_name=REGION)
    template = moto_template(build_merge_template(load_stage("dev")))
    cloudformation.create_stack(StackName="comanda-dev", TemplateBody=json.dumps(template),
                                    Parameters=moto_parameters())
    reported = _reported_as(cloudformation, {"comanda-dev": "ROLLBACK_COMPLETE"})
    assert stack_status(cloudformation, "comanda-dev") == "ROLLBACK_COMPLETE"
    # When the next deploy is told yes
    asked = []
    assert recover_failed_first_deploy(cloudformation, "comanda-dev", lambda q: asked.append(q) or True) is True
    # Then the stack is gone, and the deploy creates it anew
    assert "ROLLBACK_COMPLETE" in asked[0] and stack_status(cloudformation, "comanda-dev") is None
    reported()  # the new stack's own status from here on
    deploy_stack(cloudformation, "comanda-dev", _template_url(template), moto_parameters(), exists=False)
    assert stack_status(cloudformation, "comanda-dev") == "CREATE_COMPLETE"


def test_a_failed_first_deploy_is_kept_when_the_deployer_says_no(aws):
    cloudformation = boto3.client("cloudformation", region_name=REGION)
    cloudformation.create_stack(StackName="comanda-dev", TemplateBody=json.dumps(
        moto_template(build_merge_template(load_stage("dev")))), Parameters=moto_parameters())
    _reported_as(cloudformation, {"comanda-dev": "ROLLBACK_COMPLETE"})
    with pytest.raises(SystemExit, match="RECREATE=1"):
        recover_failed_first_deploy(cloudformation, "comanda-dev", lambda q: False)
    assert stack_status(cloudformation, "comanda-dev") == "ROLLBACK_COMPLETE"


def test_a_healthy_stack_is_never_deleted(aws):
    cloudformation = boto3.client("cloudformation", region_name=REGION)
    cloudformation.create_stack(StackName="comanda-dev", TemplateBody=json.dumps(
        moto_template(build_merge_template(load_stage("dev")))), Parameters=moto_parameters())
    assert recover_failed_first_deploy(cloudformation, "comanda-dev", lambda q: pytest.fail(q)) is False
    assert recover_failed_first_deploy(cloudformation, "comanda-nothing", lambda q: pytest.fail(q)) is False


def _connect_src(template: dict, bucket: str, region: str) -> list[str]:
    """The deployed CSP's connect-src, with the bucket's domain names as AWS gives them."""
    policy = template["Resources"]["SecurityHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]
    text, variables = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    values = {"SiteBucket.DomainName": f"{bucket}.s3.amazonaws.com",
              "SiteBucket.RegionalDomainName": f"{bucket}.s3.{region}.amazonaws.com",
              **dict.fromkeys(variables, "wss://comanda.example")}
    for name, value in values.items():
        text = text.replace("${%s}" % name, value)
    directive = next(d.strip() for d in text.split(";") if d.strip().startswith("connect-src "))
    return directive.split()[1:]


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-1", "sa-east-1", "ap-southeast-2"])
def test_a_photo_upload_url_signed_on_aws_is_allowed_by_the_deployed_csp(template, region, monkeypatch):
    # Given the upload URL the API signs on AWS (no local upload endpoint) in that region
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    bucket = "comanda-dev-sitebucket-1a2b3c4d5e6f"
    url = upload_signing_client(region).generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": "media/menu/c/i/x.jpg", "ContentType": "image/jpeg"},
        ExpiresIn=900)
    # Then the browser may send it: its origin is one the CSP's connect-src lists
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" in _connect_src(template, bucket, region), url
    assert parts.path.startswith("/media/menu/")


def test_live_sockets_and_uploads_are_allowed_from_every_origin_the_chain_uses(template):
    # The custom domain, the distribution's own domain (QR codes printed before the domain was
    # added), and any other the deployer names
    outputs = {"DistributionUrl": "https://d111.cloudfront.net"}
    origins = allowed_origins("https://mesa.example.pe", outputs, ["https://Pedidos.example.pe/"])
    assert origins == ["https://mesa.example.pe", "https://d111.cloudfront.net", "https://pedidos.example.pe"]
    with pytest.raises(SystemExit):
        allowed_origins("https://mesa.example.pe", outputs, ["https://evil.example/path"])
    for function in resources_of_type(template, "AWS::Serverless::Function").values():
        assert function["Properties"]["Environment"]["Variables"]["COMANDA_ALLOWED_ORIGINS"] == {
            "Ref": "AllowedOrigins"}
    cors = template["Resources"]["SiteBucket"]["Properties"]["CorsConfiguration"]["CorsRules"][0]
    assert cors["AllowedOrigins"]["Fn::If"][0] == "HasAllowedOrigins"
    assert "DistributionUrl" in template["Outputs"]
