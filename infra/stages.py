"""What a deployed stage is called: read from .chalice/config.json, the one source of the
names the app is configured with (table prefix, bucket, signing-key and origin-secret parameters)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHALICE_CONFIG = ROOT / ".chalice" / "config.json"
DEPLOYED_STAGES = ("dev", "prod")
WEBSOCKET_STAGE = "ws"  # the WebSocket API's stage: CloudFront's /ws reaches it as is


@dataclass(frozen=True)
class Stage:
    name: str
    app_name: str
    table_prefix: str
    bucket: str
    jwt_secret_parameter: str
    origin_secret_parameter: str  # what CloudFront sends to the APIs (X-Origin-Verify)
    xray: bool = False

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
        return self.name == "prod"


def load_stage(name: str, config_path: Path = CHALICE_CONFIG) -> Stage:
    config = json.loads(config_path.read_text(encoding="utf-8"))
    if name not in config.get("stages", {}):
        raise SystemExit(f"Unknown stage {name!r}: .chalice/config.json has {sorted(config.get('stages', {}))}")
    stage_config = config["stages"][name]
    env = {**config.get("environment_variables", {}), **stage_config.get("environment_variables", {})}
    missing = [k for k in ("COMANDA_TABLE_PREFIX", "COMANDA_BUCKET", "COMANDA_JWT_SECRET_PARAMETER",
                           "COMANDA_ORIGIN_SECRET_PARAMETER") if not env.get(k)]
    if missing:
        raise SystemExit(f"Stage {name!r} lacks {', '.join(missing)} in .chalice/config.json")
    return Stage(
        name=name,
        app_name=config["app_name"],
        table_prefix=env["COMANDA_TABLE_PREFIX"],
        bucket=env["COMANDA_BUCKET"],
        jwt_secret_parameter=env["COMANDA_JWT_SECRET_PARAMETER"],
        origin_secret_parameter=env["COMANDA_ORIGIN_SECRET_PARAMETER"],
        xray=bool(stage_config.get("xray", config.get("xray", False))),
    )
