"""Every AWS client of the process reads botocore's data files through one loader, so a cold
start parses them once, not once per table (chalicelib/store/botocore_data.py)."""
from __future__ import annotations

from chalicelib.store.botocore_data import boto3_session
from chalicelib.store.dynamodb import transaction_connection
from chalicelib.store.models import MenuEntryRecord, SessionRecord


def _loader(connection):
    return connection.session.get_component("data_loader")


def test_the_tables_connections_share_one_loader_but_not_their_sessions():
    sessions = SessionRecord._get_connection().connection  # noqa: SLF001 - PynamoDB's own accessor
    menu = MenuEntryRecord._get_connection().connection  # noqa: SLF001
    assert sessions.session is not menu.session
    assert _loader(sessions) is _loader(menu) is _loader(transaction_connection())


def test_powertools_clients_use_the_same_loader():
    shared = _loader(SessionRecord._get_connection().connection)  # noqa: SLF001
    assert boto3_session()._session.get_component("data_loader") is shared  # noqa: SLF001 - boto3 keeps it there


def test_the_one_pynamodb_shim_still_has_a_name_to_replace():
    """PynamoDB has no setting for its botocore session: `share_with_pynamodb` replaces the
    `get_session` its connections call (docs/decisions.md, "moto as shipped"). If PynamoDB
    renames it or stops calling it, this fails (and the test above with it): look for a
    setting in the new version before porting the shim."""
    import inspect

    from pynamodb.connection import base

    from chalicelib.store.botocore_data import botocore_session

    assert base.get_session is botocore_session  # models.py installs it on import
    assert "get_session()" in inspect.getsource(base.Connection.session.fget)
