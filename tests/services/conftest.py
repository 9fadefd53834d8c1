"""Service tests: the use cases on in-memory repositories (`tests/fakes/`), no AWS and no HTTP.
The demo chain is seeded once (through `seed_chain`, as the local stack seeds it) and each
test starts from a deep copy of those tables."""
from __future__ import annotations

import copy

import pytest

from chalicelib.auth import TokenService
from chalicelib.ports import Repositories
from chalicelib.seed import DEMO_PASSWORD
from tests.conftest import cheap_hash, demo_chain
from tests.fakes import Tables, in_memory_repositories, tables_of


@pytest.fixture(scope="session")
def _seeded() -> Tables:
    from chalicelib.seed import seed_chain

    repos = in_memory_repositories()
    seed_chain(demo_chain(), repos)
    tables = tables_of(repos)
    for member in tables.staff.values():
        member.password_hash = cheap_hash(DEMO_PASSWORD)
    return tables


@pytest.fixture
def repos(_seeded: Tables) -> Repositories:
    """The demo chain (branches downtown-lima with T1..T40 and miraflores, its menu and staff)."""
    return in_memory_repositories(copy.deepcopy(_seeded))


@pytest.fixture(scope="session")
def tokens() -> TokenService:
    from chalicelib import bootstrap

    return bootstrap.tokens()
