"""In-memory repositories: the Protocols of `chalicelib/ports.py` kept in dicts, one module per
aggregate as in `chalicelib/store/` (each `InMemory…` class is the fake of the repository in the
store module of the same name; `tables.py` holds the dicts they all share).

They are fakes of the DynamoDB adapters, not mocks of our logic: each write checks the same
conditions the real repository asks DynamoDB to check, raises the same domain error when one
fails, and applies all of its changes or none (a transaction is checked whole before anything
is written). Queries return in the key order of the index the real one queries. Everything
stored or returned is a copy, as a read from DynamoDB is. `tests/integration/test_repository_contract.py` runs
the same cases against these and the real repositories on moto.
"""

from __future__ import annotations

from chalicelib.ports import Repositories
from tests.fakes.audit import InMemoryAudit
from tests.fakes.connections import InMemoryConnections
from tests.fakes.customers import InMemoryCustomers
from tests.fakes.join_requests import InMemoryJoinRequests
from tests.fakes.kitchen_queue import InMemoryKitchenQueues
from tests.fakes.menu import InMemoryMenu
from tests.fakes.orders import InMemoryOrders
from tests.fakes.phone_verifications import InMemoryPhoneVerifications
from tests.fakes.rate_limits import InMemoryRateLimiter
from tests.fakes.sections import InMemorySections
from tests.fakes.service_requests import InMemoryServiceRequests
from tests.fakes.sessions import InMemorySessions
from tests.fakes.staff import InMemoryStaff
from tests.fakes.tables import Tables
from tests.fakes.venues import InMemoryVenues

__all__ = ["Tables", "in_memory_repositories", "tables_of"]


def in_memory_repositories(db: Tables | None = None) -> Repositories:
    """A `Repositories` over one set of in-memory tables (shared by every repository, as the
    DynamoDB tables are: a session's table pointer is the venues' table item)."""
    db = db if db is not None else Tables()
    return Repositories(
        venues=InMemoryVenues(db), customers=InMemoryCustomers(db), staff=InMemoryStaff(db),
        sessions=InMemorySessions(db), join_requests=InMemoryJoinRequests(db), orders=InMemoryOrders(db),
        kitchen_queues=InMemoryKitchenQueues(db), requests=InMemoryServiceRequests(db), menu=InMemoryMenu(db),
        rate_limiter=InMemoryRateLimiter(db), connections=InMemoryConnections(db),
        phone_verifications=InMemoryPhoneVerifications(db), sections=InMemorySections(db),
        audit=InMemoryAudit(db),
    )


def tables_of(repos: Repositories) -> Tables:
    """The in-memory tables behind `repos` (a test reads or snapshots them)."""
    venues = repos.venues
    assert isinstance(venues, InMemoryVenues)
    return venues.db
