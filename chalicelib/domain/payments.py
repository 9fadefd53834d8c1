"""How a table paid when staff closed it: the bill, the tip, and the tenders (cash, card, other)
that cover them, validated against the bill; kept on the session for reports."""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .errors import InvalidInput

MAX_TENDERS = 8  # a table split across at most this many payments
MAX_AMOUNT = 10_000_000  # minor units, as the API's money bounds


class PaymentMethod(StrEnum):
    CASH = "cash"
    CARD = "card"
    OTHER = "other"


class OpenItems(StrEnum):
    """What closing does with dishes still open (not served, not voided)."""
    VOID = "void"    # off the bill, with a reason
    SERVE = "serve"  # on the bill, marked served


@dataclass(frozen=True)
class Tender:
    method: PaymentMethod
    amount: int


@dataclass(frozen=True)
class Payment:
    bill_total: int  # what the bill came to when the table closed (voids off)
    tip: int
    tenders: tuple[Tender, ...]
    staff_id: str
    at: str

    @property
    def paid(self) -> int:
        return sum(t.amount for t in self.tenders)


def settle(bill_total: int, tenders: list[tuple[str, int]], tip: int, staff_id: str, now: str) -> Payment:
    """The payment, if the tenders add up to the bill plus the tip (400 naming the field otherwise)."""
    if not 0 <= tip <= MAX_AMOUNT:
        raise InvalidInput("tip: a whole number of minor units, 0 or more.", field="tip")
    if len(tenders) > MAX_TENDERS:
        raise InvalidInput(f"payments: at most {MAX_TENDERS}.", field="payments")
    parsed: list[Tender] = []
    for index, (method, amount) in enumerate(tenders):
        try:
            chosen = PaymentMethod(method)
        except ValueError as exc:
            raise InvalidInput("method: cash, card or other.", field=f"payments[{index}].method") from exc
        if not 1 <= amount <= MAX_AMOUNT:
            raise InvalidInput("amount: more than 0 minor units.", field=f"payments[{index}].amount")
        parsed.append(Tender(chosen, amount))
    due = bill_total + tip
    paid = sum(t.amount for t in parsed)
    if paid != due:
        raise InvalidInput(f"payments: they add up to {paid}; the bill is {bill_total} plus a tip of {tip}, "
                           f"{due} in all.", field="payments")
    return Payment(bill_total=bill_total, tip=tip, tenders=tuple(parsed), staff_id=staff_id, at=now)
