"""`make deploy STAGE=dev`: package, deploy the stack, upload the pages, seed, print the URL.

    python -m infra.deploy --stage dev [--domain comanda.example.com --certificate-arn arn:...]
                           [--seed demo/chain.json] [--photos demo/photos] [--no-seed]
                           [--waf] [--rotate-origin-secret] [--parameter Name=Value ...]

Needs AWS credentials (any the SDK finds: AWS_PROFILE, environment, SSO) allowed to manage
CloudFormation, IAM roles, Lambda, API Gateway, DynamoDB, S3, SQS, CloudFront, CloudWatch,
SSM, Glue and Athena (the reports' tables and workgroup). Never run by the tests; the pieces that can be checked offline are (against moto).

Steps:
 1. `make package`'s work: template and zip in build/<stage>/package (offline).
 2. The JWT signing key: an SSM SecureString, created once with a random value (never
    overwritten: that would sign every diner and staff member out). The origin secret
    CloudFront sends to the APIs: an SSM SecureString too, created once, passed to the stack
    as the NoEcho parameter OriginVerifySecret; `--rotate-origin-secret` makes a new one
    that the functions accept next to the old one before CloudFront starts sending it, and
    drops the old one once the stack (and so CloudFront) is updated.
 3. An artifacts bucket for the stage (created once); the zip and template go there
    (the template is over CloudFormation's 51 KB inline limit).
 4. The stack, through a change set (SAM transform: CAPABILITY_IAM, CAPABILITY_AUTO_EXPAND).
 5. If the site URL was not known before (first deploy, no custom domain), the stack is
    updated once more with PublicBaseUrl set to it: the functions put it in QR codes and
    check WebSocket origins against it. Later deploys pass it from the start.
 6. static-site/ and runtime-config.json to the site bucket, with cache headers (infra/site.py).
 7. The chain from the seed file (chalicelib.seed, with the stage's settings); staff
    passwords are generated and printed once, for new staff only. With the demo's own chain
    file, also the demo's past service (`--history-days`, four weeks) into the facts bucket,
    as `make run` has it, so the reports show something on a first visit.
 8. A CloudFront invalidation of /*, then the URL.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .package import package
from .site import SITE, plan, runtime_config, upload
from .stages import ROOT, Stage, load_stage

CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"]
WAF_REGION = "us-east-1"  # CloudFront's web ACLs (scope CLOUDFRONT) exist only there


def ensure_signing_key(ssm: Any, name: str) -> bool:
    """Creates the SecureString if it is missing; True when it was created."""
    try:
        ssm.get_parameter(Name=name)
        return False
    except ssm.exceptions.ParameterNotFound:
        ssm.put_parameter(Name=name, Type="SecureString", Value=secrets.token_urlsafe(48), Overwrite=False,
                          Description="Comanda: JWT signing key (HS256)")
        return True


def _origin_values(ssm: Any, name: str) -> list[str] | None:
    try:
        return ssm.get_parameter(Name=name, WithDecryption=True)["Parameter"]["Value"].split()
    except ssm.exceptions.ParameterNotFound:
        return None


def _put_origin_values(ssm: Any, name: str, values: list[str]) -> None:
    ssm.put_parameter(Name=name, Type="SecureString", Value=" ".join(values), Overwrite=True,
                      Description="Comanda: the origin secret CloudFront sends to the APIs (newest first)")


def ensure_origin_secret(ssm: Any, name: str, rotate: bool = False) -> tuple[str, bool]:
    """The origin secret CloudFront is to send from this deploy on, and whether the
    functions must keep accepting an older one until the stack is updated.

    The parameter holds the accepted values, newest first. Created once; on rotation the new
    value goes in front of the current one, so the functions accept both (they cache the
    parameter for bootstrap.ORIGIN_SECRET_MAX_AGE_S) before CloudFront sends the new one;
    `retire_old_origin_secrets` drops the old one after the stack update."""
    values = _origin_values(ssm, name)
    if not values:
        value = secrets.token_urlsafe(48)
        _put_origin_values(ssm, name, [value])
        return value, False
    if rotate:
        value = secrets.token_urlsafe(48)
        _put_origin_values(ssm, name, [value, values[0]])
        return value, True
    return values[0], len(values) > 1


def retire_old_origin_secrets(ssm: Any, name: str) -> None:
    """After CloudFront sends the newest value: only it is accepted."""
    values = _origin_values(ssm, name)
    if values and len(values) > 1:
        _put_origin_values(ssm, name, values[:1])


def check_waf_region(enable_waf: bool, region: str) -> None:
    if enable_waf and region != WAF_REGION:
        raise SystemExit(f"--waf needs the stack in {WAF_REGION} (CloudFront's web ACLs live there); this deploy "
                         f"goes to {region}. Deploy the stack to {WAF_REGION}, or leave --waf off.")


def artifacts_bucket_name(stage: Stage, account: str, region: str) -> str:
    return f"{stage.stack_name}-artifacts-{account}-{region}"[:63]


def ensure_artifacts_bucket(s3: Any, bucket: str, region: str) -> None:
    try:
        s3.head_bucket(Bucket=bucket)
        return
    except s3.exceptions.ClientError as exc:
        if exc.response.get("Error", {}).get("Code") not in ("404", "NoSuchBucket", "NotFound"):
            raise
    extra = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    s3.create_bucket(Bucket=bucket, **extra)
    s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})


def with_code_location(template: dict[str, Any], bucket: str, key: str) -> dict[str, Any]:
    """A copy of the template whose functions run the zip at s3://bucket/key."""
    template = json.loads(json.dumps(template))
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = {"Bucket": bucket, "Key": key}
    return template


def upload_artifacts(s3: Any, bucket: str, region: str, stage: Stage, template: dict[str, Any], archive: Path) -> str:
    """Uploads the zip, points every function's CodeUri at it, uploads the template: its URL."""
    data = archive.read_bytes()
    code_key = f"{stage.stack_name}/{hashlib.sha256(data).hexdigest()}.zip"
    s3.put_object(Bucket=bucket, Key=code_key, Body=data)
    body = json.dumps(with_code_location(template, bucket, code_key)).encode()
    template_key = f"{stage.stack_name}/{hashlib.sha256(body).hexdigest()}.template.json"
    s3.put_object(Bucket=bucket, Key=template_key, Body=body)
    return f"https://{bucket}.s3.{region}.amazonaws.com/{template_key}"


def stack_status(cloudformation: Any, stack_name: str) -> str | None:
    """The stack's status, or None when there is none."""
    try:
        (stack,) = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    except cloudformation.exceptions.ClientError as exc:
        if "does not exist" in str(exc):
            return None
        raise
    return stack["StackStatus"]


# A first deploy that failed leaves a stack that can only be deleted (CloudFormation refuses to
# update it); a stack created by a change set that was never executed waits in review.
DELETE_ONLY = frozenset({"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "DELETE_FAILED"})


def recover_failed_first_deploy(cloudformation: Any, stack_name: str, confirm: Callable[[str], bool]) -> bool:
    """Deletes a stack left unusable by a failed first deploy, once `confirm` agrees, so that the
    next step creates it anew; True when it deleted one. Nothing of value is lost: a stack in
    ROLLBACK_COMPLETE never finished creating, and its tables and buckets were rolled back (a
    bucket kept by a Retain policy stays, and is named by CloudFormation, so it does not block)."""
    status = stack_status(cloudformation, stack_name)
    if status not in DELETE_ONLY:
        return False
    if not confirm(f"The stack {stack_name} is in {status} (a first deploy failed): CloudFormation can only "
                   f"delete it. Delete it and deploy again?"):
        raise SystemExit(f"{stack_name} is in {status}; delete it (or run again with RECREATE=1) to deploy")
    cloudformation.delete_stack(StackName=stack_name)
    cloudformation.get_waiter("stack_delete_complete").wait(
        StackName=stack_name, WaiterConfig={"Delay": 10, "MaxAttempts": 180})
    return True


def ask(question: str) -> bool:
    if not sys.stdin.isatty():
        return False
    return input(f"{question} [y/N] ").strip().lower() in ("y", "yes")


def stack_outputs(cloudformation: Any, stack_name: str) -> dict[str, str] | None:
    status = stack_status(cloudformation, stack_name)
    if status is None or status == "REVIEW_IN_PROGRESS":
        return None
    (stack,) = cloudformation.describe_stacks(StackName=stack_name)["Stacks"]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def allowed_origins(public_base_url: str, outputs: dict[str, str] | None, extra: Iterable[str]) -> list[str]:
    """Every origin whose pages may open the live socket: the public URL, the distribution's own
    domain (QR codes printed before a custom domain was added still lead there), and any
    other the chain names (--origin). Origins are scheme://host[:port], without a path."""
    found: list[str] = []
    for origin in (public_base_url, (outputs or {}).get("DistributionUrl", ""), *extra):
        origin = origin.strip().rstrip("/")
        if not origin:
            continue
        if not re.fullmatch(r"https://[a-z0-9.-]+(:\d+)?", origin.lower()):
            raise SystemExit(f"--origin {origin!r}: give https://host, without a path")
        if origin.lower() not in found:
            found.append(origin.lower())
    return found


def stack_parameters(public_base_url: str, domain: str, certificate_arn: str,
                     extra: dict[str, str] | None = None, origins: Iterable[str] = ()) -> list[dict[str, str]]:
    """The stack's parameters. `extra`: the origin secret, EnableWaf, reserved concurrency...
    (a parameter left out of an update falls back to its default, not to its last value)."""
    return [
        {"ParameterKey": "PublicBaseUrl", "ParameterValue": public_base_url.rstrip("/")},
        {"ParameterKey": "DomainName", "ParameterValue": domain},
        {"ParameterKey": "CertificateArn", "ParameterValue": certificate_arn},
        {"ParameterKey": "AllowedOrigins", "ParameterValue": ",".join(origins)},
        *({"ParameterKey": key, "ParameterValue": value} for key, value in (extra or {}).items()),
    ]


def parse_parameters(pairs: list[str]) -> dict[str, str]:
    parsed = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise SystemExit(f"--parameter takes Name=Value, not {pair!r}")
        parsed[key] = value
    return parsed


def deploy_stack(cloudformation: Any, stack_name: str, template_url: str | None,
                 parameters: list[dict[str, str]], exists: bool) -> None:
    name = f"deploy-{secrets.token_hex(4)}"
    source = {"TemplateURL": template_url} if template_url else {"UsePreviousTemplate": True}
    cloudformation.create_change_set(
        StackName=stack_name, ChangeSetName=name, ChangeSetType="UPDATE" if exists else "CREATE",
        Parameters=parameters, Capabilities=CAPABILITIES, **source,
    )
    try:
        cloudformation.get_waiter("change_set_create_complete").wait(
            StackName=stack_name, ChangeSetName=name, WaiterConfig={"Delay": 5, "MaxAttempts": 120})
    except Exception as error:
        described = cloudformation.describe_change_set(StackName=stack_name, ChangeSetName=name)
        reason = described.get("StatusReason", "")
        if "didn't contain changes" in reason or "No updates" in reason:
            print("  no changes")
            cloudformation.delete_change_set(StackName=stack_name, ChangeSetName=name)
            return
        raise SystemExit(f"change set failed: {reason}") from error
    cloudformation.execute_change_set(StackName=stack_name, ChangeSetName=name)
    waiter = "stack_update_complete" if exists else "stack_create_complete"
    cloudformation.get_waiter(waiter).wait(StackName=stack_name, WaiterConfig={"Delay": 10, "MaxAttempts": 180})


def seed(stage: Stage, region: str, bucket: str, seed_file: Path, photos: Path | None) -> None:
    env = {**os.environ, "COMANDA_STAGE": stage.name, "COMANDA_TABLE_PREFIX": stage.table_prefix,
           "COMANDA_BUCKET": bucket, "AWS_DEFAULT_REGION": region}
    command = [sys.executable, "-m", "chalicelib.seed", "--file", str(seed_file)]
    if photos:
        command += ["--photos", str(photos)]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


DEMO_CHAIN = ROOT / "demo" / "chain.json"
DEMO_HISTORY_DAYS = 28  # chalicelib.demo_history.DEMO_DAYS, as `make run` seeds


def seed_demo_history(s3, facts_bucket: str, seed_file: Path, days: int) -> int:
    """The demo's past service (chalicelib/demo_history.py, through the facts' rules and the
    stream's S3 writer) into the stage's facts bucket; the objects written. Only for the demo's
    own chain file: a real chain's lake holds its own facts alone. Deterministic object names: a
    second deploy rewrites the same objects."""
    if days <= 0 or seed_file.resolve() != DEMO_CHAIN.resolve():
        return 0
    from chalicelib.demo_history import seed_demo_history as play
    from chalicelib.store.facts import S3FactSink

    return play(json.loads(seed_file.read_text(encoding="utf-8")), S3FactSink(facts_bucket, s3), days=days).objects


def _release() -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Deploy a stage to AWS (needs credentials)")
    parser.add_argument("--stage", required=True)
    parser.add_argument("--domain", default="", help="custom domain of the site (with --certificate-arn)")
    parser.add_argument("--certificate-arn", default="", help="ACM certificate in us-east-1 for --domain")
    parser.add_argument("--seed", type=Path, default=ROOT / "demo" / "chain.json", help="chain to seed")
    parser.add_argument("--photos", type=Path, default=ROOT / "demo" / "photos", help="menu photos to upload")
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--history-days", type=int, default=DEMO_HISTORY_DAYS,
                        help="days of the demo's past service in the facts bucket (demo chain only; 0: none)")
    parser.add_argument("--waf", action="store_true", help="a WAF web ACL in front of CloudFront (us-east-1 only)")
    parser.add_argument("--rotate-origin-secret", action="store_true",
                        help="a new secret between CloudFront and the APIs (the old one works until the update ends)")
    parser.add_argument("--parameter", action="append", default=[], metavar="NAME=VALUE",
                        help="another stack parameter, e.g. APIHandlerReservedConcurrency=50 (repeatable)")
    parser.add_argument("--origin", action="append", default=[],
                        help="another origin whose pages may open the live socket (repeatable)")
    parser.add_argument("--recreate", action="store_true",
                        help="delete a stack left in ROLLBACK_COMPLETE by a failed first deploy without asking")
    args = parser.parse_args(argv)
    if bool(args.domain) != bool(args.certificate_arn):
        raise SystemExit("--domain and --certificate-arn go together")
    extra = parse_parameters(args.parameter)

    import boto3

    stage = load_stage(args.stage)
    session = boto3.session.Session()
    region = session.region_name or "us-east-1"
    check_waf_region(args.waf, region)
    account = session.client("sts").get_caller_identity()["Account"]
    print(f"deploying {stage.stack_name} to account {account}, {region}")

    print("1/8 package")
    built = package(stage.name, ROOT / "build" / stage.name)
    print(f"  {built.summary()}")
    print("2/8 signing key")
    ssm = session.client("ssm")
    created = ensure_signing_key(ssm, stage.jwt_secret_parameter)
    print(f"  {stage.jwt_secret_parameter}: {'created' if created else 'kept'}")
    origin_secret, rotating = ensure_origin_secret(ssm, stage.origin_secret_parameter, args.rotate_origin_secret)
    print(f"  {stage.origin_secret_parameter}: {'rotating' if rotating else 'ready'}")
    if args.rotate_origin_secret:
        from chalicelib.bootstrap import ORIGIN_SECRET_MAX_AGE_S

        print(f"  waiting {ORIGIN_SECRET_MAX_AGE_S} s: the functions' cached secret expires, they accept both")
        time.sleep(ORIGIN_SECRET_MAX_AGE_S + 5)
    extra = {**extra, "OriginVerifySecret": origin_secret, "EnableWaf": "true" if args.waf else "false"}
    print("3/8 artifacts")
    s3 = session.client("s3")
    artifacts = artifacts_bucket_name(stage, account, region)
    ensure_artifacts_bucket(s3, artifacts, region)
    template_url = upload_artifacts(s3, artifacts, region, stage, json.loads(built.template.read_text()), built.zip)
    print("4/8 stack")
    cloudformation = session.client("cloudformation")
    if recover_failed_first_deploy(cloudformation, stage.stack_name, (lambda _: True) if args.recreate else ask):
        print("  the stack a failed first deploy left was deleted")
    before = stack_outputs(cloudformation, stage.stack_name)
    public_url = f"https://{args.domain}" if args.domain else (before or {}).get("SiteUrl", "")
    deploy_stack(cloudformation, stage.stack_name, template_url,
                 stack_parameters(public_url, args.domain, args.certificate_arn, extra,
                                  allowed_origins(public_url, before, args.origin)),
                 exists=before is not None)
    outputs = stack_outputs(cloudformation, stage.stack_name) or {}
    site_url = outputs["SiteUrl"]
    print("5/8 public URL")
    origins = allowed_origins(site_url, outputs, args.origin)
    if site_url != public_url or origins != allowed_origins(public_url, before, args.origin):
        deploy_stack(cloudformation, stage.stack_name, None,
                     stack_parameters(site_url, args.domain, args.certificate_arn, extra, origins), exists=True)
    print(f"  {site_url} (live sockets from {', '.join(origins)})")
    if rotating:  # the update has finished: CloudFront sends the newest value everywhere
        retire_old_origin_secrets(ssm, stage.origin_secret_parameter)
        print(f"  {stage.origin_secret_parameter}: the previous value is no longer accepted")
    print("6/8 pages")
    pages = plan(SITE, runtime_config(stage.name, site_url, _release()))
    uploaded, removed = upload(s3, outputs["SiteBucketName"], pages)
    print(f"  {uploaded} files uploaded, {removed} stale removed")
    print("7/8 seed")
    if args.no_seed:
        print("  skipped")
    else:
        seed(stage, region, outputs["SiteBucketName"], args.seed,
             args.photos if args.photos and args.photos.is_dir() else None)
        written = seed_demo_history(s3, outputs["FactsBucketName"], args.seed, args.history_days)
        if written:
            print(f"  the demo's last {args.history_days} days of service: {written} objects in the facts bucket")
    print("8/8 invalidate")
    session.client("cloudfront").create_invalidation(
        DistributionId=outputs["DistributionId"],
        InvalidationBatch={"Paths": {"Quantity": 1, "Items": ["/*"]}, "CallerReference": secrets.token_hex(8)})
    print(f"\nComanda {stage.name} is at {site_url}")


if __name__ == "__main__":
    main()
