"""Chains, their branches and the tables of a branch."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Chain:
    id: str
    name: str
    currency: str
    languages: list[str]
    timezone: str = "UTC"


@dataclass
class Branch:
    id: str
    chain_id: str
    slug: str
    name: str
    currency: str
    languages: list[str]
    timezone: str = "UTC"
    address: str = ""


@dataclass
class DiningTable:
    branch_id: str
    code: str
    label: str
    active_session_id: str | None = None
    pending_session_id: str | None = None
    seats: int | None = None
    extra: dict = field(default_factory=dict)
