"""What a deployed stage is called: read from .chalice/config.json, the one source of the
names the app is configured with (table prefix, signing-key and origin-secret parameters), for
any stage name.

A stage that config.json does not list (`make deploy STAGE=acme-lima`) gets the names dev
has, with its own name in them: `comanda-<stage>-` tables, `/comanda/<stage>/jwt-secret`,
`/comanda/<stage>/origin-secret`. The site bucket is no stage setting: S3 names are global
across accounts, so CloudFormation names it (`<stack>-sitebucket-<random>`) and the functions,
the policy and the deploy script read the name from the stack (`Ref: SiteBucket`, the
`SiteBucketName` output).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHALICE_CONFIG = ROOT / ".chalice" / "config.json"
DEPLOYED_STAGES = ("dev", "prod")  # the stages whose policy files are kept in .chalice/ (and checked)
WEBSOCKET_STAGE = "ws"  # the WebSocket API's stage: CloudFront's /ws reaches it as is
# Lower case (bucket, queue and stack names), short enough for every AWS name built from it
# (a function name "comanda-<stage>-websocket-disconnect" stays under Lambda's 64).
STAGE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,19}$")
SITE_BUCKET_REF = "${SiteBucket}"  # the bucket's name in the policy: Fn::Sub resolves it in the template


@dataclass(frozen=True)
class Stage:
    name: str
    app_name: str
    table_prefix: str
    jwt_secret_parameter: str
    origin_secret_parameter: str  # what CloudFront sends to the APIs (X-Origin-Verify)
    xray: bool = False
    production: bool = False

    @property
    def bucket(self) -> str:
        """The site bucket, as the template's policy names it (CloudFormation picks the name)."""
        return SITE_BUCKET_REF

    @property
    def stack_name(self) -> str:
        return f"{self.app_name}-{self.name}"

    def table_name(self, short_name: str) -> str:
        return f"{self.table_prefix}{short_name}"

    def function_name(self, short_name: str) -> str:
        return f"{self.stack_name}-{short_name}"

    @property
    def log_group_prefix(self) -> str:
        return f"/aws/lambda/{self.stack_name}-"

    @property
    def stream_failures_queue(self) -> str:
        return f"{self.stack_name}-stream-failures"

    @property
    def is_production(self) -> bool:
        return self.production

    def chalice_config(self) -> dict:
        """This stage's entry in .chalice/config.json (what `chalice package --stage` reads)."""
        return {
            "autogen_policy": False,
            "iam_policy_file": f"policy-{self.name}.json",
            "environment_variables": {
                "COMANDA_STAGE": self.name,
                "COMANDA_TABLE_PREFIX": self.table_prefix,
                "COMANDA_JWT_SECRET_PARAMETER": self.jwt_secret_parameter,
                "COMANDA_ORIGIN_SECRET_PARAMETER": self.origin_secret_parameter,
            },
        }


def default_stage_config(name: str) -> dict:
    """A stage config.json does not list: dev's names with the stage's own name in them."""
    return {"environment_variables": {
        "COMANDA_STAGE": name,
        "COMANDA_TABLE_PREFIX": f"comanda-{name}-",
        "COMANDA_JWT_SECRET_PARAMETER": f"/comanda/{name}/jwt-secret",
        "COMANDA_ORIGIN_SECRET_PARAMETER": f"/comanda/{name}/origin-secret",
    }}


def load_stage(name: str, config_path: Path = CHALICE_CONFIG) -> Stage:
    if not STAGE_NAME.match(name) or name == "local":
        raise SystemExit(f"Stage name {name!r}: lower-case letters, digits and hyphens, starting with a letter, "
                         f"at most 20 characters; 'local' is the local stack's")
    config = json.loads(config_path.read_text(encoding="utf-8"))
    stage_config = config.get("stages", {}).get(name) or default_stage_config(name)
    env = {**config.get("environment_variables", {}), **stage_config.get("environment_variables", {})}
    missing = [k for k in ("COMANDA_TABLE_PREFIX", "COMANDA_JWT_SECRET_PARAMETER",
                           "COMANDA_ORIGIN_SECRET_PARAMETER") if not env.get(k)]
    if missing:
        raise SystemExit(f"Stage {name!r} lacks {', '.join(missing)} in .chalice/config.json")
    return Stage(
        name=name,
        app_name=config["app_name"],
        table_prefix=env["COMANDA_TABLE_PREFIX"],
        jwt_secret_parameter=env["COMANDA_JWT_SECRET_PARAMETER"],
        origin_secret_parameter=env["COMANDA_ORIGIN_SECRET_PARAMETER"],
        xray=bool(stage_config.get("xray", config.get("xray", False))),
        production=bool(stage_config.get("production", name == "prod")),
    )
