"""Cached getters that build the real adapters once per container, lazily (no I/O at import)."""
from __future__ import annotations

import functools
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING

from .config import settings

if TYPE_CHECKING:  # imported by the getters below, on first use: PyJWT, PynamoDB and botocore are not a cold start's
    from .auth import TokenService
    from .domain.phone_verification import CodeHasher
    from .mail import Mail
    from .ports import Repositories
    from .sms import TextMessages


@functools.cache
def repositories() -> Repositories:
    """Built once per container; the menu repository keeps this container's menu cache
    (`store/menu_cache.py`), so `reset()` forgets it too. mypy checks here that each DynamoDB
    repository satisfies its Protocol in `ports.py`."""
    from .ports import Repositories
    from .store.audit import AuditRepository
    from .store.connections import ConnectionRepository
    from .store.customers import CustomerRepository
    from .store.join_requests import JoinRequestRepository
    from .store.kitchen_queue import KitchenQueueRepository
    from .store.menu import MenuRepository
    from .store.menu_cache import MenuCache
    from .store.orders import OrderRepository
    from .store.phone_verifications import PhoneVerificationRepository
    from .store.rate_limits import RateLimiter
    from .store.sections import SectionRepository
    from .store.service_requests import ServiceRequestRepository
    from .store.sessions import SessionRepository
    from .store.staff import StaffRepository
    from .store.venues import VenueRepository

    return Repositories(
        venues=VenueRepository(),
        customers=CustomerRepository(),
        staff=StaffRepository(),
        sessions=SessionRepository(),
        join_requests=JoinRequestRepository(),
        orders=OrderRepository(),
        kitchen_queues=KitchenQueueRepository(),
        requests=ServiceRequestRepository(),
        menu=MenuRepository(MenuCache()),
        rate_limiter=RateLimiter(),
        connections=ConnectionRepository(),
        phone_verifications=PhoneVerificationRepository(),
        sections=SectionRepository(),
        audit=AuditRepository(),
    )


@functools.cache
def _local_signing_key() -> str:
    return secrets.token_urlsafe(48)


def signing_key() -> str:
    """The JWT key: from the environment, from SSM (cached 5 minutes), or, on the local
    stage only, generated once per process. Never from the repository."""
    if settings.jwt_secret:
        return settings.jwt_secret
    if settings.jwt_secret_parameter:
        return _ssm().get(settings.jwt_secret_parameter, decrypt=True, max_age=300)
    if settings.is_local:
        return _local_signing_key()
    raise RuntimeError("No JWT signing key configured (COMANDA_JWT_SECRET_PARAMETER).")


ORIGIN_SECRET_MAX_AGE_S = 60  # infra/deploy.py waits this long between a rotation's two steps


def origin_secrets() -> tuple[str, ...] | None:
    """The values of X-Origin-Verify this API accepts: the current one, and during a rotation
    the previous one too (the SSM value holds them separated by spaces, newest first; cached
    a minute). None: no check (the local stage with no secret configured)."""
    if settings.origin_secret:
        return (settings.origin_secret,)
    if settings.origin_secret_parameter:
        value = _ssm().get(settings.origin_secret_parameter, decrypt=True, max_age=ORIGIN_SECRET_MAX_AGE_S)
        return tuple(str(value).split())
    if settings.is_local:
        return None
    return ()  # a deployed stage without its secret refuses everything rather than trusting anyone


@functools.cache
def _ssm():
    """Powertools' SSM parameter provider (its cache lives as long as the container)."""
    from aws_lambda_powertools.utilities.parameters import SSMProvider

    from .store.botocore_data import boto3_session

    return SSMProvider(boto3_session=boto3_session())


@functools.cache
def tokens() -> TokenService:
    from .auth import TokenService

    return TokenService(
        key_provider=signing_key,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        diner_ttl_s=settings.diner_token_ttl_s,
        staff_ttl_s=settings.staff_token_ttl_s,
        device_ttl_s=settings.device_token_ttl_s,
    )


@functools.cache
def s3_client():
    """The S3 client that signs photo upload URLs for browsers (see `upload_signing_client`)."""
    return upload_signing_client(settings.region, settings.upload_endpoint)


def upload_signing_client(region: str, upload_endpoint: str = ""):
    """On AWS, virtual-hosted style: `https://<bucket>.s3[.<region>].amazonaws.com/...`, the
    bucket's own host, which the pages' CSP `connect-src` lists (a path-style URL's host,
    `s3.<region>.amazonaws.com`, is not). Locally, path style under the stack's one origin
    (`/_s3/<bucket>/...`), which `connect-src 'self'` allows."""
    import boto3
    from botocore.config import Config

    style = "path" if upload_endpoint else "virtual"
    return boto3.client("s3", region_name=region, endpoint_url=upload_endpoint or None,
                        config=Config(s3={"addressing_style": style}, signature_version="s3v4"))


@functools.cache
def text_messages() -> TextMessages:
    """SMS through Amazon SNS (moto's SNS on the local stack)."""
    from .sms import SnsTextMessages
    from .store.botocore_data import boto3_session

    return SnsTextMessages(boto3_session().client("sns", region_name=settings.region))


@functools.cache
def mail() -> Mail:
    """Email through Amazon SES v2 (moto's SES on the local stack)."""
    from .mail import SesMail
    from .store.botocore_data import boto3_session

    return SesMail(boto3_session().client("sesv2", region_name=settings.region), settings.mail_from)


def live_sockets():
    """The `@connections` API from an HTTP request (ending a revoked sign-in's sockets): a
    WebSocket API of its own, configured as the stream handler's is."""
    from chalice.app import WebsocketAPI

    from .realtime.subscriptions import Sockets

    api = WebsocketAPI()
    return Sockets(post=websocket_sender(api), close=websocket_closer(api))


def code_hasher() -> CodeHasher:
    """Phone codes are stored as HMACs under a key derived from the JWT signing key (one secret
    to keep; a separate label, so neither use can stand for the other)."""
    import hashlib
    import hmac

    from .domain.phone_verification import CodeHasher

    key = hmac.new(signing_key().encode(), b"comanda phone verification", hashlib.sha256).digest()
    return CodeHasher(key)


@functools.cache
def idempotency_store():
    """Powertools' DynamoDB persistence layer for idempotent creates (one layer, one config)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    from .store.botocore_data import boto3_session

    return DynamoDBPersistenceLayer(table_name=settings.table_name("idempotency"), boto3_session=boto3_session())


class _EndpointSession:
    """A boto3 session whose clients go to one endpoint: the local stack's @connections API
    (chalice's websocket_api.send builds an execute-api URL and ignores AWS_ENDPOINT_URL)."""

    def __init__(self, endpoint: str) -> None:
        from .store.botocore_data import boto3_session

        self._session = boto3_session()
        self._endpoint = endpoint
        self.region_name = self._session.region_name or settings.region

    def client(self, service_name: str, **kwargs):
        kwargs["endpoint_url"] = self._endpoint
        return self._session.client(service_name, region_name=self.region_name, **kwargs)


def websocket_sender(websocket_api) -> Callable[[str, str], None]:
    """`websocket_api.send`, configured for where this code runs: a WebSocket handler (chalice
    configured it from the event), the stream handler on AWS (the API id from configuration),
    or the local stack (its @connections endpoint)."""
    return _configured(websocket_api).send


def websocket_closer(websocket_api) -> Callable[[str], None]:
    """`websocket_api.close` (DeleteConnection), configured as `websocket_sender`'s send."""
    return _configured(websocket_api).close


def _configured(websocket_api):
    if websocket_api.session is None:
        if settings.ws_management_endpoint:
            websocket_api.session = _EndpointSession(settings.ws_management_endpoint)
        else:
            from .store.botocore_data import boto3_session

            websocket_api.session = boto3_session()
    # Both keep an endpoint already configured (chalice's WebSocket handlers configure it from the event).
    if settings.ws_management_endpoint:
        websocket_api.configure("localhost", settings.ws_stage)
    elif settings.ws_api_id:
        websocket_api.configure_from_api_id(settings.ws_api_id, settings.ws_stage)
    return websocket_api


@functools.cache
def report_documents():
    """Report runs' state and the finished ranges' answers, in the reports bucket (issue 19)."""
    from .reports.runs import JsonObjects
    from .store.botocore_data import boto3_session

    return JsonObjects(boto3_session().client("s3", region_name=settings.region), settings.reports_bucket)


@functools.cache
def report_starter():
    """How POST /staff/reports/runs starts the report function: an asynchronous Lambda invoke on
    AWS; a thread running the same handler in the local stack and the tests."""
    if settings.is_local:
        from .reports.function import handle
        from .reports.runs import ThreadRunStarter

        return ThreadRunStarter(handle)
    from .reports.runs import LambdaRunStarter
    from .store.botocore_data import boto3_session

    return LambdaRunStarter(boto3_session().client("lambda", region_name=settings.region), settings.reports_function)


@functools.cache
def report_engine():
    """Athena over the Glue tables (AWS), or DuckDB over copies of the same files (local)."""
    from .store.botocore_data import boto3_session

    if settings.reports_engine == "athena":
        from .reports.engines import AthenaEngine

        return AthenaEngine(boto3_session().client("athena", region_name=settings.region), settings.athena_workgroup,
                            settings.glue_database, output_location=f"s3://{settings.reports_bucket}/athena/")
    from .reports.engines import DuckDbEngine

    return DuckDbEngine(boto3_session().client("s3", region_name=settings.region), settings.facts_bucket)


def reset() -> None:
    """Forget every cached adapter (tests that change the environment)."""
    from .store.botocore_data import boto3_session
    from .store.dynamodb import transaction_connection

    for getter in (repositories, tokens, s3_client, idempotency_store, text_messages, mail, _local_signing_key, transaction_connection,
                   _ssm, boto3_session, report_documents, report_starter, report_engine):
        getter.cache_clear()
