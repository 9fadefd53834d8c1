"""The fake of `chalicelib.store.phone_verifications.PhoneVerificationRepository`."""
from __future__ import annotations

from dataclasses import replace

from chalicelib.domain.customers import RegistrationMode
from chalicelib.domain.errors import AlreadyExists
from chalicelib.domain.phone_verification import MAX_TRIES, PhoneVerification
from tests.fakes.tables import Tables, _copy


class InMemoryPhoneVerifications:
    def __init__(self, db: Tables) -> None:
        self.db = db

    def get(self, customer_id: str) -> PhoneVerification | None:
        return _copy(self.db.verifications.get(customer_id))

    def replace(self, verification: PhoneVerification, resend_interval_s: int) -> bool:
        last = self.db.verifications.get(verification.customer_id)
        if last is not None and last.sent_at > verification.sent_at - resend_interval_s:
            return False
        self.db.verifications[verification.customer_id] = replace(_copy(verification), tries=0)
        return True

    def count_try(self, customer_id: str, code_hash: str) -> PhoneVerification | None:
        stored = self.db.verifications.get(customer_id)
        if stored is None or stored.code_hash != code_hash or stored.tries >= MAX_TRIES:
            return None
        stored.tries += 1
        return _copy(stored)

    def consume(self, customer_id: str, code_hash: str) -> bool:
        stored = self.db.verifications.get(customer_id)
        if stored is None or stored.code_hash != code_hash:
            return False
        del self.db.verifications[customer_id]
        return True

    def claim_phone(self, customer_id: str, chain_id: str, phone: str) -> None:
        lookup = f"phone#{chain_id}#{phone}"
        customer = self.db.customers.get(customer_id)
        if lookup in self.db.lookups or customer is None:
            raise AlreadyExists("This phone number already has a loyalty account.", field="phone")
        self.db.lookups[lookup] = customer_id
        customer.mode, customer.phone = RegistrationMode.LOYALTY, phone
