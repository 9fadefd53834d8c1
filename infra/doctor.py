"""`make doctor STAGE=dev`: what can be checked before a first deploy, with the deployer's
credentials and read-only calls only. Prints one line per check and exits 1 when a check
failed (a deploy would fail), 0 otherwise; warnings are things to fix before real diners come.

    python -m infra.doctor --stage dev [--domain comanda.example.com --certificate-arn arn:...]

Nothing is created or changed. A check the account's permissions (or the service) do not
answer is reported as "could not check", never as passed.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .deploy import DELETE_ONLY, stack_status
from .stages import load_stage

OK, WARN, FAIL, UNKNOWN = "ok", "warn", "FAIL", "could not check"
# A new account's Lambda concurrency can be as low as 10; every open screen's 25 s ping and
# every order invoke a function, so a busy branch needs far more than that.
MIN_LAMBDA_CONCURRENCY = 100
CLOUDFRONT_REGION = "us-east-1"  # ACM certificates and WAF web ACLs for CloudFront live here


@dataclass(frozen=True)
class Finding:
    status: str
    check: str
    detail: str

    def line(self) -> str:
        return f"[{self.status:>15}] {self.check}: {self.detail}"


def _attempt(check: str, call: Callable[[], Finding]) -> Finding:
    try:
        return call()
    except NotImplementedError as exc:  # a stand-in that does not know the call
        return Finding(UNKNOWN, check, str(exc)[:160])
    except Exception as exc:  # noqa: BLE001 - every other answer (AccessDenied, throttling) is reported, not hidden
        code = getattr(exc, "response", {}).get("Error", {}).get("Code", type(exc).__name__)
        return Finding(UNKNOWN, check, f"{code}: {str(exc)[:160]}")


def check_identity(session: Any) -> Finding:
    identity = session.client("sts").get_caller_identity()
    return Finding(OK, "credentials", f"account {identity['Account']} as {identity['Arn']}")


def check_region(session: Any) -> Finding:
    region = session.region_name
    if not region:
        return Finding(FAIL, "region", "no region configured (AWS_REGION or the profile's region)")
    return Finding(OK, "region", f"{region}; CloudFront's certificate and WAF web ACL must be in {CLOUDFRONT_REGION}")


def check_stack(session: Any, stack_name: str) -> Finding:
    status = stack_status(session.client("cloudformation"), stack_name)
    if status is None:
        return Finding(OK, "stack", f"{stack_name} does not exist yet: the deploy creates it")
    if status in DELETE_ONLY:
        return Finding(WARN, "stack", f"{stack_name} is in {status}: the deploy deletes it after asking (RECREATE=1)")
    if status.endswith("_IN_PROGRESS"):
        return Finding(FAIL, "stack", f"{stack_name} is in {status}: wait for it to finish")
    return Finding(OK, "stack", f"{stack_name} is {status}: the deploy updates it")


def check_signing_key(session: Any, parameter: str) -> Finding:
    ssm = session.client("ssm")
    try:
        ssm.get_parameter(Name=parameter)
    except ssm.exceptions.ParameterNotFound:
        return Finding(OK, "signing key", f"{parameter} does not exist yet: the deploy creates it")
    return Finding(OK, "signing key", f"{parameter} exists and is kept")


def check_cloudfront(session: Any) -> Finding:
    session.client("cloudfront").list_distributions(MaxItems="1")
    return Finding(OK, "CloudFront", "answers; a brand-new account may still have to be verified before it may "
                                     "create a distribution (AWS Support): the stack would then fail on Distribution")


def check_lambda_concurrency(session: Any) -> Finding:
    limit = session.client("lambda").get_account_settings()["AccountLimit"]["ConcurrentExecutions"]
    if limit < MIN_LAMBDA_CONCURRENCY:
        return Finding(WARN, "Lambda concurrency", f"the account may run {limit} at once; ask Service Quotas for "
                                                   f"1000 before opening (every screen's ping invokes a function)")
    return Finding(OK, "Lambda concurrency", f"{limit} at once")


def check_sms(session: Any) -> Finding:
    sandbox = session.client("sns").get_sms_sandbox_account_status()["IsInSandbox"]
    if sandbox:
        return Finding(WARN, "SMS (phone codes)", "the account's SNS SMS is in the sandbox: codes reach only verified "
                                                  "numbers until AWS moves it out (SNS console, Text messaging)")
    return Finding(OK, "SMS (phone codes)", "out of the SNS SMS sandbox")


def check_email(session: Any) -> Finding:
    account = session.client("sesv2").get_account()
    if not account.get("ProductionAccessEnabled"):
        return Finding(WARN, "email (staff invitations)", "SES is in the sandbox: mail reaches only verified "
                                                          "addresses until production access is granted")
    return Finding(OK, "email (staff invitations)", "SES has production access")


def check_certificate(session: Any, domain: str, certificate_arn: str) -> Finding:
    if not certificate_arn.startswith(f"arn:aws:acm:{CLOUDFRONT_REGION}:"):
        return Finding(FAIL, "certificate", f"CloudFront takes ACM certificates from {CLOUDFRONT_REGION} only")
    certificate = session.client("acm", region_name=CLOUDFRONT_REGION).describe_certificate(
        CertificateArn=certificate_arn)["Certificate"]
    names = {certificate.get("DomainName"), *certificate.get("SubjectAlternativeNames", [])}
    covered = domain in names or any(n and n.startswith("*.") and domain.split(".", 1)[-1] == n[2:] for n in names)
    if certificate.get("Status") != "ISSUED":
        return Finding(FAIL, "certificate", f"{certificate_arn} is {certificate.get('Status')}, not ISSUED")
    if not covered:
        return Finding(FAIL, "certificate", f"{certificate_arn} does not cover {domain}")
    return Finding(OK, "certificate", f"covers {domain}")


def diagnose(session: Any, stage_name: str, domain: str = "", certificate_arn: str = "") -> list[Finding]:
    try:
        stage = load_stage(stage_name)
    except SystemExit as exc:
        return [Finding(FAIL, "stage", str(exc))]
    identity = _attempt("credentials", lambda: check_identity(session))
    if identity.status != OK:
        return [Finding(FAIL, "credentials", identity.detail)]
    findings = [Finding(OK, "stage", f"{stage.name}: stack {stage.stack_name}, tables {stage.table_prefix}*"),
                identity, check_region(session)]
    if findings[-1].status == FAIL:
        return findings
    findings += [
        _attempt("stack", lambda: check_stack(session, stage.stack_name)),
        _attempt("signing key", lambda: check_signing_key(session, stage.jwt_secret_parameter)),
        _attempt("CloudFront", lambda: check_cloudfront(session)),
        _attempt("Lambda concurrency", lambda: check_lambda_concurrency(session)),
        _attempt("SMS (phone codes)", lambda: check_sms(session)),
        _attempt("email (staff invitations)", lambda: check_email(session)),
    ]
    if domain or certificate_arn:
        if not (domain and certificate_arn):
            findings.append(Finding(FAIL, "certificate", "DOMAIN and CERT_ARN go together"))
        else:
            findings.append(_attempt("certificate", lambda: check_certificate(session, domain, certificate_arn)))
    return findings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Read-only checks before deploying a stage")
    parser.add_argument("--stage", required=True)
    parser.add_argument("--domain", default="")
    parser.add_argument("--certificate-arn", default="")
    args = parser.parse_args(argv)

    import boto3

    findings = diagnose(boto3.session.Session(), args.stage, args.domain, args.certificate_arn)
    for finding in findings:
        print(finding.line())
    failed = [f for f in findings if f.status == FAIL]
    print(f"\n{len(failed)} failed, {sum(f.status == WARN for f in findings)} to look at, "
          f"{sum(f.status == UNKNOWN for f in findings)} could not be checked")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
