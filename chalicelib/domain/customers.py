"""Diners: quick (a name) or loyalty (identified by phone across the chain's branches)."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class RegistrationMode(StrEnum):
    QUICK = "quick"
    LOYALTY = "loyalty"


POINTS_PER_CURRENCY_UNIT = 1  # one point per whole unit of currency spent (100 minor units)


@dataclass
class Customer:
    id: str
    chain_id: str
    mode: RegistrationMode
    name: str
    created_at: str
    phone: str | None = None
    email: str | None = None
    birth_date: str | None = None
    points: int = 0
    visits: int = 0
    avoid_allergens: list[str] = field(default_factory=list)  # the menu marks and can hide these
    marketing_consent: bool = False  # agreed to offers and news from the chain (loyalty sign-up only)
    consent_at: str | None = None    # when they first agreed (ISO time); None: never

    @property
    def is_loyalty(self) -> bool:
        return self.mode is RegistrationMode.LOYALTY


def points_for(spent_minor_units: int) -> int:
    return (spent_minor_units // 100) * POINTS_PER_CURRENCY_UNIT
