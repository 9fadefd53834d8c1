"""Cached getters that build the real adapters once per container, lazily (no I/O at import)."""
from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass

from .auth import TokenService
from .config import settings
from .store.repositories import (
    CustomerRepository,
    MenuRepository,
    OrderRepository,
    RateLimiter,
    ServiceRequestRepository,
    SessionRepository,
    StaffRepository,
    VenueRepository,
)


@dataclass(frozen=True)
class Repositories:
    venues: VenueRepository
    customers: CustomerRepository
    staff: StaffRepository
    sessions: SessionRepository
    orders: OrderRepository
    requests: ServiceRequestRepository
    menu: MenuRepository
    rate_limiter: RateLimiter


@functools.cache
def repositories() -> Repositories:
    return Repositories(
        venues=VenueRepository(),
        customers=CustomerRepository(),
        staff=StaffRepository(),
        sessions=SessionRepository(),
        orders=OrderRepository(),
        requests=ServiceRequestRepository(),
        menu=MenuRepository(),
        rate_limiter=RateLimiter(),
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
        from aws_lambda_powertools.utilities import parameters

        return parameters.get_parameter(settings.jwt_secret_parameter, decrypt=True, max_age=300)
    if settings.is_local:
        return _local_signing_key()
    raise RuntimeError("No JWT signing key configured (COMANDA_JWT_SECRET_PARAMETER).")


@functools.cache
def tokens() -> TokenService:
    return TokenService(
        key_provider=signing_key,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        diner_ttl_s=settings.diner_token_ttl_s,
        staff_ttl_s=settings.staff_token_ttl_s,
    )


@functools.cache
def s3_client():
    import boto3

    return boto3.client("s3", region_name=settings.region)


@functools.cache
def idempotency_store():
    """Powertools' DynamoDB persistence layer for idempotent creates (one layer, one config)."""
    from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer

    return DynamoDBPersistenceLayer(table_name=settings.table_name("idempotency"))


def reset() -> None:
    """Forget every cached adapter (tests that change the environment)."""
    from .store.repositories import transaction_connection

    for getter in (repositories, tokens, s3_client, idempotency_store, _local_signing_key, transaction_connection):
        getter.cache_clear()
