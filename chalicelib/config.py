"""Settings, read once from the environment.

Every value has a default so that `chalice package` (and any import) works with no
environment set; nothing here does I/O.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass(frozen=True)
class Settings:
    stage: str = field(default_factory=lambda: _env("COMANDA_STAGE", "local"))
    table_prefix: str = field(default_factory=lambda: _env("COMANDA_TABLE_PREFIX", "comanda-local-"))
    region: str = field(default_factory=lambda: _env("AWS_DEFAULT_REGION", "us-east-1"))
    # JWT signing key: given directly (local, tests), or the name of an SSM SecureString
    # parameter read through Powertools Parameters (deployed stages).
    jwt_secret: str = field(default_factory=lambda: _env("COMANDA_JWT_SECRET"))
    jwt_secret_parameter: str = field(default_factory=lambda: _env("COMANDA_JWT_SECRET_PARAMETER"))
    jwt_issuer: str = field(default_factory=lambda: _env("COMANDA_JWT_ISSUER", "comanda"))
    jwt_audience: str = field(default_factory=lambda: _env("COMANDA_JWT_AUDIENCE", "comanda-api"))
    # The origin secret CloudFront adds to its requests to both APIs (X-Origin-Verify): given
    # directly (the local stack, tests), or the name of an SSM SecureString (deployed stages).
    # Neither, on the local stage only: no check (a bare `chalice local`).
    origin_secret: str = field(default_factory=lambda: _env("COMANDA_ORIGIN_SECRET"))
    origin_secret_parameter: str = field(default_factory=lambda: _env("COMANDA_ORIGIN_SECRET_PARAMETER"))
    diner_token_ttl_s: int = field(default_factory=lambda: _env_int("COMANDA_DINER_TOKEN_TTL", 12 * 3600))
    staff_token_ttl_s: int = field(default_factory=lambda: _env_int("COMANDA_STAFF_TOKEN_TTL", 12 * 3600))
    public_base_url: str = field(default_factory=lambda: _env("COMANDA_PUBLIC_BASE_URL", "http://127.0.0.1:8080"))
    media_base_url: str = field(default_factory=lambda: _env("COMANDA_MEDIA_BASE_URL", "/media"))
    bucket: str = field(default_factory=lambda: _env("COMANDA_BUCKET", "comanda-local-site"))
    # Where browsers PUT photos (pre-signed URLs); empty: S3's own endpoint. The local stack
    # sets its one origin's /_s3, so the page's CSP (connect-src 'self') allows the upload.
    upload_endpoint: str = field(default_factory=lambda: _env("COMANDA_UPLOAD_ENDPOINT"))
    # Rate limits: hits allowed per window (seconds).
    # Sign-in failures: per (account, client), per account from devices it does not know, per
    # known device; all attempts per client (docs/decisions.md, "Throttles count the client").
    login_attempts_per_window: int = field(default_factory=lambda: _env_int("COMANDA_LOGIN_ATTEMPTS", 10))
    login_window_s: int = 300
    login_account_attempts_per_window: int = field(
        default_factory=lambda: _env_int("COMANDA_LOGIN_ACCOUNT_ATTEMPTS", 50))
    login_account_window_s: int = 900
    login_device_attempts_per_window: int = field(default_factory=lambda: _env_int("COMANDA_LOGIN_DEVICE_ATTEMPTS", 10))
    login_client_attempts_per_window: int = field(default_factory=lambda: _env_int("COMANDA_LOGIN_CLIENT_ATTEMPTS", 50))
    device_token_ttl_s: int = field(default_factory=lambda: _env_int("COMANDA_DEVICE_TOKEN_TTL", 180 * 24 * 3600))
    # Table sign-ups per client address: at one table, and at all tables (a whole restaurant's
    # Wi-Fi, or a carrier's NAT, is one address).
    registrations_per_client_table_window: int = field(
        default_factory=lambda: _env_int("COMANDA_REGISTRATIONS_PER_CLIENT_TABLE", 20))
    registrations_per_client_window: int = field(
        default_factory=lambda: _env_int("COMANDA_REGISTRATIONS_PER_CLIENT", 200))
    registration_window_s: int = 600
    orders_per_session_window: int = field(default_factory=lambda: _env_int("COMANDA_ORDERS_PER_MINUTE", 6))
    order_window_s: int = 60
    max_body_bytes: int = 64 * 1024
    # WebSocket: the API Gateway API the stream handler posts through (deployed stages), or
    # the local stack's @connections endpoint; the Origins allowed to connect (comma list).
    ws_api_id: str = field(default_factory=lambda: _env("COMANDA_WS_API_ID"))
    ws_stage: str = field(default_factory=lambda: _env("COMANDA_WS_STAGE", "ws"))
    ws_management_endpoint: str = field(default_factory=lambda: _env("COMANDA_WS_MANAGEMENT_ENDPOINT"))
    allowed_origins: tuple[str, ...] = field(default_factory=lambda: tuple(
        o.strip().rstrip("/") for o in _env("COMANDA_ALLOWED_ORIGINS").split(",") if o.strip()))
    connection_ttl_s: int = 2 * 3600 + 10 * 60
    sockets_per_token: int = field(default_factory=lambda: _env_int("COMANDA_SOCKETS_PER_TOKEN", 5))
    # A 410 to a connection registered less than this ago may be API Gateway's answer during its
    # $connect (which runs at most 29 s, the integration timeout): not taken for a closed socket.
    connect_grace_s: int = field(default_factory=lambda: _env_int("COMANDA_CONNECT_GRACE_S", 30))
    # Who staff invitations and password resets come from (a verified SES identity on AWS).
    mail_from: str = field(default_factory=lambda: _env("COMANDA_MAIL_FROM", "no-reply@comanda.local"))
    fanout_workers: int = field(default_factory=lambda: _env_int("COMANDA_FANOUT_WORKERS", 16))
    # Reports (issue 19, docs/reports.md): the facts the stream writes (S3), and the reports' own
    # bucket (Athena's query results under athena/, runs/ and cache/ of the report function).
    facts_bucket: str = field(default_factory=lambda: _env("COMANDA_FACTS_BUCKET", "comanda-local-facts"))
    reports_bucket: str = field(default_factory=lambda: _env("COMANDA_REPORTS_BUCKET", "comanda-local-reports"))
    reports_function: str = field(default_factory=lambda: _env("COMANDA_REPORTS_FUNCTION", "comanda-local-reports"))
    athena_workgroup: str = field(default_factory=lambda: _env("COMANDA_ATHENA_WORKGROUP"))
    glue_database: str = field(default_factory=lambda: _env("COMANDA_GLUE_DATABASE"))
    # "athena" on AWS; "duckdb" in the local stack and tests (the same SQL over the same files).
    reports_engine: str = field(default_factory=lambda: _env("COMANDA_REPORTS_ENGINE", "duckdb"))

    def table_name(self, short_name: str) -> str:
        return f"{self.table_prefix}{short_name}"

    @property
    def is_local(self) -> bool:
        return self.stage == "local"


def load_settings() -> Settings:
    return Settings()


settings = load_settings()
