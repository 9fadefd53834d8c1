"""`make doctor`: read-only checks before a first deploy, on moto. What moto cannot answer
is reported as "could not check", never as passed; nothing is created."""
from __future__ import annotations

import json

import boto3
import pytest
from moto import mock_aws

from infra.doctor import FAIL, OK, UNKNOWN, WARN, diagnose
from infra.stages import load_stage
from infra.template import build_merge_template
from tests.infrastructure.stage_journey import moto_parameters, moto_template

REGION = "us-east-1"


@pytest.fixture
def session(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    with mock_aws():
        yield boto3.session.Session(region_name=REGION)


def _by_check(findings):
    return {f.check: f for f in findings}


def _resources(session) -> tuple:
    return (session.client("cloudformation").list_stacks()["StackSummaries"],
            session.client("ssm").describe_parameters()["Parameters"])


def test_a_fresh_account_passes_and_nothing_is_created(session):
    findings = _by_check(diagnose(session, "dev"))
    assert findings["credentials"].status == OK and "123456789012" in findings["credentials"].detail
    assert findings["stack"].status == OK and "does not exist yet" in findings["stack"].detail
    assert findings["signing key"].status == OK and findings["CloudFront"].status == OK
    assert not [f for f in findings.values() if f.status == FAIL]
    assert _resources(session) == ([], [])


def test_what_the_stand_in_cannot_answer_is_never_reported_as_passed(session):
    findings = _by_check(diagnose(session, "dev"))
    # moto 5.2 answers none of these three: each says so rather than "ok"
    for check in ("Lambda concurrency", "SMS (phone codes)", "email (staff invitations)"):
        assert findings[check].status in (UNKNOWN, OK, WARN)
        if findings[check].status == UNKNOWN:
            assert findings[check].detail


def test_a_stack_a_failed_deploy_left_is_reported(session):
    cloudformation = session.client("cloudformation")
    cloudformation.create_stack(StackName="comanda-dev", TemplateBody=json.dumps(
        moto_template(build_merge_template(load_stage("dev")))), Parameters=moto_parameters())
    assert _by_check(diagnose(session, "dev"))["stack"].detail.endswith("the deploy updates it")

    def rolled_back(parsed, **_):  # moto never rolls back: the status AWS would report
        for stack in parsed.get("Stacks", []):
            stack["StackStatus"] = "ROLLBACK_COMPLETE"

    session.events.register("after-call.cloudformation.DescribeStacks", rolled_back)
    finding = _by_check(diagnose(session, "dev"))["stack"]
    assert finding.status == WARN and "ROLLBACK_COMPLETE" in finding.detail and "RECREATE=1" in finding.detail


def test_a_certificate_outside_us_east_1_or_not_issued_fails(session):
    acm = session.client("acm", region_name="eu-west-1")
    elsewhere = acm.request_certificate(DomainName="mesa.example.pe")["CertificateArn"]
    assert _by_check(diagnose(session, "dev", "mesa.example.pe", elsewhere))["certificate"].status == FAIL
    pending = session.client("acm", region_name=REGION).request_certificate(
        DomainName="mesa.example.pe", ValidationMethod="DNS")["CertificateArn"]
    finding = _by_check(diagnose(session, "dev", "mesa.example.pe", pending))["certificate"]
    assert finding.status in (FAIL, OK)  # moto may issue at once; a pending one must fail
    if "PENDING" in finding.detail:
        assert finding.status == FAIL
    assert _by_check(diagnose(session, "dev", "mesa.example.pe", ""))["certificate"].status == FAIL


def test_a_bad_stage_name_fails_before_any_call(session):
    (finding,) = diagnose(session, "Prod")
    assert finding.status == FAIL and finding.check == "stage"


def test_no_credentials_fail_clearly(monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    findings = diagnose(boto3.session.Session(region_name=REGION), "dev")
    assert findings[0].check == "credentials" and findings[0].status == FAIL
