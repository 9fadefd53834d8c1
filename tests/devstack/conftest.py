"""The local stack of `make run` on free ports, for the tests that talk to it over real sockets
(started only by the tests that ask for it)."""
from tests.e2e.conftest import stack  # noqa: F401  (session-scoped)
