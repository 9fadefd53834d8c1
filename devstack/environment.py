"""The URLs of the one origin and the process environment the app reads at import.

`chalicelib.config.settings` is read once, when chalicelib is first imported: everything
here must be in `os.environ` before that import.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path

from chalice.config import Config

PROJECT_DIR = Path(__file__).resolve().parent.parent
STAGE = "local"
REGION = "us-east-1"

_WILDCARD_HOSTS = {"", "0.0.0.0", "::"}
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def lan_address() -> str:
    """The address other machines (a phone scanning the QR code) reach this one at."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET: nothing is sent, only a route chosen
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


@dataclass(frozen=True)
class Endpoints:
    """Where the stack listens (`host`) and the URLs it is known by."""

    host: str
    port: int

    @property
    def public_host(self) -> str:
        return lan_address() if self.host in _WILDCARD_HOSTS else self.host

    @property
    def site_url(self) -> str:
        return f"http://{_url_host(self.public_host)}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.site_url}/api"

    @property
    def ws_url(self) -> str:
        return f"ws://{_url_host(self.public_host)}:{self.port}/ws"

    @property
    def management_host(self) -> str:
        """The app posts pushes from this process: loopback whenever the socket listens there."""
        return "127.0.0.1" if self.host in _WILDCARD_HOSTS | _LOOPBACK_HOSTS else self.host

    @property
    def management_url(self) -> str:
        return f"http://{_url_host(self.management_host)}:{self.port}/_connections"

    @property
    def allowed_origins(self) -> list[str]:
        origins = [self.site_url]
        if self.host in _WILDCARD_HOSTS | _LOOPBACK_HOSTS:
            origins += [f"http://127.0.0.1:{self.port}", f"http://localhost:{self.port}"]
        return list(dict.fromkeys(origins))


def chalice_stage_environment(project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """The `local` stage's environment_variables from .chalice/config.json, as `chalice local`
    applies them."""
    return dict(chalice_config(project_dir).environment_variables)


def chalice_config(project_dir: Path = PROJECT_DIR) -> Config:

    config_from_disk = json.loads((project_dir / ".chalice" / "config.json").read_text(encoding="utf-8"))
    return Config(
        chalice_stage=STAGE,
        config_from_disk=config_from_disk,
        default_params={"project_dir": str(project_dir), "autogen_policy": True,
                        "api_gateway_stage": "api", "api_gateway_endpoint_type": "EDGE"},
    )


UPLOAD_PREFIX = "/_s3"  # photo uploads reach moto's S3 through the one origin


def stack_environment(endpoints: Endpoints, moto_url: str, jwt_secret: str) -> dict[str, str]:
    """What the app needs to run against the local stack instead of AWS."""
    return {
        "AWS_ENDPOINT_URL": moto_url,
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_DEFAULT_REGION": REGION,
        "AWS_REGION": REGION,
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "COMANDA_STAGE": STAGE,
        "COMANDA_JWT_SECRET": jwt_secret,
        "COMANDA_PUBLIC_BASE_URL": endpoints.site_url,
        "COMANDA_WS_MANAGEMENT_ENDPOINT": endpoints.management_url,
        "COMANDA_ALLOWED_ORIGINS": ",".join(endpoints.allowed_origins),
        "COMANDA_UPLOAD_ENDPOINT": endpoints.site_url.rstrip("/") + UPLOAD_PREFIX,
    }


def apply(environment: dict[str, str]) -> None:
    """Sets the variables, and drops the ones that would point botocore at a real account."""
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)
    os.environ.update(environment)


def jwt_secret() -> str:
    return os.environ.get("COMANDA_JWT_SECRET") or secrets.token_urlsafe(48)
