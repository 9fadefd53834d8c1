"""Fuzzing fixtures: the local stack in its own pytest process (the fuzzer deletes and changes
menu items and sessions, so it shares its stack with no other test)."""
from tests.e2e.conftest import Http, stack  # noqa: F401  (the session-scoped local stack)
