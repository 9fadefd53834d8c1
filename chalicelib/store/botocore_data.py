"""One botocore data loader for the whole process.

PynamoDB opens a botocore session per model (one per table; per thread too), and every
botocore session parses the same large JSON files (endpoints, partitions, the DynamoDB model
and its endpoint rule set) when it makes its first client: on a cold start that is repeated
for each table a request touches, and again for Powertools' idempotency and SSM clients.
Sessions and clients stay separate (botocore's client creation is not thread-safe); only the
loader, which keeps the parsed read-only files, is shared. PynamoDB has no setting for its
session, so `share_with_pynamodb` replaces the `get_session` its connections call.
"""
from __future__ import annotations

import functools

import botocore.loaders
import botocore.session

from .. import timing


@functools.cache
def _loader() -> botocore.loaders.Loader:
    return botocore.loaders.create_loader()


def botocore_session() -> botocore.session.Session:
    """A new botocore session whose data files come from the process's one loader."""
    session = botocore.session.get_session()
    session.register_component("data_loader", _loader())
    timing.hook(session)  # the handlers' Server-Timing and stream timings: time spent waiting on AWS
    return session


@functools.cache
def boto3_session():
    """The process's boto3 session for Powertools' clients (idempotency, SSM), on the shared
    loader. One: boto3 adds its own data path to the loader for every session it makes."""
    import boto3

    return boto3.session.Session(botocore_session=botocore_session())


def share_with_pynamodb() -> None:
    from pynamodb.connection import base

    base.get_session = botocore_session
